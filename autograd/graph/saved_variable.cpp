#include "autograd/graph/saved_variable.h"
#include "autograd/tensor/small_pool.h"

namespace tg::autograd {

SavedVariable::SavedVariable(const Tensor& t, bool is_output, uint32_t output_nr)
    : output_nr_(output_nr), is_output_(is_output) {
  if (!t.defined()) return;
  was_defined_ = true;
  TensorImpl* impl = t.unsafeGetTensorImpl();
  saved_version_ = impl->version();
  // An output is saved before its node is attached; it will require grad once it is.
  requires_grad_ = is_output || impl->requires_grad();
  if (is_output) {
    // Keep the bytes and the window, not the handle: the handle's grad_fn is the saving node.
    data_ = Tensor(tg::detail::make_pooled<TensorImpl>(
        impl->storage(), impl->dtype(), impl->sizes(), impl->strides(), impl->storage_offset()));
  } else {
    data_ = t;
  }
}

Tensor SavedVariable::unpack(const std::shared_ptr<Node>& node) const {
  if (!was_defined_) return {};
  TG_CHECK(data_.defined(),
           "Trying to backward through the graph a second time (or directly access saved tensors "
           "after they have already been freed). Saved intermediate values of the graph are freed "
           "when you call .backward() or autograd::grad(). Specify retain_graph=true if you need "
           "to backward through the graph a second time.");
  TensorImpl* impl = data_.unsafeGetTensorImpl();
  if (impl->version() != saved_version_) {
    std::string producer = node ? node->name() : std::string("a backward function");
    throw Error(str("one of the variables needed for gradient computation has been modified by an "
                    "inplace operation: [", data_.type_string(), " ", data_.sizes(), "], which is ",
                    is_output_ ? "output " : "an input ", is_output_ ? std::to_string(output_nr_) : "",
                    is_output_ ? " of " : "", is_output_ ? producer : "",
                    ", is at version ", impl->version(), "; expected version ", saved_version_,
                    " instead. (saved by ", producer, ")"));
  }
  if (is_output_ && requires_grad_ && node && GradMode::is_enabled()) {
    // create_graph: the saved output must again be an output of `node`, so higher-order gradients
    // flow through it.
    auto restored = tg::detail::make_pooled<TensorImpl>(
        impl->storage(), impl->dtype(), impl->sizes(), impl->strides(), impl->storage_offset());
    restored->grad_fn_ = node;
    restored->output_nr_ = output_nr_;
    return Tensor(std::move(restored));
  }
  return data_;
}

[[noreturn]] void throw_backward_twice(const std::string& node_name) {
  throw Error(str(node_name,
                  ": trying to backward through the graph a second time (or directly access saved "
                  "tensors after they have already been freed). Saved intermediate values of the "
                  "graph are freed when you call .backward() or autograd::grad(). Specify "
                  "retain_graph=true if you need to backward through the graph a second time."));
}

} // namespace tg::autograd
