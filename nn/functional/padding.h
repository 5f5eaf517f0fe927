#pragma once
// F::pad: constant, reflection, replication and circular padding (torch/nn/functional/padding.h).
#include "autograd/tensor/tensor.h"
#include "nn/options/padding.h"

namespace tg::nn::functional {

/// Pads the trailing dims of `input` by `options.pad()` ((before, after) pairs from the last dim
/// backwards). kConstant fills with value() (negative amounts crop); kReflect mirrors without
/// repeating the edge; kReplicate repeats the edge; kCircular wraps around.
Tensor pad(const Tensor& input, const PadFuncOptions& options);

} // namespace tg::nn::functional
