#pragma once
// Fold and Unfold: F::fold and F::unfold as modules.
#include "nn/options/fold.h"
#include "nn/pimpl.h"

namespace tg::nn {

/// Sums sliding-block columns back into images; same as torch::nn::Fold.
class FoldImpl : public Cloneable<FoldImpl> {
public:
  /// Images of `output_size` from blocks of `kernel_size`, stride 1, no padding.
  FoldImpl(ExpandingArray<2> output_size, ExpandingArray<2> kernel_size)
      : FoldImpl(FoldOptions(output_size, kernel_size)) {}
  /// A layer as described by the options (checked on the first forward).
  explicit FoldImpl(const FoldOptions& options_) : options(options_) {}
  void reset() override {}
  /// "tg::nn::Fold(output_size=[4, 5], kernel_size=[2, 2], dilation=[1, 1], padding=[0, 0],
  /// stride=[1, 1])"
  void pretty_print(std::ostream& stream) const override;
  /// [N, C·kH·kW, L] (or [C·kH·kW, L]) -> [N, C, *output_size].
  Tensor forward(const Tensor& input);

  /// The options the module was built with.
  FoldOptions options;
};
/// The holder of FoldImpl (TORCH_MODULE(Fold)); copies share one module.
TG_MODULE(Fold);

/// Cuts images into the columns of their sliding blocks; same as torch::nn::Unfold.
class UnfoldImpl : public Cloneable<UnfoldImpl> {
public:
  /// Blocks of `kernel_size`, stride 1, no padding.
  UnfoldImpl(ExpandingArray<2> kernel_size) // NOLINT: implicit, as in LibTorch
      : UnfoldImpl(UnfoldOptions(kernel_size)) {}
  /// A layer as described by the options (checked on the first forward).
  explicit UnfoldImpl(const UnfoldOptions& options_) : options(options_) {}
  void reset() override {}
  /// "tg::nn::Unfold(kernel_size=[2, 3], dilation=[1, 1], padding=[0, 0], stride=[1, 1])"
  void pretty_print(std::ostream& stream) const override;
  /// [N, C, H, W] -> [N, C·kH·kW, L].
  Tensor forward(const Tensor& input);

  /// The options the module was built with.
  UnfoldOptions options;
};
/// The holder of UnfoldImpl (TORCH_MODULE(Unfold)); copies share one module.
TG_MODULE(Unfold);

} // namespace tg::nn
