#include "nn/modules/conv.h"

#include <cmath>
#include <ostream>

#include "autograd/functions.h"
#include "nn/functional/conv.h"
#include "nn/init.h"

namespace tg::nn {

Conv2dImpl::Conv2dImpl(Conv2dOptions options_) : options(std::move(options_)) { reset(); }

void Conv2dImpl::reset() {
  TG_CHECK(options.groups() > 0, "Conv2d: groups must be a positive integer, got ",
           options.groups());
  TG_CHECK(options.in_channels() % options.groups() == 0,
           "Conv2d: in_channels must be divisible by groups (in_channels=", options.in_channels(),
           ", groups=", options.groups(), ")");
  TG_CHECK(options.out_channels() % options.groups() == 0,
           "Conv2d: out_channels must be divisible by groups (out_channels=",
           options.out_channels(), ", groups=", options.groups(), ")");
  TG_CHECK(std::holds_alternative<enumtype::kZeros>(options.padding_mode()),
           "Conv2d: padding_mode ", enumtype::get_enum_name(options.padding_mode()),
           " is not supported; only tg::kZeros is");
  if (std::holds_alternative<enumtype::kSame>(options.padding()))
    for (int64_t s : *options.stride())
      TG_CHECK(s == 1, "Conv2d: padding='same' is not supported for strided convolutions");
  const auto& k = *options.kernel_size();
  weight = register_parameter(
      "weight", tg::empty({options.out_channels(), options.in_channels() / options.groups(), k[0],
                           k[1]}));
  if (options.bias())
    bias = register_parameter("bias", tg::empty({options.out_channels()}));
  else
    bias = register_parameter("bias", Tensor(), /*requires_grad=*/false);
  reset_parameters();
}

void Conv2dImpl::reset_parameters() {
  init::kaiming_uniform_(weight, std::sqrt(5.0)); // U(-1/sqrt(fan_in), 1/sqrt(fan_in))
  if (bias.defined()) {
    auto [fan_in, fan_out] = init::_calculate_fan_in_and_fan_out(weight);
    (void)fan_out;
    const double bound = fan_in > 0 ? 1.0 / std::sqrt(double(fan_in)) : 0.0;
    init::uniform_(bias, -bound, bound);
  }
}

void Conv2dImpl::pretty_print(std::ostream& stream) const {
  stream << "tg::nn::Conv2d(" << options.in_channels() << ", " << options.out_channels()
         << ", kernel_size=" << options.kernel_size() << ", stride=" << options.stride();
  if (std::holds_alternative<enumtype::kValid>(options.padding())) {
    stream << ", padding='valid'";
  } else if (std::holds_alternative<enumtype::kSame>(options.padding())) {
    stream << ", padding='same'";
  } else {
    const auto& padding = std::get<ExpandingArray<2>>(options.padding());
    if (padding != ExpandingArray<2>(0)) stream << ", padding=" << padding;
  }
  if (options.dilation() != ExpandingArray<2>(1)) stream << ", dilation=" << options.dilation();
  if (options.groups() != 1) stream << ", groups=" << options.groups();
  if (!options.bias()) stream << ", bias=false";
  if (!std::holds_alternative<enumtype::kZeros>(options.padding_mode()))
    stream << ", padding_mode=" << enumtype::get_enum_name(options.padding_mode());
  stream << ")";
}

Tensor Conv2dImpl::forward(const Tensor& input) {
  return functional::conv2d(input, weight,
                            functional::Conv2dFuncOptions()
                                .bias(bias)
                                .stride(options.stride())
                                .padding(options.padding())
                                .dilation(options.dilation())
                                .groups(options.groups()));
}

} // namespace tg::nn
