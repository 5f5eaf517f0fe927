#include "nn/modules/container/functional.h"

#include <ostream>

namespace tg::nn {

FunctionalImpl::FunctionalImpl(Function function) : function_(std::move(function)) {
  TG_CHECK(function_ != nullptr, "Functional: the function is empty");
}

void FunctionalImpl::pretty_print(std::ostream& stream) const { stream << "tg::nn::Functional()"; }

Tensor FunctionalImpl::forward(Tensor input) { return function_(std::move(input)); }

} // namespace tg::nn
