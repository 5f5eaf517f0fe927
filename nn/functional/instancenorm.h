#pragma once
// F::instance_norm and the ATen-level tg::instance_norm: every (sample, channel) of an [N, C, *]
// input is normalised with its own statistics. With running statistics and use_input_stats they
// are updated with the batch's per-channel averages; without use_input_stats the running ones
// normalise instead (eval mode of a tracking InstanceNorm).
#include "autograd/tensor/tensor.h"
#include "nn/options/instancenorm.h"

namespace tg::nn::functional {

/// Instance normalisation of an [N, C, *] input, as torch::nn::functional::instance_norm.
Tensor instance_norm(const Tensor& input, const InstanceNormFuncOptions& options = {});

} // namespace tg::nn::functional

namespace tg {

/// at::instance_norm's argument order; cudnn_enabled is accepted and ignored. Throws tg::Error
/// for per-channel tensors without C elements, or use_input_stats = false without running
/// statistics.
Tensor instance_norm(const Tensor& input, const Tensor& weight, const Tensor& bias,
                     const Tensor& running_mean, const Tensor& running_var, bool use_input_stats,
                     double momentum, double eps, bool cudnn_enabled = true);

} // namespace tg
