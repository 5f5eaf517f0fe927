#pragma once
// Functional: a function as a module, to put it in a Sequential.
//   Functional(tg::relu)
//   Functional(tg::log_softmax, 1, tg::nullopt)   // extra arguments bound after the input
//   Functional([](tg::Tensor x) { return x * 2; })
#include <functional>
#include <type_traits>
#include <utility>

#include "nn/pimpl.h"

namespace tg::nn {

class FunctionalImpl : public Cloneable<FunctionalImpl> {
public:
  using Function = std::function<Tensor(Tensor)>;

  explicit FunctionalImpl(Function function);
  template <typename SomeFunction, typename... Args,
            typename = std::enable_if_t<(sizeof...(Args) > 0)>>
  explicit FunctionalImpl(SomeFunction original_function, Args&&... args)
      : function_(std::bind(original_function, std::placeholders::_1,
                            std::forward<Args>(args)...)) {}

  void reset() override {}
  /// "tg::nn::Functional()"
  void pretty_print(std::ostream& stream) const override;
  Tensor forward(Tensor input);
  Tensor operator()(Tensor input) { return forward(std::move(input)); }
  bool is_serializable() const override { return false; }

private:
  Function function_;
};
TG_MODULE(Functional);

} // namespace tg::nn
