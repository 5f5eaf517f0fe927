#include "nn/modules/local_response_norm.h"

#include <ostream>

#include "nn/functional/normalize.h"

namespace tg::nn {

void LocalResponseNormImpl::pretty_print(std::ostream& stream) const {
  stream << "tg::nn::LocalResponseNorm(" << options.size() << ", alpha=" << options.alpha()
         << ", beta=" << options.beta() << ", k=" << options.k() << ")";
}
Tensor LocalResponseNormImpl::forward(const Tensor& input) {
  return functional::local_response_norm(input, options);
}

} // namespace tg::nn
