#pragma once
// TG_ARG(T, name): an options field with LibTorch's chained setter and getter, as TORCH_ARG:
//   LinearOptions(3, 4).bias(false)   // setter returns *this
//   options.bias()                    // getter
#include <utility>

#define TG_ARG(T, name)                                                                            \
public:                                                                                            \
  inline auto name(const T& new_##name) -> decltype(*this) {                                       \
    this->name##_ = new_##name;                                                                    \
    return *this;                                                                                  \
  }                                                                                                \
  inline auto name(T&& new_##name) -> decltype(*this) {                                            \
    this->name##_ = std::move(new_##name);                                                         \
    return *this;                                                                                  \
  }                                                                                                \
  inline const T& name() const noexcept { return this->name##_; }                                  \
  inline T& name() noexcept { return this->name##_; }                                              \
                                                                                                   \
private:                                                                                           \
  T name##_
