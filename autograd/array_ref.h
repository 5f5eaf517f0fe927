#pragma once
// ArrayRef: a non-owning view of a contiguous array (c10::ArrayRef). IntArrayRef is how shapes are
// passed and returned: from {2, 3}, a std::vector, a DimVector, or a single integer.
#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <ostream>
#include <vector>

#include "autograd/error.h"

namespace tg {

template <typename T> class ArrayRef {
public:
  using value_type = T;
  using iterator = const T*;
  using const_iterator = const T*;

  constexpr ArrayRef() = default;
  constexpr ArrayRef(const T& one) : data_(&one), size_(1) {} // NOLINT: `randn(3)` works
  constexpr ArrayRef(const T* data, size_t n) : data_(data), size_(n) {}
  constexpr ArrayRef(const T* begin, const T* end) : data_(begin), size_(end - begin) {}
  template <typename A>
  ArrayRef(const std::vector<T, A>& v) : data_(v.data()), size_(v.size()) {} // NOLINT
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Winit-list-lifetime"
  // Like c10::ArrayRef: valid for the full expression that created the braces (a call's argument).
  constexpr ArrayRef(const std::initializer_list<T>& il) // NOLINT
      : data_(il.begin() == il.end() ? nullptr : il.begin()), size_(il.size()) {}
#pragma GCC diagnostic pop
  template <typename Container,
            typename = decltype(std::declval<const Container&>().data()),
            typename = std::enable_if_t<!std::is_same_v<Container, std::vector<T>>>>
  ArrayRef(const Container& c) : data_(c.data()), size_(c.size()) {} // NOLINT

  constexpr const T* begin() const { return data_; }
  constexpr const T* end() const { return data_ + size_; }
  constexpr const T* data() const { return data_; }
  constexpr size_t size() const { return size_; }
  constexpr bool empty() const { return size_ == 0; }
  const T& front() const { return data_[0]; }
  const T& back() const { return data_[size_ - 1]; }
  const T& operator[](size_t i) const { return data_[i]; }
  const T& at(size_t i) const {
    TG_CHECK(i < size_, "ArrayRef: index ", i, " out of range for size ", size_);
    return data_[i];
  }
  /// The first n elements dropped (c10: slice(N)), or n elements starting at start.
  ArrayRef slice(size_t n) const { return ArrayRef(data_ + n, size_ - n); }
  ArrayRef slice(size_t start, size_t n) const { return ArrayRef(data_ + start, n); }
  std::vector<T> vec() const { return std::vector<T>(begin(), end()); }
  bool equals(ArrayRef o) const {
    return size_ == o.size_ && std::equal(begin(), end(), o.begin());
  }
  operator std::vector<T>() const { return vec(); } // NOLINT

private:
  const T* data_ = nullptr;
  size_t size_ = 0;
};

template <typename T> bool operator==(ArrayRef<T> a, ArrayRef<T> b) { return a.equals(b); }
template <typename T> bool operator!=(ArrayRef<T> a, ArrayRef<T> b) { return !a.equals(b); }
template <typename T> bool operator==(ArrayRef<T> a, const std::vector<T>& b) {
  return a.equals(b);
}
template <typename T> bool operator==(const std::vector<T>& a, ArrayRef<T> b) {
  return b.equals(a);
}

/// Prints [64, 1, 28, 28], as LibTorch does.
template <typename T> std::ostream& operator<<(std::ostream& os, ArrayRef<T> a) {
  os << "[";
  for (size_t i = 0; i < a.size(); ++i) os << (i ? ", " : "") << a[i];
  return os << "]";
}

using IntArrayRef = ArrayRef<int64_t>;

} // namespace tg
