#pragma once
// F::batch_norm: normalises each channel (dim 1) of an [N, C, ...] input. In training it uses the
// batch statistics and, when running_mean/running_var are given, updates them in place:
//   running = (1 - momentum)·running + momentum·batch   (the variance unbiased, n / (n - 1))
// otherwise it uses the running statistics.
#include "autograd/tensor.h"
#include "nn/options/batchnorm.h"

namespace tg::nn::functional {

Tensor batch_norm(const Tensor& input, const Tensor& running_mean, const Tensor& running_var,
                  const BatchNormFuncOptions& options = {});

} // namespace tg::nn::functional
