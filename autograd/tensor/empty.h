#pragma once
// A fresh tensor, for the ops and the kernels alike. It records nothing, so a kernel can allocate
// its result or a scratch tensor without seeing the graph.
#include "autograd/tensor/tensor.h"

namespace tg::detail {

/// A fresh contiguous tensor of `sizes` and `dtype`; its bytes are not initialised. Throws
/// tg::Error on a negative size or a byte count beyond 64 bits.
Tensor empty_tensor(IntArrayRef sizes, ScalarType dtype, Device device = Device(kCPU));

} // namespace tg::detail
