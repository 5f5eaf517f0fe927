#pragma once
// GroupNorm: the channels of an [N, C, *] input are split into num_groups groups and each
// sample's group is normalised with its own statistics; weight (ones) and bias (zeros) per
// channel when affine. No running statistics, so train and eval behave the same.
//   GroupNorm gn(GroupNormOptions(8, 64));
#include "nn/options/groupnorm.h"
#include "nn/pimpl.h"

namespace tg::nn {

/// Group normalisation; same as torch::nn::GroupNorm.
class GroupNormImpl : public Cloneable<GroupNormImpl> {
public:
  /// `num_groups` groups of `num_channels` channels, eps 1e-5, affine.
  GroupNormImpl(int64_t num_groups, int64_t num_channels)
      : GroupNormImpl(GroupNormOptions(num_groups, num_channels)) {}
  /// A layer as described by the options; throws tg::Error if num_groups does not divide
  /// num_channels (Python's torch.nn.GroupNorm refuses there too; LibTorch waits for forward).
  explicit GroupNormImpl(const GroupNormOptions& options_);

  void reset() override;
  /// Sets weight to 1 and bias to 0 (no-op without affine).
  void reset_parameters();
  /// "tg::nn::GroupNorm(2, 4, eps=1e-05, affine=true)"
  void pretty_print(std::ostream& stream) const override;
  /// F::group_norm with this layer's parameters; throws tg::Error if dim 1 of `input` is not
  /// num_channels.
  Tensor forward(const Tensor& input);

  /// The options the module was built with.
  GroupNormOptions options;
  /// Per-channel scale [num_channels]; undefined (and not registered) without affine.
  Tensor weight;
  /// Per-channel shift [num_channels]; undefined (and not registered) without affine.
  Tensor bias;
};
/// The holder of GroupNormImpl (TORCH_MODULE(GroupNorm)); copies share one module.
TG_MODULE(GroupNorm);

} // namespace tg::nn
