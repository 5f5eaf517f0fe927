#pragma once
// Conv2d: Conv2d(in, out, kernel_size) or Conv2d(Conv2dOptions(in, out, {3, 5}).stride(2).padding(1)),
// and ConvTranspose2d, spelled the same way.
#include <optional>

#include "nn/options/conv.h"
#include "nn/pimpl.h"

namespace tg::nn {

/// Weight [out, in / groups, kh, kw] and bias [out], drawn from U(-1/sqrt(fan_in), 1/sqrt(fan_in))
/// with fan_in = in / groups · kh · kw, as LibTorch does.
class Conv2dImpl : public Cloneable<Conv2dImpl> {
public:
  /// Stride 1, no padding, with bias; same as Conv2dImpl(Conv2dOptions(in, out, kernel_size)).
  Conv2dImpl(int64_t input_channels, int64_t output_channels, ExpandingArray<2> kernel_size)
      : Conv2dImpl(Conv2dOptions(input_channels, output_channels, kernel_size)) {}
  /// A layer as described by the options. Throws tg::Error on non-positive channels, groups,
  /// kernel sizes, strides or dilations, negative padding, channels not divisible by groups, a
  /// padding_mode other than kZeros, or padding kSame with a stride other than 1.
  explicit Conv2dImpl(Conv2dOptions options_);

  void reset() override;
  /// Re-draws weight and bias from U(-1/sqrt(fan_in), 1/sqrt(fan_in)) (kaiming_uniform_ with
  /// a = sqrt(5), as LibTorch).
  void reset_parameters();
  /// "tg::nn::Conv2d(1, 10, kernel_size=[5, 5], stride=[1, 1])", non-default settings appended.
  void pretty_print(std::ostream& stream) const override;
  /// [N, in, H, W] (or [in, H, W]) -> [N, out, H', W']
  Tensor forward(const Tensor& input);

  /// The options the module was built with.
  Conv2dOptions options;
  /// The filters, [out_channels, in_channels / groups, kh, kw].
  Tensor weight;
  /// [out_channels]; undefined when options.bias() is false.
  Tensor bias;
};
/// The holder of Conv2dImpl (TORCH_MODULE(Conv2d)); copies share one module.
TG_MODULE(Conv2d);

/// Weight [in, out / groups, kh, kw] and bias [out], drawn from U(-1/sqrt(fan_in), 1/sqrt(fan_in))
/// with fan_in computed from the weight's dim 1 (out / groups · kh · kw), as LibTorch does.
class ConvTranspose2dImpl : public Cloneable<ConvTranspose2dImpl> {
public:
  /// Stride 1, no padding, with bias; same as the ConvTranspose2dOptions form.
  ConvTranspose2dImpl(int64_t input_channels, int64_t output_channels,
                      ExpandingArray<2> kernel_size)
      : ConvTranspose2dImpl(
            ConvTranspose2dOptions(input_channels, output_channels, kernel_size)) {}
  /// A layer as described by the options. Throws tg::Error on non-positive channels, groups or
  /// kernel sizes, channels not divisible by groups, or a padding_mode other than kZeros.
  explicit ConvTranspose2dImpl(ConvTranspose2dOptions options_);

  void reset() override;
  /// Re-draws weight and bias from U(-1/sqrt(fan_in), 1/sqrt(fan_in)), as LibTorch.
  void reset_parameters();
  /// "tg::nn::ConvTranspose2d(3, 8, kernel_size=[3, 3], stride=[1, 1])", non-default settings
  /// appended in LibTorch's order.
  void pretty_print(std::ostream& stream) const override;
  /// [N, in, H, W] (or [in, H, W]) -> [N, out, H', W']. output_size, when given ([H', W'] or
  /// [N, out, H', W']), picks the output_padding that produces it.
  Tensor forward(const Tensor& input, const std::optional<IntArrayRef>& output_size = std::nullopt);

  /// The options the module was built with.
  ConvTranspose2dOptions options;
  /// The filters, [in_channels, out_channels / groups, kh, kw].
  Tensor weight;
  /// [out_channels]; undefined when options.bias() is false.
  Tensor bias;
};
/// The holder of ConvTranspose2dImpl (TORCH_MODULE(ConvTranspose2d)); copies share one module.
TG_MODULE(ConvTranspose2d);

} // namespace tg::nn
