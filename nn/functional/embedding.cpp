#include "nn/functional/embedding.h"

#include "autograd/ops/internal.h"

namespace tg::nn::functional {

Tensor embedding(const Tensor& input, const Tensor& weight, const EmbeddingFuncOptions& options) {
  TG_CHECK(input.defined() && weight.defined(), "embedding: input and weight must be defined");
  TG_CHECK(weight.dim() == 2, "embedding: 'weight' must be 2-D [num_embeddings, embedding_dim], "
           "got ", weight.sizes());
  const int64_t num = weight.size(0);
  int64_t padding_idx = -1; // at::embedding's "none"
  if (options.padding_idx()) {
    const int64_t p = *options.padding_idx();
    TG_CHECK(p < num && p >= -num, "embedding: padding_idx must be within num_embeddings (got "
             "padding_idx=", p, " for num_embeddings=", num, ")");
    padding_idx = p < 0 ? num + p : p;
  }
  if (options.max_norm()) {
    Tensor w = weight;
    embedding_renorm_(w, input, *options.max_norm(), options.norm_type());
  }
  return tg::embedding(weight, input, padding_idx, options.scale_grad_by_freq(), options.sparse());
}

} // namespace tg::nn::functional
