#include "autograd/tensor/empty.h"

#include <limits>

#include "autograd/tensor/small_pool.h"

namespace tg::detail {

Tensor empty_tensor(IntArrayRef sizes, ScalarType dtype, Device device) {
  int64_t n = compute_numel(sizes, "empty");
  TG_CHECK(n <= std::numeric_limits<int64_t>::max() / int64_t(elementSize(dtype)), "empty: shape ",
           sizes, " needs more bytes than fit in 64 bits");
  auto storage = make_pooled<StorageImpl>(size_t(n) * elementSize(dtype), device);
  return Tensor(make_pooled<TensorImpl>(std::move(storage), dtype, sizes, n));
}

} // namespace tg::detail
