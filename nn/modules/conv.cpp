#include "nn/modules/conv.h"

#include <cmath>
#include <ostream>
#include <string>

#include "autograd/ops/functions.h"
#include "nn/functional/conv.h"
#include "nn/functional/padding.h"
#include "nn/init.h"

namespace tg::nn {

namespace {

/// "Conv2d", "ConvTranspose3d": the name LibTorch's messages and printing use.
std::string conv_name(const char* base, size_t D) { return base + std::to_string(D) + "d"; }

/// The shape of a weight [a, b, *kernel_size].
std::vector<int64_t> weight_shape(int64_t a, int64_t b, IntArrayRef kernel_size) {
  std::vector<int64_t> shape{a, b};
  shape.insert(shape.end(), kernel_size.begin(), kernel_size.end());
  return shape;
}

/// LibTorch's reset_parameters for both weight layouts: kaiming_uniform_(a = sqrt(5)) gives
/// U(-1/sqrt(fan_in), 1/sqrt(fan_in)), and the bias uses the same bound.
void reset_conv_parameters(Tensor& weight, Tensor& bias) {
  init::kaiming_uniform_(weight, std::sqrt(5.0));
  if (bias.defined()) {
    auto [fan_in, fan_out] = init::_calculate_fan_in_and_fan_out(weight);
    (void)fan_out;
    const double bound = fan_in > 0 ? 1.0 / std::sqrt(double(fan_in)) : 0.0;
    init::uniform_(bias, -bound, bound);
  }
}

} // namespace

template <size_t D, typename Derived>
ConvNdImpl<D, Derived>::ConvNdImpl(ConvOptions<D> options_) : options(std::move(options_)) {
  reset();
}

template <size_t D, typename Derived> void ConvNdImpl<D, Derived>::reset() {
  const std::string name = conv_name("Conv", D);
  TG_CHECK(options.in_channels() > 0 && options.out_channels() > 0, name,
           ": in_channels and out_channels must be positive, got ", options.in_channels(), " and ",
           options.out_channels());
  TG_CHECK(options.groups() > 0, name, ": groups must be a positive integer, got ",
           options.groups());
  for (int64_t k : *options.kernel_size())
    TG_CHECK(k > 0, name, ": kernel_size must be positive, got ", options.kernel_size());
  for (int64_t s : *options.stride())
    TG_CHECK(s > 0, name, ": stride must be positive, got ", options.stride());
  for (int64_t d : *options.dilation())
    TG_CHECK(d > 0, name, ": dilation must be positive, got ", options.dilation());
  if (const auto* pad = std::get_if<ExpandingArray<D>>(&options.padding()))
    for (int64_t p : **pad) TG_CHECK(p >= 0, name, ": padding must be non-negative, got ", *pad);
  TG_CHECK(options.in_channels() % options.groups() == 0, name,
           ": in_channels must be divisible by groups (in_channels=", options.in_channels(),
           ", groups=", options.groups(), ")");
  TG_CHECK(options.out_channels() % options.groups() == 0, name,
           ": out_channels must be divisible by groups (out_channels=", options.out_channels(),
           ", groups=", options.groups(), ")");
  if (std::holds_alternative<enumtype::kSame>(options.padding()))
    for (int64_t s : *options.stride())
      TG_CHECK(s == 1, name, ": padding='same' is not supported for strided convolutions");
  this->weight = this->register_parameter(
      "weight",
      tg::empty(weight_shape(options.out_channels(), options.in_channels() / options.groups(),
                             *options.kernel_size())));
  if (options.bias())
    this->bias = this->register_parameter("bias", tg::empty({options.out_channels()}));
  else
    this->bias = this->register_parameter("bias", Tensor(), /*requires_grad=*/false);
  reset_parameters();
}

template <size_t D, typename Derived> void ConvNdImpl<D, Derived>::reset_parameters() {
  reset_conv_parameters(weight, bias);
}

template <size_t D, typename Derived>
void ConvNdImpl<D, Derived>::pretty_print(std::ostream& stream) const {
  stream << "tg::nn::" << conv_name("Conv", D) << "(" << options.in_channels() << ", "
         << options.out_channels() << ", kernel_size=" << options.kernel_size()
         << ", stride=" << options.stride();
  if (std::holds_alternative<enumtype::kValid>(options.padding())) {
    stream << ", padding='valid'";
  } else if (std::holds_alternative<enumtype::kSame>(options.padding())) {
    stream << ", padding='same'";
  } else {
    const auto& padding = std::get<ExpandingArray<D>>(options.padding());
    if (padding != ExpandingArray<D>(0)) stream << ", padding=" << padding;
  }
  if (options.dilation() != ExpandingArray<D>(1)) stream << ", dilation=" << options.dilation();
  if (options.groups() != 1) stream << ", groups=" << options.groups();
  if (!options.bias()) stream << ", bias=false";
  if (!std::holds_alternative<enumtype::kZeros>(options.padding_mode()))
    stream << ", padding_mode=" << enumtype::get_enum_name(options.padding_mode());
  stream << ")";
}

template class ConvNdImpl<1, Conv1dImpl>;
template class ConvNdImpl<2, Conv2dImpl>;
template class ConvNdImpl<3, Conv3dImpl>;

namespace {
/// The functional options a convolution module's forward passes on.
template <size_t D>
functional::ConvFuncOptions<D> func_options(const ConvOptions<D>& o, const Tensor& bias) {
  return functional::ConvFuncOptions<D>()
      .bias(bias)
      .stride(o.stride())
      .padding(o.padding())
      .dilation(o.dilation())
      .groups(o.groups());
}

/// F::pad's amounts (last dim first, before then after) that stand for the module's padding when
/// padding_mode is not zeros; LibTorch's _reversed_padding_repeated_twice. kSame puts the odd
/// one of an even kernel's padding after, as the zeros mode does.
template <size_t D> std::vector<int64_t> mode_padding(const ConvOptions<D>& o) {
  std::vector<int64_t> amounts(2 * D, 0);
  for (size_t i = 0; i < D; ++i) {
    const size_t slot = 2 * (D - 1 - i);
    if (std::holds_alternative<enumtype::kSame>(o.padding())) {
      const int64_t total = (*o.dilation())[i] * ((*o.kernel_size())[i] - 1);
      amounts[slot] = total / 2;
      amounts[slot + 1] = total - total / 2;
    } else if (const auto* p = std::get_if<ExpandingArray<D>>(&o.padding())) {
      amounts[slot] = amounts[slot + 1] = (**p)[i];
    }
  }
  return amounts;
}

/// The convolution `conv` with the module's padding: zeros inside the convolution, any other mode
/// (reflect, replicate, circular) by F::pad first and then no padding, as LibTorch does it.
template <size_t D, typename Conv>
Tensor padded_conv(const Tensor& input, const Tensor& weight, const Tensor& bias,
                   const ConvOptions<D>& o, Conv conv) {
  if (std::holds_alternative<enumtype::kZeros>(o.padding_mode()))
    return conv(input, weight, func_options(o, bias));
  const functional::PadFuncOptions::mode_t mode = std::visit(
      [](auto m) -> functional::PadFuncOptions::mode_t {
        if constexpr (std::is_same_v<decltype(m), enumtype::kReflect>)
          return tg::kReflect;
        else if constexpr (std::is_same_v<decltype(m), enumtype::kReplicate>)
          return tg::kReplicate;
        else
          return tg::kCircular;
      },
      o.padding_mode());
  return conv(functional::pad(input, functional::PadFuncOptions(mode_padding(o)).mode(mode)),
              weight, func_options(o, bias).padding(ExpandingArray<D>(0)));
}
} // namespace

Tensor Conv1dImpl::forward(const Tensor& input) {
  return padded_conv<1>(input, weight, bias, options,
                        [](auto&&... a) { return functional::conv1d(a...); });
}

Tensor Conv2dImpl::forward(const Tensor& input) {
  return padded_conv<2>(input, weight, bias, options,
                        [](auto&&... a) { return functional::conv2d(a...); });
}

Tensor Conv3dImpl::forward(const Tensor& input) {
  return padded_conv<3>(input, weight, bias, options,
                        [](auto&&... a) { return functional::conv3d(a...); });
}

template <size_t D, typename Derived>
ConvTransposeNdImpl<D, Derived>::ConvTransposeNdImpl(ConvTransposeOptions<D> options_)
    : options(std::move(options_)) {
  reset();
}

template <size_t D, typename Derived> void ConvTransposeNdImpl<D, Derived>::reset() {
  const std::string name = conv_name("ConvTranspose", D);
  TG_CHECK(options.in_channels() > 0 && options.out_channels() > 0, name,
           ": in_channels and out_channels must be positive, got ", options.in_channels(), " and ",
           options.out_channels());
  TG_CHECK(options.groups() > 0, name, ": groups must be a positive integer, got ",
           options.groups());
  TG_CHECK(options.in_channels() % options.groups() == 0, name,
           ": in_channels must be divisible by groups (in_channels=", options.in_channels(),
           ", groups=", options.groups(), ")");
  TG_CHECK(options.out_channels() % options.groups() == 0, name,
           ": out_channels must be divisible by groups (out_channels=", options.out_channels(),
           ", groups=", options.groups(), ")");
  for (int64_t k : *options.kernel_size())
    TG_CHECK(k > 0, name, ": kernel_size must be positive, got ", options.kernel_size());
  TG_CHECK(std::holds_alternative<enumtype::kZeros>(options.padding_mode()), name,
           ": only tg::kZeros padding mode is supported, got ",
           enumtype::get_enum_name(options.padding_mode()));
  this->weight = this->register_parameter(
      "weight",
      tg::empty(weight_shape(options.in_channels(), options.out_channels() / options.groups(),
                             *options.kernel_size())));
  if (options.bias())
    this->bias = this->register_parameter("bias", tg::empty({options.out_channels()}));
  else
    this->bias = this->register_parameter("bias", Tensor(), /*requires_grad=*/false);
  reset_parameters();
}

template <size_t D, typename Derived> void ConvTransposeNdImpl<D, Derived>::reset_parameters() {
  // The same rule as Conv applied to this weight layout: fan_in comes from dim 1 (out / groups).
  reset_conv_parameters(weight, bias);
}

template <size_t D, typename Derived>
void ConvTransposeNdImpl<D, Derived>::pretty_print(std::ostream& stream) const {
  stream << "tg::nn::" << conv_name("ConvTranspose", D) << "(" << options.in_channels() << ", "
         << options.out_channels() << ", kernel_size=" << options.kernel_size()
         << ", stride=" << options.stride();
  if (options.padding() != ExpandingArray<D>(0)) stream << ", padding=" << options.padding();
  if (options.dilation() != ExpandingArray<D>(1)) stream << ", dilation=" << options.dilation();
  if (options.output_padding() != ExpandingArray<D>(0))
    stream << ", output_padding=" << options.output_padding();
  if (options.groups() != 1) stream << ", groups=" << options.groups();
  if (!options.bias()) stream << ", bias=false";
  if (!std::holds_alternative<enumtype::kZeros>(options.padding_mode()))
    stream << ", padding_mode=" << enumtype::get_enum_name(options.padding_mode());
  stream << ")";
}

template <size_t D, typename Derived>
ExpandingArray<D> ConvTransposeNdImpl<D, Derived>::output_padding_for(
    const Tensor& input, const std::optional<IntArrayRef>& output_size) const {
  ExpandingArray<D> output_padding = options.output_padding();
  if (!output_size) return output_padding;
  const std::string name = conv_name("ConvTranspose", D);
  const int64_t dims = int64_t(D);
  TG_CHECK(input.defined() && input.dim() >= dims, name, ": output_size needs a ", dims + 1,
           "-D or ", dims + 2, "-D input");
  IntArrayRef wanted = *output_size;
  if (int64_t(wanted.size()) == dims + 2) wanted = wanted.slice(2);
  TG_CHECK(int64_t(wanted.size()) == dims, name, ": output_size must have ", dims, " or ", dims + 2,
           " elements (got ", output_size->size(), ")");
  for (size_t d = 0; d < D; ++d) {
    const int64_t in = input.size(input.dim() - dims + int64_t(d));
    const int64_t s = (*options.stride())[d], p = (*options.padding())[d];
    const int64_t k = (*options.dilation())[d] * ((*options.kernel_size())[d] - 1) + 1;
    const int64_t smallest = (in - 1) * s - 2 * p + k, largest = smallest + s - 1;
    TG_CHECK(wanted[d] >= smallest && wanted[d] <= largest, name, ": requested an output size of ",
             wanted, ", but valid sizes range from [", smallest, "] to [", largest, "] in dim ", d,
             " (for an input of ", input.sizes(), ")");
    (*output_padding)[d] = wanted[d] - smallest;
  }
  return output_padding;
}

template class ConvTransposeNdImpl<1, ConvTranspose1dImpl>;
template class ConvTransposeNdImpl<2, ConvTranspose2dImpl>;
template class ConvTransposeNdImpl<3, ConvTranspose3dImpl>;

namespace {
/// The functional options a transposed convolution module's forward passes on.
template <size_t D>
functional::ConvTransposeFuncOptions<D> func_options(const ConvTransposeOptions<D>& o,
                                                     const Tensor& bias,
                                                     const ExpandingArray<D>& output_padding) {
  return functional::ConvTransposeFuncOptions<D>()
      .bias(bias)
      .stride(o.stride())
      .padding(o.padding())
      .output_padding(output_padding)
      .groups(o.groups())
      .dilation(o.dilation());
}
} // namespace

Tensor ConvTranspose1dImpl::forward(const Tensor& input,
                                    const std::optional<IntArrayRef>& output_size) {
  return functional::conv_transpose1d(
      input, weight, func_options(options, bias, output_padding_for(input, output_size)));
}

Tensor ConvTranspose2dImpl::forward(const Tensor& input,
                                    const std::optional<IntArrayRef>& output_size) {
  return functional::conv_transpose2d(
      input, weight, func_options(options, bias, output_padding_for(input, output_size)));
}

Tensor ConvTranspose3dImpl::forward(const Tensor& input,
                                    const std::optional<IntArrayRef>& output_size) {
  return functional::conv_transpose3d(
      input, weight, func_options(options, bias, output_padding_for(input, output_size)));
}

} // namespace tg::nn
