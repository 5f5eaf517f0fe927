#pragma once
// The losses as modules: MSELoss, L1Loss, BCELoss, BCEWithLogitsLoss, NLLLoss, CrossEntropyLoss,
// SmoothL1Loss, HuberLoss, KLDivLoss, MarginRankingLoss.
// forward(input, target) calls the functional form with the module's options.
#include "nn/options/loss.h"
#include "nn/pimpl.h"

namespace tg::nn {


/// Mean squared error, mean((input - target)²) by default; same as torch::nn::MSELoss.
class MSELossImpl : public Cloneable<MSELossImpl> {
public:
  /// A loss with the given reduction (kMean by default).
  explicit MSELossImpl(const MSELossOptions& options_ = {}) : options(options_) {}
  void reset() override {}
  void pretty_print(std::ostream& stream) const override;
  /// The loss of `input` against `target` (broadcast together, with a warning if the shapes
  /// differ); a scalar unless the reduction is kNone.
  Tensor forward(const Tensor& input, const Tensor& target);

  /// The options the module was built with.
  MSELossOptions options;
};
/// The holder of MSELossImpl (TORCH_MODULE(MSELoss)); copies share one module.
TG_MODULE(MSELoss);

/// Mean absolute error, mean(|input - target|) by default; same as torch::nn::L1Loss.
class L1LossImpl : public Cloneable<L1LossImpl> {
public:
  /// A loss with the given reduction (kMean by default).
  explicit L1LossImpl(const L1LossOptions& options_ = {}) : options(options_) {}
  void reset() override {}
  void pretty_print(std::ostream& stream) const override;
  /// The loss of `input` against `target` (broadcast together, with a warning if the shapes
  /// differ); a scalar unless the reduction is kNone.
  Tensor forward(const Tensor& input, const Tensor& target);

  /// The options the module was built with.
  L1LossOptions options;
};
/// The holder of L1LossImpl (TORCH_MODULE(L1Loss)); copies share one module.
TG_MODULE(L1Loss);

/// Binary cross-entropy on probabilities in [0, 1]; same as torch::nn::BCELoss.
/// Each log is clamped at -100, so a confidently wrong prediction costs 100, not infinity.
/// Prefer BCEWithLogitsLoss on raw scores: it is stable where sigmoid saturates.
class BCELossImpl : public Cloneable<BCELossImpl> {
public:
  /// Registers options.weight() (possibly undefined) as the buffer "weight".
  explicit BCELossImpl(const BCELossOptions& options_ = {});
  void reset() override;
  void pretty_print(std::ostream& stream) const override;
  /// The loss of probabilities `input` against `target` of the same shape. Throws tg::Error
  /// if the shapes differ or an input lies outside [0, 1].
  Tensor forward(const Tensor& input, const Tensor& target);

  /// The options the module was built with.
  BCELossOptions options;
};
/// The holder of BCELossImpl (TORCH_MODULE(BCELoss)); copies share one module.
TG_MODULE(BCELoss);

/// Binary cross-entropy on logits: BCELoss(sigmoid(input)) computed without overflow;
/// same as torch::nn::BCEWithLogitsLoss.
class BCEWithLogitsLossImpl : public Cloneable<BCEWithLogitsLossImpl> {
public:
  /// Registers options.weight() and options.pos_weight() (each possibly undefined) as
  /// buffers.
  explicit BCEWithLogitsLossImpl(const BCEWithLogitsLossOptions& options_ = {});
  void reset() override;
  void pretty_print(std::ostream& stream) const override;
  /// The loss of logits `input` against `target` of the same shape (throws tg::Error
  /// otherwise), weighted by the weight and pos_weight buffers.
  Tensor forward(const Tensor& input, const Tensor& target);

  /// The options the module was built with.
  BCEWithLogitsLossOptions options;
  /// A buffer: the per-element weight (undefined if none).
  Tensor weight;
  /// A buffer: the per-class positive weight (undefined if none).
  Tensor pos_weight;
};
/// The holder of BCEWithLogitsLossImpl (TORCH_MODULE(BCEWithLogitsLoss)); copies share one module.
TG_MODULE(BCEWithLogitsLoss);

/// Negative log-likelihood, -weight[t]·input[t], for log-probabilities; same as
/// torch::nn::NLLLoss. Follows LogSoftmax.
class NLLLossImpl : public Cloneable<NLLLossImpl> {
public:
  /// Registers options.weight() (possibly undefined) as the buffer "weight".
  explicit NLLLossImpl(const NLLLossOptions& options_ = {});
  void reset() override;
  void pretty_print(std::ostream& stream) const override;
  /// The loss of log-probabilities `input` [N, C, ...] (or [C]) against int64 class indices
  /// `target` [N, ...] (or []). Throws tg::Error on a shape mismatch or a class out of range.
  Tensor forward(const Tensor& input, const Tensor& target);

  /// The options the module was built with.
  NLLLossOptions options;
  /// A buffer: the per-class weight (undefined if none).
  Tensor weight;
};
/// The holder of NLLLossImpl (TORCH_MODULE(NLLLoss)); copies share one module.
TG_MODULE(NLLLoss);

/// Cross-entropy on logits: NLLLoss(log_softmax(input, 1)); same as
/// torch::nn::CrossEntropyLoss.
class CrossEntropyLossImpl : public Cloneable<CrossEntropyLossImpl> {
public:
  /// Registers options.weight() (possibly undefined) as the buffer "weight".
  explicit CrossEntropyLossImpl(const CrossEntropyLossOptions& options_ = {});
  void reset() override;
  void pretty_print(std::ostream& stream) const override;
  /// The loss of logits `input` [N, C, ...] (or [C]) against int64 class indices [N, ...]
  /// or class probabilities of the input's shape. Throws tg::Error on a shape mismatch.
  Tensor forward(const Tensor& input, const Tensor& target);

  /// The options the module was built with.
  CrossEntropyLossOptions options;
  /// A buffer: the per-class weight (undefined if none).
  Tensor weight;
};
/// The holder of CrossEntropyLossImpl (TORCH_MODULE(CrossEntropyLoss)); copies share one module.
TG_MODULE(CrossEntropyLoss);

/// 0.5·d²/beta where |d| < beta, |d| - 0.5·beta elsewhere (d = input - target); same as
/// torch::nn::SmoothL1Loss.
class SmoothL1LossImpl : public Cloneable<SmoothL1LossImpl> {
public:
  /// A loss with the given reduction and beta (1 by default).
  explicit SmoothL1LossImpl(const SmoothL1LossOptions& options_ = {}) : options(options_) {}
  void reset() override {}
  /// "tg::nn::SmoothL1Loss", without parentheses, as LibTorch prints it
  void pretty_print(std::ostream& stream) const override;
  /// The loss of `input` against `target`; uses options.beta(). Throws tg::Error if beta < 0.
  Tensor forward(const Tensor& input, const Tensor& target);

  /// The options the module was built with.
  SmoothL1LossOptions options;
};
/// The holder of SmoothL1LossImpl (TORCH_MODULE(SmoothL1Loss)); copies share one module.
TG_MODULE(SmoothL1Loss);

/// 0.5·d² where |d| < delta, delta·(|d| - 0.5·delta) elsewhere (d = input - target);
/// same as torch::nn::HuberLoss.
class HuberLossImpl : public Cloneable<HuberLossImpl> {
public:
  /// A loss with the given reduction and delta (1 by default).
  explicit HuberLossImpl(const HuberLossOptions& options_ = {}) : options(options_) {}
  void reset() override {}
  /// "tg::nn::HuberLoss", without parentheses, as LibTorch prints it
  void pretty_print(std::ostream& stream) const override;
  /// The loss of `input` against `target`. Throws tg::Error unless delta > 0.
  Tensor forward(const Tensor& input, const Tensor& target);

  /// The options the module was built with.
  HuberLossOptions options;
};
/// The holder of HuberLossImpl (TORCH_MODULE(HuberLoss)); copies share one module.
TG_MODULE(HuberLoss);

/// Kullback-Leibler divergence, target·(log target - input), for log-probabilities input;
/// same as torch::nn::KLDivLoss. Use reduction kBatchMean for the true KL divergence.
class KLDivLossImpl : public Cloneable<KLDivLossImpl> {
public:
  /// A loss with the given reduction (kMean by default) and log_target flag.
  explicit KLDivLossImpl(const KLDivLossOptions& options_ = {}) : options(options_) {}
  void reset() override {}
  void pretty_print(std::ostream& stream) const override;
  /// input: log-probabilities; target: probabilities (or log-probabilities with log_target)
  Tensor forward(const Tensor& input, const Tensor& target);

  /// The options the module was built with.
  KLDivLossOptions options;
};
/// The holder of KLDivLossImpl (TORCH_MODULE(KLDivLoss)); copies share one module.
TG_MODULE(KLDivLoss);

/// max(0, -target·(input1 - input2) + margin); same as torch::nn::MarginRankingLoss.
class MarginRankingLossImpl : public Cloneable<MarginRankingLossImpl> {
public:
  /// A loss with the given margin (0 by default) and reduction.
  explicit MarginRankingLossImpl(const MarginRankingLossOptions& options_ = {})
      : options(options_) {}
  void reset() override {}
  void pretty_print(std::ostream& stream) const override;
  /// target holds 1 where input1 should rank higher, -1 where input2 should
  Tensor forward(const Tensor& input1, const Tensor& input2, const Tensor& target);

  /// The options the module was built with.
  MarginRankingLossOptions options;
};
/// The holder of MarginRankingLossImpl (TORCH_MODULE(MarginRankingLoss)); copies share one module.
TG_MODULE(MarginRankingLoss);


} // namespace tg::nn
