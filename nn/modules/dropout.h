#pragma once
// Dropout: zeroes each element with probability p while training, scaling the rest by 1/(1-p);
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

} // namespace tg::nn
