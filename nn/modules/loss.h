#pragma once
// The losses as modules: MSELoss, L1Loss, BCELoss, BCEWithLogitsLoss, NLLLoss, CrossEntropyLoss,
// SmoothL1Loss, HuberLoss, KLDivLoss, MarginRankingLoss.
// forward(input, target) calls the functional form with the module's options.
#include "nn/options/loss.h"
#include "nn/pimpl.h"

namespace tg::nn {


class MSELossImpl : public Cloneable<MSELossImpl> {
public:
  explicit MSELossImpl(const MSELossOptions& options_ = {}) : options(options_) {}
  void reset() override {}
  void pretty_print(std::ostream& stream) const override;
  Tensor forward(const Tensor& input, const Tensor& target);

  MSELossOptions options;
};
TG_MODULE(MSELoss);

class L1LossImpl : public Cloneable<L1LossImpl> {
public:
  explicit L1LossImpl(const L1LossOptions& options_ = {}) : options(options_) {}
  void reset() override {}
  void pretty_print(std::ostream& stream) const override;
  Tensor forward(const Tensor& input, const Tensor& target);

  L1LossOptions options;
};
TG_MODULE(L1Loss);

class BCELossImpl : public Cloneable<BCELossImpl> {
public:
  explicit BCELossImpl(const BCELossOptions& options_ = {});
  void reset() override;
  void pretty_print(std::ostream& stream) const override;
  Tensor forward(const Tensor& input, const Tensor& target);

  BCELossOptions options;
};
TG_MODULE(BCELoss);

class BCEWithLogitsLossImpl : public Cloneable<BCEWithLogitsLossImpl> {
public:
  explicit BCEWithLogitsLossImpl(const BCEWithLogitsLossOptions& options_ = {});
  void reset() override;
  void pretty_print(std::ostream& stream) const override;
  Tensor forward(const Tensor& input, const Tensor& target);

  BCEWithLogitsLossOptions options;
  /// A buffer: the per-element weight (undefined if none).
  Tensor weight;
  /// A buffer: the per-class positive weight (undefined if none).
  Tensor pos_weight;
};
TG_MODULE(BCEWithLogitsLoss);

class NLLLossImpl : public Cloneable<NLLLossImpl> {
public:
  explicit NLLLossImpl(const NLLLossOptions& options_ = {});
  void reset() override;
  void pretty_print(std::ostream& stream) const override;
  Tensor forward(const Tensor& input, const Tensor& target);

  NLLLossOptions options;
  /// A buffer: the per-class weight (undefined if none).
  Tensor weight;
};
TG_MODULE(NLLLoss);

class CrossEntropyLossImpl : public Cloneable<CrossEntropyLossImpl> {
public:
  explicit CrossEntropyLossImpl(const CrossEntropyLossOptions& options_ = {});
  void reset() override;
  void pretty_print(std::ostream& stream) const override;
  Tensor forward(const Tensor& input, const Tensor& target);

  CrossEntropyLossOptions options;
  /// A buffer: the per-class weight (undefined if none).
  Tensor weight;
};
TG_MODULE(CrossEntropyLoss);

class SmoothL1LossImpl : public Cloneable<SmoothL1LossImpl> {
public:
  explicit SmoothL1LossImpl(const SmoothL1LossOptions& options_ = {}) : options(options_) {}
  void reset() override {}
  /// "tg::nn::SmoothL1Loss", without parentheses, as LibTorch prints it
  void pretty_print(std::ostream& stream) const override;
  Tensor forward(const Tensor& input, const Tensor& target);

  SmoothL1LossOptions options;
};
TG_MODULE(SmoothL1Loss);

class HuberLossImpl : public Cloneable<HuberLossImpl> {
public:
  explicit HuberLossImpl(const HuberLossOptions& options_ = {}) : options(options_) {}
  void reset() override {}
  /// "tg::nn::HuberLoss", without parentheses, as LibTorch prints it
  void pretty_print(std::ostream& stream) const override;
  Tensor forward(const Tensor& input, const Tensor& target);

  HuberLossOptions options;
};
TG_MODULE(HuberLoss);

class KLDivLossImpl : public Cloneable<KLDivLossImpl> {
public:
  explicit KLDivLossImpl(const KLDivLossOptions& options_ = {}) : options(options_) {}
  void reset() override {}
  void pretty_print(std::ostream& stream) const override;
  /// input: log-probabilities; target: probabilities (or log-probabilities with log_target)
  Tensor forward(const Tensor& input, const Tensor& target);

  KLDivLossOptions options;
};
TG_MODULE(KLDivLoss);

class MarginRankingLossImpl : public Cloneable<MarginRankingLossImpl> {
public:
  explicit MarginRankingLossImpl(const MarginRankingLossOptions& options_ = {})
      : options(options_) {}
  void reset() override {}
  void pretty_print(std::ostream& stream) const override;
  /// target holds 1 where input1 should rank higher, -1 where input2 should
  Tensor forward(const Tensor& input1, const Tensor& input2, const Tensor& target);

  MarginRankingLossOptions options;
};
TG_MODULE(MarginRankingLoss);


} // namespace tg::nn
