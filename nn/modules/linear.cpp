#include "nn/modules/linear.h"

#include <cmath>
#include <ostream>

#include "autograd/ops/functions.h"
#include "nn/functional/linear.h"
#include "nn/init.h"

namespace tg::nn {

LinearImpl::LinearImpl(const LinearOptions& options_) : options(options_) { reset(); }

void LinearImpl::reset() {
  TG_CHECK(options.in_features() >= 0 && options.out_features() >= 0, "Linear: in_features and "
           "out_features must be non-negative, got ", options.in_features(), " and ",
           options.out_features());
  weight = register_parameter("weight", tg::empty({options.out_features(), options.in_features()}));
  if (options.bias())
    bias = register_parameter("bias", tg::empty({options.out_features()}));
  else
    bias = register_parameter("bias", Tensor(), /*requires_grad=*/false);
  reset_parameters();
}

void LinearImpl::reset_parameters() {
  // kaiming_uniform_ with a = sqrt(5) gives U(-1/sqrt(fan_in), 1/sqrt(fan_in)).
  init::kaiming_uniform_(weight, std::sqrt(5.0));
  if (bias.defined()) {
    const int64_t fan_in = options.in_features();
    const double bound = fan_in > 0 ? 1.0 / std::sqrt(double(fan_in)) : 0.0;
    init::uniform_(bias, -bound, bound);
  }
}

void LinearImpl::pretty_print(std::ostream& stream) const {
  stream << std::boolalpha << "tg::nn::Linear(in_features=" << options.in_features()
         << ", out_features=" << options.out_features() << ", bias=" << options.bias() << ")";
}

Tensor LinearImpl::forward(const Tensor& input) { return functional::linear(input, weight, bias); }

FlattenImpl::FlattenImpl(const FlattenOptions& options_) : options(options_) {}

void FlattenImpl::pretty_print(std::ostream& stream) const {
  stream << "tg::nn::Flatten(start_dim=" << options.start_dim() << ", end_dim=" << options.end_dim()
         << ")";
}

Tensor FlattenImpl::forward(const Tensor& input) {
  return input.flatten(options.start_dim(), options.end_dim());
}

void IdentityImpl::pretty_print(std::ostream& stream) const { stream << "tg::nn::Identity()"; }

Tensor IdentityImpl::forward(const Tensor& input) { return input; }

void UnflattenImpl::pretty_print(std::ostream& stream) const {
  stream << "tg::nn::Unflatten(dim=" << options.dim() << ", unflattened_size={";
  for (size_t i = 0; i < options.sizes().size(); ++i)
    stream << (i ? ", " : "") << options.sizes()[i];
  stream << "})";
}

Tensor UnflattenImpl::forward(const Tensor& input) {
  return input.unflatten(options.dim(), options.sizes());
}

BilinearImpl::BilinearImpl(const BilinearOptions& options_) : options(options_) { reset(); }

void BilinearImpl::reset() {
  TG_CHECK(options.in1_features() >= 0 && options.in2_features() >= 0 &&
               options.out_features() >= 0,
           "Bilinear: in1_features, in2_features and out_features must be non-negative, got ",
           options.in1_features(), ", ", options.in2_features(), " and ", options.out_features());
  weight = register_parameter("weight", tg::empty({options.out_features(), options.in1_features(),
                                                   options.in2_features()}));
  if (options.bias())
    bias = register_parameter("bias", tg::empty({options.out_features()}));
  else
    bias = register_parameter("bias", Tensor(), /*requires_grad=*/false);
  reset_parameters();
}

void BilinearImpl::reset_parameters() {
  // LibTorch: both from U(-1/sqrt(weight.size(1)), 1/sqrt(weight.size(1))), weight first
  const int64_t fan = options.in1_features();
  const double bound = fan > 0 ? 1.0 / std::sqrt(double(fan)) : 0.0;
  init::uniform_(weight, -bound, bound);
  if (bias.defined()) init::uniform_(bias, -bound, bound);
}

void BilinearImpl::pretty_print(std::ostream& stream) const {
  stream << std::boolalpha << "tg::nn::Bilinear(in1_features=" << options.in1_features()
         << ", in2_features=" << options.in2_features()
         << ", out_features=" << options.out_features() << ", bias=" << options.bias() << ")";
}

Tensor BilinearImpl::forward(const Tensor& input1, const Tensor& input2) {
  return functional::bilinear(input1, input2, weight, bias);
}

} // namespace tg::nn
