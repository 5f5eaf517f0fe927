// Winograd F(2×2, 3×3) and F(4×4, 3×3) convolutions (see winograd.h): the kernel transforms, and
// one image at a time through the input transform, α² GEMMs and the output transform (those two
// in winograd_transforms_impl.cpp), images in parallel under oneTBB.
#include "autograd/kernels/winograd.h"

#include <algorithm>
#include <memory>
#include <type_traits>
#include <vector>

#include "autograd/kernels/blas.h"
#include "autograd/kernels/loop.h"
#include "autograd/kernels/parallel_for.h"
#include "autograd/kernels/small_gemm.h"
#include "autograd/kernels/winograd_transforms.h"

namespace tg::kernels {

namespace {

/// One tile size's constants: m×m outputs per tile from an α×α window (α = m + 2), and the
/// kernel transform G [α × 3] (Lavin & Gray's; the input's Bᵀ and the output's Aᵀ are in
/// winograd_transforms_impl.cpp).
struct Variant {
  int m;
  int alpha;
  const double (*G)[3];
  int xis() const { return alpha * alpha; }
};
constexpr double kG2[4][3] = {{1, 0, 0}, {0.5, 0.5, 0.5}, {0.5, -0.5, 0.5}, {0, 0, 1}};
constexpr double kG4[6][3] = {{1.0 / 4, 0, 0},
                              {-1.0 / 6, -1.0 / 6, -1.0 / 6},
                              {-1.0 / 6, 1.0 / 6, -1.0 / 6},
                              {1.0 / 24, 1.0 / 12, 1.0 / 6},
                              {1.0 / 24, -1.0 / 12, 1.0 / 6},
                              {0, 0, 1}};
constexpr Variant kF2{2, 4, kG2}, kF4{4, 6, kG4};
const Variant& variant(int64_t OH, int64_t OW) {
  return winograd_tile_size(OH, OW) == 4 ? kF4 : kF2;
}

using Tiling = WinogradTiling;
int64_t tiles(const Tiling& s) { return s.TH * s.TW; }
Tiling tiling(const Variant& v, int64_t H, int64_t W, int64_t ph, int64_t pw, int64_t OH,
              int64_t OW) {
  return {H, W, ph, pw, OH, OW, (OH + v.m - 1) / v.m, (OW + v.m - 1) / v.m};
}

} // namespace

int64_t winograd_tile_size(int64_t OH, int64_t OW) {
  // transformed values per plane: 16 per 2×2 tile against 36 per 4×4 tile
  const int64_t f2 = 16 * ((OH + 1) / 2) * ((OW + 1) / 2);
  const int64_t f4 = 36 * ((OH + 3) / 4) * ((OW + 3) / 4);
  return f4 < f2 ? 4 : 2;
}

int64_t winograd_kept_size(const ConvGeometry& g) {
  const Variant& v = variant(g.out_h, g.out_w);
  return v.xis() * g.channels *
         tiles(tiling(v, g.height, g.width, g.pad_h, g.pad_w, g.out_h, g.out_w));
}

bool winograd_applies(const ConvGeometry& g, int64_t groups) {
  return groups == 1 && g.depth == 1 && g.kernel_d == 1 && g.out_d == 1 && g.kernel_h == 3 &&
         g.kernel_w == 3 && g.stride_h == 1 && g.stride_w == 1 && g.dilation_h == 1 &&
         g.dilation_w == 1 && g.pad_h <= 2 && g.pad_w <= 2 && g.out_h >= 1 && g.out_w >= 1 &&
         g.channels >= kWinogradMinChannels && g.out_h == g.height + 2 * g.pad_h - 2 &&
         g.out_w == g.width + 2 * g.pad_w - 2;
}

namespace {

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

/// Scratch elements the input and output transforms need beside V and M.
int64_t plane_scratch(const Tiling& s, const Variant& v) { return winograd_plane_scratch(s, v.m); }

/// This process's transforms for T and tile size v.m (see winograd_transforms.h).
template <typename T> const WinogradTileTransforms<T>& transforms(const Variant& v) {
  const WinogradTransforms& table = winograd_transforms();
  const WinogradTransformsOf<T>* of;
  if constexpr (std::is_same_v<T, float>)
    of = &table.f32;
  else
    of = &table.f64;
  return v.m == 4 ? of->f4 : of->f2;
}

/// U[ξ][o][i] = (G k Gᵀ)[ξ] for the 3×3 kernel k = kernel(o, i, a, b), computed in double and
/// rounded once (F(4×4)'s G holds 1/6 and 1/24, which float cannot represent).
template <typename T, typename Kernel>
void transform_weights(const Variant& v, int64_t O, int64_t I, Kernel kernel, T* U) {
  const int A = v.alpha;
  for (int64_t o = 0; o < O; ++o)
    for (int64_t i = 0; i < I; ++i) {
      double k[3][3];
      for (int a = 0; a < 3; ++a)
        for (int b = 0; b < 3; ++b) k[a][b] = double(kernel(o, i, a, b));
      double t[6][3]; // G k
      for (int p = 0; p < A; ++p)
        for (int b = 0; b < 3; ++b)
          t[p][b] = v.G[p][0] * k[0][b] + v.G[p][1] * k[1][b] + v.G[p][2] * k[2][b];
      for (int p = 0; p < A; ++p) // (G k) Gᵀ
        for (int q = 0; q < A; ++q)
          U[((A * p + q) * O + o) * I + i] =
              T(t[p][0] * v.G[q][0] + t[p][1] * v.G[q][1] + t[p][2] * v.G[q][2]);
    }
}

/// out [N, Co, OH, OW] = the Winograd convolution of x [N, C, H, W] with the transformed kernels
/// U [α², Co, C] (+ bias): per image, transform, α² products, inverse transform.
template <typename T>
void winograd_core(const Variant& v, const T* x, const T* U, const T* bias, T* out, int64_t N,
                   int64_t C, int64_t Co, const Tiling& s, T* keep) {
  const int64_t P = tiles(s), X = v.xis();
  const WinogradTileTransforms<T>& tf = transforms<T>(v);
  auto image = [&](int64_t n) {
    Buffers<T>& buf = thread_buffers<T>();
    T* V = keep ? keep + n * X * C * P : sized(buf.v, X * C * P);
    T* M = sized(buf.m, X * Co * P);
    T* scratch = sized(buf.plane, plane_scratch(s, v));
    tf.input(x + n * C * s.H * s.W, C, s, V, scratch);
    for (int64_t xi = 0; xi < X; ++xi)
      small_gemm(Co, P, C, U + xi * Co * C, C, V + xi * C * P, P, false, M + xi * Co * P, P);
    tf.output(M, Co, s, bias, out + n * Co * s.OH * s.OW, scratch);
  };
  if (N > 1 && N * X * Co * C * P >= kParallelGrain)
    parallel_for_each(0, N, image);
  else
    for (int64_t n = 0; n < N; ++n) image(n);
}

} // namespace

template <typename T>
void winograd_forward(const T* x, const T* w, const T* b, T* y, int64_t N, int64_t Cout,
                      const ConvGeometry& g, T* keep) {
  const int64_t C = g.channels;
  const Variant& v = variant(g.out_h, g.out_w);
  std::vector<T> U(size_t(v.xis() * Cout * C));
  transform_weights<T>(
      v, Cout, C,
      [&](int64_t o, int64_t i, int a, int c) { return w[((o * C + i) * 3 + a) * 3 + c]; },
      U.data());
  winograd_core(v, x, U.data(), b, y, N, C, Cout,
                tiling(v, g.height, g.width, g.pad_h, g.pad_w, g.out_h, g.out_w), keep);
}

template <typename T>
void winograd_input_grad(const T* gy, const T* w, T* gx, int64_t N, int64_t Cout,
                         const ConvGeometry& g) {
  // x̄[i] = Σ_k ȳ[i - k + p] w[k] = Σ_k' ȳ[i + k' - (2 - p)] w[2 - k']: a convolution of ȳ with
  // the flipped kernel, channels swapped, padding 2 - p, whose output is the input's size.
  const int64_t C = g.channels;
  const Variant& v = variant(g.height, g.width);
  std::vector<T> U(size_t(v.xis() * C * Cout));
  transform_weights<T>(
      v, C, Cout,
      [&](int64_t o, int64_t i, int a, int c) { return w[((i * C + o) * 3 + 2 - a) * 3 + 2 - c]; },
      U.data());
  winograd_core(v, gy, U.data(), static_cast<const T*>(nullptr), gx, N, Cout, C,
                tiling(v, g.out_h, g.out_w, 2 - g.pad_h, 2 - g.pad_w, g.height, g.width),
                static_cast<T*>(nullptr));
}

template <typename T>
void winograd_weight_grad(const T* x, const T* gy, T* gw, int64_t N, int64_t Cout,
                          const ConvGeometry& g, const T* kept) {
  const int64_t C = g.channels;
  const Variant& v = variant(g.out_h, g.out_w);
  const Tiling s = tiling(v, g.height, g.width, g.pad_h, g.pad_w, g.out_h, g.out_w);
  const int64_t P = tiles(s), X = v.xis(), m2 = int64_t(v.m) * v.m;
  const WinogradTileTransforms<T>& tf = transforms<T>(v);
  // A fixed number of image chunks, each summed into its own Ū, added in order: the result does
  // not depend on thread scheduling.
  const int64_t chunks =
      N * X * Cout * C * P >= kParallelGrain ? std::max<int64_t>(1, std::min<int64_t>(N, 16)) : 1;
  // Uninitialised: each chunk's first product writes its Ū (zeroing 16 chunks of mnist_cnn's
  // conv2 was 4.7 MB of memset per batch).
  const std::unique_ptr<T[]> partial(new T[size_t(chunks * X * Cout * C)]);
  auto run_chunk = [&](int64_t k) {
    Buffers<T>& buf = thread_buffers<T>();
    T* V = kept ? nullptr : sized(buf.v, X * C * P);
    T* M = sized(buf.m, X * P * Cout);
    T* scratch = sized(buf.plane, std::max(plane_scratch(s, v), m2 * P * Cout));
    T* dU = partial.get() + k * X * C * Cout;
    const int64_t first = k * N / chunks, last = (k + 1) * N / chunks;
    if (first == last) std::fill(dU, dU + X * C * Cout, T(0)); // N = 0
    for (int64_t n = first; n < last; ++n) {
      if (kept)
        V = const_cast<T*>(kept) + n * X * C * P; // read only
      else
        tf.input(x + n * C * s.H * s.W, C, s, V, scratch);
      tf.output_grad(gy + n * Cout * s.OH * s.OW, Cout, s, M, scratch);
      // Ūᵀ[ξ] [C × Cout] += V[ξ] [C × tiles] · M̄ᵀ[ξ] [tiles × Cout]
      for (int64_t xi = 0; xi < X; ++xi)
        small_gemm(C, Cout, P, V + xi * C * P, P, M + xi * P * Cout, Cout, n > first,
                   dU + xi * C * Cout, Cout);
    }
  };
  if (chunks > 1)
    parallel_for_each(0, chunks, run_chunk);
  else
    run_chunk(0);
  const int64_t n = X * Cout * C;
  if (chunks > 1) // each element summed over the chunks in order, elements in parallel
    parallel_for(0, n, 4096, [&](int64_t b, int64_t e) {
      for (int64_t k = 1; k < chunks; ++k) {
        const T* add = partial.get() + k * n;
        for (int64_t i = b; i < e; ++i) partial[size_t(i)] += add[i];
      }
    });
  // W̄ = Gᵀ Ū G, the adjoint of transform_weights, in double as there
  const int A = v.alpha;
  for (int64_t o = 0; o < Cout; ++o)
    for (int64_t i = 0; i < C; ++i) {
      double t[3][6]; // Gᵀ Ū
      for (int a = 0; a < 3; ++a)
        for (int q = 0; q < A; ++q) {
          double sum = 0;
          for (int p = 0; p < A; ++p)
            sum += v.G[p][a] * double(partial[size_t(((A * p + q) * C + i) * Cout + o)]);
          t[a][q] = sum;
        }
      T* out = gw + (o * C + i) * 9;
      for (int a = 0; a < 3; ++a) // (Gᵀ Ū) G
        for (int b = 0; b < 3; ++b) {
          double sum = 0;
          for (int q = 0; q < A; ++q) sum += t[a][q] * v.G[q][b];
          out[3 * a + b] = T(sum);
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
