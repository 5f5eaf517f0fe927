#pragma once
// F::max_pool1d/2d/3d (and _with_indices), F::avg_pool1d/2d/3d, F::adaptive_avg_pool1d/2d/3d,
// F::adaptive_max_pool1d/2d/3d (and _with_indices).
#include <tuple>

#include "autograd/tensor/tensor.h"
#include "nn/options/pooling.h"

namespace tg::nn::functional {

/// The maximum over each kernel_size window of input [N, C, L] or [C, L]; same as
/// torch::nn::functional::max_pool1d, with max_pool2d's rules.
Tensor max_pool1d(const Tensor& input, const MaxPool1dFuncOptions& options);
/// max_pool1d and the position of each maximum along L.
std::tuple<Tensor, Tensor> max_pool1d_with_indices(const Tensor& input,
                                                   const MaxPool1dFuncOptions& options);
/// The maximum over each kernel_size window (stride defaults to kernel_size) of input [N, C, H, W]
/// or [C, H, W], padding counting as -inf; same as torch::nn::functional::max_pool2d. Throws
/// tg::Error for non-positive sizes, padding above half the kernel, or an empty output.
Tensor max_pool2d(const Tensor& input, const MaxPool2dFuncOptions& options);
/// max_pool2d and the flat position of each maximum in its H x W plane.
std::tuple<Tensor, Tensor> max_pool2d_with_indices(const Tensor& input,
                                                   const MaxPool2dFuncOptions& options);
/// The maximum over each kernel_size window of input [N, C, D, H, W] or [C, D, H, W]; same as
/// torch::nn::functional::max_pool3d, with max_pool2d's rules.
Tensor max_pool3d(const Tensor& input, const MaxPool3dFuncOptions& options);
/// max_pool3d and the flat position of each maximum in its D x H x W volume.
std::tuple<Tensor, Tensor> max_pool3d_with_indices(const Tensor& input,
                                                   const MaxPool3dFuncOptions& options);
/// The mean over each kernel_size window of input [N, C, L] or [C, L] (divisor_override is
/// ignored, as in LibTorch); same as torch::nn::functional::avg_pool1d.
Tensor avg_pool1d(const Tensor& input, const AvgPool1dFuncOptions& options);
/// The mean over each kernel_size window of input [N, C, H, W] or [C, H, W]; the divisor counts
/// the zero padding unless count_include_pad is false, or is divisor_override. Same as
/// torch::nn::functional::avg_pool2d, with max_pool2d's checks (and a zero divisor throws).
Tensor avg_pool2d(const Tensor& input, const AvgPool2dFuncOptions& options);
/// avg_pool2d's rules over input [N, C, D, H, W] or [C, D, H, W]; same as
/// torch::nn::functional::avg_pool3d.
Tensor avg_pool3d(const Tensor& input, const AvgPool3dFuncOptions& options);
/// Averages input [N, C, L] or [C, L] down to output_size {L_out}; same as
/// torch::nn::functional::adaptive_avg_pool1d.
Tensor adaptive_avg_pool1d(const Tensor& input, const AdaptiveAvgPool1dFuncOptions& options);
/// Averages input [N, C, H, W] or [C, H, W] down to output_size {H_out, W_out} whatever H and
/// W are, with windows of about H / H_out by W / W_out; same as
/// torch::nn::functional::adaptive_avg_pool2d. Throws tg::Error for an empty or integer input.
Tensor adaptive_avg_pool2d(const Tensor& input, const AdaptiveAvgPool2dFuncOptions& options);
/// Averages input [N, C, D, H, W] or [C, D, H, W] down to output_size {D_out, H_out, W_out}; same
/// as torch::nn::functional::adaptive_avg_pool3d.
Tensor adaptive_avg_pool3d(const Tensor& input, const AdaptiveAvgPool3dFuncOptions& options);
/// The maximum over adaptive_avg_pool1d's windows; same as
/// torch::nn::functional::adaptive_max_pool1d.
Tensor adaptive_max_pool1d(const Tensor& input, const AdaptiveMaxPool1dFuncOptions& options);
/// adaptive_max_pool1d and the position of each maximum along L.
std::tuple<Tensor, Tensor>
adaptive_max_pool1d_with_indices(const Tensor& input, const AdaptiveMaxPool1dFuncOptions& options);
/// The maximum over adaptive_avg_pool2d's windows; same as
/// torch::nn::functional::adaptive_max_pool2d.
Tensor adaptive_max_pool2d(const Tensor& input, const AdaptiveMaxPool2dFuncOptions& options);
/// adaptive_max_pool2d and the flat position of each maximum in its H x W plane.
std::tuple<Tensor, Tensor>
adaptive_max_pool2d_with_indices(const Tensor& input, const AdaptiveMaxPool2dFuncOptions& options);
/// The maximum over adaptive_avg_pool3d's windows; same as
/// torch::nn::functional::adaptive_max_pool3d.
Tensor adaptive_max_pool3d(const Tensor& input, const AdaptiveMaxPool3dFuncOptions& options);
/// adaptive_max_pool3d and the flat position of each maximum in its D x H x W volume.
std::tuple<Tensor, Tensor>
adaptive_max_pool3d_with_indices(const Tensor& input, const AdaptiveMaxPool3dFuncOptions& options);

} // namespace tg::nn::functional
