#include "nn/modules/normalization.h"

#include <ostream>

#include "autograd/ops/functions.h"
#include "nn/functional/normalization.h"
#include "nn/init.h"

namespace tg::nn {

LayerNormImpl::LayerNormImpl(LayerNormOptions options_) : options(std::move(options_)) { reset(); }

void LayerNormImpl::reset() {
  TG_CHECK(!options.normalized_shape().empty(), "LayerNorm: normalized_shape must have at least "
           "one element");
  for (int64_t s : options.normalized_shape())
    TG_CHECK(s >= 0, "LayerNorm: normalized_shape must not hold negative sizes, got ",
             IntArrayRef(options.normalized_shape()));
  if (options.elementwise_affine()) {
    weight = register_parameter("weight", tg::empty(options.normalized_shape()));
    bias = register_parameter("bias", tg::empty(options.normalized_shape()));
    reset_parameters();
  }
}

void LayerNormImpl::reset_parameters() {
  if (!options.elementwise_affine()) return;
  init::ones_(weight);
  init::zeros_(bias);
}

void LayerNormImpl::pretty_print(std::ostream& stream) const {
  stream << std::boolalpha << "tg::nn::LayerNorm(" << IntArrayRef(options.normalized_shape())
         << ", eps=" << options.eps() << ", elementwise_affine=" << options.elementwise_affine()
         << ")";
}

Tensor LayerNormImpl::forward(const Tensor& input) {
  return functional::layer_norm(input, functional::LayerNormFuncOptions(options.normalized_shape())
                                           .weight(weight)
                                           .bias(bias)
                                           .eps(options.eps()));
}

} // namespace tg::nn
