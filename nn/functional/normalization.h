#pragma once
// F::layer_norm (torch/nn/functional/normalization.h) and the ATen-level tg::layer_norm.
#include "autograd/tensor/tensor.h"
#include "nn/options/normalization.h"

namespace tg::nn::functional {

/// (x - mean) / sqrt(var + eps) · weight + bias, the statistics (biased variance) taken over the
/// trailing dims given by normalized_shape, separately for every leading index.
Tensor layer_norm(const Tensor& input, const LayerNormFuncOptions& options);

} // namespace tg::nn::functional

namespace tg {

/// at::layer_norm's argument order; cudnn_enable is accepted and ignored.
Tensor layer_norm(const Tensor& input, IntArrayRef normalized_shape, const Tensor& weight = {},
                  const Tensor& bias = {}, double eps = 1e-5, bool cudnn_enable = true);

} // namespace tg
