#pragma once
// F::interpolate and the ATen-level upsample_* functions: resampling the spatial dims of an
// [N, C, L], [N, C, H, W] or [N, C, D, H, W] input, with PyTorch's index rules.
#include <optional>
#include <vector>

#include "autograd/tensor/tensor.h"
#include "nn/options/upsampling.h"

namespace tg::nn::functional {

/// Resamples `input` to options.size() or by options.scale_factor(), as
/// torch::nn::functional::interpolate. Throws tg::Error when both or neither are given, the
/// mode does not fit the input's rank, or align_corners is given with a non-interpolating mode.
Tensor interpolate(const Tensor& input, const InterpolateFuncOptions& options = {});

} // namespace tg::nn::functional

namespace tg {

/// Nearest-neighbour resampling along the last 1 to 3 dims to `output_size`: output index i
/// reads input index min(floor(i · scale), in - 1), scale = 1 / scales[d] when given, else
/// in / out (torch::upsample_nearest1d/2d/3d, one function for the three ranks).
Tensor upsample_nearest(const Tensor& input, IntArrayRef output_size,
                        const std::vector<std::optional<double>>& scales = {});
/// As upsample_nearest, reading min(floor((i + 0.5) · scale), in - 1)
/// (torch::_upsample_nearest_exact*).
Tensor upsample_nearest_exact(const Tensor& input, IntArrayRef output_size,
                              const std::vector<std::optional<double>>& scales = {});
/// Linear interpolation along each of the last 1 to 3 dims (torch::upsample_linear1d,
/// upsample_bilinear2d, upsample_trilinear3d).
Tensor upsample_linear(const Tensor& input, IntArrayRef output_size, bool align_corners,
                       const std::vector<std::optional<double>>& scales = {});
/// Cubic convolution (A = -0.75, borders clamped) along each of the last 1 to 3 dims
/// (torch::upsample_bicubic2d for 2 dims).
Tensor upsample_cubic(const Tensor& input, IntArrayRef output_size, bool align_corners,
                      const std::vector<std::optional<double>>& scales = {});

/// torch::upsample_nearest1d(input, output_size, scales)
Tensor upsample_nearest1d(const Tensor& input, IntArrayRef output_size,
                          std::optional<double> scales = std::nullopt);
/// torch::upsample_nearest2d(input, output_size, scales_h, scales_w)
Tensor upsample_nearest2d(const Tensor& input, IntArrayRef output_size,
                          std::optional<double> scales_h = std::nullopt,
                          std::optional<double> scales_w = std::nullopt);
/// torch::upsample_nearest3d(input, output_size, scales_d, scales_h, scales_w)
Tensor upsample_nearest3d(const Tensor& input, IntArrayRef output_size,
                          std::optional<double> scales_d = std::nullopt,
                          std::optional<double> scales_h = std::nullopt,
                          std::optional<double> scales_w = std::nullopt);
/// torch::upsample_linear1d(input, output_size, align_corners, scales)
Tensor upsample_linear1d(const Tensor& input, IntArrayRef output_size, bool align_corners,
                         std::optional<double> scales = std::nullopt);
/// torch::upsample_bilinear2d(input, output_size, align_corners, scales_h, scales_w)
Tensor upsample_bilinear2d(const Tensor& input, IntArrayRef output_size, bool align_corners,
                           std::optional<double> scales_h = std::nullopt,
                           std::optional<double> scales_w = std::nullopt);
/// torch::upsample_trilinear3d(input, output_size, align_corners, scales_d, scales_h, scales_w)
Tensor upsample_trilinear3d(const Tensor& input, IntArrayRef output_size, bool align_corners,
                            std::optional<double> scales_d = std::nullopt,
                            std::optional<double> scales_h = std::nullopt,
                            std::optional<double> scales_w = std::nullopt);
/// torch::upsample_bicubic2d(input, output_size, align_corners, scales_h, scales_w)
Tensor upsample_bicubic2d(const Tensor& input, IntArrayRef output_size, bool align_corners,
                          std::optional<double> scales_h = std::nullopt,
                          std::optional<double> scales_w = std::nullopt);

} // namespace tg
