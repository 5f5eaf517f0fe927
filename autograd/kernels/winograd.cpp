// Winograd F(2×2, 3×3) convolution (see winograd.h): the tile transforms, and one image at a time
// through 16 GEMMs, images in parallel under oneTBB.
#include "autograd/kernels/winograd.h"

#include <algorithm>
#include <cstring>
#include <vector>

#include "autograd/kernels/blas.h"
#include "autograd/kernels/loop.h"
#include "autograd/kernels/parallel_for.h"
#include "autograd/kernels/small_gemm.h"

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

/// One image plane's tiling: OH×OW outputs in TH×TW tiles of 2×2, each reading a 4×4 window of
/// the input (H×W, padded by ph / pw) that starts at (2·th - ph, 2·tw - pw).
struct Tiling {
  int64_t H, W, ph, pw, OH, OW, TH, TW;
  int64_t tiles() const { return TH * TW; }
};

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

/// A 16-byte vector of T (GCC/Clang vector extension: SSE2 on baseline x86-64). The tile-row
/// loops below are written on it because GCC left them scalar: their local pointers may alias as
/// far as it can tell, and the rows are short (12 or 13 tiles in mnist_cnn).
template <typename T> struct Pack;
template <> struct Pack<float> { typedef float type __attribute__((vector_size(16))); };
template <> struct Pack<double> { typedef double type __attribute__((vector_size(16))); };
template <typename V, typename T> V load(const T* p) {
  V v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
template <typename V, typename T> void store(T* p, V v) { std::memcpy(p, &v, sizeof v); }
/// body.template operator()<V>(k) over [0, n): whole vectors of T, then single elements.
template <typename T, typename Body> void lanes(int64_t n, const Body& body) {
  using Vec = typename Pack<T>::type;
  constexpr int64_t width = int64_t(sizeof(Vec) / sizeof(T));
  int64_t k = 0;
  for (; k + width <= n; k += width) body.template operator()<Vec>(k);
  for (; k < n; ++k) body.template operator()<T>(k);
}

/// Scratch floats transform_input, transform_output and transform_output_grad need beside V and M.
int64_t plane_scratch(const Tiling& s) { return 2 * (2 * s.TH + 2) * (s.TW + 1) + 16 * (s.TW + 1); }

/// V[ξ][c][t] = (Bᵀ d B)[ξ] for every channel c and tile t of image `im` [C, H, W], with
/// Bᵀ = [1 0 -1 0; 0 1 1 0; 0 -1 1 0; 0 1 0 -1]. Each channel is first split into its even and
/// odd columns, zero-bordered to cover every tile's window; then a row of tiles is a few
/// element-wise operations over contiguous arrays, which vectorise (a tile at a time, with its
/// stride-2 reads and 16 scattered writes, took a third of mnist_cnn's time).
template <typename T>
void transform_input(const T* im, int64_t C, const Tiling& s, T* V, T* scratch) {
  const int64_t PH = 2 * s.TH + 2, K = s.TW + 1, P = s.tiles(), TW = s.TW;
  T* even = scratch;      // [PH][K]: padded column 2k
  T* odd = even + PH * K; // [PH][K]: padded column 2k + 1
  T* t = odd + PH * K;    // 8 rows of K: (Bᵀ d) on even and odd columns
  for (int64_t c = 0; c < C; ++c) {
    std::fill(even, even + 2 * PH * K, T(0));
    const T* src = im + c * s.H * s.W;
    for (int64_t r = 0; r < s.H; ++r) {
      T* e = even + (r + s.ph) * K;
      T* o = odd + (r + s.ph) * K;
      const T* row = src + r * s.W;
      // padded column q = j + pw goes to (q even ? e : o)[q / 2]
      for (int64_t j = s.pw % 2; j < s.W; j += 2) e[(j + s.pw) / 2] = row[j];
      for (int64_t j = 1 - s.pw % 2; j < s.W; j += 2) o[(j + s.pw) / 2] = row[j];
    }
    for (int64_t th = 0; th < s.TH; ++th) {
      const int64_t r = 2 * th;
      for (int half = 0; half < 2; ++half) {
        const T* d = (half ? odd : even) + r * K;
        T* tp = t + (4 * half) * K;
        lanes<T>(K, [&]<typename V>(int64_t k) {
          const V d0 = load<V>(d + k), d1 = load<V>(d + K + k);
          const V d2 = load<V>(d + 2 * K + k), d3 = load<V>(d + 3 * K + k);
          store(tp + k, d0 - d2);
          store(tp + K + k, d1 + d2);
          store(tp + 2 * K + k, d2 - d1);
          store(tp + 3 * K + k, d1 - d3);
        });
      }
      for (int p = 0; p < 4; ++p) { // (Bᵀ d) B: columns 2tw, 2tw+1, 2tw+2, 2tw+3 of row p
        const T* e = t + p * K;
        const T* o = t + (4 + p) * K;
        T* v = V + ((4 * p) * C + c) * P + th * TW;
        const int64_t xs = C * P;
        lanes<T>(TW, [&]<typename W>(int64_t k) {
          const W e0 = load<W>(e + k), e1 = load<W>(e + k + 1);
          const W o0 = load<W>(o + k), o1 = load<W>(o + k + 1);
          store(v + k, e0 - e1);
          store(v + xs + k, o0 + e1);
          store(v + 2 * xs + k, e1 - o0);
          store(v + 3 * xs + k, o0 - o1);
        });
      }
    }
  }
}

/// out [Co, OH, OW] = (Aᵀ m A) of every tile (+ bias), from M[ξ][co][t], with
/// Aᵀ = [1 1 1 0; 0 1 -1 -1]; a tile's row or column past the output's edge is dropped. A row of
/// tiles at a time, in contiguous arrays, as in transform_input.
template <typename T>
void transform_output(const T* M, int64_t Co, const Tiling& s, const T* bias, T* out, T* scratch) {
  const int64_t P = s.tiles(), TW = s.TW, xi_stride = Co * P;
  T* u = scratch;    // [2][4][TW]: Aᵀ m
  T* y = u + 8 * TW; // [2][TW]: one output row's even and odd columns
  for (int64_t co = 0; co < Co; ++co) {
    T* dst = out + co * s.OH * s.OW;
    const T b = bias ? bias[co] : T(0);
    for (int64_t th = 0; th < s.TH; ++th) {
      const T* m = M + co * P + th * TW;
      for (int q = 0; q < 4; ++q) {
        const T* mq = m + q * xi_stride;
        lanes<T>(TW, [&]<typename V>(int64_t k) {
          const V m0 = load<V>(mq + k), m1 = load<V>(mq + 4 * xi_stride + k);
          const V m2 = load<V>(mq + 8 * xi_stride + k), m3 = load<V>(mq + 12 * xi_stride + k);
          store(u + q * TW + k, m0 + m1 + m2);
          store(u + (4 + q) * TW + k, m1 - m2 - m3);
        });
      }
      for (int p = 0; p < 2 && 2 * th + p < s.OH; ++p) { // (Aᵀ m) A
        const T* a = u + (4 * p) * TW;
        lanes<T>(TW, [&]<typename V>(int64_t k) {
          const V a0 = load<V>(a + k), a1 = load<V>(a + TW + k);
          const V a2 = load<V>(a + 2 * TW + k), a3 = load<V>(a + 3 * TW + k);
          store(y + k, a0 + a1 + a2 + b);
          store(y + TW + k, a1 - a2 - a3 + b);
        });
        T* row = dst + (2 * th + p) * s.OW;
        for (int64_t k = 0; k < TW; ++k) {
          row[2 * k] = y[k];
          if (2 * k + 1 < s.OW) row[2 * k + 1] = y[TW + k];
        }
      }
    }
  }
}

/// M̄[ξ][co][t] = (A ȳ Aᵀ)[ξ] for every output tile ȳ (2×2, zero past the output's edge) of
/// gy [Co, OH, OW]: the adjoint of transform_output, a row of tiles at a time.
template <typename T>
void transform_output_grad(const T* gy, int64_t Co, const Tiling& s, T* M, T* scratch) {
  const int64_t P = s.tiles(), TW = s.TW, xi_stride = Co * P;
  T* g = scratch; // [2][2][TW]: rows 2th and 2th+1, even and odd columns, zero past the edge
  for (int64_t co = 0; co < Co; ++co) {
    const T* src = gy + co * s.OH * s.OW;
    for (int64_t th = 0; th < s.TH; ++th) {
      std::fill(g, g + 4 * TW, T(0));
      for (int p = 0; p < 2 && 2 * th + p < s.OH; ++p) {
        const T* row = src + (2 * th + p) * s.OW;
        for (int64_t j = 0; j < s.OW; j += 2) g[2 * p * TW + j / 2] = row[j];
        for (int64_t j = 1; j < s.OW; j += 2) g[(2 * p + 1) * TW + j / 2] = row[j];
      }
      // A ȳ rows (a, b), (a + c, b + d), (a - c, b - d), (-c, -d), then (A ȳ) Aᵀ: each row
      // (x0, x1) gives x0, x0 + x1, x0 - x1, -x1
      T* m = M + co * P + th * TW;
      lanes<T>(TW, [&]<typename V>(int64_t k) {
        const V a = load<V>(g + k), b = load<V>(g + TW + k);
        const V c = load<V>(g + 2 * TW + k), d = load<V>(g + 3 * TW + k);
        const V x[4][2] = {{a, b}, {a + c, b + d}, {a - c, b - d}, {-c, -d}};
        for (int p = 0; p < 4; ++p) {
          T* mp = m + (4 * p) * xi_stride + k;
          store(mp, x[p][0]);
          store(mp + xi_stride, x[p][0] + x[p][1]);
          store(mp + 2 * xi_stride, x[p][0] - x[p][1]);
          store(mp + 3 * xi_stride, -x[p][1]);
        }
      });
    }
  }
}

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
  const int64_t P = s.tiles();
  auto image = [&](int64_t n) {
    Buffers<T>& buf = thread_buffers<T>();
    T* V = keep ? keep + n * 16 * C * P : sized(buf.v, 16 * C * P);
    T* M = sized(buf.m, 16 * Co * P);
    T* scratch = sized(buf.plane, plane_scratch(s));
    transform_input(x + n * C * s.H * s.W, C, s, V, scratch);
    for (int xi = 0; xi < 16; ++xi)
      small_gemm(Co, P, C, U + xi * Co * C, C, V + xi * C * P, P, false, M + xi * Co * P, P);
    transform_output(M, Co, s, bias, out + n * Co * s.OH * s.OW, scratch);
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
  const int64_t P = s.tiles();
  // A fixed number of image chunks, each summed into its own Ū, added in order: the result does
  // not depend on thread scheduling.
  const int64_t chunks =
      N * 16 * Cout * C * P >= kParallelGrain ? std::max<int64_t>(1, std::min<int64_t>(N, 16)) : 1;
  std::vector<T> partial(size_t(chunks * 16 * Cout * C), T(0));
  auto run_chunk = [&](int64_t k) {
    Buffers<T>& buf = thread_buffers<T>();
    T* V = kept ? nullptr : sized(buf.v, 16 * C * P);
    T* M = sized(buf.m, 16 * Cout * P);
    T* scratch = sized(buf.plane, plane_scratch(s));
    T* dU = partial.data() + k * 16 * Cout * C;
    for (int64_t n = k * N / chunks; n < (k + 1) * N / chunks; ++n) {
      if (kept)
        V = const_cast<T*>(kept) + n * 16 * C * P; // read only
      else
        transform_input(x + n * C * s.H * s.W, C, s, V, scratch);
      transform_output_grad(gy + n * Cout * s.OH * s.OW, Cout, s, M, scratch);
      for (int xi = 0; xi < 16; ++xi)
        gemm_serial(false, true, Cout, C, P, T(1), M + xi * Cout * P, P, V + xi * C * P, P, T(1),
                    dU + xi * Cout * C, C);
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
      for (int xi = 0; xi < 16; ++xi) u[xi / 4][xi % 4] = partial[size_t((xi * Cout + o) * C + i)];
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
