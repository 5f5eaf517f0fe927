#pragma once
// Dropout and Dropout2d. Dropout zeroes each element with probability p while training, scaling the rest by 1/(1-p);
// the identity in eval mode.
#include "nn/options/dropout.h"
#include "nn/pimpl.h"

namespace tg::nn {

/// Zeroes each element with probability p while training and scales the rest by 1/(1-p),
/// so the expected value is unchanged; the identity in eval mode. Same as torch::nn::Dropout.
class DropoutImpl : public Cloneable<DropoutImpl> {
public:
  /// Drops with probability `p`; same as DropoutImpl(DropoutOptions(p)).
  explicit DropoutImpl(double p) : DropoutImpl(DropoutOptions(p)) {}
  /// A layer as described by the options (p = 0.5 by default); throws tg::Error unless
  /// 0 <= p <= 1.
  explicit DropoutImpl(const DropoutOptions& options_ = {});
  void reset() override;
  /// "tg::nn::Dropout(p=0.5, inplace=false)"
  void pretty_print(std::ostream& stream) const override;
  /// In training mode, `input` with elements dropped (in place with inplace=true); in eval
  /// mode, `input` itself.
  Tensor forward(Tensor input);

  /// The options the module was built with.
  DropoutOptions options;
};
/// The holder of DropoutImpl (TORCH_MODULE(Dropout)); copies share one module.
TG_MODULE(Dropout);

/// Dropout2d: zeroes whole channels of [N, C, H, W] (or [C, H, W]) while training, scaling the
/// rest by 1/(1-p); the identity in eval mode.
class Dropout2dImpl : public Cloneable<Dropout2dImpl> {
public:
  /// Drops with probability `p`; same as Dropout2dImpl(Dropout2dOptions(p)).
  explicit Dropout2dImpl(double p) : Dropout2dImpl(Dropout2dOptions(p)) {}
  /// A layer as described by the options (p = 0.5 by default); throws tg::Error unless
  /// 0 <= p <= 1.
  explicit Dropout2dImpl(const Dropout2dOptions& options_ = {});
  void reset() override;
  /// "tg::nn::Dropout2d(p=0.5, inplace=false)"
  void pretty_print(std::ostream& stream) const override;
  /// In training mode, `input` with whole channels dropped (in place with inplace=true); in
  /// eval mode, `input` itself.
  Tensor forward(Tensor input);

  /// The options the module was built with.
  Dropout2dOptions options;
};
/// The holder of Dropout2dImpl (TORCH_MODULE(Dropout2d)); copies share one module.
TG_MODULE(Dropout2d);

} // namespace tg::nn
