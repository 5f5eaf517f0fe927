#pragma once
// The margin and embedding losses and the Poisson NLL (torch/nn/functional/loss.h), each composed
// of differentiable tensor ops, so their gradients (and second derivatives) come from the ops'.
// Each reduces by its options' reduction: kMean (default), kSum or kNone.
#include "autograd/tensor/tensor.h"
#include "nn/options/loss_margin.h"

namespace tg::nn::functional {

/// log(1 + exp(-target·input)) for targets ±1 (softplus, so large margins do not overflow).
Tensor soft_margin_loss(const Tensor& input, const Tensor& target,
                        const SoftMarginLossFuncOptions& options = {});
/// 1 - cos(x1, x2) where target = 1, max(0, cos(x1, x2) - margin) where target = -1, for rows
/// x1, x2 [N, D] and target [N] (or [D], [D] and a 0-dim target).
Tensor cosine_embedding_loss(const Tensor& input1, const Tensor& input2, const Tensor& target,
                             const CosineEmbeddingLossFuncOptions& options = {});
/// input where target = 1, max(0, margin - input) where target = -1 (input: distances).
Tensor hinge_embedding_loss(const Tensor& input, const Tensor& target,
                            const HingeEmbeddingLossFuncOptions& options = {});
/// max(0, d(anchor, positive) - d(anchor, negative) + margin), d the p-norm distance along the
/// last dim of the difference plus eps.
Tensor triplet_margin_loss(const Tensor& anchor, const Tensor& positive, const Tensor& negative,
                           const TripletMarginLossFuncOptions& options = {});
/// triplet_margin_loss with options.distance_function() as d (default: 2-norm, eps 1e-6).
Tensor
triplet_margin_with_distance_loss(const Tensor& anchor, const Tensor& positive,
                                  const Tensor& negative,
                                  const TripletMarginWithDistanceLossFuncOptions& options = {});
/// Σ_{j ≠ y} w[y]·max(0, margin - x[y] + x[j])^p / C per sample, for scores [N, C] (or [C]) and
/// int64 class targets [N] (or []).
Tensor multi_margin_loss(const Tensor& input, const Tensor& target,
                         const MultiMarginLossFuncOptions& options = {});
/// Σ_{j ∈ Y} Σ_{k ∉ Y} max(0, 1 - (x[j] - x[k])) / C per sample, for scores [N, C] (or [C]) and
/// an int64 target of the same shape listing the classes Y, ended by the first -1.
Tensor multilabel_margin_loss(const Tensor& input, const Tensor& target,
                              const MultilabelMarginLossFuncOptions& options = {});
/// -Σ_c w_c·(y_c·log σ(x_c) + (1 - y_c)·log σ(-x_c)) / C per sample, for logits [N, C] and 0/1
/// targets of the same shape.
Tensor multilabel_soft_margin_loss(const Tensor& input, const Tensor& target,
                                   const MultilabelSoftMarginLossFuncOptions& options = {});
/// exp(input) - target·input (log_input), or input - target·log(input + eps); with full, plus
/// Stirling's y·log y - y + ½·log(2πy) where y > 1.
Tensor poisson_nll_loss(const Tensor& input, const Tensor& target,
                        const PoissonNLLLossFuncOptions& options = {});

} // namespace tg::nn::functional
