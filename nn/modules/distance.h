#pragma once
// CosineSimilarity and PairwiseDistance as modules (torch/nn/modules/distance.h).
#include "nn/options/distance.h"
#include "nn/pimpl.h"

namespace tg::nn {

/// The cosine of the angle between x1 and x2 along a dim; same as torch::nn::CosineSimilarity.
class CosineSimilarityImpl : public Cloneable<CosineSimilarityImpl> {
public:
  /// dim 1 and eps 1e-8 by default.
  explicit CosineSimilarityImpl(const CosineSimilarityOptions& options_ = {}) : options(options_) {}
  void reset() override {}
  /// "tg::nn::CosineSimilarity(dim=1, eps=1e-08)"
  void pretty_print(std::ostream& stream) const override;
  /// cosine_similarity(x1, x2): the broadcast shape without options.dim().
  Tensor forward(const Tensor& input1, const Tensor& input2);

  /// The options the module was built with.
  CosineSimilarityOptions options;
};
/// The holder of CosineSimilarityImpl (TORCH_MODULE(CosineSimilarity)); copies share one module.
TG_MODULE(CosineSimilarity);

/// ‖x1 - x2 + eps‖_p over the last dim; same as torch::nn::PairwiseDistance.
class PairwiseDistanceImpl : public Cloneable<PairwiseDistanceImpl> {
public:
  /// p 2, eps 1e-6, keepdim false by default.
  explicit PairwiseDistanceImpl(const PairwiseDistanceOptions& options_ = {}) : options(options_) {}
  void reset() override {}
  /// "tg::nn::PairwiseDistance(p=2, eps=1e-06, keepdim=false)"
  void pretty_print(std::ostream& stream) const override;
  /// pairwise_distance(x1, x2): the last dim reduced (kept as 1 with keepdim).
  Tensor forward(const Tensor& input1, const Tensor& input2);

  /// The options the module was built with.
  PairwiseDistanceOptions options;
};
/// The holder of PairwiseDistanceImpl (TORCH_MODULE(PairwiseDistance)); copies share one module.
TG_MODULE(PairwiseDistance);

} // namespace tg::nn
