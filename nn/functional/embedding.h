#pragma once
// F::embedding and F::one_hot (torch/nn/functional/embedding.h).
#include "autograd/ops/functions.h"
#include "nn/options/embedding.h"

namespace tg::nn::functional {

/// weight's rows picked by int64 `input` of any shape: [*input.shape, embedding_dim]. With
/// max_norm, the rows looked up are first renormalised in place (so `weight` changes).
Tensor embedding(const Tensor& input, const Tensor& weight,
                 const EmbeddingFuncOptions& options = {});

/// F::one_hot(labels, num_classes)
inline Tensor one_hot(const Tensor& tensor, int64_t num_classes = -1) {
  return tg::one_hot(tensor, num_classes);
}

} // namespace tg::nn::functional
