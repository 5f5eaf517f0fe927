#pragma once
// Conv2d: Conv2d(in, out, kernel_size) or Conv2d(Conv2dOptions(in, out, {3, 5}).stride(2).padding(1)).
#include "nn/options/conv.h"
#include "nn/pimpl.h"

namespace tg::nn {

/// Weight [out, in / groups, kh, kw] and bias [out], drawn from U(-1/sqrt(fan_in), 1/sqrt(fan_in))
/// with fan_in = in / groups · kh · kw, as LibTorch does.
class Conv2dImpl : public Cloneable<Conv2dImpl> {
public:
  Conv2dImpl(int64_t input_channels, int64_t output_channels, ExpandingArray<2> kernel_size)
      : Conv2dImpl(Conv2dOptions(input_channels, output_channels, kernel_size)) {}
  explicit Conv2dImpl(Conv2dOptions options_);

  void reset() override;
  void reset_parameters();
  /// "tg::nn::Conv2d(1, 10, kernel_size=[5, 5], stride=[1, 1])", non-default settings appended.
  void pretty_print(std::ostream& stream) const override;
  /// [N, in, H, W] (or [in, H, W]) -> [N, out, H', W']
  Tensor forward(const Tensor& input);

  Conv2dOptions options;
  Tensor weight;
  Tensor bias;
};
TG_MODULE(Conv2d);

} // namespace tg::nn
