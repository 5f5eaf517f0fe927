// gaussian_nll_loss, composed of differentiable tensor ops as PyTorch composes it.
#include "nn/functional/loss_gaussian_nll.h"

#include <cmath>
#include <numbers>

#include "autograd/ops/functions.h"

namespace tg::nn::functional {

Tensor gaussian_nll_loss(const Tensor& input, const Tensor& target, const Tensor& var,
                         const GaussianNLLLossFuncOptions& options) {
  constexpr const char* op = "gaussian_nll_loss";
  TG_CHECK(input.defined() && target.defined() && var.defined(), op,
           ": input, target and var must be defined");
  TG_CHECK(input.is_floating_point(), op, ": expected a floating point input, got ",
           input.scalar_type());
  Tensor v = var;
  if (!var.sizes().equals(input.sizes())) {
    // homoscedastic: one variance for the whole last dim, given as [*] or [*, 1] for input [*, n]
    const IntArrayRef lead =
        input.dim() > 0 ? input.sizes().slice(0, size_t(input.dim() - 1)) : input.sizes();
    if (input.dim() > 0 && var.sizes().equals(lead)) {
      v = var.unsqueeze(-1);
    } else {
      TG_CHECK(input.dim() > 0 && var.dim() == input.dim() && var.size(-1) == 1 &&
                   var.sizes().slice(0, size_t(var.dim() - 1)).equals(lead),
               op, ": var is of incorrect size: got var ", var.sizes(), " for input ",
               input.sizes());
    }
  }
  TG_CHECK(!(var < 0).any().item<bool>(), op, ": var has negative entry/entries");
  // PyTorch clamps a copy of var in no-grad mode: the value is clamped, the gradient passes as if
  // it were not (so it is not zeroed where var < eps)
  Tensor clamped = v + (v.clamp_min(options.eps()) - v).detach();
  Tensor loss = (clamped.log() + (input - target).pow(2) / clamped) * 0.5;
  if (options.full()) loss = loss + 0.5 * std::log(2 * std::numbers::pi);
  switch (enumtype::reduction_get_enum(options.reduction())) {
  case Reduction::Mean:
    return loss.mean();
  case Reduction::Sum:
    return loss.sum();
  default:
    return loss;
  }
}

} // namespace tg::nn::functional
