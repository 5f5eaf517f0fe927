#pragma once
// Custom autograd functions, spelled as LibTorch's torch::autograd::Function:
//
//   struct MulConstant : public tg::autograd::Function<MulConstant> {
//     static Tensor forward(AutogradContext* ctx, Tensor x, double c) {
//       ctx->saved_data["c"] = c;
//       return x * c;
//     }
//     static tensor_list backward(AutogradContext* ctx, tensor_list grad_outputs) {
//       return {grad_outputs[0] * ctx->saved_data["c"].toDouble(), Tensor()};
//     }
//   };
//   auto y = MulConstant::apply(x, 5.5);
//
// forward runs with grad mode off; if any tensor argument requires grad, a CppNode<T> is recorded
// whose apply calls T::backward. backward returns one gradient per forward argument (undefined for
// non-tensor arguments). This header also defines Tensor::register_hook.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <variant>
#include <vector>

#if __has_include(<cxxabi.h>)
#include <cxxabi.h>
#include <cstdlib>
#include <typeinfo>
#define TG_HAS_CXXABI 1
#endif

#include "autograd/tensor/error.h"
#include "autograd/tensor/ivalue.h"
#include "autograd/graph/node.h"
#include "autograd/graph/record.h"
#include "autograd/graph/saved_variable.h"
#include "autograd/tensor/tensor.h"

namespace tg {

namespace autograd {

using ::tg::IValue;
/// LibTorch's name for a tensor that takes part in autograd; here every Tensor is one.
using Variable = Tensor;

template <class T> struct CppNode;

/// What forward leaves for backward: saved tensors (checked against in-place changes), other data,
/// and which inputs/outputs were modified in place or are not differentiable.
struct AutogradContext {
  AutogradContext() = default;
  AutogradContext(const AutogradContext&) = delete;
  AutogradContext& operator=(const AutogradContext&) = delete;

  /// Non-tensor data for backward.
  std::unordered_map<std::string, IValue> saved_data;

  /// Tensors backward needs; call at most once, from forward.
  void save_for_backward(variable_list to_save) { to_save_ = std::move(to_save); }
  /// Inputs that forward modified in place (they must also be returned as outputs).
  void mark_dirty(const variable_list& inputs) {
    dirty_.clear();
    for (const Tensor& t : inputs) dirty_.insert(t.unsafeGetTensorImpl());
  }
  /// Outputs that get no gradient (indices, masks).
  void mark_non_differentiable(const variable_list& outputs) {
    non_differentiable_.clear();
    for (const Tensor& t : outputs) non_differentiable_.insert(t.unsafeGetTensorImpl());
  }
  /// Whether backward receives zeros for outputs that got no gradient. The engine always fills
  /// them in, so `false` is accepted for compatibility and changes nothing: a backward written for
  /// undefined gradients handles zeros correctly too.
  void set_materialize_grads(bool value) { materialize_grads_ = value; }

  /// The tensors given to save_for_backward, after checking none was modified in place since.
  variable_list get_saved_variables() const {
    std::shared_ptr<Node> node = grad_fn_.lock();
    if (has_freed_buffers_) throw_backward_twice(node ? node->name() : "CustomFunctionBackward");
    variable_list out;
    out.reserve(saved_.size());
    for (const SavedVariable& sv : saved_) out.push_back(sv.unpack(node));
    return out;
  }

  /// Whether tensor input `i` (counting only tensor arguments, as LibTorch does) needs a gradient.
  bool needs_input_grad(size_t i) const {
    std::shared_ptr<Node> node = grad_fn_.lock();
    return node && node->needs_input_grad(i);
  }

private:
  template <class T> friend struct CppNode;
  template <class T> friend struct Function;

  std::unordered_set<const TensorImpl*> dirty_;
  std::unordered_set<const TensorImpl*> non_differentiable_;
  variable_list to_save_;
  std::vector<SavedVariable> saved_;
  bool materialize_grads_ = true;
  bool has_freed_buffers_ = false;
  std::weak_ptr<Node> grad_fn_; // the node owns this context; weak to avoid a cycle
};

namespace detail {

template <typename T, typename = void> struct has_static_name : std::false_type {};
template <typename T>
struct has_static_name<T, std::void_t<decltype(std::string(T::name()))>> : std::true_type {};

/// "CppNode<LinearFunction>" where the ABI can demangle, else "CustomFunctionBackward".
template <class T> std::string custom_node_name() {
  if constexpr (has_static_name<T>::value) {
    return std::string(T::name());
  } else {
#ifdef TG_HAS_CXXABI
    int status = 0;
    char* demangled = abi::__cxa_demangle(typeid(T).name(), nullptr, nullptr, &status);
    if (status == 0 && demangled != nullptr) {
      std::string name = std::string("CppNode<") + demangled + ">";
      std::free(demangled);
      return name;
    }
    std::free(demangled);
#endif
    return "CustomFunctionBackward";
  }
}

/// Collects the tensor arguments of apply(): a Tensor (even undefined), a defined optional Tensor,
/// or each element of a TensorList. Anything else is a non-tensor argument.
struct ExtractVariables {
  std::vector<bool>& is_var; ///< Appended: one flag per argument (per element of a TensorList).
  variable_list& vars;       ///< Appended: the tensor arguments, in order.

  /// A Tensor argument, recorded even when undefined.
  void operator()(const Tensor& t) {
    is_var.push_back(true);
    vars.push_back(t);
  }
  /// An optional Tensor: a tensor argument only when it holds a defined Tensor.
  void operator()(const std::optional<Tensor>& t) {
    bool var = t.has_value() && t->defined();
    is_var.push_back(var);
    if (var) vars.push_back(*t);
  }
  /// A TensorList: each element is a separate tensor argument.
  void operator()(const TensorList& list) {
    for (const Tensor& t : list) (*this)(t);
  }
  /// Any other argument: non-tensor, its gradient must be undefined.
  template <typename A> void operator()(const A&) { is_var.push_back(false); }
};

template <typename R> struct is_forward_result : std::false_type {};
template <> struct is_forward_result<Tensor> : std::true_type {};
template <> struct is_forward_result<variable_list> : std::true_type {};

} // namespace detail

/// The graph node of a Function<T> call: apply() forwards to T::backward.
template <class T> struct CppNode final : public Node {
  variable_list apply(variable_list&& grads) override {
    variable_list outs = T::backward(&ctx_, std::move(grads));
    size_t expected = is_variable_input_.size();
    // Extra trailing undefined gradients are tolerated, as in LibTorch.
    if (outs.size() > expected) {
      bool all_undefined = true;
      for (size_t i = expected; i < outs.size(); ++i) all_undefined &= !outs[i].defined();
      if (all_undefined) outs.resize(expected);
    }
    TG_CHECK(outs.size() == expected, "function ", type_name(),
             " returned an incorrect number of gradients (expected ", expected, ", got ",
             outs.size(), ")");
    variable_list result;
    result.reserve(next_edges_.size());
    for (size_t i = 0; i < expected; ++i) {
      if (!is_variable_input_[i]) {
        TG_CHECK(!outs[i].defined(), "function ", type_name(),
                 " returned a defined gradient at position ", i + 1,
                 ", but the corresponding forward input was not a Variable");
        continue;
      }
      result.push_back(std::move(outs[i]));
    }
    return result;
  }

  std::string name() const override { return type_name(); }
  /// Computed once per T: demangling is not free and a node is created per call.
  static const std::string& type_name() {
    static const std::string name = detail::custom_node_name<T>();
    return name;
  }

  void release_variables() override {
    ctx_.saved_.clear();
    ctx_.has_freed_buffers_ = true;
  }

  AutogradContext ctx_;                 ///< The `ctx` forward and backward receive.
  std::vector<bool> is_variable_input_; ///< one per forward argument: was it a tensor?
};

/// Base of a user-defined autograd function T with static forward(AutogradContext*, ...) returning
/// a Tensor or a variable_list, and static backward(AutogradContext*, variable_list).
template <class T> struct Function {
  /// Runs T::forward(ctx, args...) with grad mode off and, if any tensor argument requires grad,
  /// records a CppNode<T> as the outputs' grad_fn; returns forward's result. Throws tg::Error if
  /// mark_dirty() named a tensor that is not both an input and an output. Same as
  /// torch::autograd::Function<T>::apply. (`X` = T makes the return type dependent, so it is
  /// deduced at the call, when T is complete, not when T derives from Function<T>.)
  template <typename X = T, typename... Args>
  static auto apply(Args&&... args)
      -> std::enable_if_t<std::is_same_v<X, T>,
                          decltype(X::forward(nullptr, std::declval<Args>()...))>;
};

template <class T>
template <typename X, typename... Args>
auto Function<T>::apply(Args&&... args)
    -> std::enable_if_t<std::is_same_v<X, T>,
                        decltype(X::forward(nullptr, std::declval<Args>()...))> {
  using result_t = decltype(X::forward(nullptr, std::declval<Args>()...));
  static_assert(detail::is_forward_result<result_t>::value,
                "Function::forward must return a Tensor or a variable_list");

  auto node = std::make_shared<CppNode<T>>();
  variable_list inputs;
  inputs.reserve(sizeof...(Args));
  detail::ExtractVariables extract{node->is_variable_input_, inputs};
  (extract(args), ...);
  const bool executable = compute_requires_grad_list(inputs);
  node->ctx_.grad_fn_ = node;

  result_t raw;
  {
    AutoGradMode no_grad(false);
    raw = T::forward(&node->ctx_, std::forward<Args>(args)...);
  }
  variable_list outputs;
  if constexpr (std::is_same_v<result_t, Tensor>) {
    outputs.push_back(std::move(raw));
  } else {
    outputs = std::move(raw);
  }

  AutogradContext& ctx = node->ctx_;
  std::unordered_set<const TensorImpl*> input_impls;
  for (const Tensor& in : inputs) input_impls.insert(in.unsafeGetTensorImpl());
  for (const TensorImpl* d : ctx.dirty_) {
    TG_CHECK(input_impls.count(d), "function ", node->name(),
             ": mark_dirty was given a tensor that is not an input of forward");
    bool returned = false;
    for (const Tensor& o : outputs) returned |= o.unsafeGetTensorImpl() == d;
    TG_CHECK(returned, "function ", node->name(),
             ": some elements marked as dirty during the forward method were not returned as "
             "output. The inputs that are modified inplace must all be outputs of the Function.");
  }
  // The inputs' values changed: anything that saved them must notice.
  for (const Tensor& in : inputs)
    if (ctx.dirty_.count(in.unsafeGetTensorImpl())) in.unsafeGetTensorImpl()->bump_version();

  if (executable) {
    edge_list edges;
    edges.reserve(inputs.size());
    for (const Tensor& in : inputs) edges.push_back(gradient_edge(in));
    node->set_next_edges(std::move(edges));
    if (tg::autograd::detail::track_node_names())
      tg::autograd::detail::note_node_name(node->name());

    for (Tensor& out : outputs) {
      if (!out.defined()) {
        node->add_input_metadata({}, kFloat); // keeps output numbering aligned
        continue;
      }
      const TensorImpl* raw_impl = out.unsafeGetTensorImpl();
      if (ctx.non_differentiable_.count(raw_impl)) {
        node->add_input_metadata(out); // a zero gradient of the right shape if backward asks
        continue;
      }
      if (ctx.dirty_.count(raw_impl)) {
        TG_CHECK(!(out.is_leaf() && out.requires_grad()), "function ", node->name(),
                 ": a leaf Variable that requires grad has been used in an in-place operation.");
      } else if (input_impls.count(raw_impl) || out.requires_grad()) {
        // An input returned unchanged (or a tensor with a history of its own) gets a fresh handle
        // on the same storage, so the original keeps its own autograd identity.
        out = out.detach();
      }
      const uint32_t output_nr = node->add_input_metadata(out);
      if (ctx.dirty_.count(raw_impl)) {
        // Written in place: through a view, its base's history changes too (CopySlices).
        rebase_history(out, node, output_nr, "mark_dirty");
      } else {
        TensorImpl* impl = out.unsafeGetTensorImpl();
        impl->output_nr_ = output_nr;
        impl->grad_fn_ = node;
        node->set_output(output_nr, out.impl());
      }
    }

    // Saved tensors: an output (its grad_fn is now this node) is saved as bare data, never as a
    // handle, because a handle would own the node that owns the context: a reference cycle.
    for (const Tensor& t : ctx.to_save_) {
      bool is_output = t.defined() && t.grad_fn().get() == node.get();
      ctx.saved_.emplace_back(t, is_output, is_output ? t.output_nr() : 0);
    }
  }
  ctx.to_save_.clear();

  if constexpr (std::is_same_v<result_t, Tensor>) {
    return outputs[0];
  } else {
    return outputs;
  }
}

} // namespace autograd
} // namespace tg

// ---------------------------------------------------------------- Tensor::register_hook
namespace tg {

/// Leaves run their hooks in AccumulateGrad before summing into .grad(); non-leaves run them as
/// pre-hooks of their grad_fn, on the gradient for this output. A hook returning void observes;
/// one returning a defined Tensor replaces the gradient.
template <typename Hook> unsigned Tensor::register_hook(Hook&& hook) const {
  TG_CHECK(defined(), "register_hook: called on an undefined Tensor");
  TG_CHECK(requires_grad(), "cannot register a hook on a tensor that doesn't require gradient");
  using H = std::decay_t<Hook>;
  std::function<Tensor(const Tensor&)> fn;
  if constexpr (std::is_void_v<std::invoke_result_t<H&, const Tensor&>>) {
    fn = [h = H(std::forward<Hook>(hook))](const Tensor& g) mutable {
      h(g);
      return Tensor();
    };
  } else {
    fn = [h = H(std::forward<Hook>(hook))](const Tensor& g) mutable -> Tensor { return h(g); };
  }
  TensorImpl* impl = unsafeGetTensorImpl();
  if (const auto& grad_fn = impl->grad_fn()) {
    grad_fn->pre_hooks.emplace_back(impl->output_nr_, std::move(fn));
    return static_cast<unsigned>(grad_fn->pre_hooks.size() - 1);
  }
  impl->hooks_.push_back(std::move(fn));
  return static_cast<unsigned>(impl->hooks_.size() - 1);
}

} // namespace tg
