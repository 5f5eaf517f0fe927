// Shape ops. view/transpose/permute/expand/squeeze/unsqueeze return views that share storage with
// their input; reshape is a view when the strides allow it and a copy otherwise, as in LibTorch.
#include <algorithm>
#include <cstring>
#include <numeric>

#include "autograd/ops/internal.h"
#include "autograd/small_pool.h"

namespace tg {

using autograd::Node;
using autograd::variable_list;

namespace ops {
Tensor make_view(const Tensor& self, IntArrayRef sizes, IntArrayRef strides, int64_t offset) {
  TensorImpl* impl = self.unsafeGetTensorImpl();
  auto view =
      detail::make_pooled<TensorImpl>(impl->storage(), impl->dtype(), sizes, strides, offset);
  view->is_view_ = true;
  return Tensor(std::move(view));
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
  // transposing the gradient undoes the transpose
  if (autograd::compute_requires_grad(self)) {
    autograd::record(node_name, {self}, out,
                     [a, b](const Tensor& grad) { return variable_list{grad.transpose(a, b)}; });
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
    autograd::record("SliceBackward0", {*this}, out, [in_shape, d, s, e, step](const Tensor& grad) {
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
  return self.slice(d, index, index + 1, 1).squeeze(d);
}
Tensor Tensor::select(int64_t dim, int64_t index) const { return tg::select(*this, dim, index); }

namespace ops {
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
