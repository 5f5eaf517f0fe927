#include "nn/modules/conv.h"

#include <cmath>
#include <ostream>

#include "autograd/ops/functions.h"
#include "nn/functional/conv.h"
#include "nn/init.h"

namespace tg::nn {

Conv2dImpl::Conv2dImpl(Conv2dOptions options_) : options(std::move(options_)) { reset(); }

void Conv2dImpl::reset() {
  TG_CHECK(options.in_channels() > 0 && options.out_channels() > 0,
           "Conv2d: in_channels and out_channels must be positive, got ", options.in_channels(),
           " and ", options.out_channels());
  TG_CHECK(options.groups() > 0, "Conv2d: groups must be a positive integer, got ",
           options.groups());
  for (int64_t k : *options.kernel_size())
    TG_CHECK(k > 0, "Conv2d: kernel_size must be positive, got ", options.kernel_size());
  for (int64_t s : *options.stride())
    TG_CHECK(s > 0, "Conv2d: stride must be positive, got ", options.stride());
  for (int64_t d : *options.dilation())
    TG_CHECK(d > 0, "Conv2d: dilation must be positive, got ", options.dilation());
  if (const auto* pad = std::get_if<ExpandingArray<2>>(&options.padding()))
    for (int64_t p : **pad) TG_CHECK(p >= 0, "Conv2d: padding must be non-negative, got ", *pad);
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


ConvTranspose2dImpl::ConvTranspose2dImpl(ConvTranspose2dOptions options_)
    : options(std::move(options_)) {
  reset();
}

void ConvTranspose2dImpl::reset() {
  TG_CHECK(options.in_channels() > 0 && options.out_channels() > 0, "ConvTranspose2d: in_channels "
           "and out_channels must be positive, got ", options.in_channels(), " and ",
           options.out_channels());
  TG_CHECK(options.groups() > 0, "ConvTranspose2d: groups must be a positive integer, got ",
           options.groups());
  TG_CHECK(options.in_channels() % options.groups() == 0,
           "ConvTranspose2d: in_channels must be divisible by groups (in_channels=",
           options.in_channels(), ", groups=", options.groups(), ")");
  TG_CHECK(options.out_channels() % options.groups() == 0,
           "ConvTranspose2d: out_channels must be divisible by groups (out_channels=",
           options.out_channels(), ", groups=", options.groups(), ")");
  for (int64_t k : *options.kernel_size())
    TG_CHECK(k > 0, "ConvTranspose2d: kernel_size must be positive, got ", options.kernel_size());
  TG_CHECK(std::holds_alternative<enumtype::kZeros>(options.padding_mode()),
           "ConvTranspose2d: only tg::kZeros padding mode is supported, got ",
           enumtype::get_enum_name(options.padding_mode()));
  const auto& k = *options.kernel_size();
  weight = register_parameter(
      "weight", tg::empty({options.in_channels(), options.out_channels() / options.groups(), k[0],
                           k[1]}));
  if (options.bias())
    bias = register_parameter("bias", tg::empty({options.out_channels()}));
  else
    bias = register_parameter("bias", Tensor(), /*requires_grad=*/false);
  reset_parameters();
}

void ConvTranspose2dImpl::reset_parameters() {
  // The same rule as Conv2d applied to this weight layout: fan_in comes from dim 1 (out / groups).
  init::kaiming_uniform_(weight, std::sqrt(5.0));
  if (bias.defined()) {
    auto [fan_in, fan_out] = init::_calculate_fan_in_and_fan_out(weight);
    (void)fan_out;
    const double bound = fan_in > 0 ? 1.0 / std::sqrt(double(fan_in)) : 0.0;
    init::uniform_(bias, -bound, bound);
  }
}

void ConvTranspose2dImpl::pretty_print(std::ostream& stream) const {
  stream << "tg::nn::ConvTranspose2d(" << options.in_channels() << ", " << options.out_channels()
         << ", kernel_size=" << options.kernel_size() << ", stride=" << options.stride();
  if (options.padding() != ExpandingArray<2>(0)) stream << ", padding=" << options.padding();
  if (options.dilation() != ExpandingArray<2>(1)) stream << ", dilation=" << options.dilation();
  if (options.output_padding() != ExpandingArray<2>(0))
    stream << ", output_padding=" << options.output_padding();
  if (options.groups() != 1) stream << ", groups=" << options.groups();
  if (!options.bias()) stream << ", bias=false";
  if (!std::holds_alternative<enumtype::kZeros>(options.padding_mode()))
    stream << ", padding_mode=" << enumtype::get_enum_name(options.padding_mode());
  stream << ")";
}

Tensor ConvTranspose2dImpl::forward(const Tensor& input,
                                    const std::optional<IntArrayRef>& output_size) {
  ExpandingArray<2> output_padding = options.output_padding();
  if (output_size) {
    TG_CHECK(input.defined() && input.dim() >= 2, "ConvTranspose2d: output_size needs a 3-D or "
             "4-D input");
    IntArrayRef wanted = *output_size;
    if (wanted.size() == 4) wanted = wanted.slice(2);
    TG_CHECK(wanted.size() == 2, "ConvTranspose2d: output_size must have 2 or 4 elements (got ",
             output_size->size(), ")");
    for (size_t d = 0; d < 2; ++d) {
      const int64_t in = input.size(input.dim() - 2 + int64_t(d));
      const int64_t s = (*options.stride())[d], p = (*options.padding())[d];
      const int64_t k = (*options.dilation())[d] * ((*options.kernel_size())[d] - 1) + 1;
      const int64_t smallest = (in - 1) * s - 2 * p + k, largest = smallest + s - 1;
      TG_CHECK(wanted[d] >= smallest && wanted[d] <= largest, "ConvTranspose2d: requested an "
               "output size of ", wanted, ", but valid sizes range from [", smallest, "] to [",
               largest, "] in dim ", d, " (for an input of ", input.sizes(), ")");
      (*output_padding)[d] = wanted[d] - smallest;
    }
  }
  return functional::conv_transpose2d(input, weight,
                                      functional::ConvTranspose2dFuncOptions()
                                          .bias(bias)
                                          .stride(options.stride())
                                          .padding(options.padding())
                                          .output_padding(output_padding)
                                          .groups(options.groups())
                                          .dilation(options.dilation()));
}

} // namespace tg::nn
