// Shape ops. view/transpose/permute/expand/squeeze/unsqueeze return views that share storage with
// their input; reshape is a view when the strides allow it and a copy otherwise, as in LibTorch.
// flip and constant_pad_nd copy.
#include <algorithm>
#include <cstring>
#include <numeric>

#include "autograd/kernels/loop.h"
#include "autograd/ops/index_internal.h"
#include "autograd/tensor/small_pool.h"

namespace tg {

using autograd::Node;
using autograd::variable_list;

namespace ops {
Tensor make_alias(const Tensor& self, IntArrayRef sizes, IntArrayRef strides, int64_t offset) {
  TensorImpl* impl = self.unsafeGetTensorImpl();
  return Tensor(
      detail::make_pooled<TensorImpl>(impl->storage(), impl->dtype(), sizes, strides, offset));
}

Tensor make_view(const Tensor& self, IntArrayRef sizes, IntArrayRef strides, int64_t offset) {
  Tensor out = make_alias(self, sizes, strides, offset);
  TensorImpl* impl = self.unsafeGetTensorImpl();
  TensorImpl* view = out.unsafeGetTensorImpl();
  // Views of views point at the root: the root's history is the one an in-place write rewrites.
  view->view_base_ = impl->view_base_ ? impl->view_base_ : self.impl();
  view->view_version_ = impl->version();
  // A view of a no-grad or multi-output view inherits its restriction, unless made in no-grad
  // mode itself (LibTorch's propagate_creation_meta).
  view->creation_meta_ = GradMode::is_enabled() ? impl->creation_meta_ : CreationMeta::NoGradMode;
  view->view_op_ = impl->view_op_;
  view->view_output_nr_ = impl->view_output_nr_;
  return out;
}

/// Resolves a single -1 in `shape` against `numel`.
DimVector infer_size(IntArrayRef shape, int64_t numel, const char* op) {
  DimVector out(shape);
  int64_t known = 1, infer_at = -1;
  for (size_t i = 0; i < shape.size(); ++i) {
    if (shape[i] == -1) {
      TG_CHECK(infer_at < 0, op, ": only one dimension can be inferred, got shape ", shape);
      infer_at = int64_t(i);
    } else {
      TG_CHECK(shape[i] >= 0, op, ": invalid shape dimension ", shape[i], " in ", shape);
      known *= shape[i];
    }
  }
  if (infer_at >= 0) {
    TG_CHECK(known != 0 && numel % known == 0, op, ": shape ", shape,
             " is invalid for input of size ", numel);
    out[infer_at] = numel / known;
  } else {
    TG_CHECK(known == numel, op, ": shape ", shape, " is invalid for input of size ", numel);
  }
  return out;
}

/// Strides that let `self` be viewed with `shape` without copying, if any exist.
std::optional<DimVector> view_strides(const Tensor& self, IntArrayRef shape) {
  if (self.is_contiguous()) return contiguous_strides(shape);
  // General case (PyTorch's computeStride): match chunks of old dims that are contiguous among
  // themselves to chunks of new dims with the same element count.
  IntArrayRef old_sizes = self.sizes(), old_strides = self.strides();
  DimVector out(shape.size());
  if (self.numel() == 0) return contiguous_strides(shape);
  int64_t view_d = int64_t(shape.size()) - 1;
  int64_t chunk_base_stride = old_strides.empty() ? 1 : old_strides.back();
  int64_t tensor_numel = 1, view_numel = 1;
  for (int64_t d = int64_t(old_sizes.size()) - 1; d >= 0; --d) {
    tensor_numel *= old_sizes[d];
    if (d == 0 ||
        (old_sizes[d - 1] != 1 && old_strides[d - 1] != tensor_numel * chunk_base_stride)) {
      while (view_d >= 0 && (view_numel < tensor_numel || shape[view_d] == 1)) {
        out[view_d] = view_numel * chunk_base_stride;
        view_numel *= shape[view_d];
        --view_d;
      }
      if (view_numel != tensor_numel) return std::nullopt;
      if (d > 0) {
        chunk_base_stride = old_strides[d - 1];
        tensor_numel = 1;
        view_numel = 1;
      }
    }
  }
  if (view_d != -1) return std::nullopt;
  return out;
}
} // namespace ops

Tensor Tensor::view(IntArrayRef size) const {
  DimVector shape = ops::infer_size(size, numel(), "view");
  auto view_st = ops::view_strides(*this, shape);
  TG_CHECK(view_st.has_value(), "view: view size ", size,
           " is not compatible with input tensor's "
           "size ",
           sizes(), " and stride ", strides(),
           " (at least one dimension spans across "
           "two contiguous subspaces). Use .reshape(...) instead.");
  Tensor out = ops::make_view(*this, shape, *view_st, storage_offset());
  // d/dx view(x) = reshape of the gradient back to x's shape
  if (autograd::compute_requires_grad(*this)) {
    DimVector in_shape(sizes());
    autograd::record("ViewBackward0", {*this}, out, [in_shape](const Tensor& grad) {
      return variable_list{grad.reshape(in_shape)};
    });
  }
  return out;
}

Tensor reshape(const Tensor& self, IntArrayRef shape) { return self.reshape(shape); }
Tensor Tensor::reshape(IntArrayRef shape) const {
  DimVector s = ops::infer_size(shape, numel(), "reshape");
  if (ops::view_strides(*this, s)) return view(s);
  return contiguous().view(s);
}
Tensor Tensor::view_as(const Tensor& other) const { return view(other.sizes()); }
Tensor Tensor::reshape_as(const Tensor& other) const { return reshape(other.sizes()); }

Tensor flatten(const Tensor& self, int64_t start_dim, int64_t end_dim) {
  if (self.dim() == 0) return self.reshape({1});
  int64_t s = ops::wrap_dim(start_dim, self.dim(), "flatten");
  int64_t e = ops::wrap_dim(end_dim, self.dim(), "flatten");
  TG_CHECK(s <= e, "flatten: start_dim (", start_dim, ") cannot come after end_dim (", end_dim,
           ")");
  DimVector shape;
  for (int64_t d = 0; d < s; ++d) shape.push_back(self.size(d));
  int64_t mid = 1;
  for (int64_t d = s; d <= e; ++d) mid *= self.size(d);
  shape.push_back(mid);
  for (int64_t d = e + 1; d < self.dim(); ++d) shape.push_back(self.size(d));
  return self.reshape(shape);
}
Tensor Tensor::flatten(int64_t s, int64_t e) const { return tg::flatten(*this, s, e); }
Tensor Tensor::unflatten(int64_t dim, IntArrayRef sizes_) const {
  int64_t d = ops::wrap_dim(dim, this->dim(), "unflatten");
  DimVector shape;
  for (int64_t i = 0; i < d; ++i) shape.push_back(size(i));
  DimVector inner = ops::infer_size(sizes_, size(d), "unflatten");
  for (int64_t s : inner) shape.push_back(s);
  for (int64_t i = d + 1; i < this->dim(); ++i) shape.push_back(size(i));
  return view(shape);
}

Tensor permute(const Tensor& self, IntArrayRef dims) {
  TG_CHECK(int64_t(dims.size()) == self.dim(),
           "permute: number of dims don't match in permute "
           "(got ",
           dims.size(), " dims ", dims, " for a tensor of shape ", self.sizes(), ")");
  DimVector perm, sizes, strides, inverse(dims.size());
  std::vector<bool> seen(dims.size(), false);
  for (size_t i = 0; i < dims.size(); ++i) {
    int64_t d = ops::wrap_dim(dims[i], self.dim(), "permute");
    TG_CHECK(!seen[d], "permute: repeated dim ", d, " in ", dims);
    seen[d] = true;
    perm.push_back(d);
    inverse[d] = int64_t(i);
    sizes.push_back(self.size(d));
    strides.push_back(self.stride(d));
  }
  Tensor out = ops::make_view(self, sizes, strides, self.storage_offset());
  // the gradient is permuted back with the inverse permutation
  if (autograd::compute_requires_grad(self)) {
    autograd::record("PermuteBackward0", {self}, out, [inverse](const Tensor& grad) {
      return variable_list{grad.permute(inverse)};
    });
  }
  return out;
}
Tensor Tensor::permute(IntArrayRef dims) const { return tg::permute(*this, dims); }

namespace {
Tensor transpose_impl(const Tensor& self, int64_t dim0, int64_t dim1, const char* node_name) {
  int64_t n = self.dim();
  if (n == 0) return self.view({});
  int64_t a = ops::wrap_dim(dim0, n, "transpose"), b = ops::wrap_dim(dim1, n, "transpose");
  DimVector sizes(self.sizes()), strides(self.strides());
  std::swap(sizes[a], sizes[b]);
  std::swap(strides[a], strides[b]);
  Tensor out = ops::make_view(self, sizes, strides, self.storage_offset());
  // transposing the gradient undoes the transpose. The window (all of the input, two strides
  // swapped) lets a backward function add its gradient straight into a transposed leaf's .grad()
  // (linear's weight.t(): autograd/graph/gradient_destination.h).
  if (autograd::compute_requires_grad(self)) {
    autograd::GradientWindow window{sizes, contiguous_strides(self.sizes()), 0};
    std::swap(window.strides[a], window.strides[b]);
    autograd::record_view(node_name, self, {&out}, {std::move(window)}, [a, b](const Tensor& grad) {
      return variable_list{grad.transpose(a, b)};
    });
  }
  return out;
}
} // namespace
Tensor transpose(const Tensor& self, int64_t dim0, int64_t dim1) {
  return transpose_impl(self, dim0, dim1, "TransposeBackward0");
}
Tensor Tensor::transpose(int64_t d0, int64_t d1) const { return tg::transpose(*this, d0, d1); }
Tensor t(const Tensor& self) {
  TG_CHECK(self.dim() <= 2, "t(): expects a tensor with <= 2 dimensions, but self is ", self.dim(),
           "D");
  // LibTorch names t()'s node TBackward0.
  return self.dim() < 2 ? self.view(self.sizes()) : transpose_impl(self, 0, 1, "TBackward0");
}
Tensor Tensor::t() const { return tg::t(*this); }

Tensor unsqueeze(const Tensor& self, int64_t dim) {
  int64_t d = ops::wrap_dim(dim, self.dim() + 1, "unsqueeze");
  DimVector sizes(self.sizes()), strides(self.strides());
  int64_t st = d < self.dim() ? self.stride(d) * self.size(d) : 1;
  sizes.insert(size_t(d), 1);
  strides.insert(size_t(d), st);
  Tensor out = ops::make_view(self, sizes, strides, self.storage_offset());
  // d/dx unsqueeze(x) = squeeze of the gradient
  if (autograd::compute_requires_grad(self)) {
    autograd::record("UnsqueezeBackward0", {self}, out,
                     [d](const Tensor& grad) { return variable_list{grad.squeeze(d)}; });
  }
  return out;
}
Tensor Tensor::unsqueeze(int64_t dim) const { return tg::unsqueeze(*this, dim); }

namespace {
Tensor squeeze_dims(const Tensor& self, const std::vector<bool>& drop, const char* name) {
  DimVector sizes, strides;
  for (int64_t d = 0; d < self.dim(); ++d) {
    if (drop[d]) continue;
    sizes.push_back(self.size(d));
    strides.push_back(self.stride(d));
  }
  Tensor out = ops::make_view(self, sizes, strides, self.storage_offset());
  if (autograd::compute_requires_grad(self)) {
    DimVector in_shape(self.sizes());
    autograd::record(name, {self}, out, [in_shape](const Tensor& grad) {
      return variable_list{grad.reshape(in_shape)};
    });
  }
  return out;
}
} // namespace
Tensor squeeze(const Tensor& self) {
  std::vector<bool> drop(self.dim());
  for (int64_t d = 0; d < self.dim(); ++d) drop[d] = self.size(d) == 1;
  return squeeze_dims(self, drop, "SqueezeBackward0");
}
Tensor squeeze(const Tensor& self, int64_t dim) {
  std::vector<bool> drop(self.dim(), false);
  if (self.dim() > 0) {
    int64_t d = ops::wrap_dim(dim, self.dim(), "squeeze");
    drop[d] = self.size(d) == 1;
  }
  return squeeze_dims(self, drop, "SqueezeBackward1");
}
Tensor Tensor::squeeze() const { return tg::squeeze(*this); }
Tensor Tensor::squeeze(int64_t dim) const { return tg::squeeze(*this, dim); }

Tensor Tensor::expand(IntArrayRef size, bool) const {
  TG_CHECK(int64_t(size.size()) >= dim(), "expand: the number of sizes provided (", size.size(),
           ") must be greater or equal to the number of dimensions in the tensor (", dim(), ")");
  int64_t lead = int64_t(size.size()) - dim();
  DimVector new_sizes(size.size()), new_strides(size.size());
  for (int64_t i = int64_t(size.size()) - 1; i >= 0; --i) {
    int64_t d = i - lead;
    int64_t have = d >= 0 ? this->size(d) : 1;
    int64_t want = size[i] == -1 ? have : size[i];
    TG_CHECK(d >= 0 || size[i] != -1,
             "expand: -1 is not allowed in a leading, non-existing dimension");
    TG_CHECK(have == want || have == 1, "expand: the expanded size of the tensor (", want,
             ") must match the existing size (", have, ") at non-singleton dimension ", i,
             ".  Target sizes: ", size, ".  Tensor sizes: ", sizes());
    new_sizes[i] = want;
    new_strides[i] = (d >= 0 && have == want) ? stride(d) : 0;
  }
  Tensor out = ops::make_view(*this, new_sizes, new_strides, storage_offset());
  // an expanded element is used many times: its gradient is the sum over the copies
  if (autograd::compute_requires_grad(*this)) {
    DimVector in_shape(sizes());
    autograd::record("ExpandBackward0", {*this}, out, [in_shape](const Tensor& grad) {
      return variable_list{ops::sum_to(grad, in_shape)};
    });
  }
  return out;
}
Tensor Tensor::expand_as(const Tensor& other) const { return expand(other.sizes()); }

Tensor Tensor::repeat(IntArrayRef repeats) const {
  TG_CHECK(int64_t(repeats.size()) >= dim(), "repeat: number of dimensions of repeat dims (",
           repeats.size(), ") can not be smaller than number of dimensions of tensor (", dim(),
           ")");
  // repeat = expand over interleaved singleton dims, then reshape; autograd comes from those ops
  int64_t lead = int64_t(repeats.size()) - dim();
  DimVector padded;
  for (int64_t i = 0; i < lead; ++i) padded.push_back(1);
  for (int64_t s : sizes()) padded.push_back(s);
  DimVector inter, expanded, final_shape;
  for (size_t i = 0; i < repeats.size(); ++i) {
    inter.push_back(1);
    inter.push_back(padded[i]);
    expanded.push_back(repeats[i]);
    expanded.push_back(padded[i]);
    final_shape.push_back(repeats[i] * padded[i]);
  }
  return reshape(inter).expand(expanded).contiguous().view(final_shape);
}

Tensor& Tensor::squeeze_() const {
  Tensor s = tg::squeeze(*this);
  unsafeGetTensorImpl()->set_sizes_and_strides(s.sizes(), s.strides(), storage_offset());
  return self_ref();
}
Tensor& Tensor::unsqueeze_(int64_t dim) const {
  Tensor s = tg::unsqueeze(*this, dim);
  unsafeGetTensorImpl()->set_sizes_and_strides(s.sizes(), s.strides(), storage_offset());
  return self_ref();
}
Tensor& Tensor::resize_(IntArrayRef size) const {
  int64_t n = compute_numel(size, "resize_");
  TensorImpl* impl = unsafeGetTensorImpl();
  size_t need = size_t(n + storage_offset()) * element_size();
  if (need > impl->storage()->nbytes) {
    TG_CHECK(impl->storage()->owned, "resize_: cannot grow a tensor over memory it does not own "
                                     "(from_blob)");
    // Grow the storage in place (every handle sees it), keeping the old bytes as a prefix.
    auto grown = std::make_shared<StorageImpl>(need, device());
    // An empty tensor's storage has no buffer, and memcpy from a null pointer is undefined even
    // for zero bytes (UBSan reports it).
    if (impl->storage()->nbytes > 0)
      std::memcpy(grown->data, impl->storage()->data, impl->storage()->nbytes);
    impl->set_storage(std::move(grown));
  }
  impl->set_sizes_contiguous(size);
  return self_ref();
}

} // namespace tg

namespace tg {

Tensor Tensor::slice(int64_t dim, std::optional<int64_t> start, std::optional<int64_t> end,
                     int64_t step) const {
  TG_CHECK(this->dim() > 0, "slice() cannot be applied to a 0-dim tensor.");
  TG_CHECK(step > 0, "slice: slice step must be positive, got ", step);
  int64_t d = ops::wrap_dim(dim, this->dim(), "slice");
  int64_t n = size(d);
  int64_t s = start.value_or(0), e = end.value_or(n);
  if (s < 0) s += n;
  if (e < 0) e += n;
  s = std::clamp<int64_t>(s, 0, n);
  e = std::clamp<int64_t>(e, s, n);
  DimVector sizes(this->sizes()), strides(this->strides());
  sizes[d] = (e - s + step - 1) / step;
  strides[d] *= step;
  Tensor out = ops::make_view(*this, sizes, strides, storage_offset() + s * stride(d));
  // the gradient lands in the sliced positions; zeros elsewhere
  if (autograd::compute_requires_grad(*this)) {
    DimVector in_shape(this->sizes());
    autograd::record_view("SliceBackward0", *this, {&out},
                          {ops::window_along(in_shape, d, s, sizes[d], step, false)},
                          [in_shape, d, s, e, step](const Tensor& grad) {
                            return variable_list{ops::slice_scatter(grad, in_shape, d, s, e, step)};
                          });
  }
  return out;
}
Tensor narrow(const Tensor& self, int64_t dim, int64_t start, int64_t length) {
  TG_CHECK(self.dim() > 0, "narrow() cannot be applied to a 0-dim tensor.");
  int64_t d = ops::wrap_dim(dim, self.dim(), "narrow");
  int64_t n = self.size(d);
  if (start < 0) start += n;
  TG_CHECK(start >= 0 && length >= 0 && start + length <= n, "narrow: start (", start,
           ") + length (", length, ") exceeds dimension size (", n, ") of tensor ", self.sizes());
  return self.slice(d, start, start + length, 1);
}
Tensor Tensor::narrow(int64_t dim, int64_t start, int64_t length) const {
  return tg::narrow(*this, dim, start, length);
}
Tensor select(const Tensor& self, int64_t dim, int64_t index) {
  TG_CHECK(self.dim() > 0, "select() cannot be applied to a 0-dim tensor.");
  int64_t d = ops::wrap_dim(dim, self.dim(), "select");
  int64_t n = self.size(d);
  TG_CHECK(index >= -n && index < n, "select(): index ", index, " out of range for tensor of size ",
           self.sizes(), " at dimension ", d);
  if (index < 0) index += n;
  DimVector sizes(self.sizes()), strides(self.strides());
  sizes.erase(size_t(d));
  strides.erase(size_t(d));
  Tensor out = ops::make_view(self, sizes, strides, self.storage_offset() + index * self.stride(d));
  // the gradient lands in slice `index` of dim d; zeros elsewhere
  if (autograd::compute_requires_grad(self)) {
    DimVector in_shape(self.sizes());
    autograd::record_view("SelectBackward0", self, {&out},
                          {ops::window_along(in_shape, d, index, 1, 1, true)},
                          [in_shape, d, index](const Tensor& grad) {
                            return variable_list{ops::slice_scatter(grad.unsqueeze(d), in_shape, d,
                                                                    index, index + 1, 1)};
                          });
  }
  return out;
}
Tensor Tensor::select(int64_t dim, int64_t index) const { return tg::select(*this, dim, index); }

// ------------------------------------------------------------------------------- as_strided
namespace ops {
int64_t storage_extent(const Geometry& g) {
  int64_t extent = 1;
  for (size_t d = 0; d < g.sizes.size(); ++d) {
    if (g.sizes[d] == 0) return 0;
    extent += (g.sizes[d] - 1) * g.strides[d];
  }
  return extent;
}

bool is_non_overlapping(const Geometry& g) {
  // Taken from the smallest stride up, each dim must step past everything the smaller ones span.
  std::vector<std::pair<int64_t, int64_t>> dims; // (stride, size) of dims with more than 1 element
  for (size_t d = 0; d < g.sizes.size(); ++d)
    if (g.sizes[d] > 1) dims.emplace_back(g.strides[d], g.sizes[d]);
  std::sort(dims.begin(), dims.end());
  int64_t span = 0;
  for (auto [stride, size] : dims) {
    if (stride <= span) return false;
    span += (size - 1) * stride;
  }
  return true;
}

namespace {
/// zeros(n) with `values` (shaped as the window `geom`) added at the positions `geom` sees,
/// counted from `lo`; positions seen several times get the sum. Differentiable through
/// scatter_add when it must be (create_graph), a strided copy otherwise.
Tensor embed_in_flat(const Tensor& values, const Geometry& geom, int64_t lo, int64_t n) {
  Tensor flat = zeros({n}, values.scalar_type());
  if (!(GradMode::is_enabled() && values.requires_grad()) && is_non_overlapping(geom)) {
    kernels::copy(make_alias(flat, geom.sizes, geom.strides, geom.offset - lo), values);
    return flat;
  }
  Tensor positions = empty_tensor(geom.sizes, kLong);
  kernels::strided_positions(positions.data_ptr<int64_t>(), geom.sizes, geom.strides,
                             geom.offset - lo);
  return flat.scatter_add(0, positions.reshape({-1}), values.reshape({-1}));
}
} // namespace

Tensor as_strided_backward(const Tensor& grad, const Geometry& input, const Geometry& view) {
  // Both windows look at one storage: work on a flat buffer covering both of them.
  const int64_t lo = std::min(input.offset, view.offset);
  const int64_t hi =
      std::max(input.offset + storage_extent(input), view.offset + storage_extent(view));
  Tensor flat = embed_in_flat(grad, view, lo, hi - lo);
  if (!is_non_overlapping(input)) {
    // Input elements that share a location share what arrives there (as LibTorch does).
    Tensor count = embed_in_flat(ones(input.sizes, grad.scalar_type()), input, lo, hi - lo);
    flat = flat / count.clamp_min(1);
  }
  return flat.as_strided(input.sizes, input.strides, flat.storage_offset() + input.offset - lo);
}
} // namespace ops

Tensor as_strided(const Tensor& self, IntArrayRef size, IntArrayRef stride,
                  std::optional<int64_t> storage_offset) {
  TG_CHECK(size.size() == stride.size(), "as_strided: mismatch in length of strides and shape (",
           size.size(), " sizes ", size, ", ", stride.size(), " strides ", stride, ")");
  const int64_t offset = storage_offset.value_or(self.storage_offset());
  TG_CHECK(offset >= 0, "as_strided: invalid storage offset ", offset);
  for (size_t d = 0; d < size.size(); ++d) {
    TG_CHECK(size[d] >= 0, "as_strided: negative size ", size[d], " in ", size);
    TG_CHECK(stride[d] >= 0, "as_strided: negative strides are not supported, got strides ",
             stride);
  }
  ops::Geometry view{DimVector(size), DimVector(stride), offset};
  const int64_t element = int64_t(self.element_size());
  const int64_t needed = (offset + ops::storage_extent(view)) * element;
  const int64_t available = int64_t(self.unsafeGetTensorImpl()->storage()->nbytes);
  TG_CHECK(ops::storage_extent(view) == 0 || needed <= available, "as_strided: sizes ", size,
           ", strides ", stride, ", storage offset ", offset, " and itemsize ", element,
           " require a storage of ", needed, " bytes, out of bounds for a storage of ", available,
           " bytes");
  Tensor out = ops::make_view(self, size, stride, offset);
  // d/dx as_strided(x) = each output element's gradient added back where it read x
  if (autograd::compute_requires_grad(self)) {
    ops::Geometry input = ops::Geometry::of(*self.unsafeGetTensorImpl());
    autograd::record("AsStridedBackward0", {self}, out, [input, view](const Tensor& grad) {
      return variable_list{ops::as_strided_backward(grad, input, view)};
    });
  }
  return out;
}
Tensor Tensor::as_strided(IntArrayRef size, IntArrayRef stride,
                          std::optional<int64_t> storage_offset) const {
  return tg::as_strided(*this, size, stride, storage_offset);
}

Tensor diagonal(const Tensor& self, int64_t offset, int64_t dim1, int64_t dim2) {
  TG_CHECK(self.dim() >= 2, "diagonal: expected a tensor with at least 2 dimensions, got ",
           self.sizes());
  const int64_t d1 = ops::wrap_dim(dim1, self.dim(), "diagonal");
  const int64_t d2 = ops::wrap_dim(dim2, self.dim(), "diagonal");
  TG_CHECK(d1 != d2, "diagonal: dimensions cannot be identical ", dim1, ", ", dim2);
  // Element k of the diagonal is (k, k + offset) of the (d1, d2) plane, or (k - offset, k).
  int64_t length = offset >= 0 ? std::min(self.size(d1), self.size(d2) - offset)
                               : std::min(self.size(d1) + offset, self.size(d2));
  length = std::max<int64_t>(length, 0);
  int64_t start = self.storage_offset();
  if (length > 0) start += offset >= 0 ? offset * self.stride(d2) : -offset * self.stride(d1);
  DimVector sizes, strides;
  for (int64_t d = 0; d < self.dim(); ++d) {
    if (d == d1 || d == d2) continue;
    sizes.push_back(self.size(d));
    strides.push_back(self.stride(d));
  }
  sizes.push_back(length);
  strides.push_back(self.stride(d1) + self.stride(d2));
  Tensor out = ops::make_view(self, sizes, strides, start);
  // the gradient lands on the diagonal; zeros elsewhere
  if (autograd::compute_requires_grad(self)) {
    ops::Geometry input = ops::Geometry::of(*self.unsafeGetTensorImpl());
    ops::Geometry view = ops::Geometry::of(*out.unsafeGetTensorImpl());
    autograd::record("DiagonalBackward0", {self}, out, [input, view](const Tensor& grad) {
      return variable_list{ops::as_strided_backward(grad, input, view)};
    });
  }
  return out;
}
Tensor Tensor::diagonal(int64_t offset, int64_t dim1, int64_t dim2) const {
  return tg::diagonal(*this, offset, dim1, dim2);
}

Tensor Tensor::unfold(int64_t dimension, int64_t size, int64_t step) const {
  TG_CHECK(dim() > 0, "unfold: expected a tensor with at least 1 dimension, got a 0-dim tensor");
  const int64_t d = ops::wrap_dim(dimension, dim(), "unfold");
  TG_CHECK(size >= 0 && size <= this->size(d), "unfold: maximum size for tensor at dimension ", d,
           " is ", this->size(d), " but size is ", size);
  TG_CHECK(step > 0, "unfold: step is ", step, " but must be > 0");
  DimVector sizes(this->sizes()), strides(this->strides());
  sizes[size_t(d)] = (this->size(d) - size) / step + 1;
  strides[size_t(d)] = stride(d) * step;
  sizes.push_back(size);
  strides.push_back(stride(d));
  Tensor out = ops::make_view(*this, sizes, strides, storage_offset());
  // windows may overlap (step < size): an element gets the sum over every window that holds it
  if (autograd::compute_requires_grad(*this)) {
    ops::Geometry input = ops::Geometry::of(*unsafeGetTensorImpl());
    ops::Geometry view = ops::Geometry::of(*out.unsafeGetTensorImpl());
    autograd::record("UnfoldBackward0", {*this}, out, [input, view](const Tensor& grad) {
      return variable_list{ops::as_strided_backward(grad, input, view)};
    });
  }
  return out;
}

namespace ops {
autograd::GradientWindow window_along(IntArrayRef shape, int64_t d, int64_t start, int64_t length,
                                      int64_t step, bool drop_dim) {
  autograd::GradientWindow w{DimVector(shape), contiguous_strides(shape), 0};
  w.offset = start * w.strides[size_t(d)];
  w.sizes[size_t(d)] = length;
  w.strides[size_t(d)] *= step;
  if (drop_dim) {
    w.sizes.erase(size_t(d));
    w.strides.erase(size_t(d));
  }
  return w;
}

Tensor slice_scatter(const Tensor& src, IntArrayRef shape, int64_t d, int64_t s, int64_t e,
                     int64_t step) {
  // Differentiable placement of `src` into zeros of `shape`: its own backward is slicing again.
  Tensor out = zeros(shape, src.scalar_type());
  {
    NoGradGuard ng;
    out.slice(d, s, e, step).copy_(src);
  }
  if (autograd::compute_requires_grad(src)) {
    autograd::record("SliceScatterBackward0", {src}, out, [d, s, e, step](const Tensor& grad) {
      return variable_list{grad.slice(d, s, e, step)};
    });
  }
  return out;
}
} // namespace ops

// ------------------------------------------------------------------------------- flip
// A copy, as in PyTorch (NumPy's flip is a view with negative strides). It sits with the views
// because it only rearranges entries, and its backward is flip again, as permute's is a permute.
Tensor flip(const Tensor& self, IntArrayRef dims) {
  std::vector<bool> flipped(size_t(std::max<int64_t>(self.dim(), 1)), false);
  DimVector wrapped;
  for (int64_t d : dims) {
    int64_t w = ops::wrap_dim(d, self.dim(), "flip");
    TG_CHECK(!flipped[size_t(w)],
             "flip: dims has duplicates, original flip dims size=", dims.size(),
             ", but unique flip dims size=", dims.size() - 1);
    flipped[size_t(w)] = true;
    wrapped.push_back(w);
  }
  // Read the source through strides negated along the flipped dims, starting at their far end.
  DimVector st(self.strides());
  int64_t base = 0;
  for (int64_t d = 0; d < self.dim(); ++d) {
    if (!flipped[size_t(d)] || self.size(d) == 0) continue;
    base += (self.size(d) - 1) * st[size_t(d)];
    st[size_t(d)] = -st[size_t(d)];
  }
  Tensor out = ops::empty_tensor(self.sizes(), self.scalar_type());
  std::vector<int64_t> offs = ops::offsets_of(self.sizes(), st);
  dispatch_all(self.scalar_type(), "flip", [&]<typename T>() {
    const T* s = static_cast<const T*>(self.unsafeGetTensorImpl()->data()) + base;
    T* o = out.data_ptr<T>();
    for (size_t i = 0; i < offs.size(); ++i) o[i] = s[offs[i]];
  });
  // d/dself flip(x) = flip of the gradient along the same dims
  if (autograd::compute_requires_grad(self)) {
    autograd::record("FlipBackward0", {self}, out,
                     [wrapped](const Tensor& grad) { return variable_list{grad.flip(wrapped)}; });
  }
  return out;
}
Tensor Tensor::flip(IntArrayRef dims) const { return tg::flip(*this, dims); }

// ------------------------------------------------------------------------------- padding
namespace {
Tensor finish_pad(Tensor out, const Tensor& self, IntArrayRef pad) {
  // The gradient of padding is the same window cut back out: padding by the negated amounts.
  if (autograd::compute_requires_grad(self)) {
    std::vector<int64_t> unpad(pad.begin(), pad.end());
    for (auto& p : unpad) p = -p;
    autograd::record("ConstantPadNdBackward0", {self}, out, [unpad](const Tensor& grad, Node&) {
      return variable_list{constant_pad_nd(grad, unpad, 0)};
    });
  }
  return out;
}
} // namespace

Tensor constant_pad_nd(const Tensor& self, IntArrayRef pad, const Scalar& value) {
  // pad holds (before, after) pairs starting from the last dim; a negative amount crops.
  TG_CHECK(pad.size() % 2 == 0, "constant_pad_nd: padding length must be divisible by 2, got ",
           pad.size());
  TG_CHECK(int64_t(pad.size()) / 2 <= self.dim(), "constant_pad_nd: padding length ", pad.size(),
           " is too large for a tensor of shape ", self.sizes(), " (at most 2 per dim)");
  std::vector<int64_t> out_sizes = self.sizes().vec();
  for (size_t i = 0; i < pad.size() / 2; ++i) {
    const int64_t d = self.dim() - 1 - int64_t(i);
    out_sizes[size_t(d)] += pad[2 * i] + pad[2 * i + 1];
    TG_CHECK(out_sizes[size_t(d)] >= 0, "constant_pad_nd: the padding ", pad,
             " gives a negative size in dim ", d, " of a tensor of shape ", self.sizes());
  }
  Tensor out;
  {
    NoGradGuard no_grad;
    out = full(out_sizes, value, self.options());
    // The part of the input that survives cropping, and where it lands in the output.
    Tensor src = self, dst = out;
    bool empty_window = false;
    for (size_t i = 0; i < pad.size() / 2 && !empty_window; ++i) {
      const int64_t d = self.dim() - 1 - int64_t(i), before = pad[2 * i], after = pad[2 * i + 1];
      const int64_t kept =
          self.size(d) - std::max<int64_t>(-before, 0) - std::max<int64_t>(-after, 0);
      empty_window = kept <= 0;
      if (!empty_window) {
        src = src.narrow(d, std::max<int64_t>(-before, 0), kept);
        dst = dst.narrow(d, std::max<int64_t>(before, 0), kept);
      }
    }
    if (!empty_window) dst.copy_(src);
  }
  return finish_pad(out, self, pad);
}

} // namespace tg
