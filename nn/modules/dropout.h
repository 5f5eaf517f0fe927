#pragma once
// Dropout and Dropout2d. Dropout zeroes each element with probability p while training, scaling the rest by 1/(1-p);
// the identity in eval mode.
#include "nn/options/dropout.h"
#include "nn/pimpl.h"

namespace tg::nn {

class DropoutImpl : public Cloneable<DropoutImpl> {
public:
  explicit DropoutImpl(double p) : DropoutImpl(DropoutOptions(p)) {}
  explicit DropoutImpl(const DropoutOptions& options_ = {});
  void reset() override;
  /// "tg::nn::Dropout(p=0.5, inplace=false)"
  void pretty_print(std::ostream& stream) const override;
  Tensor forward(Tensor input);

  DropoutOptions options;
};
TG_MODULE(Dropout);

/// Dropout2d: zeroes whole channels of [N, C, H, W] (or [C, H, W]) while training, scaling the
/// rest by 1/(1-p); the identity in eval mode.
class Dropout2dImpl : public Cloneable<Dropout2dImpl> {
public:
  explicit Dropout2dImpl(double p) : Dropout2dImpl(Dropout2dOptions(p)) {}
  explicit Dropout2dImpl(const Dropout2dOptions& options_ = {});
  void reset() override;
  /// "tg::nn::Dropout2d(p=0.5, inplace=false)"
  void pretty_print(std::ostream& stream) const override;
  Tensor forward(Tensor input);

  Dropout2dOptions options;
};
TG_MODULE(Dropout2d);

} // namespace tg::nn
