#pragma once
// F::max_pool2d, F::avg_pool2d, F::adaptive_avg_pool2d.
#include "autograd/tensor/tensor.h"
#include "nn/options/pooling.h"

namespace tg::nn::functional {

/// The maximum over each kernel_size window (stride defaults to kernel_size) of input [N, C, H, W]
/// or [C, H, W], padding counting as -inf; same as torch::nn::functional::max_pool2d. Throws
/// tg::Error for non-positive sizes, padding above half the kernel, or an empty output.
Tensor max_pool2d(const Tensor& input, const MaxPool2dFuncOptions& options);
/// The mean over each kernel_size window of input [N, C, H, W] or [C, H, W]; the divisor counts
/// the zero padding unless count_include_pad is false, or is divisor_override. Same as
/// torch::nn::functional::avg_pool2d, with max_pool2d's checks (and a zero divisor throws).
Tensor avg_pool2d(const Tensor& input, const AvgPool2dFuncOptions& options);
/// Averages input [N, C, H, W] or [C, H, W] down to output_size {H_out, W_out} whatever H and
/// W are, with windows of about H / H_out by W / W_out; same as
/// torch::nn::functional::adaptive_avg_pool2d. Throws tg::Error for an empty or integer input.
Tensor adaptive_avg_pool2d(const Tensor& input, const AdaptiveAvgPool2dFuncOptions& options);

} // namespace tg::nn::functional
