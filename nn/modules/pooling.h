#pragma once
// MaxPool1d/2d/3d, AvgPool1d/2d/3d, AdaptiveAvgPool1d/2d/3d, AdaptiveMaxPool1d/2d/3d. As in
// LibTorch, each family is one template over the number of pooled dims (MaxPoolImpl<D, Derived>,
// ...) holding the options and printing; the thin classes per D add forward.
#include <tuple>

#include "nn/options/pooling.h"
#include "nn/pimpl.h"

namespace tg::nn {

/// The options and printing of MaxPool1d/2d/3d (checked on the first forward).
template <size_t D, typename Derived> class MaxPoolImpl : public Cloneable<Derived> {
public:
  /// Windows of `kernel_size`, stride = kernel_size, no padding.
  MaxPoolImpl(ExpandingArray<D> kernel_size) // NOLINT: implicit, as in LibTorch
      : MaxPoolImpl(MaxPoolOptions<D>(kernel_size)) {}
  /// A layer as described by the options (checked on the first forward).
  explicit MaxPoolImpl(const MaxPoolOptions<D>& options_) : options(options_) {}
  void reset() override {} ///< Nothing to do: a pool has no parameters.
  /// "tg::nn::MaxPool2d(kernel_size=[2, 2], stride=[2, 2], padding=[0, 0], dilation=[1, 1],
  /// ceil_mode=false)"
  void pretty_print(std::ostream& stream) const override;

  /// The options the module was built with.
  MaxPoolOptions<D> options;
};

/// The maximum over each kernel_size window of [N, C, L] (or [C, L]) input; same as
/// torch::nn::MaxPool1d.
class MaxPool1dImpl : public MaxPoolImpl<1, MaxPool1dImpl> {
public:
  using MaxPoolImpl::MaxPoolImpl;
  /// [N, C, L] (or [C, L]) -> [N, C, L'], with max_pool1d's checks.
  Tensor forward(const Tensor& input);
  /// forward, and the position of each maximum along L.
  std::tuple<Tensor, Tensor> forward_with_indices(const Tensor& input);
};
/// The holder of MaxPool1dImpl (TORCH_MODULE(MaxPool1d)); copies share one module.
TG_MODULE(MaxPool1d);

/// The maximum over each kernel_size window of [N, C, H, W] (or [C, H, W]) input; same as
/// torch::nn::MaxPool2d. The stride defaults to the kernel size.
class MaxPool2dImpl : public MaxPoolImpl<2, MaxPool2dImpl> {
public:
  using MaxPoolImpl::MaxPoolImpl;
  /// [N, C, H, W] (or [C, H, W]) -> [N, C, H', W'], H' = floor((H + 2·padding - dilation·(k - 1)
  /// - 1) / stride) + 1 (ceil with ceil_mode). Throws tg::Error on invalid sizes, a padding over
  /// half the kernel, or an empty output.
  Tensor forward(const Tensor& input);
  /// forward, and the flat position of each maximum in its H x W plane.
  std::tuple<Tensor, Tensor> forward_with_indices(const Tensor& input);
};
/// The holder of MaxPool2dImpl (TORCH_MODULE(MaxPool2d)); copies share one module.
TG_MODULE(MaxPool2d);

/// The maximum over each kernel_size window of [N, C, D, H, W] (or [C, D, H, W]) input; same as
/// torch::nn::MaxPool3d.
class MaxPool3dImpl : public MaxPoolImpl<3, MaxPool3dImpl> {
public:
  using MaxPoolImpl::MaxPoolImpl;
  /// [N, C, D, H, W] (or [C, D, H, W]) -> [N, C, D', H', W'], with max_pool2d's rules.
  Tensor forward(const Tensor& input);
  /// forward, and the flat position of each maximum in its D x H x W volume.
  std::tuple<Tensor, Tensor> forward_with_indices(const Tensor& input);
};
/// The holder of MaxPool3dImpl (TORCH_MODULE(MaxPool3d)); copies share one module.
TG_MODULE(MaxPool3d);

/// The options and printing of AvgPool1d/2d/3d (checked on the first forward).
template <size_t D, typename Derived> class AvgPoolImpl : public Cloneable<Derived> {
public:
  /// Windows of `kernel_size`, stride = kernel_size, no padding.
  AvgPoolImpl(ExpandingArray<D> kernel_size) // NOLINT
      : AvgPoolImpl(AvgPoolOptions<D>(kernel_size)) {}
  /// A layer as described by the options (checked on the first forward).
  explicit AvgPoolImpl(const AvgPoolOptions<D>& options_) : options(options_) {}
  void reset() override {} ///< Nothing to do: a pool has no parameters.
  /// "tg::nn::AvgPool2d(kernel_size=[2, 2], stride=[2, 2], padding=[0, 0])"
  void pretty_print(std::ostream& stream) const override;

  /// The options the module was built with.
  AvgPoolOptions<D> options;
};

/// The mean over each kernel_size window of [N, C, L] (or [C, L]) input; same as
/// torch::nn::AvgPool1d.
class AvgPool1dImpl : public AvgPoolImpl<1, AvgPool1dImpl> {
public:
  using AvgPoolImpl::AvgPoolImpl;
  /// [N, C, L] (or [C, L]) -> [N, C, L'].
  Tensor forward(const Tensor& input);
};
/// The holder of AvgPool1dImpl (TORCH_MODULE(AvgPool1d)); copies share one module.
TG_MODULE(AvgPool1d);

/// The mean over each kernel_size window of [N, C, H, W] (or [C, H, W]) input; same as
/// torch::nn::AvgPool2d. The stride defaults to the kernel size.
class AvgPool2dImpl : public AvgPoolImpl<2, AvgPool2dImpl> {
public:
  using AvgPoolImpl::AvgPoolImpl;
  /// [N, C, H, W] (or [C, H, W]) -> [N, C, H', W'], H' = floor((H + 2·padding - k) / stride) + 1
  /// (ceil with ceil_mode). Throws tg::Error on invalid sizes, a padding over half the kernel, or
  /// an empty output.
  Tensor forward(const Tensor& input);
};
/// The holder of AvgPool2dImpl (TORCH_MODULE(AvgPool2d)); copies share one module.
TG_MODULE(AvgPool2d);

/// The mean over each kernel_size window of [N, C, D, H, W] (or [C, D, H, W]) input; same as
/// torch::nn::AvgPool3d.
class AvgPool3dImpl : public AvgPoolImpl<3, AvgPool3dImpl> {
public:
  using AvgPoolImpl::AvgPoolImpl;
  /// [N, C, D, H, W] (or [C, D, H, W]) -> [N, C, D', H', W'].
  Tensor forward(const Tensor& input);
};
/// The holder of AvgPool3dImpl (TORCH_MODULE(AvgPool3d)); copies share one module.
TG_MODULE(AvgPool3d);

/// The options and printing of AdaptiveAvgPool1d/2d/3d.
template <size_t D, typename Derived> class AdaptiveAvgPoolImpl : public Cloneable<Derived> {
public:
  /// Pools to `output_size` (one value per dim, or one for all).
  AdaptiveAvgPoolImpl(ExpandingArray<D> output_size) // NOLINT
      : AdaptiveAvgPoolImpl(AdaptiveAvgPoolOptions<ExpandingArray<D>>(output_size)) {}
  /// A layer as described by the options (checked on the first forward).
  explicit AdaptiveAvgPoolImpl(const AdaptiveAvgPoolOptions<ExpandingArray<D>>& options_)
      : options(options_) {}
  void reset() override {} ///< Nothing to do: a pool has no parameters.
  /// "tg::nn::AdaptiveAvgPool2d(output_size=[7, 7])"
  void pretty_print(std::ostream& stream) const override;

  /// The options the module was built with.
  AdaptiveAvgPoolOptions<ExpandingArray<D>> options;
};

/// Average pooling of [N, C, L] (or [C, L]) to a fixed output length; same as
/// torch::nn::AdaptiveAvgPool1d.
class AdaptiveAvgPool1dImpl : public AdaptiveAvgPoolImpl<1, AdaptiveAvgPool1dImpl> {
public:
  using AdaptiveAvgPoolImpl::AdaptiveAvgPoolImpl;
  /// [N, C, L] (or [C, L]) -> [N, C, output_size].
  Tensor forward(const Tensor& input);
};
/// The holder of AdaptiveAvgPool1dImpl (TORCH_MODULE(AdaptiveAvgPool1d)).
TG_MODULE(AdaptiveAvgPool1d);

/// Average pooling whose windows are chosen to give a fixed output_size [H', W'] whatever
/// the input size; same as torch::nn::AdaptiveAvgPool2d.
class AdaptiveAvgPool2dImpl : public AdaptiveAvgPoolImpl<2, AdaptiveAvgPool2dImpl> {
public:
  using AdaptiveAvgPoolImpl::AdaptiveAvgPoolImpl;
  /// [N, C, H, W] (or [C, H, W]) -> [N, C, H', W'] with [H', W'] = output_size. Throws
  /// tg::Error on a non-positive input size or a negative output size.
  Tensor forward(const Tensor& input);
};
/// The holder of AdaptiveAvgPool2dImpl (TORCH_MODULE(AdaptiveAvgPool2d)); copies share one module.
TG_MODULE(AdaptiveAvgPool2d);

/// Average pooling of [N, C, D, H, W] (or [C, D, H, W]) to a fixed output size; same as
/// torch::nn::AdaptiveAvgPool3d.
class AdaptiveAvgPool3dImpl : public AdaptiveAvgPoolImpl<3, AdaptiveAvgPool3dImpl> {
public:
  using AdaptiveAvgPoolImpl::AdaptiveAvgPoolImpl;
  /// [N, C, D, H, W] (or [C, D, H, W]) -> [N, C, *output_size].
  Tensor forward(const Tensor& input);
};
/// The holder of AdaptiveAvgPool3dImpl (TORCH_MODULE(AdaptiveAvgPool3d)).
TG_MODULE(AdaptiveAvgPool3d);

/// The options and printing of AdaptiveMaxPool1d/2d/3d.
template <size_t D, typename Derived> class AdaptiveMaxPoolImpl : public Cloneable<Derived> {
public:
  /// Pools to `output_size` (one value per dim, or one for all).
  AdaptiveMaxPoolImpl(ExpandingArray<D> output_size) // NOLINT
      : AdaptiveMaxPoolImpl(AdaptiveMaxPoolOptions<ExpandingArray<D>>(output_size)) {}
  /// A layer as described by the options (checked on the first forward).
  explicit AdaptiveMaxPoolImpl(const AdaptiveMaxPoolOptions<ExpandingArray<D>>& options_)
      : options(options_) {}
  void reset() override {} ///< Nothing to do: a pool has no parameters.
  /// "tg::nn::AdaptiveMaxPool2d(output_size=[7, 7])"
  void pretty_print(std::ostream& stream) const override;

  /// The options the module was built with.
  AdaptiveMaxPoolOptions<ExpandingArray<D>> options;
};

/// Max pooling of [N, C, L] (or [C, L]) to a fixed output length; same as
/// torch::nn::AdaptiveMaxPool1d.
class AdaptiveMaxPool1dImpl : public AdaptiveMaxPoolImpl<1, AdaptiveMaxPool1dImpl> {
public:
  using AdaptiveMaxPoolImpl::AdaptiveMaxPoolImpl;
  /// [N, C, L] (or [C, L]) -> [N, C, output_size].
  Tensor forward(const Tensor& input);
  /// forward, and the position of each maximum along L.
  std::tuple<Tensor, Tensor> forward_with_indices(const Tensor& input);
};
/// The holder of AdaptiveMaxPool1dImpl (TORCH_MODULE(AdaptiveMaxPool1d)).
TG_MODULE(AdaptiveMaxPool1d);

/// Max pooling of [N, C, H, W] (or [C, H, W]) to a fixed output size; same as
/// torch::nn::AdaptiveMaxPool2d.
class AdaptiveMaxPool2dImpl : public AdaptiveMaxPoolImpl<2, AdaptiveMaxPool2dImpl> {
public:
  using AdaptiveMaxPoolImpl::AdaptiveMaxPoolImpl;
  /// [N, C, H, W] (or [C, H, W]) -> [N, C, *output_size].
  Tensor forward(const Tensor& input);
  /// forward, and the flat position of each maximum in its H x W plane.
  std::tuple<Tensor, Tensor> forward_with_indices(const Tensor& input);
};
/// The holder of AdaptiveMaxPool2dImpl (TORCH_MODULE(AdaptiveMaxPool2d)).
TG_MODULE(AdaptiveMaxPool2d);

/// Max pooling of [N, C, D, H, W] (or [C, D, H, W]) to a fixed output size; same as
/// torch::nn::AdaptiveMaxPool3d.
class AdaptiveMaxPool3dImpl : public AdaptiveMaxPoolImpl<3, AdaptiveMaxPool3dImpl> {
public:
  using AdaptiveMaxPoolImpl::AdaptiveMaxPoolImpl;
  /// [N, C, D, H, W] (or [C, D, H, W]) -> [N, C, *output_size].
  Tensor forward(const Tensor& input);
  /// forward, and the flat position of each maximum in its D x H x W volume.
  std::tuple<Tensor, Tensor> forward_with_indices(const Tensor& input);
};
/// The holder of AdaptiveMaxPool3dImpl (TORCH_MODULE(AdaptiveMaxPool3d)).
TG_MODULE(AdaptiveMaxPool3d);

} // namespace tg::nn
