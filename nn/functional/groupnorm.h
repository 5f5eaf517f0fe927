#pragma once
// F::group_norm and the ATen-level tg::group_norm: the channels of an [N, C, *] input are split
// into num_groups groups, and each sample's group is normalised with its own mean and biased
// variance (no running statistics, so train and eval agree).
#include "autograd/tensor/tensor.h"
#include "nn/options/groupnorm.h"

namespace tg::nn::functional {

/// (x - mean) / sqrt(var + eps) over each (sample, group), then · weight + bias per channel.
Tensor group_norm(const Tensor& input, const GroupNormFuncOptions& options);

} // namespace tg::nn::functional

namespace tg {

/// at::group_norm's argument order; cudnn_enabled is accepted and ignored. Throws tg::Error if C
/// is not divisible by num_groups, or weight/bias do not hold C elements.
Tensor group_norm(const Tensor& input, int64_t num_groups, const Tensor& weight = {},
                  const Tensor& bias = {}, double eps = 1e-5, bool cudnn_enabled = true);

} // namespace tg
