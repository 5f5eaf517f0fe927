#pragma once
// GaussianNLLLoss as a module (torch.nn.GaussianNLLLoss); forward calls F::gaussian_nll_loss.
#include "nn/options/loss_gaussian_nll.h"
#include "nn/pimpl.h"

namespace tg::nn {

/// Negative log-likelihood of the target under N(input, var); same as torch.nn.GaussianNLLLoss.
class GaussianNLLLossImpl : public Cloneable<GaussianNLLLossImpl> {
public:
  /// A loss with the given options (PyTorch's defaults: full false, eps 1e-6, kMean).
  explicit GaussianNLLLossImpl(const GaussianNLLLossOptions& options_ = {}) : options(options_) {}
  void reset() override {}
  /// "tg::nn::GaussianNLLLoss()"
  void pretty_print(std::ostream& stream) const override;
  /// The loss of the means `input` and variances `var` against `target`.
  Tensor forward(const Tensor& input, const Tensor& target, const Tensor& var);

  /// The options the module was built with.
  GaussianNLLLossOptions options;
};
/// The holder of GaussianNLLLossImpl (TORCH_MODULE(GaussianNLLLoss)); copies share one module.
TG_MODULE(GaussianNLLLoss);

} // namespace tg::nn
