#pragma once
// How an op puts itself on the tape. An op computes its result, then, only if some input requires
// grad, records its backward. A unary op does it with record_unary (the derivative needs the input
// x) or record_unary_result (it needs the result y), as exp does in ops/elementwise.cpp:
//
//   Tensor exp(const Tensor& self) {
//     Tensor out = float_unary(self, "exp", [](auto x) { return std::exp(x); });
//     // d/dx exp(x) = exp(x)
//     record_unary_result("ExpBackward0", self, out, [](const Tensor& y) { return y; });
//     return out;
//   }
//
// Any other op calls record() with a lambda that receives the output gradient(s) and returns one
// gradient per input (undefined where the input needs none). The lambda never captures a Tensor
// of its own output: it saves outputs via SavedVariable(out, true). Broadcasting is undone by the
// engine, so the lambda returns gradients in the broadcast shape.
#include <optional>
#include <type_traits>
#include <utility>

#include "autograd/graph/node.h"
#include "autograd/graph/saved_variable.h"
#include "autograd/tensor/small_pool.h"

namespace tg::autograd {

/// A Node whose backward is a lambda, the node type record() and record_multi() create.
/// `F` may take `(const Tensor& grad, Node&)`, `(const Tensor& grad)` (single output), or
/// `(const variable_list& grads, Node&)` (several outputs); it returns one gradient per input.
template <typename F> class LambdaNode : public Node {
public:
  /// `name` must outlive the node (a string literal such as "ExpBackward0").
  LambdaNode(const char* name, F&& fn) : name_(name), fn_(std::move(fn)) {}

  variable_list apply(variable_list&& grads) override {
    if (!fn_) throw_released();
    if constexpr (std::is_invocable_v<F&, const Tensor&, Node&>) {
      return (*fn_)(grads[0], *this);
    } else if constexpr (std::is_invocable_v<F&, const Tensor&>) {
      return (*fn_)(grads[0]);
    } else {
      return (*fn_)(grads, *this);
    }
  }
  std::string name() const override { return name_; }
  /// Dropping the lambda drops everything it saved.
  void release_variables() override { fn_.reset(); }
  /// True once release_variables() ran: apply() throws.
  bool released() const { return !fn_; }

private:
  [[noreturn]] void throw_released() const;
  const char* name_;
  std::optional<F> fn_;
};

/// The backward of a view op: a LambdaNode that also gives the engine its gradient windows
/// (Node::gradient_window). The lambda still computes the dense gradient, which the engine uses
/// when it builds a graph of the backward (create_graph), under anomaly mode and for traces.
template <typename F> class WindowedLambdaNode final : public LambdaNode<F> {
public:
  /// `name` must outlive the node; `windows[i]` is output i's gradient window.
  WindowedLambdaNode(const char* name, F&& fn, std::vector<GradientWindow> windows)
      : LambdaNode<F>(name, std::move(fn)), windows_(std::move(windows)) {}
  const GradientWindow* gradient_window(size_t i) const override {
    // A released node has no window either: the engine calls apply(), which says so.
    return this->released() || i >= windows_.size() ? nullptr : &windows_[i];
  }

private:
  std::vector<GradientWindow> windows_;
};

/// Throws the tg::Error LibTorch gives for a second backward through freed saved tensors, naming
/// `node_name` and suggesting retain_graph=true. Out of line so that LambdaNode stays small.
[[noreturn]] void throw_backward_twice(const std::string& node_name);

template <typename F> void LambdaNode<F>::throw_released() const { throw_backward_twice(name_); }

/// Makes output `output_nr` of `fn` the history of `self`, which an in-place write just changed
/// (LibTorch's rebase_history): `self` takes it over, or, when `self` is a view, its base's
/// history becomes a CopySlices node and `self` is re-derived from the base at its next use.
/// Refuses (tg::Error naming `op`) what LibTorch refuses for views. Defined in ops/inplace.cpp.
void rebase_history(const Tensor& self, const std::shared_ptr<Node>& fn, uint32_t output_nr,
                    const char* op);

/// Records `fn` as the backward of an op with the given inputs and one output.
template <typename F>
std::shared_ptr<Node> record(const char* name, TensorList inputs, Tensor& output, F&& fn) {
  auto node = tg::detail::make_pooled<LambdaNode<std::decay_t<F>>>(name, std::forward<F>(fn));
  set_history(node, inputs, {&output});
  return node;
}

/// Records `fn` as the backward of a view op of `input` with the given outputs, where output i's
/// gradient lands in `windows[i]` of zeros of the input's shape (see Node::gradient_window).
template <typename F>
std::shared_ptr<Node> record_view(const char* name, const Tensor& input,
                                  const std::vector<Tensor*>& outputs,
                                  std::vector<GradientWindow> windows, F&& fn) {
  auto node = tg::detail::make_pooled<WindowedLambdaNode<std::decay_t<F>>>(
      name, std::forward<F>(fn), std::move(windows));
  set_history_list(node, {input}, outputs);
  return node;
}

/// Same, for ops with several differentiable outputs (chunk, split, unbind, custom functions).
template <typename F>
std::shared_ptr<Node> record_multi(const char* name, TensorList inputs,
                                   const std::vector<Tensor*>& outputs, F&& fn) {
  auto node = tg::detail::make_pooled<LambdaNode<std::decay_t<F>>>(name, std::forward<F>(fn));
  set_history_list(node, inputs, outputs);
  return node;
}

/// The gradient of a unary op's input from its output gradient `grad` and the saved tensor `v`
/// (the input or the result): grad · derivative(v), or, when `derivative` takes (grad, v), what
/// it returns.
template <typename D>
Tensor unary_input_grad(const D& derivative, const Tensor& grad, const Tensor& v) {
  if constexpr (std::is_invocable_v<const D&, const Tensor&, const Tensor&>)
    return derivative(grad, v);
  else
    return grad * derivative(v);
}

/// Records the backward of a unary op whose derivative is written with its input x (saved):
/// the input's gradient is grad · derivative(x). A `derivative` taking (grad, x) returns that
/// gradient itself, for formulas that are not a product: grad / x is one pass, grad · (1 / x) two.
// always_inline: without it GCC stops inlining the forward loops into exp, log, ... (about 19
// instructions more per float op, measured with callgrind on a chain of unary ops).
template <typename D>
[[gnu::always_inline]] inline void record_unary(const char* name, const Tensor& self, Tensor& out, D derivative) {
  if (!compute_requires_grad(self)) return;
  record(name, {self}, out, [s = SavedVariable(self, false), derivative](const Tensor& grad) {
    return variable_list{unary_input_grad(derivative, grad, s.unpack())};
  });
}

/// Same, for a derivative written with the op's result y (exp, tanh, sigmoid). y is saved as
/// data, without the handle whose grad_fn is this very node.
template <typename D>
[[gnu::always_inline]] inline void record_unary_result(const char* name, const Tensor& self, Tensor& out, D derivative) {
  if (!compute_requires_grad(self)) return;
  record(name, {self}, out,
         [r = SavedVariable(out, true), derivative](const Tensor& grad, Node& node) {
           return variable_list{
               unary_input_grad(derivative, grad, r.unpack(node.shared_from_this()))};
         });
}

} // namespace tg::autograd
