#include "nn/utils/clip_grad.h"

#include <cmath>

#include "autograd/tensor/error.h"
#include "autograd/ops/functions.h"
#include "autograd/graph/grad_mode.h"

namespace tg::nn::utils {

double clip_grad_norm_(const std::vector<Tensor>& parameters, double max_norm, double norm_type,
                       bool error_if_nonfinite) {
  TG_CHECK(!std::isnan(max_norm) && max_norm >= 0, "clip_grad_norm_: max_norm must be >= 0, got ",
           max_norm);
  TG_CHECK(norm_type > 0, "clip_grad_norm_: norm_type must be positive, got ", norm_type);
  NoGradGuard no_grad;
  std::vector<Tensor> grads;
  for (const auto& p : parameters)
    if (p.grad().defined()) grads.push_back(p.grad());
  if (grads.empty()) return 0.0;

  // Accumulate in double so many float gradients do not lose the small ones to rounding.
  double total = 0;
  for (const auto& g : grads) {
    Tensor a = g.detach().abs().to(kDouble);
    if (std::isinf(norm_type))
      total = std::max(total, a.max().item<double>());
    else
      total += a.pow(norm_type).sum().item<double>();
  }
  if (!std::isinf(norm_type)) total = std::pow(total, 1.0 / norm_type);
  TG_CHECK(!error_if_nonfinite || std::isfinite(total), "clip_grad_norm_: the total norm of order ",
           norm_type, " for gradients from `parameters` is non-finite (", total,
           "), so it cannot be clipped. Pass error_if_nonfinite=false to clip anyway.");
  const double coefficient = max_norm / (total + 1e-6);
  if (coefficient < 1)
    for (auto& g : grads) g.mul_(coefficient);
  return total;
}
double clip_grad_norm_(std::initializer_list<Tensor> parameters, double max_norm, double norm_type,
                       bool error_if_nonfinite) {
  return clip_grad_norm_(std::vector<Tensor>(parameters), max_norm, norm_type, error_if_nonfinite);
}
double clip_grad_norm_(const Tensor& parameter, double max_norm, double norm_type,
                       bool error_if_nonfinite) {
  return clip_grad_norm_(std::vector<Tensor>{parameter}, max_norm, norm_type, error_if_nonfinite);
}

void clip_grad_value_(const std::vector<Tensor>& parameters, double clip_value) {
  TG_CHECK(!std::isnan(clip_value), "clip_grad_value_: clip_value is NaN");
  NoGradGuard no_grad;
  for (const auto& p : parameters)
    if (p.grad().defined()) p.grad().clamp_(-clip_value, clip_value);
}
void clip_grad_value_(std::initializer_list<Tensor> parameters, double clip_value) {
  clip_grad_value_(std::vector<Tensor>(parameters), clip_value);
}
void clip_grad_value_(const Tensor& parameter, double clip_value) {
  clip_grad_value_(std::vector<Tensor>{parameter}, clip_value);
}

} // namespace tg::nn::utils
