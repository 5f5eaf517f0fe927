#include "nn/modules/loss_gaussian_nll.h"

#include <ostream>

#include "nn/functional/loss_gaussian_nll.h"

namespace tg::nn {

void GaussianNLLLossImpl::pretty_print(std::ostream& stream) const {
  stream << "tg::nn::GaussianNLLLoss()";
}
Tensor GaussianNLLLossImpl::forward(const Tensor& input, const Tensor& target, const Tensor& var) {
  return functional::gaussian_nll_loss(input, target, var, options);
}

} // namespace tg::nn
