#pragma once
// The loss functions (torch/nn/functional/loss.h). Each reduces by its options' reduction:
// kMean (default), kSum or kNone (one loss per element or sample).
#include "autograd/tensor/tensor.h"
#include "nn/options/loss.h"

namespace tg::nn::functional {

/// mean((input - target)²)
Tensor mse_loss(const Tensor& input, const Tensor& target, const MSELossFuncOptions& options = {});
/// mean(|input - target|)
Tensor l1_loss(const Tensor& input, const Tensor& target, const L1LossFuncOptions& options = {});
/// -w·(t·log(x) + (1 - t)·log(1 - x)) for probabilities x; each log is clamped at -100, so a
/// confidently wrong prediction costs 100 instead of infinity.
Tensor binary_cross_entropy(const Tensor& input, const Tensor& target,
                            const BinaryCrossEntropyFuncOptions& options = {});
/// binary_cross_entropy(sigmoid(input), target), computed from the logits without overflow.
/// pos_weight p scales the positive term: -w·(p·t·log σ(x) + (1 - t)·log(1 - σ(x))).
Tensor binary_cross_entropy_with_logits(const Tensor& input, const Tensor& target,
                                        const BinaryCrossEntropyWithLogitsFuncOptions& options = {});
/// -w[t]·input[t] for log-probabilities input [N, C, ...] (or [C]) and int64 class indices target
/// [N, ...] (or []). The mean divides by the sum of the weights of the non-ignored targets.
Tensor nll_loss(const Tensor& input, const Tensor& target, const NLLLossFuncOptions& options = {});
/// nll_loss(log_softmax(input, class dim), target) for logits; target is either int64 class
/// indices or (floating, the input's shape) class probabilities.
Tensor cross_entropy(const Tensor& input, const Tensor& target,
                     const CrossEntropyFuncOptions& options = {});
/// 0.5·d²/beta where |d| < beta, |d| - 0.5·beta elsewhere (d = input - target).
/// LibTorch 1.13 takes beta as a fourth argument and ignores options.beta() here; this form uses
/// options.beta(), as later LibTorch versions do, and the four-argument form overrides it.
Tensor smooth_l1_loss(const Tensor& input, const Tensor& target,
                      const SmoothL1LossFuncOptions& options = {});
/// Same as above with beta passed explicitly (LibTorch 1.13's signature); options.beta() is
/// ignored. Throws tg::Error for a negative beta.
Tensor smooth_l1_loss(const Tensor& input, const Tensor& target,
                      const SmoothL1LossFuncOptions& options, double beta);
/// 0.5·d² where |d| < delta, delta·(|d| - 0.5·delta) elsewhere.
Tensor huber_loss(const Tensor& input, const Tensor& target,
                  const HuberLossFuncOptions& options = {});
/// target·(log target - input) for log-probabilities input (0 where target is 0); with log_target,
/// exp(target)·(target - input).
Tensor kl_div(const Tensor& input, const Tensor& target, const KLDivFuncOptions& options = {});
/// max(0, -target·(input1 - input2) + margin), target holding 1 or -1.
Tensor margin_ranking_loss(const Tensor& input1, const Tensor& input2, const Tensor& target,
                           const MarginRankingLossFuncOptions& options = {});

} // namespace tg::nn::functional

namespace tg {

// The ATen-level losses that LibTorch programs call as torch::nll_loss(output, target) etc., with
// at::'s argument order; `reduction` is a tg::Reduction::Reduction value (Mean by default).

/// torch::nll_loss: F::nll_loss with an optional per-class weight [C], the reduction and
/// ignore_index passed positionally. Like every loss below, throws tg::Error for a reduction
/// that is not None, Mean or Sum.
Tensor nll_loss(const Tensor& self, const Tensor& target, const Tensor& weight = {},
                int64_t reduction = Reduction::Mean, int64_t ignore_index = -100);
/// torch::cross_entropy_loss: F::cross_entropy (logits in, class indices or probabilities as
/// target) with weight, reduction, ignore_index and label_smoothing passed positionally.
Tensor cross_entropy_loss(const Tensor& self, const Tensor& target, const Tensor& weight = {},
                          int64_t reduction = Reduction::Mean, int64_t ignore_index = -100,
                          double label_smoothing = 0.0);
/// torch::mse_loss: F::mse_loss, the squared error, with the reduction passed as an int.
Tensor mse_loss(const Tensor& self, const Tensor& target, int64_t reduction = Reduction::Mean);
/// torch::l1_loss: F::l1_loss, the absolute error, with the reduction passed as an int.
Tensor l1_loss(const Tensor& self, const Tensor& target, int64_t reduction = Reduction::Mean);
/// torch::binary_cross_entropy: F::binary_cross_entropy on probabilities, with an optional
/// element weight and the reduction passed positionally.
Tensor binary_cross_entropy(const Tensor& self, const Tensor& target, const Tensor& weight = {},
                            int64_t reduction = Reduction::Mean);
/// torch::binary_cross_entropy_with_logits: F::binary_cross_entropy_with_logits with the
/// element weight, pos_weight and reduction passed positionally.
Tensor binary_cross_entropy_with_logits(const Tensor& self, const Tensor& target,
                                        const Tensor& weight = {}, const Tensor& pos_weight = {},
                                        int64_t reduction = Reduction::Mean);
/// torch::smooth_l1_loss: F::smooth_l1_loss with the reduction and beta passed positionally.
Tensor smooth_l1_loss(const Tensor& self, const Tensor& target, int64_t reduction = Reduction::Mean,
                      double beta = 1.0);
/// torch::huber_loss: F::huber_loss with the reduction and delta passed positionally.
Tensor huber_loss(const Tensor& self, const Tensor& target, int64_t reduction = Reduction::Mean,
                  double delta = 1.0);
/// torch::kl_div: F::kl_div with the reduction and log_target passed positionally;
/// Reduction::Mean averages over every element (without F::kl_div's warning), and there is no
/// batchmean here (F::kl_div offers kBatchMean).
Tensor kl_div(const Tensor& self, const Tensor& target, int64_t reduction = Reduction::Mean,
              bool log_target = false);
/// torch::margin_ranking_loss: F::margin_ranking_loss with the margin and reduction passed
/// positionally.
Tensor margin_ranking_loss(const Tensor& input1, const Tensor& input2, const Tensor& target,
                           double margin = 0.0, int64_t reduction = Reduction::Mean);

} // namespace tg
