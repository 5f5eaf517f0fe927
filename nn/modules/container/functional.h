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

/// Wraps a Tensor -> Tensor function as a module, so it can sit in a Sequential; same as
/// torch::nn::Functional. It has no parameters and cannot be saved (is_serializable() is false).
class FunctionalImpl : public Cloneable<FunctionalImpl> {
public:
  /// The wrapped function's type.
  using Function = std::function<Tensor(Tensor)>;

  /// Wraps `function`; throws tg::Error if it is empty.
  explicit FunctionalImpl(Function function);
  /// Wraps `original_function(input, args...)`: the extra arguments are bound (copied) after
  /// the input, as std::bind does: Functional(tg::log_softmax, 1, tg::nullopt).
  template <typename SomeFunction, typename... Args,
            typename = std::enable_if_t<(sizeof...(Args) > 0)>>
  explicit FunctionalImpl(SomeFunction original_function, Args&&... args)
      : function_(std::bind(original_function, std::placeholders::_1,
                            std::forward<Args>(args)...)) {}

  void reset() override {}
  /// "tg::nn::Functional()"
  void pretty_print(std::ostream& stream) const override;
  /// Calls the function on `input`.
  Tensor forward(Tensor input);
  /// Same as forward().
  Tensor operator()(Tensor input) { return forward(std::move(input)); }
  bool is_serializable() const override { return false; }

private:
  Function function_;
};
/// The holder of FunctionalImpl (TORCH_MODULE(Functional)); copies share one module.
TG_MODULE(Functional);

} // namespace tg::nn
