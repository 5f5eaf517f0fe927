#pragma once
// Options of the padding layers and F::pad (torch/nn/options/padding.h). Padding amounts list
// (before, after) pairs from the last dim backwards: {left, right, top, bottom} for images.
#include <variant>
#include <vector>

#include "tapegrad/arg.h"
#include "nn/enum.h"
#include "nn/expanding_array.h"

namespace tg::nn {

/// ReflectionPad2dOptions({1, 1, 2, 0}) or ReflectionPad2dOptions(1) for the same amount on all
/// sides; likewise for Replication and the 1-d forms (two amounts).
template <size_t D> struct ReflectionPadOptions {
  /// Implicit, so that ReflectionPad2d(1) works as in LibTorch.
  ReflectionPadOptions(ExpandingArray<D * 2> padding) : padding_(padding) {} // NOLINT: implicit
  /// (before, after) amounts from the last dim backwards; each must be smaller than its dim,
  /// since the edge is mirrored without being repeated (required).
  TG_ARG(ExpandingArray<D * 2>, padding);
};
/// Options of ReflectionPad1d: {left, right}.
using ReflectionPad1dOptions = ReflectionPadOptions<1>;
/// Options of ReflectionPad2d: {left, right, top, bottom}.
using ReflectionPad2dOptions = ReflectionPadOptions<2>;

/// ReplicationPad2dOptions({left, right, top, bottom}): pads by repeating the edge values.
template <size_t D> struct ReplicationPadOptions {
  /// Implicit, so that ReplicationPad2d(1) works as in LibTorch.
  ReplicationPadOptions(ExpandingArray<D * 2> padding) : padding_(padding) {} // NOLINT: implicit
  /// (before, after) amounts from the last dim backwards (required).
  TG_ARG(ExpandingArray<D * 2>, padding);
};
/// Options of ReplicationPad1d: {left, right}.
using ReplicationPad1dOptions = ReplicationPadOptions<1>;
/// Options of ReplicationPad2d: {left, right, top, bottom}.
using ReplicationPad2dOptions = ReplicationPadOptions<2>;
/// Options of ReplicationPad3d: {left, right, top, bottom, front, back}.
using ReplicationPad3dOptions = ReplicationPadOptions<3>;

/// ZeroPad2dOptions(1) or ZeroPad2dOptions({left, right, top, bottom})
struct ZeroPad2dOptions {
  /// Implicit, so that ZeroPad2d(1) works as in LibTorch.
  ZeroPad2dOptions(ExpandingArray<4> padding) : padding_(padding) {} // NOLINT: implicit
  /// {left, right, top, bottom} (required).
  TG_ARG(ExpandingArray<4>, padding);
};

/// ConstantPad2dOptions(padding, value)
template <size_t D> struct ConstantPadOptions {
  /// Both options are required, as in LibTorch.
  ConstantPadOptions(ExpandingArray<D * 2> padding, double value)
      : padding_(padding), value_(value) {}
  /// (before, after) amounts from the last dim backwards (required).
  TG_ARG(ExpandingArray<D * 2>, padding);
  /// The value the new elements get (required).
  TG_ARG(double, value);
};
/// Options of ConstantPad1d: {left, right} and the fill value.
using ConstantPad1dOptions = ConstantPadOptions<1>;
/// Options of ConstantPad2d: {left, right, top, bottom} and the fill value.
using ConstantPad2dOptions = ConstantPadOptions<2>;
/// Options of ConstantPad3d: six amounts (last dim first) and the fill value.
using ConstantPad3dOptions = ConstantPadOptions<3>;

namespace functional {
/// F::pad(x, PadFuncOptions({1, 1}).mode(tg::kReflect)); value is used by kConstant only.
struct PadFuncOptions {
  /// kConstant, kReflect, kReplicate or kCircular.
  using mode_t = std::variant<enumtype::kConstant, enumtype::kReflect, enumtype::kReplicate,
                              enumtype::kCircular>;
  /// Implicit, as in LibTorch.
  PadFuncOptions(std::vector<int64_t> pad) : pad_(std::move(pad)) {} // NOLINT: implicit
  /// (before, after) pairs from the last dim backwards; an odd length throws tg::Error (required).
  TG_ARG(std::vector<int64_t>, pad);
  /// kConstant (default) fills with value; kReflect mirrors without repeating the edge,
  /// kReplicate repeats the edge, kCircular wraps around. The last three pad only the last 1-3
  /// dims of a batched or unbatched input.
  TG_ARG(mode_t, mode) = tg::kConstant;
  /// The fill value of kConstant (default 0).
  TG_ARG(double, value) = 0;
};
} // namespace functional

} // namespace tg::nn
