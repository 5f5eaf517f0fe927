#pragma once
// F::batch_norm: normalises each channel (dim 1) of an [N, C, ...] input. In training it uses the
// batch statistics and, when running_mean/running_var are given, updates them in place:
//   running = (1 - momentum)·running + momentum·batch   (the variance unbiased, n / (n - 1))
// otherwise it uses the running statistics.
#include "autograd/tensor/tensor.h"
#include "nn/options/batchnorm.h"

namespace tg::nn::functional {

/// Batch normalisation of an [N, C, ...] input (at least 2 dims), channel by channel:
/// (x - mean) / sqrt(var + eps) · weight + bias; same as torch::nn::functional::batch_norm.
/// running_mean/running_var ([C], or undefined) are updated in place when training and required
/// when not. Throws tg::Error for a per-channel tensor without C elements, a training batch with
/// one value per channel, or running statistics to update with a nullopt momentum.
Tensor batch_norm(const Tensor& input, const Tensor& running_mean, const Tensor& running_var,
                  const BatchNormFuncOptions& options = {});

} // namespace tg::nn::functional

namespace tg {

/// at::batch_norm's argument order (weight, bias, running_mean, running_var, training, momentum,
/// eps, cudnn_enabled); cudnn_enabled is accepted and ignored. Same as F::batch_norm.
Tensor batch_norm(const Tensor& input, const Tensor& weight, const Tensor& bias,
                  const Tensor& running_mean, const Tensor& running_var, bool training,
                  double momentum, double eps, bool cudnn_enabled = true);

} // namespace tg
