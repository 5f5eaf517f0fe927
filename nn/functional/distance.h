#pragma once
// F::cosine_similarity and F::pairwise_distance (torch/nn/functional/distance.h).
#include "autograd/tensor/tensor.h"
#include "nn/options/distance.h"

namespace tg::nn::functional {

/// Σ x1·x2 / max(‖x1‖·‖x2‖, eps) along options.dim(), the inputs broadcast against each other;
/// same as torch::nn::functional::cosine_similarity. The dim is removed.
Tensor cosine_similarity(const Tensor& x1, const Tensor& x2,
                         const CosineSimilarityFuncOptions& options = {});
/// ‖x1 - x2 + eps‖_p over the last dim; same as torch::nn::functional::pairwise_distance.
Tensor pairwise_distance(const Tensor& x1, const Tensor& x2,
                         const PairwiseDistanceFuncOptions& options = {});

} // namespace tg::nn::functional
