#pragma once
// The margin and embedding losses and PoissonNLLLoss as modules; forward calls the functional
// form (nn/functional/loss_margin.h) with the module's options.
#include "nn/options/loss_margin.h"
#include "nn/pimpl.h"

namespace tg::nn {

/// log(1 + exp(-target·input)) for targets ±1; same as torch::nn::SoftMarginLoss.
class SoftMarginLossImpl : public Cloneable<SoftMarginLossImpl> {
public:
  /// A loss with the given options (LibTorch's defaults).
  explicit SoftMarginLossImpl(const SoftMarginLossOptions& options_ = {}) : options(options_) {}
  void reset() override {}
  void pretty_print(std::ostream& stream) const override;
  /// The loss of `input` against targets ±1 that broadcast to its shape.
  Tensor forward(const Tensor& input, const Tensor& target);

  /// The options the module was built with.
  SoftMarginLossOptions options;
};
/// The holder of SoftMarginLossImpl (TORCH_MODULE(SoftMarginLoss)); copies share one module.
TG_MODULE(SoftMarginLoss);

/// 1 - cos(x1, x2) for similar pairs (target 1), max(0, cos - margin) for dissimilar ones
/// (target -1); same as torch::nn::CosineEmbeddingLoss.
class CosineEmbeddingLossImpl : public Cloneable<CosineEmbeddingLossImpl> {
public:
  /// A loss with the given options (LibTorch's defaults).
  explicit CosineEmbeddingLossImpl(const CosineEmbeddingLossOptions& options_ = {})
      : options(options_) {}
  void reset() override {}
  void pretty_print(std::ostream& stream) const override;
  /// Rows `input1`, `input2` [N, D] with target [N] (or [D], [D] and a 0-dim target).
  Tensor forward(const Tensor& input1, const Tensor& input2, const Tensor& target);

  /// The options the module was built with.
  CosineEmbeddingLossOptions options;
};
/// The holder of CosineEmbeddingLossImpl (TORCH_MODULE(CosineEmbeddingLoss)); copies share one
/// module.
TG_MODULE(CosineEmbeddingLoss);

/// x for similar pairs (target 1), max(0, margin - x) for dissimilar ones (target -1), x a
/// distance; same as torch::nn::HingeEmbeddingLoss.
class HingeEmbeddingLossImpl : public Cloneable<HingeEmbeddingLossImpl> {
public:
  /// A loss with the given options (LibTorch's defaults).
  explicit HingeEmbeddingLossImpl(const HingeEmbeddingLossOptions& options_ = {})
      : options(options_) {}
  void reset() override {}
  void pretty_print(std::ostream& stream) const override;
  /// The loss of distances `input` against targets ±1.
  Tensor forward(const Tensor& input, const Tensor& target);

  /// The options the module was built with.
  HingeEmbeddingLossOptions options;
};
/// The holder of HingeEmbeddingLossImpl (TORCH_MODULE(HingeEmbeddingLoss)); copies share one
/// module.
TG_MODULE(HingeEmbeddingLoss);

/// max(0, d(anchor, positive) - d(anchor, negative) + margin), d the p-norm distance; same as
/// torch::nn::TripletMarginLoss.
class TripletMarginLossImpl : public Cloneable<TripletMarginLossImpl> {
public:
  /// A loss with the given options (LibTorch's defaults).
  explicit TripletMarginLossImpl(const TripletMarginLossOptions& options_ = {})
      : options(options_) {}
  void reset() override {}
  void pretty_print(std::ostream& stream) const override;
  /// One loss per row of `anchor`, `positive` and `negative` (all of the same rank).
  Tensor forward(const Tensor& anchor, const Tensor& positive, const Tensor& negative);

  /// The options the module was built with.
  TripletMarginLossOptions options;
};
/// The holder of TripletMarginLossImpl (TORCH_MODULE(TripletMarginLoss)); copies share one module.
TG_MODULE(TripletMarginLoss);

/// The triplet loss with a distance of your choice; same as
/// torch::nn::TripletMarginWithDistanceLoss.
class TripletMarginWithDistanceLossImpl : public Cloneable<TripletMarginWithDistanceLossImpl> {
public:
  /// A loss with the given options (LibTorch's defaults).
  explicit TripletMarginWithDistanceLossImpl(
      const TripletMarginWithDistanceLossOptions& options_ = {})
      : options(options_) {}
  void reset() override {}
  void pretty_print(std::ostream& stream) const override;
  /// One loss per row of `anchor`, `positive` and `negative`.
  Tensor forward(const Tensor& anchor, const Tensor& positive, const Tensor& negative);

  /// The options the module was built with.
  TripletMarginWithDistanceLossOptions options;
};
/// The holder of TripletMarginWithDistanceLossImpl (TORCH_MODULE(TripletMarginWithDistanceLoss));
/// copies share one module.
TG_MODULE(TripletMarginWithDistanceLoss);

/// The multi-class hinge loss Σ_{j ≠ y} w[y]·max(0, margin - x[y] + x[j])^p / C; same as
/// torch::nn::MultiMarginLoss.
class MultiMarginLossImpl : public Cloneable<MultiMarginLossImpl> {
public:
  /// Registers options.weight() (possibly undefined) as the buffer "weight".
  explicit MultiMarginLossImpl(const MultiMarginLossOptions& options_ = {});
  void reset() override;
  void pretty_print(std::ostream& stream) const override;
  /// Scores `input` [N, C] (or [C]) against int64 class indices [N] (or []).
  Tensor forward(const Tensor& input, const Tensor& target);

  /// The options the module was built with.
  MultiMarginLossOptions options;
  /// A buffer: the per-class weight (undefined if none).
  Tensor weight;
};
/// The holder of MultiMarginLossImpl (TORCH_MODULE(MultiMarginLoss)); copies share one module.
TG_MODULE(MultiMarginLoss);

/// The multi-label hinge loss over (listed, unlisted) class pairs; same as
/// torch::nn::MultiLabelMarginLoss.
class MultiLabelMarginLossImpl : public Cloneable<MultiLabelMarginLossImpl> {
public:
  /// A loss with the given options (LibTorch's defaults).
  explicit MultiLabelMarginLossImpl(const MultiLabelMarginLossOptions& options_ = {})
      : options(options_) {}
  void reset() override {}
  void pretty_print(std::ostream& stream) const override;
  /// Scores `input` [N, C] (or [C]) against int64 class lists of the same shape, each ended by
  /// the first -1.
  Tensor forward(const Tensor& input, const Tensor& target);

  /// The options the module was built with.
  MultiLabelMarginLossOptions options;
};
/// The holder of MultiLabelMarginLossImpl (TORCH_MODULE(MultiLabelMarginLoss)); copies share one
/// module.
TG_MODULE(MultiLabelMarginLoss);

/// Per-class binary cross entropy of logits, averaged over the classes; same as
/// torch::nn::MultiLabelSoftMarginLoss.
class MultiLabelSoftMarginLossImpl : public Cloneable<MultiLabelSoftMarginLossImpl> {
public:
  /// Registers options.weight() (possibly undefined) as the buffer "weight".
  explicit MultiLabelSoftMarginLossImpl(const MultiLabelSoftMarginLossOptions& options_ = {});
  void reset() override;
  void pretty_print(std::ostream& stream) const override;
  /// Logits `input` [N, C] against 0/1 targets of the same shape.
  Tensor forward(const Tensor& input, const Tensor& target);

  /// The options the module was built with.
  MultiLabelSoftMarginLossOptions options;
  /// A buffer: the per-class weight (undefined if none).
  Tensor weight;
};
/// The holder of MultiLabelSoftMarginLossImpl (TORCH_MODULE(MultiLabelSoftMarginLoss)); copies
/// share one module.
TG_MODULE(MultiLabelSoftMarginLoss);

/// Negative log-likelihood of a Poisson distribution; same as torch::nn::PoissonNLLLoss.
class PoissonNLLLossImpl : public Cloneable<PoissonNLLLossImpl> {
public:
  /// A loss with the given options (LibTorch's defaults).
  explicit PoissonNLLLossImpl(const PoissonNLLLossOptions& options_ = {}) : options(options_) {}
  void reset() override {}
  void pretty_print(std::ostream& stream) const override;
  /// The loss of (log-)rates `log_input` against counts `target`.
  Tensor forward(const Tensor& log_input, const Tensor& target);

  /// The options the module was built with.
  PoissonNLLLossOptions options;
};
/// The holder of PoissonNLLLossImpl (TORCH_MODULE(PoissonNLLLoss)); copies share one module.
TG_MODULE(PoissonNLLLoss);

} // namespace tg::nn
