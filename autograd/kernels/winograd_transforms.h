#pragma once
// The tile transforms of the Winograd F(2×2, 3×3) convolution (winograd.h), dispatched like
// vectorized.h's loops: autograd/kernels/winograd_transforms_impl.cpp is compiled once per
// instruction set (baseline x86-64, AVX2 + FMA, AVX-512), each copy exporting one table, and the
// table of cpu_capability() is used. They are a quarter of mnist_cnn's time once the products
// run on libxsmm's kernels, and on 12- or 13-tile rows the baseline's 4-float vectors took three
// or four steps where AVX2 takes one or two.
//
// The transforms only add, subtract and halve, compiled with -ffp-contract=off, so every copy
// gives the baseline's bits (tests/autograd/test_cpu_dispatch.cpp checks it). As with
// vectorized.h, this header declares only plain types and function pointers: no inline function
// or template with a body, which a wide copy could emit for every caller.
#include <cstdint>

#include "autograd/kernels/vectorized.h"

namespace tg::kernels {

/// One image plane's tiling: OH×OW outputs in TH×TW tiles of 2×2 (TH = ⌈OH/2⌉, TW = ⌈OW/2⌉), each
/// reading a 4×4 window of the input (H×W, zero-padded by ph rows and pw columns) that starts at
/// (2·th − ph, 2·tw − pw).
struct WinogradTiling {
  int64_t H;  ///< input rows
  int64_t W;  ///< input columns
  int64_t ph; ///< zero rows above (and below) the input
  int64_t pw; ///< zero columns left (and right) of the input
  int64_t OH; ///< output rows
  int64_t OW; ///< output columns
  int64_t TH; ///< rows of tiles, ⌈OH / 2⌉
  int64_t TW; ///< tiles per row, ⌈OW / 2⌉
};

/// The three transforms for one element type. ξ = 4p + q indexes the 4×4 transformed tile;
/// `scratch` holds winograd.cpp's plane_scratch(s) elements (input, output).
template <typename T> struct WinogradTransformsOf {
  /// V[ξ][c][t] = (Bᵀ d B)[ξ] for every channel c and tile t of `im` [C, H, W].
  void (*input)(const T* im, int64_t C, const WinogradTiling& s, T* V, T* scratch);
  /// out [Co, OH, OW] = (Aᵀ m A) of every tile, + bias[co] when bias is not null, from M[ξ][co][t].
  void (*output)(const T* M, int64_t Co, const WinogradTiling& s, const T* bias, T* out,
                 T* scratch);
  /// M̄ᵀ[ξ][t][co] = (A ȳ Aᵀ)[ξ] for every 2×2 tile ȳ of gy [Co, OH, OW] (zero past the edge),
  /// channels last; its `scratch` holds 4·TH·TW·Co elements.
  void (*output_grad)(const T* gy, int64_t Co, const WinogradTiling& s, T* M, T* scratch);
};

/// One compiled copy's table.
struct WinogradTransforms {
  CpuCapability capability;         ///< the instruction set this copy was compiled for
  WinogradTransformsOf<float> f32;  ///< float transforms
  WinogradTransformsOf<double> f64; ///< double transforms
};

/// The table for cpu_capability().
const WinogradTransforms& winograd_transforms();
/// The table for `cap`, or nullptr when this build did not compile it or this CPU cannot run it.
const WinogradTransforms* winograd_transforms_for(CpuCapability cap);

} // namespace tg::kernels
