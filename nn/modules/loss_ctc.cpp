#include "nn/modules/loss_ctc.h"

#include <ostream>

#include "nn/functional/loss_ctc.h"

namespace tg::nn {

void CTCLossImpl::pretty_print(std::ostream& stream) const { stream << "tg::nn::CTCLoss()"; }
Tensor CTCLossImpl::forward(const Tensor& log_probs, const Tensor& targets,
                            const Tensor& input_lengths, const Tensor& target_lengths) {
  return functional::ctc_loss(log_probs, targets, input_lengths, target_lengths, options);
}

} // namespace tg::nn
