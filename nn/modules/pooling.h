#pragma once
// MaxPool2d, AvgPool2d, AdaptiveAvgPool2d.
#include "nn/options/pooling.h"
#include "nn/pimpl.h"

namespace tg::nn {

/// The maximum over each kernel_size window of [N, C, H, W] (or [C, H, W]) input; same as
/// torch::nn::MaxPool2d. The stride defaults to the kernel size.
class MaxPool2dImpl : public Cloneable<MaxPool2dImpl> {
public:
  /// Windows of `kernel_size`, stride = kernel_size, no padding.
  MaxPool2dImpl(ExpandingArray<2> kernel_size) // NOLINT: implicit, as in LibTorch
      : MaxPool2dImpl(MaxPool2dOptions(kernel_size)) {}
  /// A layer as described by the options (checked on the first forward).
  explicit MaxPool2dImpl(const MaxPool2dOptions& options_) : options(options_) {}
  void reset() override {}
  void pretty_print(std::ostream& stream) const override;
  /// [N, C, H, W] (or [C, H, W]) -> [N, C, H', W'], H' = floor((H + 2·padding - dilation·(k - 1)
  /// - 1) / stride) + 1 (ceil with ceil_mode). Throws tg::Error on invalid sizes, a padding over
  /// half the kernel, or an empty output.
  Tensor forward(const Tensor& input);

  /// The options the module was built with.
  MaxPool2dOptions options;
};
/// The holder of MaxPool2dImpl (TORCH_MODULE(MaxPool2d)); copies share one module.
TG_MODULE(MaxPool2d);

/// The mean over each kernel_size window of [N, C, H, W] (or [C, H, W]) input; same as
/// torch::nn::AvgPool2d. The stride defaults to the kernel size.
class AvgPool2dImpl : public Cloneable<AvgPool2dImpl> {
public:
  /// Windows of `kernel_size`, stride = kernel_size, no padding.
  AvgPool2dImpl(ExpandingArray<2> kernel_size) // NOLINT
      : AvgPool2dImpl(AvgPool2dOptions(kernel_size)) {}
  /// A layer as described by the options (checked on the first forward).
  explicit AvgPool2dImpl(const AvgPool2dOptions& options_) : options(options_) {}
  void reset() override {}
  void pretty_print(std::ostream& stream) const override;
  /// [N, C, H, W] (or [C, H, W]) -> [N, C, H', W'], H' = floor((H + 2·padding - k) / stride) + 1
  /// (ceil with ceil_mode). Throws tg::Error on invalid sizes, a padding over half the kernel, or
  /// an empty output.
  Tensor forward(const Tensor& input);

  /// The options the module was built with.
  AvgPool2dOptions options;
};
/// The holder of AvgPool2dImpl (TORCH_MODULE(AvgPool2d)); copies share one module.
TG_MODULE(AvgPool2d);

/// Average pooling whose windows are chosen to give a fixed output_size [H', W'] whatever
/// the input size; same as torch::nn::AdaptiveAvgPool2d.
class AdaptiveAvgPool2dImpl : public Cloneable<AdaptiveAvgPool2dImpl> {
public:
  /// Pools to `output_size` ([H', W'], or one value for both).
  AdaptiveAvgPool2dImpl(ExpandingArray<2> output_size) // NOLINT
      : AdaptiveAvgPool2dImpl(AdaptiveAvgPool2dOptions(output_size)) {}
  /// A layer as described by the options (checked on the first forward).
  explicit AdaptiveAvgPool2dImpl(const AdaptiveAvgPool2dOptions& options_) : options(options_) {}
  void reset() override {}
  void pretty_print(std::ostream& stream) const override;
  /// [N, C, H, W] (or [C, H, W]) -> [N, C, H', W'] with [H', W'] = output_size. Throws
  /// tg::Error on a non-positive input size or a negative output size.
  Tensor forward(const Tensor& input);

  /// The options the module was built with.
  AdaptiveAvgPool2dOptions options;
};
/// The holder of AdaptiveAvgPool2dImpl (TORCH_MODULE(AdaptiveAvgPool2d)); copies share one module.
TG_MODULE(AdaptiveAvgPool2d);

} // namespace tg::nn
