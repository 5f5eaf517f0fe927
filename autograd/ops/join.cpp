// Joining and splitting: cat / concat / stack copy into a new tensor; chunk / split / unbind return
// narrow or select views (their backward comes from those views); broadcast_tensors expands.
#include <algorithm>

#include "autograd/kernels/loop.h"
#include "autograd/ops/internal.h"

namespace tg {

using autograd::Node;
using autograd::variable_list;

Tensor cat(TensorList tensors, int64_t dim) {
  TG_CHECK(!tensors.empty(), "cat: expected a non-empty list of Tensors");
  // Legacy rule kept by PyTorch: 1-dim empty tensors ([0]) are skipped whatever the other shapes.
  auto skipped = [](const Tensor& t) { return t.dim() == 1 && t.numel() == 0; };
  const Tensor* ref = nullptr;
  ScalarType dtype = tensors[0].scalar_type();
  for (size_t i = 0; i < tensors.size(); ++i) {
    const Tensor& t = tensors[i];
    TG_CHECK(t.defined(), "cat: tensor number ", i, " in the list is undefined");
    TG_CHECK(t.dim() > 0, "cat: zero-dimensional tensor (at position ", i,
             ") cannot be concatenated");
    dtype = i == 0 ? t.scalar_type() : promoteTypes(dtype, t.scalar_type());
    if (!ref && !skipped(t)) ref = &t;
  }
  if (!ref) ref = &tensors[0];
  const int64_t d = ops::wrap_dim(dim, ref->dim(), "cat");
  DimVector shape(ref->sizes());
  int64_t total = 0;
  for (size_t i = 0; i < tensors.size(); ++i) {
    const Tensor& t = tensors[i];
    if (skipped(t) && &t != ref) continue;
    TG_CHECK(t.dim() == ref->dim(), "cat: tensors must have same number of dimensions: got ",
             ref->dim(), " and ", t.dim(), " (tensor number ", i, " in the list)");
    for (int64_t k = 0; k < t.dim(); ++k)
      TG_CHECK(k == d || t.size(k) == shape[size_t(k)],
               "cat: sizes of tensors must match except "
               "in dimension ",
               d, ". Expected size ", shape[size_t(k)], " but got size ", t.size(k),
               " for tensor number ", i, " in the list.");
    total += t.size(d);
  }
  shape[size_t(d)] = total;
  Tensor out = ops::empty_tensor(shape, dtype);
  // Each input is copied (converting its dtype) into its window of the output.
  DimVector offsets;
  int64_t offset = 0;
  for (const Tensor& t : tensors) {
    offsets.push_back(offset);
    if (skipped(t) && &t != ref) continue;
    DimVector sizes(shape);
    sizes[size_t(d)] = t.size(d);
    Tensor window = ops::make_alias(out, sizes, out.strides(), offset * out.stride(d));
    kernels::copy(window, t);
    offset += t.size(d);
  }
  // d/dx_i cat(x) = the slice of the gradient where x_i was placed
  if (autograd::compute_requires_grad_list(tensors)) {
    std::vector<std::pair<int64_t, int64_t>> spans; // (start, length), length -1 = skipped
    std::vector<ScalarType> dtypes;
    for (size_t i = 0; i < tensors.size(); ++i) {
      const Tensor& t = tensors[i];
      spans.emplace_back(offsets[i], skipped(t) && &t != ref ? -1 : t.size(d));
      dtypes.push_back(t.scalar_type());
    }
    autograd::record("CatBackward0", tensors, out,
                     [spans, dtypes, d](const Tensor& grad, autograd::Node& node) {
                       variable_list g(spans.size());
                       for (size_t i = 0; i < spans.size(); ++i) {
                         if (!node.needs_input_grad(i) || spans[i].second < 0) continue;
                         g[i] = grad.narrow(d, spans[i].first, spans[i].second);
                         if (g[i].scalar_type() != dtypes[i]) g[i] = g[i].to(dtypes[i]);
                       }
                       return g;
                     });
  }
  return out;
}
Tensor concat(TensorList tensors, int64_t dim) { return cat(tensors, dim); }

Tensor stack(TensorList tensors, int64_t dim) {
  TG_CHECK(!tensors.empty(), "stack: expects a non-empty TensorList");
  const int64_t d = ops::wrap_dim(dim, tensors[0].dim() + 1, "stack");
  std::vector<Tensor> parts;
  for (size_t i = 0; i < tensors.size(); ++i) {
    TG_CHECK(tensors[i].sizes().equals(tensors[0].sizes()),
             "stack: expects each tensor to be "
             "equal size, but got ",
             tensors[0].sizes(), " at entry 0 and ", tensors[i].sizes(), " at entry ", i);
    parts.push_back(tensors[i].unsqueeze(d));
  }
  return cat(parts, d);
}

namespace {
/// Views of consecutive pieces of `lengths` entries along dim `d`, recorded as one node with one
/// output per piece, as LibTorch's split/unbind. A recorded in-place write into any piece is
/// refused (their gradients meet in this node; rewriting one piece's history would lose the
/// others'), unless the pieces were made in no-grad mode.
std::vector<Tensor> pieces_along(const Tensor& self, int64_t d, const std::vector<int64_t>& lengths,
                                 bool drop_dim, const char* node_name) {
  std::vector<Tensor> out;
  int64_t start = 0;
  for (int64_t length : lengths) {
    DimVector sizes(self.sizes()), strides(self.strides());
    sizes[size_t(d)] = length;
    if (drop_dim) {
      sizes.erase(size_t(d));
      strides.erase(size_t(d));
    }
    out.push_back(ops::make_view(self, sizes, strides, self.storage_offset() + start * self.stride(d)));
    start += length;
  }
  if (!GradMode::is_enabled()) return out; // made in no-grad mode: make_view marked them so
  for (size_t i = 0; i < out.size(); ++i) {
    TensorImpl* impl = out[i].unsafeGetTensorImpl();
    impl->creation_meta_ = CreationMeta::MultiOutput;
    impl->view_op_ = node_name;
    impl->view_output_nr_ = uint32_t(i);
  }
  // d/dx split(x) = the pieces' gradients joined again (zeros for pieces that got none)
  if (!out.empty() && autograd::compute_requires_grad(self)) {
    std::vector<Tensor*> outputs;
    std::vector<autograd::GradientWindow> windows;
    start = 0;
    for (size_t i = 0; i < out.size(); ++i) {
      outputs.push_back(&out[i]);
      windows.push_back(ops::window_along(self.sizes(), d, start, lengths[i], 1, drop_dim));
      start += lengths[i];
    }
    autograd::record_view(node_name, self, outputs, std::move(windows),
                          [d, drop_dim](const variable_list& grads, Node&) {
                            return variable_list{drop_dim ? stack(grads, d) : cat(grads, d)};
                          });
  }
  return out;
}
} // namespace

std::vector<Tensor> split(const Tensor& self, int64_t split_size, int64_t dim) {
  TG_CHECK(self.dim() > 0, "split: split expects at least a 1-dimensional tensor");
  TG_CHECK(split_size >= 0,
           "split: split expects split_size be non-negative, but got split_size=", split_size);
  const int64_t d = ops::wrap_dim(dim, self.dim(), "split");
  const int64_t n = self.size(d);
  TG_CHECK(split_size > 0 || n == 0,
           "split: split_size can only be 0 if dimension size is 0, but "
           "got dimension size of ",
           n);
  const int64_t pieces =
      split_size == 0 ? 1 : std::max<int64_t>((n + split_size - 1) / split_size, 1);
  std::vector<int64_t> lengths;
  for (int64_t i = 0; i < pieces; ++i) lengths.push_back(std::min(split_size, n - i * split_size));
  return pieces_along(self, d, lengths, false, "SplitBackward0");
}
std::vector<Tensor> Tensor::split(int64_t split_size, int64_t dim) const {
  return tg::split(*this, split_size, dim);
}
std::vector<Tensor> Tensor::split(IntArrayRef split_sizes, int64_t dim) const {
  TG_CHECK(this->dim() > 0, "split_with_sizes: expects at least a 1-dimensional tensor");
  const int64_t d = ops::wrap_dim(dim, this->dim(), "split_with_sizes");
  const int64_t n = size(d);
  int64_t sum = 0;
  for (int64_t s : split_sizes) {
    TG_CHECK(s >= 0,
             "split_with_sizes: expects split_sizes have only non-negative entries, but "
             "got split_sizes=",
             split_sizes);
    sum += s;
  }
  TG_CHECK(sum == n, "split_with_sizes: expects split_sizes to sum exactly to ", n,
           " (input tensor's size at dimension ", d, "), but got split_sizes=", split_sizes);
  return pieces_along(*this, d, split_sizes.vec(), false, "SplitWithSizesBackward0");
}

std::vector<Tensor> chunk(const Tensor& self, int64_t chunks, int64_t dim) {
  TG_CHECK(self.dim() > 0, "chunk: chunk expects at least a 1-dimensional tensor");
  TG_CHECK(chunks > 0, "chunk: chunk expects `chunks` to be greater than 0, got: ", chunks);
  const int64_t d = ops::wrap_dim(dim, self.dim(), "chunk");
  const int64_t n = self.size(d);
  const int64_t split_size = (n + chunks - 1) / chunks;
  // As in PyTorch, a zero split size (an empty dim) still yields `chunks` empty pieces.
  if (split_size == 0 && n == 0)
    return pieces_along(self, d, std::vector<int64_t>(size_t(chunks), 0), false, "SplitBackward0");
  return split(self, split_size, d);
}
std::vector<Tensor> Tensor::chunk(int64_t chunks, int64_t dim) const {
  return tg::chunk(*this, chunks, dim);
}

std::vector<Tensor> unbind(const Tensor& self, int64_t dim) {
  TG_CHECK(self.dim() > 0, "unbind: dimension specified as ", dim, " but tensor has no dimensions");
  const int64_t d = ops::wrap_dim(dim, self.dim(), "unbind");
  return pieces_along(self, d, std::vector<int64_t>(size_t(self.size(d)), 1), true,
                      "UnbindBackward0");
}
std::vector<Tensor> Tensor::unbind(int64_t dim) const { return tg::unbind(*this, dim); }

std::vector<Tensor> broadcast_tensors(TensorList tensors) {
  DimVector shape;
  for (const Tensor& t : tensors)
    shape = ops::broadcast_shapes(shape, t.sizes(), "broadcast_tensors");
  std::vector<Tensor> out;
  for (const Tensor& t : tensors) out.push_back(t.expand(shape));
  return out;
}

} // namespace tg
