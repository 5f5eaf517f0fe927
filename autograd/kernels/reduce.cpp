#include "autograd/kernels/reduce.h"

#include <algorithm>

#include "autograd/tensor/empty.h"
#include "autograd/tensor/small_pool.h"

namespace tg::kernels {

ReduceLayout reduce_layout(const Tensor& self, IntArrayRef dims_in) {
  ReduceLayout L;
  const int64_t nd = self.dim();
  std::vector<bool> reduced(nd, dims_in.empty());
  for (int64_t d : dims_in)
    if (d < nd) reduced[d] = true; // a 0-dim tensor accepts dim 0 (wrap_dim) but has no dims
  for (int64_t d = 0; d < nd; ++d) {
    L.out_shape.push_back(reduced[d] ? 1 : self.size(d));
    if (!reduced[d]) L.out_shape_squeezed.push_back(self.size(d));
  }
  // Adjacent reduced block [first, last]? Then no permutation is needed.
  int64_t first = -1, last = -1;
  for (int64_t d = 0; d < nd; ++d)
    if (reduced[d]) {
      if (first < 0) first = d;
      last = d;
    }
  bool adjacent = first >= 0;
  for (int64_t d = first; adjacent && d <= last; ++d) adjacent = reduced[d];
  if (first < 0) { // nothing to reduce (0-dim input)
    L.input = contiguous(self);
    L.outer = self.numel();
    return L;
  }
  if (adjacent) {
    L.input = contiguous(self);
    for (int64_t d = 0; d < first; ++d) L.outer *= self.size(d);
    for (int64_t d = first; d <= last; ++d) L.reduced *= self.size(d);
    for (int64_t d = last + 1; d < nd; ++d) L.inner *= self.size(d);
    return L;
  }
  DimVector perm;
  for (int64_t d = 0; d < nd; ++d)
    if (!reduced[d]) perm.push_back(d);
  for (int64_t d = 0; d < nd; ++d)
    if (reduced[d]) {
      perm.push_back(d);
      L.reduced *= self.size(d);
    }
  for (int64_t d = 0; d < nd; ++d)
    if (!reduced[d]) L.outer *= self.size(d);
  // A copy through a permuted window onto self's bytes (recorded by nobody: kernels see no graph).
  const TensorImpl* impl = self.unsafeGetTensorImpl();
  DimVector sizes, strides;
  for (int64_t d : perm) {
    sizes.push_back(self.size(d));
    strides.push_back(self.stride(d));
  }
  Tensor permuted(tg::detail::make_pooled<TensorImpl>(impl->storage(), impl->dtype(), sizes, strides,
                                                  impl->storage_offset()));
  L.input = tg::detail::empty_tensor(sizes, self.scalar_type());
  copy(L.input, permuted);
  return L;
}

} // namespace tg::kernels
