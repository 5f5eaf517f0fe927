#pragma once
// Conv1d, Conv2d, Conv3d: Conv2d(in, out, kernel_size) or
// Conv2d(Conv2dOptions(in, out, {3, 5}).stride(2).padding(1)); ConvTranspose1d/2d/3d, spelled the
// same way. As in LibTorch, each is a thin class over a template shared by the three ranks
// (ConvNdImpl, ConvTransposeNdImpl), which owns the options, the parameters and their checks.
#include <optional>

#include "nn/options/conv.h"
#include "nn/pimpl.h"

namespace tg::nn {

/// The parameters and checks of a D-dim convolution: weight [out, in / groups, *kernel_size] and
/// bias [out], drawn from U(-1/sqrt(fan_in), 1/sqrt(fan_in)) with fan_in = in / groups ·
/// prod(kernel_size), as LibTorch does.
template <size_t D, typename Derived> class ConvNdImpl : public Cloneable<Derived> {
public:
  /// A layer as described by the options. Throws tg::Error on non-positive channels, groups,
  /// kernel sizes, strides or dilations, negative padding, channels not divisible by groups, or
  /// padding kSame with a stride other than 1. A padding_mode other than kZeros pads the input
  /// with F::pad in that mode before a convolution without padding, as LibTorch does.
  explicit ConvNdImpl(ConvOptions<D> options_);

  void reset() override; ///< Checks the options and creates the parameters anew.
  /// Re-draws weight and bias from U(-1/sqrt(fan_in), 1/sqrt(fan_in)) (kaiming_uniform_ with
  /// a = sqrt(5), as LibTorch).
  void reset_parameters();
  /// "tg::nn::Conv2d(1, 10, kernel_size=[5, 5], stride=[1, 1])", non-default settings appended.
  void pretty_print(std::ostream& stream) const override;

  /// The options the module was built with.
  ConvOptions<D> options;
  /// The filters, [out_channels, in_channels / groups, *kernel_size].
  Tensor weight;
  /// [out_channels]; undefined when options.bias() is false.
  Tensor bias;
};

/// A 1-D convolution over [N, in, L] (or [in, L]); same as torch::nn::Conv1d.
class Conv1dImpl : public ConvNdImpl<1, Conv1dImpl> {
public:
  /// Stride 1, no padding, with bias; same as Conv1dImpl(Conv1dOptions(in, out, kernel_size)).
  Conv1dImpl(int64_t input_channels, int64_t output_channels, ExpandingArray<1> kernel_size)
      : Conv1dImpl(Conv1dOptions(input_channels, output_channels, kernel_size)) {}
  /// A layer as described by the options (checked as ConvNdImpl says).
  explicit Conv1dImpl(Conv1dOptions options_) : ConvNdImpl(std::move(options_)) {}
  /// [N, in, L] (or [in, L]) -> [N, out, L']
  Tensor forward(const Tensor& input);
};
/// The holder of Conv1dImpl (TORCH_MODULE(Conv1d)); copies share one module.
TG_MODULE(Conv1d);

/// A 2-D convolution over [N, in, H, W] (or [in, H, W]); same as torch::nn::Conv2d.
class Conv2dImpl : public ConvNdImpl<2, Conv2dImpl> {
public:
  /// Stride 1, no padding, with bias; same as Conv2dImpl(Conv2dOptions(in, out, kernel_size)).
  Conv2dImpl(int64_t input_channels, int64_t output_channels, ExpandingArray<2> kernel_size)
      : Conv2dImpl(Conv2dOptions(input_channels, output_channels, kernel_size)) {}
  /// A layer as described by the options (checked as ConvNdImpl says).
  explicit Conv2dImpl(Conv2dOptions options_) : ConvNdImpl(std::move(options_)) {}
  /// [N, in, H, W] (or [in, H, W]) -> [N, out, H', W']
  Tensor forward(const Tensor& input);
};
/// The holder of Conv2dImpl (TORCH_MODULE(Conv2d)); copies share one module.
TG_MODULE(Conv2d);

/// A 3-D convolution over [N, in, D, H, W] (or [in, D, H, W]); same as torch::nn::Conv3d.
class Conv3dImpl : public ConvNdImpl<3, Conv3dImpl> {
public:
  /// Stride 1, no padding, with bias; same as Conv3dImpl(Conv3dOptions(in, out, kernel_size)).
  Conv3dImpl(int64_t input_channels, int64_t output_channels, ExpandingArray<3> kernel_size)
      : Conv3dImpl(Conv3dOptions(input_channels, output_channels, kernel_size)) {}
  /// A layer as described by the options (checked as ConvNdImpl says).
  explicit Conv3dImpl(Conv3dOptions options_) : ConvNdImpl(std::move(options_)) {}
  /// [N, in, D, H, W] (or [in, D, H, W]) -> [N, out, D', H', W']
  Tensor forward(const Tensor& input);
};
/// The holder of Conv3dImpl (TORCH_MODULE(Conv3d)); copies share one module.
TG_MODULE(Conv3d);

/// The parameters and checks of a D-dim transposed convolution: weight [in, out / groups,
/// *kernel_size] and bias [out], drawn from U(-1/sqrt(fan_in), 1/sqrt(fan_in)) with fan_in
/// computed from the weight's dim 1 (out / groups · prod(kernel_size)), as LibTorch does.
template <size_t D, typename Derived> class ConvTransposeNdImpl : public Cloneable<Derived> {
public:
  /// A layer as described by the options. Throws tg::Error on non-positive channels, groups or
  /// kernel sizes, channels not divisible by groups, or a padding_mode other than kZeros.
  explicit ConvTransposeNdImpl(ConvTransposeOptions<D> options_);

  void reset() override; ///< Checks the options and creates the parameters anew.
  /// Re-draws weight and bias from U(-1/sqrt(fan_in), 1/sqrt(fan_in)), as LibTorch.
  void reset_parameters();
  /// "tg::nn::ConvTranspose2d(3, 8, kernel_size=[3, 3], stride=[1, 1])", non-default settings
  /// appended in LibTorch's order.
  void pretty_print(std::ostream& stream) const override;

  /// The options the module was built with.
  ConvTransposeOptions<D> options;
  /// The filters, [in_channels, out_channels / groups, *kernel_size].
  Tensor weight;
  /// [out_channels]; undefined when options.bias() is false.
  Tensor bias;

protected:
  /// The output_padding that makes the output `output_size` (its D spatial sizes, or all of
  /// [N, out, *spatial]), as LibTorch's _output_padding; options.output_padding() when none.
  ExpandingArray<D> output_padding_for(const Tensor& input,
                                       const std::optional<IntArrayRef>& output_size) const;
};

/// The transposed 1-D convolution (conv1d's input gradient); same as torch::nn::ConvTranspose1d.
class ConvTranspose1dImpl : public ConvTransposeNdImpl<1, ConvTranspose1dImpl> {
public:
  /// Stride 1, no padding, with bias; same as the ConvTranspose1dOptions form.
  ConvTranspose1dImpl(int64_t input_channels, int64_t output_channels,
                      ExpandingArray<1> kernel_size)
      : ConvTranspose1dImpl(ConvTranspose1dOptions(input_channels, output_channels, kernel_size)) {}
  /// A layer as described by the options (checked as ConvTransposeNdImpl says).
  explicit ConvTranspose1dImpl(ConvTranspose1dOptions options_)
      : ConvTransposeNdImpl(std::move(options_)) {}
  /// [N, in, L] (or [in, L]) -> [N, out, L']. output_size, when given ([L'] or [N, out, L']),
  /// picks the output_padding that produces it.
  Tensor forward(const Tensor& input, const std::optional<IntArrayRef>& output_size = std::nullopt);
};
/// The holder of ConvTranspose1dImpl (TORCH_MODULE(ConvTranspose1d)); copies share one module.
TG_MODULE(ConvTranspose1d);

/// The transposed 2-D convolution (conv2d's input gradient); same as torch::nn::ConvTranspose2d.
class ConvTranspose2dImpl : public ConvTransposeNdImpl<2, ConvTranspose2dImpl> {
public:
  /// Stride 1, no padding, with bias; same as the ConvTranspose2dOptions form.
  ConvTranspose2dImpl(int64_t input_channels, int64_t output_channels,
                      ExpandingArray<2> kernel_size)
      : ConvTranspose2dImpl(ConvTranspose2dOptions(input_channels, output_channels, kernel_size)) {}
  /// A layer as described by the options (checked as ConvTransposeNdImpl says).
  explicit ConvTranspose2dImpl(ConvTranspose2dOptions options_)
      : ConvTransposeNdImpl(std::move(options_)) {}
  /// [N, in, H, W] (or [in, H, W]) -> [N, out, H', W']. output_size, when given ([H', W'] or
  /// [N, out, H', W']), picks the output_padding that produces it.
  Tensor forward(const Tensor& input, const std::optional<IntArrayRef>& output_size = std::nullopt);
};
/// The holder of ConvTranspose2dImpl (TORCH_MODULE(ConvTranspose2d)); copies share one module.
TG_MODULE(ConvTranspose2d);

/// The transposed 3-D convolution (conv3d's input gradient); same as torch::nn::ConvTranspose3d.
class ConvTranspose3dImpl : public ConvTransposeNdImpl<3, ConvTranspose3dImpl> {
public:
  /// Stride 1, no padding, with bias; same as the ConvTranspose3dOptions form.
  ConvTranspose3dImpl(int64_t input_channels, int64_t output_channels,
                      ExpandingArray<3> kernel_size)
      : ConvTranspose3dImpl(ConvTranspose3dOptions(input_channels, output_channels, kernel_size)) {}
  /// A layer as described by the options (checked as ConvTransposeNdImpl says).
  explicit ConvTranspose3dImpl(ConvTranspose3dOptions options_)
      : ConvTransposeNdImpl(std::move(options_)) {}
  /// [N, in, D, H, W] (or [in, D, H, W]) -> [N, out, D', H', W']. output_size, when given
  /// ([D', H', W'] or [N, out, D', H', W']), picks the output_padding that produces it.
  Tensor forward(const Tensor& input, const std::optional<IntArrayRef>& output_size = std::nullopt);
};
/// The holder of ConvTranspose3dImpl (TORCH_MODULE(ConvTranspose3d)); copies share one module.
TG_MODULE(ConvTranspose3d);

} // namespace tg::nn
