#pragma once
// LocalResponseNorm as a module (torch/nn/modules/normalization.h).
#include "nn/options/normalize.h"
#include "nn/pimpl.h"

namespace tg::nn {

/// Divides each element by (k + alpha/size · Σ x²)^beta over `size` neighbouring channels; same
/// as torch::nn::LocalResponseNorm. No parameters.
class LocalResponseNormImpl : public Cloneable<LocalResponseNormImpl> {
public:
  /// `LocalResponseNorm(2)`: alpha 1e-4, beta 0.75, k 1 unless the options say otherwise.
  explicit LocalResponseNormImpl(const LocalResponseNormOptions& options_) : options(options_) {}
  void reset() override {}
  /// "tg::nn::LocalResponseNorm(2, alpha=0.0001, beta=0.75, k=1)"
  void pretty_print(std::ostream& stream) const override;
  /// local_response_norm(input): same shape; a 3-D or larger input is required.
  Tensor forward(const Tensor& input);

  /// The options the module was built with.
  LocalResponseNormOptions options;
};
/// The holder of LocalResponseNormImpl (TORCH_MODULE(LocalResponseNorm)); copies share one module.
TG_MODULE(LocalResponseNorm);

} // namespace tg::nn
