#pragma once
// The negative log-likelihood loop behind nll_loss (and so cross_entropy): the input seen as
// [N, C, S] log-probabilities (S = the product of the spatial dims), the target as [N, S] class
// indices. Nothing is recorded: nn/functional/loss.cpp does that.
#include <cstdint>

#include "autograd/tensor/tensor.h"

namespace tg::kernels {

/// The input's [N, C, S] view.
struct NllShape {
  int64_t N; ///< Samples.
  int64_t C; ///< Classes.
  int64_t S; ///< Positions per sample (the product of the spatial dims; 1 without them).
};

/// How nll_loss reduces the per-position losses.
enum class NllReduction { None, Mean, Sum };

/// loss[n, s] = -w[t]·x[n, t, s] with t = target[n, s] (w = 1 when `weight` is undefined; 0
/// where t is `ignore_index`), for contiguous x, target (int64) and weight. `out` gets the losses
/// ([N, S] for None) or their sum or weighted mean (0-dim; all targets ignored gives 0/0 = nan, as
/// in PyTorch). Returns Σ w[t] over the targets not ignored: the mean's divisor. Throws tg::Error
/// for a target outside [0, C).
double nll_loss(const Tensor& x, const Tensor& target, const Tensor& weight, const Tensor& out,
                const NllShape& s, int64_t ignore_index, NllReduction reduction);

/// coef[n, t, s] = -w[t]·scale at each target t = target[n, s] that is not `ignore_index`, on a
/// zeroed coef [N, C, S]: the constant derivative of the loss with respect to x.
void nll_loss_coefficients(const Tensor& target, const Tensor& weight, const Tensor& coef,
                           const NllShape& s, int64_t ignore_index, double scale);

} // namespace tg::kernels
