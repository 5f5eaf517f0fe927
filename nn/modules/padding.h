#pragma once
// The padding layers: ReflectionPad1d/2d, ReplicationPad1d/2d/3d, ZeroPad2d, ConstantPad1d/2d/3d,
// each a module around F::pad with its mode fixed.
#include <ostream>
#include <sstream>
#include <string>
#include <utility>

#include "nn/functional/padding.h"
#include "nn/options/padding.h"
#include "nn/pimpl.h"

namespace tg::nn {

namespace detail {
/// What every padding layer shares: options, no parameters, forward = F::pad in one mode.
template <typename Derived, typename Options> class PadImplBase : public Cloneable<Derived> {
public:
  /// From the options, or from what builds them: ZeroPad2d(2), ConstantPad2d(1, 3.5).
  template <typename... Args>
  explicit PadImplBase(Args&&... args) : options(std::forward<Args>(args)...) {}
  void reset() override {}
  void pretty_print(std::ostream& stream) const override {
    stream << "tg::nn::" << Derived::kName << "(padding=" << options.padding() << extra() << ")";
  }
  /// F::pad(input) with this layer's padding and mode (and value for ConstantPad). Throws
  /// tg::Error on bad sizes, e.g. an input with too few dims for the padding, or a reflection
  /// pad not smaller than the padded dim.
  Tensor forward(const Tensor& input) {
    auto pad = functional::PadFuncOptions(
                   std::vector<int64_t>(options.padding()->begin(), options.padding()->end()))
                   .mode(Derived::mode());
    if constexpr (requires { options.value(); }) pad.value(options.value());
    return functional::pad(input, pad);
  }
  /// The options the module was built with.
  Options options;

private:
  std::string extra() const {
    std::ostringstream text;
    if constexpr (requires { options.value(); }) text << ", value=" << options.value();
    return text.str();
  }
};
} // namespace detail

#define TG_PAD_MODULE(Name, OptionsType, Mode)                                                     \
  class Name##Impl : public detail::PadImplBase<Name##Impl, OptionsType> {                         \
  public:                                                                                          \
    static constexpr const char* kName = #Name;                                                    \
    static functional::PadFuncOptions::mode_t mode() { return Mode; }                              \
    using detail::PadImplBase<Name##Impl, OptionsType>::PadImplBase;                               \
  };                                                                                               \
  TG_MODULE(Name)

/// ReflectionPad1d and its ReflectionPad1dImpl: pads the last dim of a [C, W] or [N, C, W]
/// input by mirroring it, without repeating the edge; same as torch::nn::ReflectionPad1d.
TG_PAD_MODULE(ReflectionPad1d, ReflectionPad1dOptions, tg::kReflect);
/// ReflectionPad2d and its ReflectionPad2dImpl: pads the last two dims of a [C, H, W] or
/// [N, C, H, W] input by mirroring, without repeating the edge; same as torch::nn::ReflectionPad2d.
TG_PAD_MODULE(ReflectionPad2d, ReflectionPad2dOptions, tg::kReflect);
/// ReplicationPad1d and its ReplicationPad1dImpl: pads the last dim of a [C, W] or [N, C, W]
/// input by repeating the edge values; same as torch::nn::ReplicationPad1d.
TG_PAD_MODULE(ReplicationPad1d, ReplicationPad1dOptions, tg::kReplicate);
/// ReplicationPad2d and its ReplicationPad2dImpl: pads the last two dims of a [C, H, W] or
/// [N, C, H, W] input by repeating the edge values; same as torch::nn::ReplicationPad2d.
TG_PAD_MODULE(ReplicationPad2d, ReplicationPad2dOptions, tg::kReplicate);
/// ReplicationPad3d and its ReplicationPad3dImpl: pads the last three dims of a [C, D, H, W] or
/// [N, C, D, H, W] input by repeating the edge values; same as torch::nn::ReplicationPad3d.
TG_PAD_MODULE(ReplicationPad3d, ReplicationPad3dOptions, tg::kReplicate);
/// ZeroPad2d and its ZeroPad2dImpl: pads the last two dims with zeros; same as
/// torch::nn::ZeroPad2d.
TG_PAD_MODULE(ZeroPad2d, ZeroPad2dOptions, tg::kConstant);
/// ConstantPad1d and its ConstantPad1dImpl: pads the last dim with options.value(); same as
/// torch::nn::ConstantPad1d.
TG_PAD_MODULE(ConstantPad1d, ConstantPad1dOptions, tg::kConstant);
/// ConstantPad2d and its ConstantPad2dImpl: pads the last two dims with options.value(); same
/// as torch::nn::ConstantPad2d.
TG_PAD_MODULE(ConstantPad2d, ConstantPad2dOptions, tg::kConstant);
/// ConstantPad3d and its ConstantPad3dImpl: pads the last three dims with options.value();
/// same as torch::nn::ConstantPad3d.
TG_PAD_MODULE(ConstantPad3d, ConstantPad3dOptions, tg::kConstant);
#undef TG_PAD_MODULE

} // namespace tg::nn
