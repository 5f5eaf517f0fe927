// Winograd F(2×2, 3×3) convolution (see winograd.h): the tile transforms, and one image at a time
// through 16 GEMMs, images in parallel under oneTBB.
#include "autograd/kernels/winograd.h"

#include <algorithm>
#include <vector>

#include "autograd/kernels/blas.h"
#include "autograd/kernels/loop.h"
#include "autograd/kernels/parallel_for.h"
#include "autograd/kernels/small_gemm.h"
#include "autograd/kernels/winograd_transforms.h"

namespace tg::kernels {

int64_t winograd_kept_size(const ConvGeometry& g) {
  return 16 * g.channels * ((g.out_h + 1) / 2) * ((g.out_w + 1) / 2);
}

bool winograd_applies(const ConvGeometry& g, int64_t groups) {
  return groups == 1 && g.depth == 1 && g.kernel_d == 1 && g.out_d == 1 && g.kernel_h == 3 &&
         g.kernel_w == 3 && g.stride_h == 1 && g.stride_w == 1 && g.dilation_h == 1 &&
         g.dilation_w == 1 && g.pad_h <= 2 && g.pad_w <= 2 && g.out_h >= 1 && g.out_w >= 1 &&
         g.channels >= kWinogradMinChannels && g.out_h == g.height + 2 * g.pad_h - 2 &&
         g.out_w == g.width + 2 * g.pad_w - 2;
}

namespace {

using Tiling = WinogradTiling;
int64_t tiles(const Tiling& s) { return s.TH * s.TW; }
Tiling tiling(int64_t H, int64_t W, int64_t ph, int64_t pw, int64_t OH, int64_t OW) {
  return {H, W, ph, pw, OH, OW, (OH + 1) / 2, (OW + 1) / 2};
}

/// Per-thread scratch memory of three buffers, grown as needed and reused from call to call
/// (fresh vectors per image showed as page faults in the im2col path's profiles).
template <typename T> struct Buffers { std::vector<T> v, m, plane; };
template <typename T> Buffers<T>& thread_buffers() {
  thread_local Buffers<T> buffers;
  return buffers;
}
template <typename T> T* sized(std::vector<T>& v, int64_t n) {
  if (int64_t(v.size()) < n) v.resize(size_t(n));
  return v.data();
}

/// Scratch elements the transforms need beside V and M: the even and odd columns of a padded
/// plane (2·(2·TH + 2)·(TW + 1)) and 16 rows of TW + 1 for the row transforms.
int64_t plane_scratch(const Tiling& s) { return 2 * (2 * s.TH + 2) * (s.TW + 1) + 16 * (s.TW + 1); }

/// This process's transforms for T (see winograd_transforms.h).
const WinogradTransformsOf<float>& transforms(float) { return winograd_transforms().f32; }
const WinogradTransformsOf<double>& transforms(double) { return winograd_transforms().f64; }

/// U[ξ][o][i] = (G k G^T)[ξ] for the 3×3 kernel k = kernel(o, i), with
/// G = [1 0 0; ½ ½ ½; ½ -½ ½; 0 0 1]. `kernel` returns a pointer to 9 values and a stride pair.
template <typename T, typename Kernel>
void transform_weights(int64_t O, int64_t I, Kernel kernel, T* U) {
  const T h = T(0.5);
  for (int64_t o = 0; o < O; ++o)
    for (int64_t i = 0; i < I; ++i) {
      T k[3][3];
      for (int a = 0; a < 3; ++a)
        for (int b = 0; b < 3; ++b) k[a][b] = kernel(o, i, a, b);
      T t[4][3]; // G k
      for (int b = 0; b < 3; ++b) {
        t[0][b] = k[0][b];
        t[1][b] = h * (k[0][b] + k[1][b] + k[2][b]);
        t[2][b] = h * (k[0][b] - k[1][b] + k[2][b]);
        t[3][b] = k[2][b];
      }
      for (int p = 0; p < 4; ++p) { // (G k) Gᵀ
        const T u[4] = {t[p][0], h * (t[p][0] + t[p][1] + t[p][2]),
                        h * (t[p][0] - t[p][1] + t[p][2]), t[p][2]};
        for (int q = 0; q < 4; ++q) U[((4 * p + q) * O + o) * I + i] = u[q];
      }
    }
}

/// out [N, Co, OH, OW] = the Winograd convolution of x [N, C, H, W] with the transformed kernels
/// U [16, Co, C] (+ bias): per image, transform, 16 products, inverse transform.
template <typename T>
void winograd_core(const T* x, const T* U, const T* bias, T* out, int64_t N, int64_t C, int64_t Co,
                   const Tiling& s, T* keep) {
  const int64_t P = tiles(s);
  const WinogradTransformsOf<T>& tf = transforms(T());
  auto image = [&](int64_t n) {
    Buffers<T>& buf = thread_buffers<T>();
    T* V = keep ? keep + n * 16 * C * P : sized(buf.v, 16 * C * P);
    T* M = sized(buf.m, 16 * Co * P);
    T* scratch = sized(buf.plane, plane_scratch(s));
    tf.input(x + n * C * s.H * s.W, C, s, V, scratch);
    for (int xi = 0; xi < 16; ++xi)
      small_gemm(Co, P, C, U + xi * Co * C, C, V + xi * C * P, P, false, M + xi * Co * P, P);
    tf.output(M, Co, s, bias, out + n * Co * s.OH * s.OW, scratch);
  };
  if (N > 1 && N * 16 * Co * C * P >= kParallelGrain)
    parallel_for_each(0, N, image);
  else
    for (int64_t n = 0; n < N; ++n) image(n);
}

} // namespace

template <typename T>
void winograd_forward(const T* x, const T* w, const T* b, T* y, int64_t N, int64_t Cout,
                      const ConvGeometry& g, T* keep) {
  const int64_t C = g.channels;
  std::vector<T> U(size_t(16 * Cout * C));
  transform_weights<T>(
      Cout, C, [&](int64_t o, int64_t i, int a, int c) { return w[((o * C + i) * 3 + a) * 3 + c]; },
      U.data());
  winograd_core(x, U.data(), b, y, N, C, Cout,
                tiling(g.height, g.width, g.pad_h, g.pad_w, g.out_h, g.out_w), keep);
}

template <typename T>
void winograd_input_grad(const T* gy, const T* w, T* gx, int64_t N, int64_t Cout,
                         const ConvGeometry& g) {
  // x̄[i] = Σ_k ȳ[i - k + p] w[k] = Σ_k' ȳ[i + k' - (2 - p)] w[2 - k']: a convolution of ȳ with
  // the flipped kernel, channels swapped, padding 2 - p, whose output is the input's size.
  const int64_t C = g.channels;
  std::vector<T> U(size_t(16 * C * Cout));
  transform_weights<T>(
      C, Cout,
      [&](int64_t o, int64_t i, int a, int c) { return w[((i * C + o) * 3 + 2 - a) * 3 + 2 - c]; },
      U.data());
  winograd_core(gy, U.data(), static_cast<const T*>(nullptr), gx, N, Cout, C,
                tiling(g.out_h, g.out_w, 2 - g.pad_h, 2 - g.pad_w, g.height, g.width),
                static_cast<T*>(nullptr));
}

template <typename T>
void winograd_weight_grad(const T* x, const T* gy, T* gw, int64_t N, int64_t Cout,
                          const ConvGeometry& g, const T* kept) {
  const int64_t C = g.channels;
  const Tiling s = tiling(g.height, g.width, g.pad_h, g.pad_w, g.out_h, g.out_w);
  const int64_t P = tiles(s);
  const WinogradTransformsOf<T>& tf = transforms(T());
  // A fixed number of image chunks, each summed into its own Ū, added in order: the result does
  // not depend on thread scheduling.
  const int64_t chunks =
      N * 16 * Cout * C * P >= kParallelGrain ? std::max<int64_t>(1, std::min<int64_t>(N, 16)) : 1;
  std::vector<T> partial(size_t(chunks * 16 * Cout * C), T(0));
  auto run_chunk = [&](int64_t k) {
    Buffers<T>& buf = thread_buffers<T>();
    T* V = kept ? nullptr : sized(buf.v, 16 * C * P);
    T* M = sized(buf.m, 16 * P * Cout);
    T* scratch = sized(buf.plane, std::max(plane_scratch(s), 4 * P * Cout));
    T* dU = partial.data() + k * 16 * C * Cout;
    for (int64_t n = k * N / chunks; n < (k + 1) * N / chunks; ++n) {
      if (kept)
        V = const_cast<T*>(kept) + n * 16 * C * P; // read only
      else
        tf.input(x + n * C * s.H * s.W, C, s, V, scratch);
      tf.output_grad(gy + n * Cout * s.OH * s.OW, Cout, s, M, scratch);
      // Ūᵀ[ξ] [C × Cout] += V[ξ] [C × tiles] · M̄ᵀ[ξ] [tiles × Cout]
      for (int xi = 0; xi < 16; ++xi)
        small_gemm(C, Cout, P, V + xi * C * P, P, M + xi * P * Cout, Cout, true,
                   dU + xi * C * Cout, Cout);
    }
  };
  if (chunks > 1)
    parallel_for_each(0, chunks, run_chunk);
  else
    run_chunk(0);
  const int64_t n = 16 * Cout * C;
  for (int64_t k = 1; k < chunks; ++k)
    for (int64_t i = 0; i < n; ++i) partial[size_t(i)] += partial[size_t(k * n + i)];
  // W̄ = Gᵀ Ū G, the adjoint of transform_weights
  const T h = T(0.5);
  for (int64_t o = 0; o < Cout; ++o)
    for (int64_t i = 0; i < C; ++i) {
      T u[4][4];
      for (int xi = 0; xi < 16; ++xi) u[xi / 4][xi % 4] = partial[size_t((xi * C + i) * Cout + o)];
      T t[3][4]; // Gᵀ Ū
      for (int q = 0; q < 4; ++q) {
        t[0][q] = u[0][q] + h * (u[1][q] + u[2][q]);
        t[1][q] = h * (u[1][q] - u[2][q]);
        t[2][q] = h * (u[1][q] + u[2][q]) + u[3][q];
      }
      T* out = gw + (o * C + i) * 9;
      for (int p = 0; p < 3; ++p) { // (Gᵀ Ū) G
        out[3 * p + 0] = t[p][0] + h * (t[p][1] + t[p][2]);
        out[3 * p + 1] = h * (t[p][1] - t[p][2]);
        out[3 * p + 2] = h * (t[p][1] + t[p][2]) + t[p][3];
      }
    }
}

template void winograd_forward<float>(const float*, const float*, const float*, float*, int64_t,
                                      int64_t, const ConvGeometry&, float*);
template void winograd_forward<double>(const double*, const double*, const double*, double*,
                                       int64_t, int64_t, const ConvGeometry&, double*);
template void winograd_input_grad<float>(const float*, const float*, float*, int64_t, int64_t,
                                         const ConvGeometry&);
template void winograd_input_grad<double>(const double*, const double*, double*, int64_t, int64_t,
                                          const ConvGeometry&);
template void winograd_weight_grad<float>(const float*, const float*, float*, int64_t, int64_t,
                                          const ConvGeometry&, const float*);
template void winograd_weight_grad<double>(const double*, const double*, double*, int64_t, int64_t,
                                           const ConvGeometry&, const double*);

} // namespace tg::kernels
