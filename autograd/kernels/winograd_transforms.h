#pragma once
// The tile transforms of the Winograd F(2×2, 3×3) and F(4×4, 3×3) convolutions (winograd.h),
// dispatched like vectorized.h's loops: autograd/kernels/winograd_transforms_impl.cpp is compiled
// once per instruction set (baseline x86-64, AVX2 + FMA, AVX-512), each copy exporting one table,
// and the table of cpu_capability() is used. They cost as much as the products once those run on
// libxsmm's kernels, and on 12- or 13-tile rows the baseline's 4-float vectors took three or four
// steps where AVX2 takes one or two.
//
// The transforms only add, subtract and multiply by small powers of two and by 5, each exactly
// rounded and compiled with -ffp-contract=off, so every copy gives the baseline's bits
// (tests/autograd/test_cpu_dispatch.cpp checks it). As with vectorized.h, this header declares
// only plain types and function pointers: no inline function or template with a body, which a
// wide copy could emit for every caller.
#include <cstdint>

#include "autograd/kernels/vectorized.h"

namespace tg::kernels {

/// One image plane's tiling: OH×OW outputs in TH×TW tiles of m×m (m = 2 for F(2×2, 3×3), 4 for
/// F(4×4, 3×3); TH = ⌈OH/m⌉, TW = ⌈OW/m⌉), each reading an (m + 2)×(m + 2) window of the input
/// (H×W, zero-padded by ph rows and pw columns) that starts at (m·th − ph, m·tw − pw).
struct WinogradTiling {
  int64_t H;  ///< input rows
  int64_t W;  ///< input columns
  int64_t ph; ///< zero rows above (and below) the input
  int64_t pw; ///< zero columns left (and right) of the input
  int64_t OH; ///< output rows
  int64_t OW; ///< output columns
  int64_t TH; ///< rows of tiles, ⌈OH / m⌉
  int64_t TW; ///< tiles per row, ⌈OW / m⌉
};

/// The three transforms of one tile size for one element type. With α = m + 2, ξ = α·p + q
/// indexes the α×α transformed tile; `scratch` holds winograd_plane_scratch(s, m) elements
/// (input, output).
template <typename T> struct WinogradTileTransforms {
  /// V[ξ][c][t] = (Bᵀ d B)[ξ] for every channel c and tile t of `im` [C, H, W].
  void (*input)(const T* im, int64_t C, const WinogradTiling& s, T* V, T* scratch);
  /// out [Co, OH, OW] = (Aᵀ m A) of every tile, + bias[co] when bias is not null, from M[ξ][co][t].
  void (*output)(const T* M, int64_t Co, const WinogradTiling& s, const T* bias, T* out,
                 T* scratch);
  /// M̄ᵀ[ξ][t][co] = (A ȳ Aᵀ)[ξ] for every m×m tile ȳ of gy [Co, OH, OW] (zero past the edge),
  /// channels last; its `scratch` holds m²·TH·TW·Co elements.
  void (*output_grad)(const T* gy, int64_t Co, const WinogradTiling& s, T* M, T* scratch);
};

/// Both tile sizes' transforms for one element type.
template <typename T> struct WinogradTransformsOf {
  WinogradTileTransforms<T> f2; ///< F(2×2, 3×3): 4×4 transformed tiles
  WinogradTileTransforms<T> f4; ///< F(4×4, 3×3): 6×6 transformed tiles
};

/// One compiled copy's table.
struct WinogradTransforms {
  CpuCapability capability;         ///< the instruction set this copy was compiled for
  WinogradTransformsOf<float> f32;  ///< float transforms
  WinogradTransformsOf<double> f64; ///< double transforms
};

/// Elements of `scratch` the input and output transforms of tile size m (2 or 4) need for tiling
/// `s`: F(2×2): a padded plane's even and odd columns (2·(2·TH + 2)·(TW + 1)) and 16 rows of
/// TW + 1; F(4×4): twelve arrays of 4·(TH + 1)·TW and a padded row of 4·(TW + 2) for the input,
/// 40 arrays of TH·TW for the output.
int64_t winograd_plane_scratch(const WinogradTiling& s, int64_t m);

/// The table for cpu_capability().
const WinogradTransforms& winograd_transforms();
/// The table for `cap`, or nullptr when this build did not compile it or this CPU cannot run it.
const WinogradTransforms* winograd_transforms_for(CpuCapability cap);

} // namespace tg::kernels
