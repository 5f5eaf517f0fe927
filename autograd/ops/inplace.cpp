// The one path every recorded in-place op takes: arithmetic (add_, mul_, ...), copy_, fill_,
// zero_, clamp_, the activations' `_` forms, masked_fill_, index_put_, scatter_(add_), dropout's
// in-place form, the `_out` forms and compound assignment (`x += y`, `x[i] = y`).
//
// An in-place op computes its result out of place, recorded as usual from the old value of `self`,
// and commit_inplace writes it into `self`. When the result was recorded, the write becomes
// history (LibTorch's rebase_history):
//  - `self` is not a view: `self` takes over the result's node.
//  - `self` is a view of `base`: the base's history becomes a CopySlices node. The base's gradient
//    is the incoming gradient with the view's window cut out (those values were overwritten),
//    plus whatever the written values depended on, which reaches the base through the result's
//    own graph (the old contents of the window through the view's old node).
//  - every view of that memory (the written one, and views taken before the write) sees the
//    version counter move, and re-derives itself from the base's new history the next time its
//    grad_fn is asked for (refresh_view_grad_fn: AsStridedBackward0).
#include <mutex>

#include "autograd/kernels/loop.h"
#include "autograd/ops/internal.h"

namespace tg {

using autograd::Node;
using autograd::variable_list;

namespace {

/// An expanded tensor (a stride-0 dim of size > 1) has elements sharing one memory location: an
/// in-place write into it would have several results for one place.
bool has_internal_overlap(const TensorImpl& t) {
  for (int64_t d = 0; d < t.dim(); ++d)
    if (t.strides()[d] == 0 && t.sizes()[d] > 1) return true;
  return false;
}

[[noreturn]] void throw_overlap(IntArrayRef sizes, IntArrayRef strides, const char* op) {
  throw Error(str(op,
                  ": unsupported operation: more than one element of the written-to tensor "
                  "refers to a single memory location (shape ",
                  sizes, ", strides ", strides,
                  "). Please clone() the tensor before performing the operation."));
}

/// What LibTorch refuses before a recorded in-place write into a view (handle_view_on_rebase and
/// the view-of-a-leaf check), with its messages.
void check_view_write(const TensorImpl& view, const char* op) {
  if (!view.is_view()) return;
  switch (view.creation_meta_) {
  case CreationMeta::MultiOutput:
    throw Error(str(op, ": Output ", view.view_output_nr_, " of ", view.view_op_,
                    " is a view and is being modified inplace. This view is the output of a "
                    "function that returns multiple views. Such functions do not allow the output "
                    "views to be modified inplace. You should replace the inplace operation by an "
                    "out-of-place one."));
  case CreationMeta::NoGradMode:
    throw Error(str(op, ": A view was created in no_grad mode and is being modified inplace with "
                        "grad mode enabled. Given that this use case is ambiguous and error-prone, "
                        "it is forbidden. You can clarify your code by moving both the view and "
                        "the inplace either both inside the no_grad block (if you don't want the "
                        "inplace to be tracked) or both outside (if you want the inplace to be "
                        "tracked)."));
  case CreationMeta::Default:
    break;
  }
  TG_CHECK(!(view.requires_grad() && view.view_base_->grad_fn() == nullptr), op,
           ": a view of a leaf Variable that requires grad is being used in an in-place "
           "operation.");
}

/// `t` (holding the values of the window `whole`) looked at through the window `part` of the same
/// memory: for CopySlices, the part of the base's gradient that belongs to the written view.
Tensor read_window(const Tensor& t, const ops::Geometry& whole, const ops::Geometry& part) {
  // Spread t over its memory layout (a flat buffer from whole.offset), then read part's window.
  ops::Geometry flat{{ops::storage_extent(whole)}, {1}, whole.offset};
  Tensor laid_out = ops::as_strided_backward(t, flat, whole);
  return laid_out.as_strided(part.sizes, part.strides,
                             laid_out.storage_offset() + part.offset - whole.offset);
}

/// Makes the write of `result` into the view `self` part of its base's history.
void rebase_view_history(const Tensor& self, const Tensor& result) {
  TensorImpl* view = self.unsafeGetTensorImpl();
  Tensor base(view->view_base_);
  ops::Geometry whole = ops::Geometry::of(*base.unsafeGetTensorImpl());
  ops::Geometry part = ops::Geometry::of(*view);
  // fill_, masked_fill_ and index_put_ may write into an expanded view, as in LibTorch; which of
  // the aliased elements' gradients would count is undefined, so backward refuses, as LibTorch's.
  const bool overlapping = has_internal_overlap(*view);
  // d/dbase = the gradient outside the view's window; d/dresult = the gradient inside it
  autograd::record("CopySlices", {base, result}, base,
                   [whole, part, overlapping](const Tensor& grad, Node& node) {
                     if (overlapping) throw_overlap(part.sizes, part.strides, "CopySlices");
                     Tensor inside = read_window(grad, whole, part);
                     Tensor outside;
                     if (node.needs_input_grad(0))
                       outside = grad - ops::as_strided_backward(inside, whole, part);
                     return variable_list{outside, node.needs_input_grad(1) ? inside : Tensor()};
                   });
  // The view's own node predates the write: re-derive it from the base's new history now.
  view->view_version_ = view->version() - 1;
  (void)view->grad_fn();
}

std::mutex& view_refresh_mutex() {
  static std::mutex m;
  return m;
}

} // namespace

namespace ops {

void check_inplace(const Tensor& t, const char* op, bool refuse_overlap) {
  // In LibTorch's order: a view's own restrictions, then the leaf check.
  if (GradMode::is_enabled() && t.requires_grad()) check_view_write(*t.unsafeGetTensorImpl(), op);
  TG_CHECK(!(GradMode::is_enabled() && t.is_leaf() && t.requires_grad()), op,
           ": a leaf Variable that requires grad is being used in an in-place operation. Wrap the "
           "update in tg::NoGradGuard (as optimizers do) or operate on a copy.");
  if (refuse_overlap && has_internal_overlap(*t.unsafeGetTensorImpl()))
    throw_overlap(t.sizes(), t.strides(), op);
}

Tensor& commit_inplace(const Tensor& self, const Tensor& result, const char* op,
                       const std::function<void()>& write) {
  TG_CHECK(result.sizes().equals(self.sizes()), op, ": output with shape ", self.sizes(),
           " doesn't match the broadcast shape ", result.sizes());
  TG_CHECK(isFloatingType(self.scalar_type()) || !isFloatingType(result.scalar_type()), op,
           ": result type ", result.scalar_type(), " can't be cast to the desired output type ",
           self.scalar_type());
  TensorImpl* impl = self.unsafeGetTensorImpl();
  const std::shared_ptr<Node> fn = result.unsafeGetTensorImpl()->grad_fn();
  // Every refusal comes before the first byte is written: a refused op changes nothing.
  if (fn) check_view_write(*impl, op);
  if (write) {
    write();
  } else {
    kernels::copy(self, result);
  }
  bump_version(self);
  if (fn) autograd::rebase_history(self, fn, result.output_nr(), op);
  return const_cast<Tensor&>(self);
}

} // namespace ops

void autograd::rebase_history(const Tensor& self, const std::shared_ptr<Node>& fn,
                              uint32_t output_nr, const char* op) {
  TensorImpl* impl = self.unsafeGetTensorImpl();
  if (!impl->is_view()) {
    impl->grad_fn_ = fn;
    impl->output_nr_ = output_nr;
    fn->set_output(output_nr, self.impl()); // the drawing shows `self` now
    return;
  }
  check_view_write(*impl, op);
  // A handle that carries (fn, output_nr) as its history, for CopySlices' edge to the result.
  Tensor result = ops::make_alias(self, self.sizes(), self.strides(), self.storage_offset());
  result.unsafeGetTensorImpl()->grad_fn_ = fn;
  result.unsafeGetTensorImpl()->output_nr_ = output_nr;
  rebase_view_history(self, result);
}

bool TensorImpl::view_requires_grad() const {
  return requires_grad_ || grad_fn() != nullptr || view_base_->requires_grad();
}

void TensorImpl::refresh_view_grad_fn() const {
  // A view that never had a history, of a base that has none either, stays a leaf (LibTorch).
  if (!grad_fn_ && !view_base_->requires_grad()) return;
  // Tensors shared between threads (a model's stored views) may be refreshed concurrently.
  std::lock_guard<std::mutex> lock(view_refresh_mutex());
  const uint32_t now = version();
  if (view_version_ == now) return;
  auto* self = const_cast<TensorImpl*>(this);
  ops::Geometry input = ops::Geometry::of(*view_base_), view = ops::Geometry::of(*this);
  // d/dbase view(base) = the view's gradient put back into its window of the base
  auto backward = [input, view](const Tensor& grad) {
    return variable_list{ops::as_strided_backward(grad, input, view)};
  };
  auto node = tg::detail::make_pooled<autograd::LambdaNode<decltype(backward)>>(
      "AsStridedBackward0", std::move(backward));
  node->set_next_edges(autograd::edge_list{autograd::gradient_edge(Tensor(view_base_))});
  if (autograd::detail::track_node_names()) autograd::detail::note_node_name(node->name());
  self->output_nr_ = node->add_input_metadata(sizes(), dtype());
  self->grad_fn_ = std::move(node);
  self->view_version_ = now;
}

} // namespace tg
