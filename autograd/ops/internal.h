#pragma once
// Helpers shared by the op families: dimension wrapping, broadcast shapes, result allocation and
// type promotion (dtype dispatch is kernels/dispatch.h). Not part of the public API.
#include <functional>
#include <string>

#include "autograd/ops/functions.h"
#include "autograd/graph/record.h"
#include "autograd/kernels/dispatch.h"
#include "autograd/tensor/empty.h"

namespace tg {

/// Is `shape` broadcastable to `desired` (so a gradient of shape `desired` can be summed to it)?
bool is_expandable_to(IntArrayRef shape, IntArrayRef desired);

namespace ops {

/// Wraps a possibly negative dim into [0, ndim); tg::Error naming `op` when out of range.
int64_t wrap_dim(int64_t dim, int64_t ndim, const char* op);
/// The broadcast shape of two shapes, or tg::Error naming `op` and both shapes.
DimVector broadcast_shapes(IntArrayRef a, IntArrayRef b, const char* op);
/// Sums `grad` down to `shape` (undoes broadcasting). Differentiable.
Tensor sum_to(const Tensor& grad, IntArrayRef shape);
/// A fresh contiguous tensor (autograd/tensor/empty.h: the kernels allocate with it too).
using ::tg::detail::empty_tensor;
/// A 0-dim tensor holding `s` as a "wrapped number", which promotes more weakly than a tensor.
Tensor scalar_to_tensor(const Scalar& s, ScalarType dtype);
/// PyTorch's result_type for two operands: dimensioned tensors decide, 0-dim tensors and wrapped
/// scalars only lift the category (bool < integer < floating).
ScalarType result_type(const Tensor& a, const Tensor& b);
ScalarType result_type(const Tensor& a, const Scalar& b);
/// Throws tg::Error if `t` is an integer/bool tensor and `op` needs floating values to be
/// differentiable.
void check_floating_for_grad(const Tensor& t, const char* op);
/// Float dtype an integer input computes in for ops like exp (int -> default float).
ScalarType to_float_type(ScalarType t);
std::string shape_str(const Tensor& t);
/// Marks `t` as modified in place: bumps the version counter shared by its views.
void bump_version(const Tensor& t);
bool is_wrapped_number(const Tensor& t);
/// Wrapped, sorted, unique reduction dims; an empty list means "all dims".
DimVector reduce_dims(IntArrayRef dims, int64_t ndim, const char* op);
/// Reshapes a reduced gradient (keepdim or not) so it broadcasts against the input again.
Tensor unsqueeze_reduced(const Tensor& grad, IntArrayRef input_shape, IntArrayRef dims, bool keepdim);
/// A differentiable view: a tensor sharing `self`'s storage with another window onto it, that
/// remembers its root base so an in-place write into it rewrites the base's history (the view op
/// records its own backward; nothing is recorded here).
Tensor make_view(const Tensor& self, IntArrayRef sizes, IntArrayRef strides, int64_t storage_offset);
/// A window onto `self`'s storage that is not a differentiable view (detach(), kernels' scratch
/// windows): it shares the bytes and the version counter, not the history.
Tensor make_alias(const Tensor& self, IntArrayRef sizes, IntArrayRef strides,
                  int64_t storage_offset);
/// Where `length` entries start, start + step, ... along dim `d` of a tensor shaped `shape` lie
/// in a contiguous tensor of that shape, dim `d` dropped when `drop_dim` (select, unbind): the
/// gradient window of the views slice, select, split and unbind make (Node::gradient_window).
autograd::GradientWindow window_along(IntArrayRef shape, int64_t d, int64_t start, int64_t length,
                                      int64_t step, bool drop_dim);
/// The sizes, strides and storage offset of a window onto a storage.
struct Geometry {
  DimVector sizes;     ///< Size of each dim.
  DimVector strides;   ///< Stride of each dim, in elements.
  int64_t offset = 0;  ///< Storage offset of element 0, in elements.
  /// The window `t` looks through.
  static Geometry of(const TensorImpl& t) {
    return {DimVector(t.sizes()), DimVector(t.strides()), t.storage_offset()};
  }
};
/// Elements of storage a window spans: 1 + sum of (size - 1) * stride, 0 when it is empty.
int64_t storage_extent(const Geometry& g);
/// True when no two elements of the window share a memory location.
bool is_non_overlapping(const Geometry& g);
/// The gradient of as_strided: `grad` (shaped as the window `view`) added into zeros shaped as the
/// window `input`, where both windows look at one storage; elements the view sees several times
/// get the sum. Differentiable (create_graph).
Tensor as_strided_backward(const Tensor& grad, const Geometry& input, const Geometry& view);
/// Writes `result` into `self` as every in-place op does (inplace.cpp): refuses what LibTorch
/// refuses, copies (or calls `write`, which must store the same values through the op's own
/// kernel), bumps the version and, when `result` was recorded, makes the write part of the
/// history of `self` (or, for a view, of its base).
Tensor& commit_inplace(const Tensor& self, const Tensor& result, const char* op,
                       const std::function<void()>& write = nullptr);
/// The checks every in-place op makes before it computes anything, in grad mode: a view's
/// restrictions (made in no-grad mode, one of several outputs, a view of a leaf) and a leaf that
/// requires grad; and, unless `refuse_overlap` is false (fill_, masked_fill_ and index_put_, as in
/// LibTorch), a destination whose elements overlap in memory (an expanded tensor).
void check_inplace(const Tensor& t, const char* op, bool refuse_overlap = true);
/// Zeros of `shape` with `src` written at slice(d, s, e, step); differentiable in `src`.
Tensor slice_scatter(const Tensor& src, IntArrayRef shape, int64_t d, int64_t s, int64_t e,
                     int64_t step);
void mark_wrapped_number(const Tensor& t);

} // namespace ops

} // namespace tg
