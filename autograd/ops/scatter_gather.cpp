// Gather, scatter and masks: gather, scatter, scatter_add, masked_fill, masked_select, and
// one_hot (a scatter of ones along a new last dim). Each walks an index (or a mask) along one dim;
// the backward of a gather is a scatter_add and the backward of a scatter a gather.
#include <algorithm>

#include "autograd/kernels/loop.h"
#include "autograd/kernels/parallel_for.h"
#include "autograd/ops/index_internal.h"

namespace tg {

using autograd::Node;
using autograd::variable_list;
using ops::clone_data;
using ops::index_forward;
using ops::index_put_impl;
using ops::make_advanced;
using ops::offsets_of;
using ops::sizes1;
using ops::strides1;
using ops::without;

// ------------------------------------------------------------------- gather / scatter
namespace {

/// Outer positions (all dims but `dim`) of a loop over `loop_sizes`, as offsets into each operand.
struct DimLoop {
  std::vector<std::vector<int64_t>> off;
  DimVector stride; // per operand, along dim
  int64_t len = 0;  // loop length along dim
};

DimLoop make_dim_loop(IntArrayRef loop_sizes, int64_t dim,
                      std::initializer_list<const Tensor*> ts) {
  DimLoop L;
  DimVector outer = without(loop_sizes, dim);
  L.len = loop_sizes[size_t(dim)];
  for (const Tensor* t : ts) {
    DimVector st = strides1(*t);
    L.off.push_back(offsets_of(outer, without(st, dim)));
    L.stride.push_back(st[size_t(dim)]);
  }
  return L;
}

void check_index_tensor(const Tensor& index, const char* op) {
  TG_CHECK(index.scalar_type() == kLong, op, ": expected dtype int64 for index, got ",
           index.scalar_type());
}

/// gather/scatter shape rules: same number of dims, and index no larger than `other` (except
/// along dim when `except_dim`).
void check_index_shape(const Tensor& self, const Tensor& index, int64_t dim, const char* op,
                       const char* what, bool except_dim) {
  TG_CHECK(std::max<int64_t>(index.dim(), 1) == std::max<int64_t>(self.dim(), 1), op,
           ": index tensor must have the same number of dimensions as ", what, " tensor (index ",
           index.sizes(), ", ", what, " ", self.sizes(), ")");
  DimVector is = sizes1(index), ss = sizes1(self);
  for (size_t d = 0; d < is.size(); ++d) {
    if (except_dim && int64_t(d) == dim) continue;
    TG_CHECK(is[d] <= ss[d], op, ": size does not match at dimension ", d, ": expected index ",
             index.sizes(), " to be smaller than ", what, " ", self.sizes(),
             except_dim ? " apart from dimension " : "", except_dim ? std::to_string(dim) : "");
  }
}

/// Zero-pads a gradient of `index`'s shape up to `shape` (a scatter's src larger than its index).
Tensor pad_to(Tensor g, IntArrayRef shape) {
  for (int64_t d = 0; d < g.dim(); ++d) {
    if (g.size(d) == shape[size_t(d)]) continue;
    DimVector s(g.sizes());
    s[size_t(d)] = shape[size_t(d)];
    g = ops::slice_scatter(g, s, d, 0, g.size(d), 1);
  }
  return g;
}

enum class ScatterMode { Assign, Add };

/// out[index[i][j]][j] (=|+=) src[i][j] along `dim`, in place into `out`; no autograd. An undefined
/// `src` means the scalar `value`.
void scatter_kernel(const Tensor& out, int64_t dim, const Tensor& index, const Tensor& src,
                    const Scalar& value, ScatterMode mode, const char* op) {
  if (index.numel() == 0) return;
  DimVector is = sizes1(index);
  DimLoop L = src.defined() ? make_dim_loop(is, dim, {&index, &src, &out})
                            : make_dim_loop(is, dim, {&index, &index, &out});
  const int64_t n = sizes1(out)[size_t(dim)];
  dispatch_all(out.scalar_type(), op, [&]<typename T>() {
    T* o = static_cast<T*>(out.unsafeGetTensorImpl()->data());
    const int64_t* ip = static_cast<const int64_t*>(index.unsafeGetTensorImpl()->data());
    const T* sp =
        src.defined() ? static_cast<const T*>(src.unsafeGetTensorImpl()->data()) : nullptr;
    const T v = value.to<T>();
    for (size_t r = 0; r < L.off[0].size(); ++r) {
      for (int64_t j = 0; j < L.len; ++j) {
        int64_t k = ip[L.off[0][r] + j * L.stride[0]];
        TG_CHECK(k >= 0 && k < n, op, ": index ", k, " is out of bounds for dimension ", dim,
                 " with size ", n);
        T x = sp ? sp[L.off[1][r] + j * L.stride[1]] : v;
        T& dst = o[L.off[2][r] + k * L.stride[2]];
        if constexpr (std::is_same_v<T, bool>) {
          dst = mode == ScatterMode::Add ? (dst || x) : x;
        } else {
          dst = mode == ScatterMode::Add ? T(dst + x) : x;
        }
      }
    }
  });
}

struct ScatterArgs {
  int64_t dim;
  Tensor src; // converted to self's dtype; undefined for a scalar value
};

ScatterArgs check_scatter(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& src,
                          const char* op) {
  ScatterArgs a{ops::wrap_dim(dim, self.dim(), op), Tensor()};
  check_index_tensor(index, op);
  check_index_shape(self, index, a.dim, op, "self", true);
  if (src.defined()) {
    check_index_shape(src, index, a.dim, op, "src", false);
    a.src = src.scalar_type() == self.scalar_type() ? src : src.to(self.scalar_type());
  }
  return a;
}

} // namespace

Tensor gather(const Tensor& self, int64_t dim, const Tensor& index, bool) {
  const int64_t d = ops::wrap_dim(dim, self.dim(), "gather");
  check_index_tensor(index, "gather");
  check_index_shape(self, index, d, "gather", "input", true);
  Tensor out = ops::empty_tensor(index.sizes(), self.scalar_type());
  if (index.numel() > 0) {
    DimLoop L = make_dim_loop(sizes1(index), d, {&index, &self, &out});
    const int64_t n = sizes1(self)[size_t(d)];
    dispatch_all(self.scalar_type(), "gather", [&]<typename T>() {
      const T* s = static_cast<const T*>(self.unsafeGetTensorImpl()->data());
      const int64_t* ip = static_cast<const int64_t*>(index.unsafeGetTensorImpl()->data());
      T* o = out.data_ptr<T>();
      auto body = [&](size_t r0, size_t r1) {
        for (size_t r = r0; r < r1; ++r) {
          for (int64_t j = 0; j < L.len; ++j) {
            int64_t k = ip[L.off[0][r] + j * L.stride[0]];
            TG_CHECK(k >= 0 && k < n, "gather: index ", k, " is out of bounds for dimension ", d,
                     " with size ", n);
            o[L.off[2][r] + j * L.stride[2]] = s[L.off[1][r] + k * L.stride[1]];
          }
        }
      };
      const size_t rows = L.off[0].size();
      if (index.numel() < kernels::kParallelGrain) {
        body(0, rows);
      } else {
        size_t grain =
            size_t(std::max<int64_t>(1, kernels::kParallelGrain / std::max<int64_t>(L.len, 1)));
        kernels::parallel_for(0, int64_t(rows), int64_t(grain), body);
      }
    });
  }
  // d/dself: each gathered element's gradient goes back to its source, summed over repeats
  if (autograd::compute_requires_grad(self)) {
    DimVector shape(self.sizes());
    autograd::record("GatherBackward0", {self}, out, [shape, d, index](const Tensor& grad) {
      return variable_list{zeros(shape, grad.scalar_type()).scatter_add(d, index, grad)};
    });
  }
  return out;
}
Tensor Tensor::gather(int64_t dim, const Tensor& index, bool sparse_grad) const {
  return tg::gather(*this, dim, index, sparse_grad);
}

Tensor scatter_add(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& src) {
  TG_CHECK(src.defined(), "scatter_add: src is undefined");
  ScatterArgs a = check_scatter(self, dim, index, src, "scatter_add");
  Tensor out = clone_data(self);
  scatter_kernel(out, a.dim, index, a.src, 0, ScatterMode::Add, "scatter_add");
  // d/dself = 1; d/dsrc = the gradient read back at the scattered positions
  if (autograd::compute_requires_grad(self, src)) {
    DimVector src_shape(src.sizes());
    autograd::record("ScatterAddBackward0", {self, src}, out,
                     [d = a.dim, index, src_shape](const Tensor& grad, Node& node) {
                       Tensor gsrc;
                       if (node.needs_input_grad(1))
                         gsrc = pad_to(grad.gather(d, index), src_shape);
                       return variable_list{grad, gsrc};
                     });
  }
  return out;
}
Tensor Tensor::scatter_add(int64_t dim, const Tensor& index, const Tensor& src) const {
  return tg::scatter_add(*this, dim, index, src);
}
Tensor& Tensor::scatter_add_(int64_t dim, const Tensor& index, const Tensor& src) const {
  ops::check_inplace(*this, "scatter_add_");
  if (autograd::compute_requires_grad(*this, src))
    return ops::commit_inplace(*this, tg::scatter_add(*this, dim, index, src), "scatter_add_");
  ScatterArgs a = check_scatter(*this, dim, index, src, "scatter_add_");
  scatter_kernel(*this, a.dim, index, a.src, 0, ScatterMode::Add, "scatter_add_");
  ops::bump_version(*this);
  return self_ref();
}

Tensor scatter(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& src) {
  TG_CHECK(src.defined(), "scatter: src is undefined");
  ScatterArgs a = check_scatter(self, dim, index, src, "scatter");
  Tensor out = clone_data(self);
  scatter_kernel(out, a.dim, index, a.src, 0, ScatterMode::Assign, "scatter");
  // d/dself = 1 except at overwritten positions; d/dsrc = the gradient at the written positions
  if (autograd::compute_requires_grad(self, src)) {
    DimVector src_shape(src.sizes());
    autograd::record("ScatterBackward0", {self, src}, out,
                     [d = a.dim, index, src_shape](const Tensor& grad, Node& node) {
                       Tensor gs, gsrc;
                       if (node.needs_input_grad(0)) gs = grad.scatter(d, index, 0);
                       if (node.needs_input_grad(1))
                         gsrc = pad_to(grad.gather(d, index), src_shape);
                       return variable_list{gs, gsrc};
                     });
  }
  return out;
}
Tensor Tensor::scatter(int64_t dim, const Tensor& index, const Tensor& src) const {
  return tg::scatter(*this, dim, index, src);
}
Tensor Tensor::scatter(int64_t dim, const Tensor& index, const Scalar& value) const {
  ScatterArgs a = check_scatter(*this, dim, index, Tensor(), "scatter");
  Tensor out = clone_data(*this);
  scatter_kernel(out, a.dim, index, Tensor(), value, ScatterMode::Assign, "scatter");
  // d/dself = 1 except at the positions overwritten by the constant
  if (autograd::compute_requires_grad(*this)) {
    autograd::record("ScatterBackward1", {*this}, out, [d = a.dim, index](const Tensor& grad) {
      return variable_list{grad.scatter(d, index, 0)};
    });
  }
  return out;
}
Tensor& Tensor::scatter_(int64_t dim, const Tensor& index, const Tensor& src) const {
  ops::check_inplace(*this, "scatter_");
  if (autograd::compute_requires_grad(*this, src))
    return ops::commit_inplace(*this, tg::scatter(*this, dim, index, src), "scatter_");
  ScatterArgs a = check_scatter(*this, dim, index, src, "scatter_");
  scatter_kernel(*this, a.dim, index, a.src, 0, ScatterMode::Assign, "scatter_");
  ops::bump_version(*this);
  return self_ref();
}
Tensor& Tensor::scatter_(int64_t dim, const Tensor& index, const Scalar& value) const {
  ops::check_inplace(*this, "scatter_");
  if (autograd::compute_requires_grad(*this))
    return ops::commit_inplace(*this, scatter(dim, index, value), "scatter_");
  ScatterArgs a = check_scatter(*this, dim, index, Tensor(), "scatter_");
  scatter_kernel(*this, a.dim, index, Tensor(), value, ScatterMode::Assign, "scatter_");
  ops::bump_version(*this);
  return self_ref();
}

// ------------------------------------------------------------------- masked_fill / masked_select
namespace {
void check_mask(const Tensor& mask, const char* op) {
  TG_CHECK(mask.defined(), op, ": mask is undefined");
  TG_CHECK(mask.scalar_type() == kBool, op, ": expected a boolean mask, but got mask with dtype ",
           mask.scalar_type());
}

/// out = mask ? value : self over the broadcast of self and mask; no autograd.
Tensor masked_fill_forward(const Tensor& self, const Tensor& mask, const Scalar& value,
                           const char* op) {
  check_mask(mask, op);
  DimVector shape = ops::broadcast_shapes(self.sizes(), mask.sizes(), op);
  Tensor out = ops::empty_tensor(shape, self.scalar_type());
  dispatch_all(self.scalar_type(), op, [&]<typename T>() {
    const T v = value.to<T>();
    kernels::map2<T, T, bool>(out, self, mask, [v](T x, bool m) { return m ? v : x; });
  });
  return out;
}
} // namespace

Tensor masked_fill(const Tensor& self, const Tensor& mask, const Scalar& value) {
  Tensor out = masked_fill_forward(self, mask, value, "masked_fill");
  // d/dself = 1 where the mask is false, 0 where the value was written
  if (autograd::compute_requires_grad(self)) {
    autograd::record("MaskedFillBackward0", {self}, out, [mask](const Tensor& grad) {
      return variable_list{grad.masked_fill(mask, 0)};
    });
  }
  return out;
}
Tensor Tensor::masked_fill(const Tensor& mask, const Scalar& value) const {
  return tg::masked_fill(*this, mask, value);
}
Tensor Tensor::masked_fill(const Tensor& mask, const Tensor& value) const {
  TG_CHECK(value.defined() && value.dim() == 0,
           "masked_fill: only supports a 0-dimensional value "
           "tensor, but got tensor with ",
           value.defined() ? value.dim() : 0, " dimension(s)");
  Tensor out = masked_fill_forward(*this, mask, value.item(), "masked_fill");
  // d/dself = 1 where the mask is false; d/dvalue = sum of the gradient where it is true
  if (autograd::compute_requires_grad(*this, value)) {
    autograd::record("MaskedFillBackward1", {*this, value}, out,
                     [mask](const Tensor& grad, Node& node) {
                       Tensor gs, gv;
                       if (node.needs_input_grad(0)) gs = grad.masked_fill(mask, 0);
                       if (node.needs_input_grad(1))
                         gv = grad.masked_fill(mask.logical_not(), 0).sum();
                       return variable_list{gs, gv};
                     });
  }
  return out;
}
Tensor& Tensor::masked_fill_(const Tensor& mask, const Scalar& value) const {
  ops::check_inplace(*this, "masked_fill_", /*refuse_overlap=*/false);
  check_mask(mask, "masked_fill_");
  TG_CHECK(is_expandable_to(mask.sizes(), sizes()), "masked_fill_: mask of shape ", mask.sizes(),
           " cannot be broadcast to self of shape ", sizes());
  auto write = [&] {
    dispatch_all(scalar_type(), "masked_fill_", [&]<typename T>() {
      const T v = value.to<T>();
      kernels::map2<T, T, bool>(*this, *this, mask, [v](T x, bool m) { return m ? v : x; });
    });
  };
  if (autograd::compute_requires_grad(*this))
    return ops::commit_inplace(*this, tg::masked_fill(*this, mask, value), "masked_fill_", write);
  write();
  ops::bump_version(*this);
  return self_ref();
}

Tensor masked_select(const Tensor& self, const Tensor& mask) {
  check_mask(mask, "masked_select");
  DimVector shape = ops::broadcast_shapes(self.sizes(), mask.sizes(), "masked_select");
  Tensor out;
  std::vector<Tensor> cols(shape.size());
  Tensor src;
  {
    NoGradGuard ng;
    src = self.expand(shape);
    Tensor nz = nonzero(mask.expand(shape));
    for (size_t j = 0; j < shape.size(); ++j) cols[j] = nz.select(1, int64_t(j));
    if (shape.empty()) { // 0-dim: one element, picked or not
      src = src.reshape({1});
      cols = {mask.item<bool>() ? zeros({1}, kLong) : empty({0}, kLong)};
    }
    out = index_forward(src, make_advanced(src, cols, "masked_select"));
  }
  // d/dself: the gradient goes back to the selected positions, zeros elsewhere
  if (autograd::compute_requires_grad(self)) {
    DimVector src_shape(src.sizes());
    autograd::record("MaskedSelectBackward0", {self}, out,
                     [src_shape, cols, shape](const Tensor& grad) {
                       Tensor z = zeros(src_shape, grad.scalar_type());
                       return variable_list{index_put_impl(z, cols, grad, false).reshape(shape)};
                     });
  }
  return out;
}
Tensor Tensor::masked_select(const Tensor& mask) const { return tg::masked_select(*this, mask); }

// ------------------------------------------------------------------- one_hot
// zeros([*self.shape, num_classes]).scatter_(-1, self.unsqueeze(-1), 1), written directly. Integer
// in and out, so there is no gradient.
Tensor one_hot(const Tensor& self, int64_t num_classes) {
  TG_CHECK(self.scalar_type() == kLong,
           "one_hot: one_hot is only applicable to index tensor "
           "(int64), got ",
           self.scalar_type());
  Tensor idx = self.contiguous();
  const int64_t* p = idx.data_ptr<int64_t>();
  const int64_t n = idx.numel();
  if (num_classes == -1) {
    TG_CHECK(n > 0, "one_hot: can not infer total number of classes from empty tensor.");
    num_classes = *std::max_element(p, p + n) + 1;
  }
  TG_CHECK(num_classes >= 0, "one_hot: num_classes must be non-negative or -1, got ", num_classes);
  for (int64_t i = 0; i < n; ++i) {
    TG_CHECK(p[i] >= 0, "one_hot: class values must be non-negative, got ", p[i]);
    TG_CHECK(p[i] < num_classes, "one_hot: class values must be smaller than num_classes (",
             num_classes, "), got ", p[i]);
  }
  DimVector shape(self.sizes());
  shape.push_back(num_classes);
  Tensor out = zeros(shape, kLong);
  int64_t* o = out.data_ptr<int64_t>();
  for (int64_t i = 0; i < n; ++i) o[i * num_classes + p[i]] = 1;
  return out;
}

} // namespace tg
