#pragma once
// What the index-based families share: the offset tables their strided loops walk (index.cpp,
// scatter_gather.cpp, sort.cpp, and flip in shape.cpp), and the advanced-indexing core of
// index.cpp, which masked_select reuses (x.masked_select(m) is x[m], flattened). Not part of the
// public API.
#include <vector>

#include "autograd/ops/internal.h"

namespace tg::ops {

/// Element offsets of every position of `sizes`, in row-major order, under `strides`.
std::vector<int64_t> offsets_of(IntArrayRef sizes, IntArrayRef strides);

/// Sizes and strides with a 0-dim tensor seen as one element of a 1-dim tensor (gather, sort...).
inline DimVector sizes1(const Tensor& t) {
  return t.dim() == 0 ? DimVector{1} : DimVector(t.sizes());
}
inline DimVector strides1(const Tensor& t) {
  return t.dim() == 0 ? DimVector{1} : DimVector(t.strides());
}

/// `v` with entry `d` left out.
inline DimVector without(IntArrayRef v, int64_t d) {
  DimVector out;
  for (int64_t i = 0; i < int64_t(v.size()); ++i)
    if (i != d) out.push_back(v[i]);
  return out;
}

/// A contiguous copy of `self`'s values, recording nothing.
Tensor clone_data(const Tensor& self);

/// Index tensors on some dims of a source, validated: int64, broadcast to one shape, wrapped into
/// [0, size). The result of indexing has the broadcast shape in place of the indexed dims (where
/// the first indexed dim was, when they are adjacent; in front otherwise, as in NumPy).
struct AdvancedIndex {
  std::vector<Tensor> indices; ///< Per source dim: the normalized int64 index, or undefined.
  DimVector indexed;           ///< Source dims with an index.
  DimVector rest;              ///< Source dims without one.
  DimVector bshape;            ///< Broadcast shape of the indices.
  DimVector out_shape;         ///< Shape of the indexing result.
  int64_t insert_at = 0;       ///< Where bshape's dims start in out_shape.
  int64_t bnumel = 1;          ///< Number of elements of bshape.
};

/// Validates `indices` (one slot per leading dim of `src`, undefined for "all") against `src`;
/// tg::Error naming `op` for a wrong dtype, unbroadcastable shapes or an index out of range.
AdvancedIndex make_advanced(const Tensor& src, const std::vector<Tensor>& indices, const char* op);
/// out = src[indices], recording nothing.
Tensor index_forward(const Tensor& src, const AdvancedIndex& ai);
/// Out-of-place self[indices] = values (or += values when `accumulate`), with its backward
/// (IndexPutBackward0).
Tensor index_put_impl(const Tensor& self, const std::vector<Tensor>& indices, const Tensor& values,
                      bool accumulate);

} // namespace tg::ops
