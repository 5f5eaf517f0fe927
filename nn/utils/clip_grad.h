#pragma once
// Gradient clipping, as torch::nn::utils: rescale all gradients together so their joint norm is at
// most max_norm (exploding gradients in RNNs), or clamp each gradient element.
#include <initializer_list>
#include <limits>
#include <vector>

#include "autograd/tensor/tensor.h"

namespace tg::nn::utils {

/// Scales the gradients of `parameters` in place by min(1, max_norm / (total_norm + 1e-6)), where
/// total_norm is the norm_type-norm of all gradients concatenated (infinity: the largest |g|).
/// Parameters without a gradient are skipped. Returns total_norm, measured before clipping.
/// Throws tg::Error for a negative or NaN max_norm, a norm_type <= 0, or, with
/// error_if_nonfinite, a total norm that is inf or NaN. Same as torch::nn::utils::clip_grad_norm_.
double clip_grad_norm_(const std::vector<Tensor>& parameters, double max_norm,
                       double norm_type = 2.0, bool error_if_nonfinite = false);
/// Same as above, taking a braced list of parameters.
double clip_grad_norm_(std::initializer_list<Tensor> parameters, double max_norm,
                       double norm_type = 2.0, bool error_if_nonfinite = false);
/// Same as above, for a single parameter.
double clip_grad_norm_(const Tensor& parameter, double max_norm, double norm_type = 2.0,
                       bool error_if_nonfinite = false);

/// Clamps every gradient element of `parameters` into [-clip_value, clip_value], in place;
/// parameters without a gradient are skipped and a NaN clip_value throws tg::Error. Same as
/// torch::nn::utils::clip_grad_value_.
void clip_grad_value_(const std::vector<Tensor>& parameters, double clip_value);
/// Same as above, taking a braced list of parameters.
void clip_grad_value_(std::initializer_list<Tensor> parameters, double clip_value);
/// Same as above, for a single parameter.
void clip_grad_value_(const Tensor& parameter, double clip_value);

} // namespace tg::nn::utils
