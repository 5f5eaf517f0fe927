#pragma once
// Winograd F(2×2, 3×3) for stride-1, undilated, ungrouped 3×3 convolutions over 2-D images
// (Lavin & Gray, "Fast Algorithms for Convolutional Neural Networks", 2015). Each 2×2 output tile
// is A^T [ (G g G^T) ⊙ (B^T d B) ] A for the 4×4 input tile d it sees: per tile and channel pair
// 16 multiplications instead of 36, and the channel sums become 16 GEMMs (one per position ξ of
// the 4×4 transformed tile) over all tiles of an image:
//   forward        M[ξ] = U[ξ] · V[ξ]          U = G g Gᵀ [16, Cout, C], V = Bᵀ d B [16, C, tiles]
//   input grad     the forward on ȳ with the kernel flipped and transposed, padding 2 - p
//   weight grad    Ū[ξ] = Σ_n M̄[ξ] · V[ξ]ᵀ     M̄ = A ȳ_tile Aᵀ, then W̄ = Gᵀ Ū G
// The weight gradient is the exact adjoint of the forward's linear maps, so all three agree with
// the im2col path up to rounding (float: ~1e-6 relative; the transforms only add and halve).
// Every tensor is contiguous; float and double.
#include <cstdint>

#include "autograd/kernels/im2col.h"

namespace tg::kernels {

/// Whether convolutions of geometry `g` with `groups` take the Winograd path: a 2-D 3×3 kernel,
/// stride 1, dilation 1, padding at most 2, one group, and at least kWinogradMinChannels input
/// channels (with fewer, the 16 products have too short an inner dimension to beat one im2col
/// GEMM: mnist_cnn's first layer has one channel).
bool winograd_applies(const ConvGeometry& g, int64_t groups);
constexpr int64_t kWinogradMinChannels = 8;

/// Elements of one image's transformed input V [16, C, tiles], which the forward can keep for the
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
