#pragma once
// The softmax loop: the input seen as [outer, R, inner] with R the softmax dim; every one of the
// outer×inner rows is shifted by its max before exp, so large inputs cannot overflow.
#include <cstdint>

#include "autograd/tensor/tensor.h"

namespace tg::kernels {

/// y = softmax(x) over dim `dim` (wrapped), or log_softmax(x) when `log`; y is contiguous with
/// x's shape, x any layout of a floating dtype. Nothing is recorded.
void softmax(const Tensor& x, int64_t dim, const Tensor& y, bool log);

} // namespace tg::kernels
