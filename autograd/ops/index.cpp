// Indexing: Tensor::index / index_put_ (LibTorch's TensorIndex lists), operator[], index_select
// and nonzero. gather/scatter/masked_* are in scatter_gather.cpp, sort/topk in sort.cpp.
//
// Basic indexing (integers, slices, None, Ellipsis) is made of view ops, so it shares storage and
// its backward comes from those views. Advanced indexing (int64 tensors, bool masks) copies: it is
// reduced to one canonical form, "index tensors on some dims of a source, broadcast together", and
// its gradient is the reverse, an index_put with accumulation (repeated indices add up). A bool
// mask becomes int64 indices through nonzero(), which is why nonzero lives here.
#include <algorithm>

#include "autograd/graph/gradient_destination.h"
#include "autograd/kernels/loop.h"
#include "autograd/kernels/parallel_for.h"
#include "autograd/ops/index_internal.h"
#include "autograd/tensor/indexing.h"

namespace tg {

using autograd::Node;
using autograd::variable_list;
using indexing::TensorIndex;
using ops::AdvancedIndex;
using ops::clone_data;
using ops::index_forward;
using ops::index_put_impl;
using ops::make_advanced;
using ops::offsets_of;

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

std::vector<int64_t> ops::offsets_of(IntArrayRef sizes, IntArrayRef strides) {
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

Tensor ops::clone_data(const Tensor& self) {
  Tensor out = ops::empty_tensor(self.sizes(), self.scalar_type());
  kernels::copy(out, self);
  return out;
}

namespace {

/// Drops leading size-1 dims of a value to assign, so [1, 3] can be written into a [3] slot.
Tensor strip_leading_ones(const Tensor& v) {
  int64_t k = 0;
  while (k < v.dim() && v.size(k) == 1) ++k;
  if (k == 0) return v;
  return v.view(IntArrayRef(v.sizes().data() + k, size_t(v.dim() - k)));
}

} // namespace

// ------------------------------------------------------------------- advanced indexing core
AdvancedIndex ops::make_advanced(const Tensor& src, const std::vector<Tensor>& indices,
                                 const char* op) {
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

namespace {

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

} // namespace

/// out = src[indices], no autograd.
Tensor ops::index_forward(const Tensor& src, const AdvancedIndex& ai) {
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

namespace {

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

/// The gradient of src[indices] (src shaped `shape`, the node's only input): `grad` added at the
/// picked positions, summed over repeats. Into the leaf's .grad() when the engine offers it
/// (gradient_destination.h: a step then costs the picked elements, not the whole source), else
/// into zeros in place; with create_graph through index_put, which is differentiable.
Tensor scatter_to_source(Node& node, const DimVector& shape, const std::vector<Tensor>& indices,
                         const Tensor& grad) {
  if (GradMode::is_enabled())
    return index_put_impl(zeros(shape, grad.scalar_type()), indices, grad, true);
  Tensor into = autograd::gradient_destination(node, 0, {grad});
  const bool offered = into.defined();
  if (!offered) into = zeros(shape, grad.scalar_type());
  Tensor values = grad.scalar_type() == into.scalar_type() ? grad : grad.to(into.scalar_type());
  index_put_kernel(into, make_advanced(into, indices, "index_put_"), values, true, "index_put_");
  if (!offered) return into;
  ops::bump_version(into);
  return Tensor();
}

/// src[indices] with its backward.
Tensor index_impl(const Tensor& src, const std::vector<Tensor>& indices, const char* op) {
  AdvancedIndex ai = make_advanced(src, indices, op);
  Tensor out = index_forward(src, ai);
  // d/dsrc: every picked element sends its gradient back to where it came from, summed over repeats
  if (autograd::compute_requires_grad(src)) {
    autograd::record(
        "IndexBackward0", {src}, out,
        [shape = DimVector(src.sizes()), idx = ai.indices](const Tensor& grad, Node& node) {
          return variable_list{scatter_to_source(node, shape, idx, grad)};
        });
  }
  return out;
}

} // namespace

/// Out-of-place self[indices] = values (or += values), with its backward.
Tensor ops::index_put_impl(const Tensor& self, const std::vector<Tensor>& indices,
                           const Tensor& values, bool accumulate) {
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
namespace {

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
    autograd::record("IndexSelectBackward0", {self}, out,
                     [shape = DimVector(src.sizes()), idx = ai.indices,
                      scalar = self.dim() == 0](const Tensor& grad, Node& node) {
                       // a 0-dim self was indexed as [1]: its [1] gradient is no window of
                       // the 0-dim .grad(), and the engine sums it down to 0-dim
                       if (scalar)
                         return variable_list{
                             index_put_impl(zeros(shape, grad.scalar_type()), idx, grad, true)};
                       return variable_list{scatter_to_source(node, shape, idx, grad)};
                     });
  }
  return out;
}
Tensor Tensor::index_select(int64_t dim, const Tensor& index) const {
  return tg::index_select(*this, dim, index);
}

// ------------------------------------------------------------------- nonzero
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

} // namespace tg
