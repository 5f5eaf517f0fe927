// Indexing: Tensor::index / index_put_ (LibTorch's TensorIndex lists), index_select, gather,
// scatter, masked_fill / masked_select, sort / topk, nonzero, one_hot and flip.
//
// Basic indexing (integers, slices, None, Ellipsis) is made of view ops, so it shares storage and
// its backward comes from those views. Advanced indexing (int64 tensors, bool masks) copies: it is
// reduced to one canonical form, "index tensors on some dims of a source, broadcast together", and
// its gradient is the reverse, an index_put with accumulation (repeated indices add up).
#include <algorithm>
#include <cmath>
#include <numeric>

#include "autograd/tensor/indexing.h"
#include "autograd/kernels/loop.h"
#include "autograd/kernels/parallel_for.h"
#include "autograd/ops/internal.h"

namespace tg {

using autograd::Node;
using autograd::SavedVariable;
using autograd::variable_list;
using indexing::TensorIndex;

namespace indexing {
std::ostream& operator<<(std::ostream& os, const TensorIndex& index) {
  switch (index.type()) {
  case TensorIndexType::None:
    return os << "None";
  case TensorIndexType::Ellipsis:
    return os << "...";
  case TensorIndexType::Integer:
    return os << index.integer();
  case TensorIndexType::Boolean:
    return os << (index.boolean() ? "True" : "False");
  case TensorIndexType::Slice:
    return os << index.slice();
  case TensorIndexType::Tensor:
    return os << "Tensor";
  }
  return os;
}
} // namespace indexing

namespace {

/// Element offsets of every position of `sizes`, in row-major order, under `strides`.
std::vector<int64_t> offsets_of(IntArrayRef sizes, IntArrayRef strides) {
  int64_t n = 1;
  for (int64_t s : sizes) n *= s;
  std::vector<int64_t> out(static_cast<size_t>(n));
  if (n == 0) return out;
  const int64_t nd = int64_t(sizes.size());
  DimVector pos(sizes.size(), 0);
  int64_t off = 0;
  for (int64_t i = 0; i < n; ++i) {
    out[size_t(i)] = off;
    for (int64_t d = nd - 1; d >= 0; --d) {
      if (++pos[d] < sizes[d]) {
        off += strides[d];
        break;
      }
      off -= strides[d] * (sizes[d] - 1);
      pos[d] = 0;
    }
  }
  return out;
}

/// Sizes and strides with a 0-dim tensor seen as one element of a 1-dim tensor (gather, sort...).
DimVector sizes1(const Tensor& t) { return t.dim() == 0 ? DimVector{1} : DimVector(t.sizes()); }
DimVector strides1(const Tensor& t) { return t.dim() == 0 ? DimVector{1} : DimVector(t.strides()); }

DimVector without(IntArrayRef v, int64_t d) {
  DimVector out;
  for (int64_t i = 0; i < int64_t(v.size()); ++i)
    if (i != d) out.push_back(v[i]);
  return out;
}

Tensor clone_data(const Tensor& self) {
  Tensor out = ops::empty_tensor(self.sizes(), self.scalar_type());
  kernels::copy(out, self);
  return out;
}

/// Drops leading size-1 dims of a value to assign, so [1, 3] can be written into a [3] slot.
Tensor strip_leading_ones(const Tensor& v) {
  int64_t k = 0;
  while (k < v.dim() && v.size(k) == 1) ++k;
  if (k == 0) return v;
  return v.view(IntArrayRef(v.sizes().data() + k, size_t(v.dim() - k)));
}

// ------------------------------------------------------------------- advanced indexing core

/// Index tensors on some dims of a source, validated: int64, broadcast to one shape, wrapped into
/// [0, size). The result of indexing has the broadcast shape in place of the indexed dims (where
/// the first indexed dim was, when they are adjacent; in front otherwise, as in NumPy).
struct AdvancedIndex {
  std::vector<Tensor> indices; // per source dim: normalized index, or undefined
  DimVector indexed, rest;     // source dims with / without an index
  DimVector bshape;            // broadcast shape of the indices
  DimVector out_shape;
  int64_t insert_at = 0; // where bshape's dims start in out_shape
  int64_t bnumel = 1;
};

AdvancedIndex make_advanced(const Tensor& src, const std::vector<Tensor>& indices, const char* op) {
  AdvancedIndex ai;
  TG_CHECK(int64_t(indices.size()) <= src.dim(), op, ": too many indices for tensor of dimension ",
           src.dim(), " (got ", indices.size(), ")");
  bool first = true;
  for (size_t d = 0; d < indices.size(); ++d) {
    const Tensor& t = indices[d];
    if (!t.defined()) continue;
    TG_CHECK(t.scalar_type() == kLong || t.scalar_type() == kInt, op,
             ": tensors used as indices must be long, int or bool tensors, got ", t.scalar_type());
    ai.bshape = first ? DimVector(t.sizes()) : ops::broadcast_shapes(ai.bshape, t.sizes(), op);
    first = false;
    ai.indexed.push_back(int64_t(d));
  }
  TG_INTERNAL_ASSERT(!first);
  for (int64_t d = 0; d < src.dim(); ++d)
    if (d >= int64_t(indices.size()) || !indices[size_t(d)].defined()) ai.rest.push_back(d);
  for (int64_t s : ai.bshape) ai.bnumel *= s;
  bool adjacent = ai.indexed.back() - ai.indexed[0] + 1 == int64_t(ai.indexed.size());
  ai.insert_at = adjacent ? ai.indexed[0] : 0;
  for (int64_t i = 0; i < ai.insert_at; ++i) ai.out_shape.push_back(src.size(ai.rest[size_t(i)]));
  for (int64_t s : ai.bshape) ai.out_shape.push_back(s);
  for (size_t i = size_t(ai.insert_at); i < ai.rest.size(); ++i)
    ai.out_shape.push_back(src.size(ai.rest[i]));

  ai.indices.resize(size_t(src.dim()));
  NoGradGuard ng;
  for (int64_t d : ai.indexed) {
    const Tensor& t = indices[size_t(d)];
    // A fresh copy: the wrapped values must not be written into the caller's tensor.
    Tensor norm = ops::empty_tensor(ai.bshape, kLong);
    kernels::copy(norm, t.expand(ai.bshape));
    int64_t* p = norm.data_ptr<int64_t>();
    const int64_t n = src.size(d);
    for (int64_t i = 0; i < ai.bnumel; ++i) {
      int64_t v = p[i];
      TG_CHECK(v >= -n && v < n, op, ": index ", v, " is out of bounds for dimension ", d,
               " with size ", n);
      p[i] = v < 0 ? v + n : v;
    }
    ai.indices[size_t(d)] = norm;
  }
  return ai;
}

/// Strides of `t` (shaped as the indexing result) rearranged to [bshape..., rest...] order.
std::pair<DimVector, DimVector> canonical_strides(const AdvancedIndex& ai, IntArrayRef strides) {
  const int64_t nb = int64_t(ai.bshape.size());
  DimVector bst, rst;
  for (int64_t j = 0; j < nb; ++j) bst.push_back(strides[size_t(ai.insert_at + j)]);
  for (int64_t i = 0; i < int64_t(ai.rest.size()); ++i)
    rst.push_back(strides[size_t(i < ai.insert_at ? i : i + nb)]);
  return {bst, rst};
}

/// Offsets into `src` of each broadcast index position, and of each position of the other dims.
std::pair<std::vector<int64_t>, std::vector<int64_t>> source_offsets(const AdvancedIndex& ai,
                                                                     const Tensor& src) {
  std::vector<int64_t> boff(size_t(ai.bnumel), 0);
  for (int64_t d : ai.indexed) {
    const int64_t* p = ai.indices[size_t(d)].data_ptr<int64_t>();
    const int64_t st = src.stride(d);
    for (int64_t i = 0; i < ai.bnumel; ++i) boff[size_t(i)] += p[i] * st;
  }
  DimVector rsizes, rstrides;
  for (int64_t d : ai.rest) {
    rsizes.push_back(src.size(d));
    rstrides.push_back(src.stride(d));
  }
  return {std::move(boff), offsets_of(rsizes, rstrides)};
}

DimVector rest_sizes(const AdvancedIndex& ai, const Tensor& src) {
  DimVector r;
  for (int64_t d : ai.rest) r.push_back(src.size(d));
  return r;
}

/// out = src[indices], no autograd.
Tensor index_forward(const Tensor& src, const AdvancedIndex& ai) {
  Tensor out = ops::empty_tensor(ai.out_shape, src.scalar_type());
  if (out.numel() == 0) return out;
  // Plain names, not structured bindings: clang before 16 cannot capture those in the lambda.
  const auto src_offsets = source_offsets(ai, src);
  const auto out_strides = canonical_strides(ai, out.strides());
  const std::vector<int64_t>&sb = src_offsets.first, &sr = src_offsets.second;
  const DimVector &ob_st = out_strides.first, &or_st = out_strides.second;
  std::vector<int64_t> ob = offsets_of(ai.bshape, ob_st),
                       orr = offsets_of(rest_sizes(ai, src), or_st);
  dispatch_all(src.scalar_type(), "index", [&]<typename T>() {
    const T* s = static_cast<const T*>(src.unsafeGetTensorImpl()->data());
    T* o = out.data_ptr<T>();
    const int64_t nr = int64_t(sr.size());
    // When the non-indexed dims are contiguous in both (a batch gathered by index_select(0, ...)
    // from a contiguous data set), each index copies one contiguous run: the offset-table loop
    // below was 6% of the mlp workload.
    bool runs = true;
    for (int64_t r = 0; r < nr && runs; ++r) runs = sr[size_t(r)] == r && orr[size_t(r)] == r;
    auto body = [&](int64_t b0, int64_t b1) {
      for (int64_t b = b0; b < b1; ++b) {
        const T* sp = s + sb[size_t(b)];
        T* op = o + ob[size_t(b)];
        if (runs)
          std::copy(sp, sp + nr, op);
        else
          for (int64_t r = 0; r < nr; ++r) op[orr[size_t(r)]] = sp[sr[size_t(r)]];
      }
    };
    if (out.numel() < kernels::kParallelGrain) {
      body(0, ai.bnumel);
    } else {
      const int64_t grain =
          std::max<int64_t>(1, kernels::kParallelGrain / std::max<int64_t>(nr, 1));
      kernels::parallel_for(0, ai.bnumel, grain, body);
    }
  });
  return out;
}

/// dst[indices] = values (or += when accumulating), in place, no autograd. `values` has dst's
/// dtype and broadcasts to the indexing result.
void index_put_kernel(const Tensor& dst, const AdvancedIndex& ai, const Tensor& values,
                      bool accumulate, const char* op) {
  TG_CHECK(is_expandable_to(values.sizes(), ai.out_shape), op,
           ": shape mismatch: value tensor of "
           "shape ",
           values.sizes(), " cannot be broadcast to indexing result of shape ",
           IntArrayRef(ai.out_shape));
  int64_t n = 1;
  for (int64_t s : ai.out_shape) n *= s;
  if (n == 0) return;
  DimVector vst = kernels::broadcast_byte_strides(values, ai.out_shape);
  for (auto& s : vst) s /= int64_t(values.element_size());
  const auto dst_offsets = source_offsets(ai, dst);
  const auto value_strides = canonical_strides(ai, vst);
  const std::vector<int64_t>&db = dst_offsets.first, &dr = dst_offsets.second;
  const DimVector &vb_st = value_strides.first, &vr_st = value_strides.second;
  std::vector<int64_t> vb = offsets_of(ai.bshape, vb_st),
                       vr = offsets_of(rest_sizes(ai, dst), vr_st);
  dispatch_all(dst.scalar_type(), op, [&]<typename T>() {
    T* d = static_cast<T*>(dst.unsafeGetTensorImpl()->data());
    const T* v = static_cast<const T*>(values.unsafeGetTensorImpl()->data());
    // Serial: repeated indices write the same element.
    for (int64_t b = 0; b < ai.bnumel; ++b) {
      T* dp = d + db[size_t(b)];
      const T* vp = v + vb[size_t(b)];
      for (size_t r = 0; r < dr.size(); ++r) {
        if constexpr (std::is_same_v<T, bool>) {
          dp[dr[r]] = accumulate ? (dp[dr[r]] || vp[vr[r]]) : vp[vr[r]];
        } else {
          dp[dr[r]] = accumulate ? T(dp[dr[r]] + vp[vr[r]]) : vp[vr[r]];
        }
      }
    }
  });
}

Tensor index_put_impl(const Tensor& self, const std::vector<Tensor>& indices, const Tensor& values,
                      bool accumulate);

/// src[indices] with its backward.
Tensor index_impl(const Tensor& src, const std::vector<Tensor>& indices, const char* op) {
  AdvancedIndex ai = make_advanced(src, indices, op);
  Tensor out = index_forward(src, ai);
  // d/dsrc: every picked element sends its gradient back to where it came from, summed over repeats
  if (autograd::compute_requires_grad(src)) {
    DimVector shape(src.sizes());
    autograd::record("IndexBackward0", {src}, out, [shape, idx = ai.indices](const Tensor& grad) {
      Tensor z = zeros(shape, grad.scalar_type());
      return variable_list{index_put_impl(z, idx, grad, true)};
    });
  }
  return out;
}

/// Out-of-place self[indices] = values (or += values), with its backward.
Tensor index_put_impl(const Tensor& self, const std::vector<Tensor>& indices, const Tensor& values,
                      bool accumulate) {
  AdvancedIndex ai = make_advanced(self, indices, "index_put_");
  Tensor out = clone_data(self);
  {
    NoGradGuard ng;
    Tensor v = values.scalar_type() == self.scalar_type() ? values : values.to(self.scalar_type());
    index_put_kernel(out, ai, v, accumulate, "index_put_");
  }
  // d/dself = 1 except at overwritten positions (0 there, unless accumulating);
  // d/dvalues = the gradient read back at the written positions
  if (autograd::compute_requires_grad(self, values)) {
    autograd::record("IndexPutBackward0", {self, values}, out,
                     [idx = ai.indices, accumulate](const Tensor& grad, Node& node) {
                       Tensor gs, gv;
                       if (node.needs_input_grad(0))
                         gs = accumulate
                                  ? grad
                                  : index_put_impl(grad, idx, zeros({}, grad.scalar_type()), false);
                       if (node.needs_input_grad(1)) gv = index_impl(grad, idx, "index");
                       return variable_list{gs, gv};
                     });
  }
  return out;
}

// ------------------------------------------------------------------- TensorIndex lists

/// The basic-indexing part of an index list applied as views, and the tensor indices left over
/// (one slot per dim of `view`), as LibTorch's applySlicing.
struct Sliced {
  Tensor view;
  std::vector<Tensor> tensors;
  bool has_tensor = false;
};

Sliced apply_slicing(const Tensor& self, ArrayRef<TensorIndex> indices, const char* op) {
  int64_t specified = 0;
  bool ellipsis = false;
  for (const TensorIndex& i : indices) {
    if (i.is_integer() || i.is_slice()) {
      ++specified;
    } else if (i.is_tensor()) {
      TG_CHECK(i.tensor().defined(), op, ": an index tensor is undefined");
      // a mask covers as many dims as it has (none when 0-dim); an integer tensor covers one
      specified += i.tensor().scalar_type() == kBool ? i.tensor().dim() : 1;
    } else if (i.is_ellipsis()) {
      TG_CHECK(!ellipsis, op, ": an index can only have a single ellipsis ('...')");
      ellipsis = true;
    }
  }
  TG_CHECK(specified <= self.dim(), op, ": too many indices for tensor of dimension ", self.dim(),
           " (got ", specified, ")");

  Sliced s;
  Tensor result = self;
  int64_t dim = 0;      // position in `result`
  int64_t real_dim = 0; // position in `self`, for messages
  auto record_tensor = [&](int64_t d, const Tensor& t) {
    if (int64_t(s.tensors.size()) <= d) s.tensors.resize(size_t(d + 1));
    s.tensors[size_t(d)] = t;
    s.has_tensor = true;
  };
  auto pick_int = [&](int64_t i) {
    const int64_t n = result.size(dim);
    TG_CHECK(i >= -n && i < n, op, ": index ", i, " is out of bounds for dimension ", real_dim,
             " with size ", n);
    result = result.select(dim, i);
    ++real_dim;
  };
  auto pick_bool = [&](bool b) {
    // x[True] adds a dim of size 1 and keeps it; x[False] adds one and picks nothing from it
    result = result.unsqueeze(dim);
    record_tensor(dim, b ? zeros({1}, kLong) : empty({0}, kLong));
    ++dim;
  };
  for (const TensorIndex& i : indices) {
    switch (i.type()) {
    case indexing::TensorIndexType::Integer:
      pick_int(i.integer());
      break;
    case indexing::TensorIndexType::Slice:
      result = result.slice(dim, i.slice().start_opt(), i.slice().stop_opt(), i.slice().step());
      ++dim;
      ++real_dim;
      break;
    case indexing::TensorIndexType::None:
      result = result.unsqueeze(dim);
      ++dim;
      break;
    case indexing::TensorIndexType::Ellipsis:
      dim += self.dim() - specified;
      real_dim += self.dim() - specified;
      break;
    case indexing::TensorIndexType::Boolean:
      pick_bool(i.boolean());
      break;
    case indexing::TensorIndexType::Tensor: {
      const Tensor& t = i.tensor();
      if (t.dim() == 0 && t.scalar_type() == kBool) {
        pick_bool(t.item<bool>());
      } else if (t.dim() == 0 && isIntegralType(t.scalar_type(), false)) {
        pick_int(t.item<int64_t>());
      } else if (t.scalar_type() == kBool) {
        for (int64_t j = 0; j < t.dim(); ++j)
          TG_CHECK(t.size(j) == result.size(dim + j), op, ": the shape of the mask ", t.sizes(),
                   " at index ", j, " does not match the shape of the indexed tensor ",
                   self.sizes(), " at index ", real_dim + j);
        Tensor nz = nonzero(t);
        for (int64_t j = 0; j < t.dim(); ++j) record_tensor(dim + j, nz.select(1, j));
        dim += t.dim();
        real_dim += t.dim();
      } else {
        TG_CHECK(t.scalar_type() == kLong || t.scalar_type() == kInt, op,
                 ": tensors used as indices must be long, int or bool tensors, got ",
                 t.scalar_type());
        record_tensor(dim, t);
        ++dim;
        ++real_dim;
      }
      break;
    }
    }
  }
  s.view = result;
  if (s.has_tensor) s.tensors.resize(size_t(result.dim()));
  return s;
}

} // namespace

// ------------------------------------------------------------------- Tensor::index / index_put_
Tensor Tensor::index(ArrayRef<TensorIndex> indices) const {
  TG_CHECK(!indices.empty(), "index: passing an empty index list to Tensor::index() is not valid "
                             "syntax");
  Sliced s = apply_slicing(*this, indices, "index");
  if (!s.has_tensor) return s.view.is_same(*this) ? view(sizes()) : s.view;
  return index_impl(s.view, s.tensors, "index");
}
Tensor Tensor::index(std::initializer_list<TensorIndex> indices) const {
  return index(ArrayRef<TensorIndex>(indices));
}

namespace {
/// self[indices] = value written into `dst` (self or a copy of it); no autograd.
void put_into(const Tensor& dst, ArrayRef<TensorIndex> indices, const Tensor& value) {
  NoGradGuard ng;
  Sliced s = apply_slicing(dst, indices, "index_put_");
  Tensor v = value.scalar_type() == dst.scalar_type() ? value : value.to(dst.scalar_type());
  if (!s.has_tensor) {
    TG_CHECK(is_expandable_to(v.sizes(), s.view.sizes()),
             "index_put_: shape mismatch: value "
             "tensor of shape ",
             value.sizes(), " cannot be broadcast to indexing result of shape ", s.view.sizes());
    kernels::copy(s.view, v);
    return;
  }
  index_put_kernel(s.view, make_advanced(s.view, s.tensors, "index_put_"), v, false, "index_put_");
}

/// Out-of-place self[indices] = value over a whole TensorIndex list (basic and advanced parts), so
/// that writing through x[0, idx] reaches x's own history rather than a view's.
Tensor index_put_full(const Tensor& self, const std::vector<TensorIndex>& indices,
                      const Tensor& value) {
  Tensor out = clone_data(self);
  put_into(out, indices, value);
  // d/dself = 1 except at the overwritten positions; d/dvalue = the gradient read there
  if (autograd::compute_requires_grad(self, value)) {
    autograd::record("IndexPutBackward0", {self, value}, out,
                     [indices](const Tensor& grad, Node& node) {
                       Tensor gs, gv;
                       if (node.needs_input_grad(0))
                         gs = index_put_full(grad, indices, zeros({}, grad.scalar_type()));
                       if (node.needs_input_grad(1)) gv = grad.index(indices);
                       return variable_list{gs, gv};
                     });
  }
  return out;
}
} // namespace

Tensor& Tensor::index_put_(ArrayRef<TensorIndex> indices, const Tensor& rhs) const {
  TG_CHECK(!indices.empty(), "index_put_: passing an empty index list to Tensor::index_put_() is "
                             "not valid syntax");
  TG_CHECK(rhs.defined(), "index_put_: the value tensor is undefined");
  ops::check_inplace(*this, "index_put_", /*refuse_overlap=*/false);
  Tensor value = strip_leading_ones(rhs);
  // The recorded form writes through the same kernel: on an expanded self (allowed here, as in
  // LibTorch) copying a whole result back would let other aliases' old values win.
  auto write = [&] { put_into(*this, indices, value); };
  if (autograd::compute_requires_grad(*this, value))
    return ops::commit_inplace(*this, index_put_full(*this, indices.vec(), value), "index_put_",
                               write);
  write();
  ops::bump_version(*this);
  return self_ref();
}
Tensor& Tensor::index_put_(ArrayRef<TensorIndex> indices, const Scalar& v) const {
  return index_put_(indices, ops::scalar_to_tensor(v, scalar_type()));
}
Tensor& Tensor::index_put_(std::initializer_list<TensorIndex> indices, const Tensor& rhs) const {
  return index_put_(ArrayRef<TensorIndex>(indices), rhs);
}
Tensor& Tensor::index_put_(std::initializer_list<TensorIndex> indices, const Scalar& v) const {
  return index_put_(ArrayRef<TensorIndex>(indices), v);
}

Tensor Tensor::operator[](int64_t index) const {
  TG_CHECK(dim() > 0, "index: invalid index of a 0-dim tensor");
  const int64_t n = size(0);
  TG_CHECK(index >= -n && index < n, "index: index ", index,
           " is out of bounds for dimension 0 with size ", n);
  return select(0, index);
}
Tensor Tensor::operator[](const Scalar& index) const {
  TG_CHECK(index.isIntegral(false), "operator[]: can only index tensors with integral scalars");
  return (*this)[index.toLong()];
}
Tensor Tensor::operator[](const Tensor& index) const {
  // As in LibTorch, [] takes only a 0-dim integer tensor; use index() for advanced indexing.
  TG_CHECK(index.defined(), "operator[]: can only index with tensors that are defined");
  TG_CHECK(index.dim() == 0,
           "operator[]: can only index with tensors that are scalars "
           "(zero-dim), got shape ",
           index.sizes());
  return (*this)[index.item()];
}

// ------------------------------------------------------------------- index_select
Tensor index_select(const Tensor& self, int64_t dim, const Tensor& index) {
  TG_CHECK(index.dim() <= 1, "index_select: index is supposed to be a vector, got shape ",
           index.sizes());
  TG_CHECK(index.scalar_type() == kLong || index.scalar_type() == kInt,
           "index_select: expected an int64 or int32 index, got ", index.scalar_type());
  const int64_t d = ops::wrap_dim(dim, self.dim(), "index_select");
  TG_CHECK(self.dim() > 0 || index.numel() == 1,
           "index_select: index to a 0-dim tensor can have "
           "only 1 value, got ",
           index.numel());
  Tensor src = self.dim() == 0 ? ops::make_alias(self, {1}, {1}, self.storage_offset()) : self;
  std::vector<Tensor> idx(size_t(d + 1));
  idx[size_t(d)] = index.reshape({-1});
  AdvancedIndex ai = make_advanced(src, idx, "index_select");
  Tensor out = index_forward(src, ai);
  if (self.dim() == 0) out = ops::make_alias(out, {}, {}, 0);
  // d/dself: each selected slice sends its gradient back, summed over repeated indices
  if (autograd::compute_requires_grad(self)) {
    DimVector shape(src.sizes());
    autograd::record("IndexSelectBackward0", {self}, out,
                     [shape, idx = ai.indices](const Tensor& grad) {
                       Tensor z = zeros(shape, grad.scalar_type());
                       return variable_list{index_put_impl(z, idx, grad, true)};
                     });
  }
  return out;
}
Tensor Tensor::index_select(int64_t dim, const Tensor& index) const {
  return tg::index_select(*this, dim, index);
}

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

// ------------------------------------------------------------------- sort / topk
namespace {

/// a < b with NaN above everything, as PyTorch orders values.
template <typename T> bool nan_less(T a, T b) {
  if constexpr (std::is_floating_point_v<T>) {
    return a < b || (std::isnan(b) && !std::isnan(a));
  } else {
    return a < b;
  }
}

/// For every row along `dim`: fills `k` values and int64 indices chosen by `pick`, which receives
/// the row (a strided view) and a permutation buffer to order in place.
template <typename Pick>
std::tuple<Tensor, Tensor> select_rows(const Tensor& self, int64_t dim, int64_t k, const char* op,
                                       Pick pick) {
  DimVector out_shape(self.sizes());
  if (self.dim() > 0) out_shape[size_t(dim)] = k;
  Tensor values = ops::empty_tensor(out_shape, self.scalar_type());
  Tensor indices = ops::empty_tensor(out_shape, kLong);
  if (values.numel() == 0) return {values, indices};
  DimVector ss = sizes1(self);
  DimVector outer = without(ss, dim);
  std::vector<int64_t> soff = offsets_of(outer, without(strides1(self), dim));
  std::vector<int64_t> ooff = offsets_of(outer, without(strides1(values), dim));
  const int64_t n = ss[size_t(dim)];
  const int64_t sst = strides1(self)[size_t(dim)], ost = strides1(values)[size_t(dim)];
  dispatch_all(self.scalar_type(), op, [&]<typename T>() {
    const T* s = static_cast<const T*>(self.unsafeGetTensorImpl()->data());
    T* vo = values.data_ptr<T>();
    int64_t* io = indices.data_ptr<int64_t>();
    auto body = [&](size_t r0, size_t r1) {
      std::vector<int64_t> perm(static_cast<size_t>(n)); // one buffer per chunk of rows
      for (size_t r = r0; r < r1; ++r) {
        const T* row = s + soff[r];
        std::iota(perm.begin(), perm.end(), 0);
        pick(perm, [row, sst](int64_t i) { return row[i * sst]; });
        for (int64_t j = 0; j < k; ++j) {
          vo[ooff[r] + j * ost] = row[perm[size_t(j)] * sst];
          io[ooff[r] + j * ost] = perm[size_t(j)];
        }
      }
    };
    if (self.numel() < kernels::kParallelGrain) {
      body(0, soff.size());
    } else {
      size_t grain =
          size_t(std::max<int64_t>(1, kernels::kParallelGrain / std::max<int64_t>(n, 1)));
      kernels::parallel_for(0, int64_t(soff.size()), int64_t(grain), body);
    }
  });
  return {values, indices};
}

/// The backward of sort/topk: each picked value's gradient goes back to where it was picked from.
void record_selection(const char* name, const Tensor& self, Tensor& values, const Tensor& indices,
                      int64_t dim) {
  if (!autograd::compute_requires_grad(self)) return;
  DimVector shape(self.sizes());
  autograd::record(name, {self}, values, [shape, dim, indices](const Tensor& grad) {
    if (shape.empty()) return variable_list{grad};
    return variable_list{zeros(shape, grad.scalar_type()).scatter(dim, indices, grad)};
  });
}

} // namespace

std::tuple<Tensor, Tensor> sort(const Tensor& self, int64_t dim, bool descending) {
  const int64_t d = ops::wrap_dim(dim, self.dim(), "sort");
  const int64_t n = sizes1(self)[size_t(d)];
  auto [values, indices] =
      select_rows(self, d, n, "sort", [descending](std::vector<int64_t>& perm, auto at) {
        // stable: equal values keep their original order, in both directions
        if (descending)
          std::stable_sort(perm.begin(), perm.end(),
                           [&](int64_t i, int64_t j) { return nan_less(at(j), at(i)); });
        else
          std::stable_sort(perm.begin(), perm.end(),
                           [&](int64_t i, int64_t j) { return nan_less(at(i), at(j)); });
      });
  // d/dself: the gradient of sorted position j goes back to original position indices[j]
  record_selection("SortBackward0", self, values, indices, d);
  return {values, indices};
}
std::tuple<Tensor, Tensor> Tensor::sort(int64_t dim, bool descending) const {
  return tg::sort(*this, dim, descending);
}
Tensor argsort(const Tensor& self, int64_t dim, bool descending) {
  NoGradGuard ng; // indices only
  return std::get<1>(sort(self, dim, descending));
}
Tensor Tensor::argsort(int64_t dim, bool descending) const {
  return tg::argsort(*this, dim, descending);
}

std::tuple<Tensor, Tensor> topk(const Tensor& self, int64_t k, int64_t dim, bool largest, bool) {
  const int64_t d = ops::wrap_dim(dim, self.dim(), "topk");
  const int64_t n = sizes1(self)[size_t(d)];
  TG_CHECK(k >= 0 && k <= n, "topk: k (", k, ") is out of range for dimension ", dim, " of size ",
           n);
  auto [values, indices] =
      select_rows(self, d, k, "topk", [largest, k](std::vector<int64_t>& perm, auto at) {
        // ties go to the lower index, so the result is deterministic (and always sorted)
        auto mid = perm.begin() + k;
        if (largest)
          std::partial_sort(perm.begin(), mid, perm.end(), [&](int64_t i, int64_t j) {
            return nan_less(at(j), at(i)) || (!nan_less(at(i), at(j)) && i < j);
          });
        else
          std::partial_sort(perm.begin(), mid, perm.end(), [&](int64_t i, int64_t j) {
            return nan_less(at(i), at(j)) || (!nan_less(at(j), at(i)) && i < j);
          });
      });
  // d/dself: the gradient of each kept value goes back to its position; 0 for the rest
  record_selection("TopkBackward0", self, values, indices, d);
  return {values, indices};
}
std::tuple<Tensor, Tensor> Tensor::topk(int64_t k, int64_t dim, bool largest, bool sorted) const {
  return tg::topk(*this, k, dim, largest, sorted);
}

// ------------------------------------------------------------------- nonzero / one_hot / flip
Tensor nonzero(const Tensor& self) {
  const int64_t nd = self.dim();
  std::vector<int64_t> offs = offsets_of(self.sizes(), self.strides());
  std::vector<int64_t> hits;
  dispatch_all(self.scalar_type(), "nonzero", [&]<typename T>() {
    const T* p = static_cast<const T*>(self.unsafeGetTensorImpl()->data());
    for (size_t i = 0; i < offs.size(); ++i)
      if (p[offs[i]] != T(0)) hits.push_back(int64_t(i));
  });
  Tensor out = ops::empty_tensor({int64_t(hits.size()), nd}, kLong);
  int64_t* o = out.data_ptr<int64_t>();
  for (size_t h = 0; h < hits.size(); ++h) {
    int64_t lin = hits[h];
    for (int64_t d = nd - 1; d >= 0; --d) {
      o[int64_t(h) * nd + d] = lin % self.size(d);
      lin /= self.size(d);
    }
  }
  return out;
}
Tensor Tensor::nonzero() const { return tg::nonzero(*this); }

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
  std::vector<int64_t> offs = offsets_of(self.sizes(), st);
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

} // namespace tg
