#include "nn/modules/dropout.h"

#include <ostream>

#include "nn/functional/dropout.h"

namespace tg::nn {

DropoutImpl::DropoutImpl(const DropoutOptions& options_) : options(options_) { reset(); }

void DropoutImpl::reset() {
  TG_CHECK(options.p() >= 0. && options.p() <= 1.,
           "Dropout: dropout probability has to be between 0 and 1, but got ", options.p());
}

void DropoutImpl::pretty_print(std::ostream& stream) const {
  stream << std::boolalpha << "tg::nn::Dropout(p=" << options.p()
         << ", inplace=" << options.inplace() << ")";
}

Tensor DropoutImpl::forward(Tensor input) {
  return functional::dropout(std::move(input), functional::DropoutFuncOptions()
                                                   .p(options.p())
                                                   .training(is_training())
                                                   .inplace(options.inplace()));
}

Dropout2dImpl::Dropout2dImpl(const Dropout2dOptions& options_) : options(options_) { reset(); }

void Dropout2dImpl::reset() {
  TG_CHECK(options.p() >= 0. && options.p() <= 1.,
           "Dropout2d: dropout probability has to be between 0 and 1, but got ", options.p());
}

void Dropout2dImpl::pretty_print(std::ostream& stream) const {
  stream << std::boolalpha << "tg::nn::Dropout2d(p=" << options.p()
         << ", inplace=" << options.inplace() << ")";
}

Tensor Dropout2dImpl::forward(Tensor input) {
  return functional::dropout2d(std::move(input), functional::Dropout2dFuncOptions()
                                                     .p(options.p())
                                                     .training(is_training())
                                                     .inplace(options.inplace()));
}

} // namespace tg::nn
