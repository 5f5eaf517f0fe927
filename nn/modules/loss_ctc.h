#pragma once
// CTCLoss as a module; forward calls F::ctc_loss with the module's options.
#include "nn/options/loss_ctc.h"
#include "nn/pimpl.h"

namespace tg::nn {

/// The connectionist temporal classification loss; same as torch::nn::CTCLoss.
class CTCLossImpl : public Cloneable<CTCLossImpl> {
public:
  /// A loss with the given blank, reduction and zero_infinity (LibTorch's defaults).
  explicit CTCLossImpl(const CTCLossOptions& options_ = {}) : options(options_) {}
  void reset() override {}
  void pretty_print(std::ostream& stream) const override;
  /// The loss of `log_probs` [T, N, C] against `targets` ([N, S] or concatenated), with integer
  /// lengths [N] of each sample's input and target.
  Tensor forward(const Tensor& log_probs, const Tensor& targets, const Tensor& input_lengths,
                 const Tensor& target_lengths);

  /// The options the module was built with.
  CTCLossOptions options;
};
/// The holder of CTCLossImpl (TORCH_MODULE(CTCLoss)); copies share one module.
TG_MODULE(CTCLoss);

} // namespace tg::nn
