#pragma once
// The loss functions (torch/nn/functional/loss.h). Each reduces by its options' reduction:
// kMean (default), kSum or kNone (one loss per element or sample).
#include "autograd/tensor.h"
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

} // namespace tg::nn::functional

namespace tg {

// The ATen-level losses that LibTorch programs call as torch::nll_loss(output, target) etc., with
// at::'s argument order; `reduction` is a tg::Reduction::Reduction value (Mean by default).
Tensor nll_loss(const Tensor& self, const Tensor& target, const Tensor& weight = {},
                int64_t reduction = Reduction::Mean, int64_t ignore_index = -100);
Tensor cross_entropy_loss(const Tensor& self, const Tensor& target, const Tensor& weight = {},
                          int64_t reduction = Reduction::Mean, int64_t ignore_index = -100,
                          double label_smoothing = 0.0);
Tensor mse_loss(const Tensor& self, const Tensor& target, int64_t reduction = Reduction::Mean);
Tensor l1_loss(const Tensor& self, const Tensor& target, int64_t reduction = Reduction::Mean);
Tensor binary_cross_entropy(const Tensor& self, const Tensor& target, const Tensor& weight = {},
                            int64_t reduction = Reduction::Mean);
Tensor binary_cross_entropy_with_logits(const Tensor& self, const Tensor& target,
                                        const Tensor& weight = {}, const Tensor& pos_weight = {},
                                        int64_t reduction = Reduction::Mean);

} // namespace tg
