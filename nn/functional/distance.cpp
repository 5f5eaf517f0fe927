// F::cosine_similarity and F::pairwise_distance: the options unpacked onto the tensor ops
// (autograd/ops/distance.cpp).
#include "nn/functional/distance.h"

#include "autograd/ops/functions.h"

namespace tg::nn::functional {

Tensor cosine_similarity(const Tensor& x1, const Tensor& x2,
                         const CosineSimilarityFuncOptions& options) {
  return tg::cosine_similarity(x1, x2, options.dim(), options.eps());
}

Tensor pairwise_distance(const Tensor& x1, const Tensor& x2,
                         const PairwiseDistanceFuncOptions& options) {
  return tg::pairwise_distance(x1, x2, options.p(), options.eps(), options.keepdim());
}

} // namespace tg::nn::functional
