#pragma once
// The loops of a 1-, 2- or 3-D convolution: im2col + GEMM per image of the batch, images in
// parallel under oneTBB. Stride-1 3×3 2-D convolutions with enough channels go to Winograd
// F(2×2, 3×3) instead (winograd.h); the three entry points below choose. Shapes below are written
// for 2-D; a 3-D image adds D after C, a 1-D one has only W (ConvGeometry says which). For image n
// and group g, with columns C = im2col(x_n) restricted to the group's channels:
//   forward        y_n,g = W_g · C                         (+ bias)
//   input grad     x̄_n   = col2im(W_gᵀ · ȳ_n,g)           (also conv_transpose2d's forward)
//   weight grad    W̄_g   = Σ_n ȳ_n,g · Cᵀ
// Every tensor here is contiguous and allocated by the caller; floating dtypes only. Nothing is
// recorded: autograd/ops/conv.cpp builds the differentiable ops on these.
#include <cstdint>

#include "autograd/kernels/im2col.h"
#include "autograd/tensor/tensor.h"

namespace tg::kernels {

/// A 1×1 kernel with unit stride and no padding sees the image itself as its column matrix
/// (unless a transposed convolution's output_padding made the image larger than the columns).
bool columns_are_image(const ConvGeometry& g);

/// Elements per image the convolution's forward should keep for the weight gradient instead of
/// rebuilding them in backward: the column matrix [K, L], or on the Winograd path its transformed
/// input (winograd_kept_size). 0 when nothing is to be kept: the columns are the image itself, or
/// the batch's would take more than 64 MiB of `dtype`.
int64_t kept_columns_per_image(const ConvGeometry& g, int64_t groups, int64_t N, ScalarType dtype);

/// y [N, Cout, OH, OW] = conv(x [N, C, H, W], w [Cout, C / groups, kh, kw]) + b [Cout] (b may be
/// undefined). `columns`, when defined ([N, kept_columns_per_image]), receives what the weight
/// gradient needs of every image.
void convolution(const Tensor& x, const Tensor& w, const Tensor& b, const Tensor& y,
                 const ConvGeometry& g, int64_t groups, const Tensor& columns);

/// gx [N, C, H, W] = col2im(Wᵀ · gy) for gy [N, Cout, OH, OW]: the convolution's input gradient.
void convolution_input_grad(const Tensor& gy, const Tensor& w, const Tensor& gx,
                            const ConvGeometry& g, int64_t groups);

/// gw [Cout, C / groups, kh, kw] = Σ_n gy_n · im2col(x_n)ᵀ. When `columns` (kept by the forward)
/// is defined it is used and `x` is not read (it may be undefined).
void convolution_weight_grad(const Tensor& x, const Tensor& gy, const Tensor& gw,
                             const ConvGeometry& g, int64_t groups, const Tensor& columns);

/// gb [C] = Σ_{n,h,w} gy [N, C, H, W] (any number of spatial dims): the bias gradient.
void convolution_bias_grad(const Tensor& gy, const Tensor& gb);

/// y [N, Cout, OH, OW] = col2im(Wᵀ · x) + b for x [N, Cin, H, W] and w [Cin, Cout / groups, kh,
/// kw], with `g` the geometry of the convolution whose input gradient this is (b may be undefined).
void conv_transpose(const Tensor& x, const Tensor& w, const Tensor& b, const Tensor& y,
                    const ConvGeometry& g, int64_t groups);

} // namespace tg::kernels
