#pragma once
// Winograd convolution F(m×m, 3×3), m = 2 or 4, for stride-1, undilated, ungrouped 3×3
// convolutions over 2-D images (Lavin & Gray, "Fast Algorithms for Convolutional Neural
// Networks", 2015). Each m×m output tile is Aᵀ [ (G g Gᵀ) ⊙ (Bᵀ d B) ] A for the α×α input window
// d it sees (α = m + 2): per tile and channel pair α² multiplications instead of 9·m², and the
// channel sums become α² GEMMs (one per position ξ of the transformed tile) over all tiles of an
// image:
//   forward        M[ξ] = U[ξ] · V[ξ]          U = G g Gᵀ [α², Cout, C], V = Bᵀ d B [α², C, tiles]
//   input grad     the forward on ȳ with the kernel flipped and transposed, padding 2 - p
//   weight grad    Ū[ξ] = Σ_n M̄[ξ] · V[ξ]ᵀ     M̄ = A ȳ_tile Aᵀ, then W̄ = Gᵀ Ū G
// F(4×4, 3×3) needs 2.25 transformed values per output where F(2×2, 3×3) needs 4 (44% fewer
// multiplications and transformed values to write and read), at the price of larger constants
// (5, 8, 1/6, 1/24): in float, with 8 to 128 channels of normal values, the largest error of an
// output or gradient is 1.5e-6 to 4e-6 of its scale (the sum of |terms|, or the gradient's largest
// value) where F(2×2) gives 1e-7 to 6e-7 (tests/autograd/gradcheck_conv.cpp bounds both against
// direct loops; float64 gradcheck cases select both). winograd_tile_size picks per plane. The
// weight gradient is the exact adjoint of the forward's linear maps. Every tensor is contiguous;
// float and double.
#include <cstdint>

#include "autograd/kernels/im2col.h"

namespace tg::kernels {

/// Whether convolutions of geometry `g` with `groups` take the Winograd path: a 2-D 3×3 kernel,
/// stride 1, dilation 1, padding at most 2, one group, and at least kWinogradMinChannels input
/// channels (with fewer, the α² products have too short an inner dimension to beat one im2col
/// GEMM: mnist_cnn's first layer has one channel).
bool winograd_applies(const ConvGeometry& g, int64_t groups);
constexpr int64_t kWinogradMinChannels = 8;

/// The tile size m (2 or 4) for OH×OW output planes: the one with fewer transformed values
/// (16·⌈OH/2⌉·⌈OW/2⌉ against 36·⌈OH/4⌉·⌈OW/4⌉), F(2×2) on a tie. mnist_cnn's conv2 (24×24
/// outputs) takes F(4×4): 1,296 values against 2,304.
int64_t winograd_tile_size(int64_t OH, int64_t OW);

/// Elements of one image's transformed input V [α², C, tiles], which the forward can keep for the
/// weight gradient (as the im2col path keeps its column matrices).
int64_t winograd_kept_size(const ConvGeometry& g);

/// y [N, Cout, OH, OW] = conv(x [N, C, H, W], w [Cout, C, 3, 3]) + b (b may be null). `keep`,
/// when not null, receives every image's V ([N, winograd_kept_size(g)]).
template <typename T>
void winograd_forward(const T* x, const T* w, const T* b, T* y, int64_t N, int64_t Cout,
                      const ConvGeometry& g, T* keep);
/// gx [N, C, H, W] = the input gradient for gy [N, Cout, OH, OW].
template <typename T>
void winograd_input_grad(const T* gy, const T* w, T* gx, int64_t N, int64_t Cout,
                         const ConvGeometry& g);
/// gw [Cout, C, 3, 3] = the weight gradient, summed over the batch in a fixed order. When `kept`
/// (the forward's V of every image) is not null, x is not read (and may be null).
template <typename T>
void winograd_weight_grad(const T* x, const T* gy, T* gw, int64_t N, int64_t Cout,
                          const ConvGeometry& g, const T* kept);

} // namespace tg::kernels
