// The Winograd F(2×2, 3×3) and F(4×4, 3×3) tile transforms (see winograd_transforms.h). meson
// compiles this file once per target with vectorized_impl.cpp (TG_VEC_NAMESPACE vec_default,
// vec_avx2, vec_avx512; TG_VEC_LEVEL 0, 1, 2) and under the same rules, which that file's header
// comment explains: internal linkage for everything but the table, no function or template from a
// header (only builtins), -ffp-contract=off. The transforms add, subtract and multiply by
// constants, each operation rounded on its own in the same order in every copy, so every copy gives
// the baseline's bits.
#include "autograd/kernels/winograd_transforms.h"

// A build that compiles this file without the macros (scripts/fuzz) gets the baseline copy.
#if !defined(TG_VEC_NAMESPACE) || !defined(TG_VEC_LEVEL)
#define TG_VEC_NAMESPACE vec_default
#define TG_VEC_LEVEL 0
#endif

namespace tg::kernels::TG_VEC_NAMESPACE {

namespace {

/// Vectors of T of 16, 32 and 64 bytes (GCC/Clang vector extension); this copy's widest is
/// 16 << TG_VEC_LEVEL bytes (SSE2, AVX2, AVX-512). The tile-row loops are written on them because
/// GCC left the plain loops scalar: their local pointers may alias as far as it can tell, and the
/// rows are short (12 or 13 tiles in mnist_cnn).
template <typename T, int Bytes> struct Pack {
  typedef T type __attribute__((vector_size(Bytes)));
};
template <typename V, typename T> V load(const T* p) {
  V v;
  __builtin_memcpy(&v, p, sizeof v);
  return v;
}
template <typename V, typename T> void store(T* p, V v) { __builtin_memcpy(p, &v, sizeof v); }
/// body.template operator()<V>(k) over [0, n): the widest vectors this copy has, then narrower
/// ones down to 16 bytes (a 12-float row is one 32- and one 16-byte step on AVX2 and AVX-512),
/// then single elements.
template <typename T, typename Body> void lanes(int64_t n, const Body& body) {
  constexpr int kWidest = 16 << TG_VEC_LEVEL;
  int64_t k = 0;
  if constexpr (kWidest >= 64) {
    constexpr int64_t w = 64 / int64_t(sizeof(T));
    for (; k + w <= n; k += w) body.template operator()<typename Pack<T, 64>::type>(k);
  }
  if constexpr (kWidest >= 32) {
    constexpr int64_t w = 32 / int64_t(sizeof(T));
    for (; k + w <= n; k += w) body.template operator()<typename Pack<T, 32>::type>(k);
  }
  constexpr int64_t w = 16 / int64_t(sizeof(T));
  for (; k + w <= n; k += w) body.template operator()<typename Pack<T, 16>::type>(k);
  for (; k < n; ++k) body.template operator()<T>(k);
}
template <typename T> void zero(T* p, int64_t n) {
  for (int64_t i = 0; i < n; ++i) p[i] = T(0);
}

/// V[ξ][c][t] = (Bᵀ d B)[ξ] for every channel c and tile t of image `im` [C, H, W], with
/// Bᵀ = [1 0 -1 0; 0 1 1 0; 0 -1 1 0; 0 1 0 -1]. Each channel is first split into its even and
/// odd columns, zero-bordered to cover every tile's window; then a row of tiles is a few
/// element-wise operations over contiguous arrays, which vectorise (a tile at a time, with its
/// stride-2 reads and 16 scattered writes, took a third of mnist_cnn's time).
template <typename T>
void transform_input_2(const T* im, int64_t C, const WinogradTiling& s, T* V, T* scratch) {
  const int64_t PH = 2 * s.TH + 2, K = s.TW + 1, P = s.TH * s.TW, TW = s.TW;
  T* even = scratch;      // [PH][K]: padded column 2k
  T* odd = even + PH * K; // [PH][K]: padded column 2k + 1
  T* t = odd + PH * K;    // 8 rows of K: (Bᵀ d) on even and odd columns
  for (int64_t c = 0; c < C; ++c) {
    zero(even, 2 * PH * K);
    const T* src = im + c * s.H * s.W;
    for (int64_t r = 0; r < s.H; ++r) {
      T* e = even + (r + s.ph) * K;
      T* o = odd + (r + s.ph) * K;
      const T* row = src + r * s.W;
      // padded column q = j + pw goes to (q even ? e : o)[q / 2]: e[k] = row[2k − pw] and
      // o[k] = row[2k + 1 − pw] wherever that column exists (counted on k, not j: a division
      // per element kept these loops scalar and made them a third of the transform's time)
      for (int64_t k = (s.pw + 1) / 2; 2 * k - s.pw < s.W; ++k) e[k] = row[2 * k - s.pw];
      for (int64_t k = s.pw / 2; 2 * k + 1 - s.pw < s.W; ++k) o[k] = row[2 * k + 1 - s.pw];
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
void transform_output_2(const T* M, int64_t Co, const WinogradTiling& s, const T* bias, T* out,
                        T* scratch) {
  const int64_t P = s.TH * s.TW, TW = s.TW, xi_stride = Co * P;
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
        const int64_t pairs = s.OW / 2; // interleave even and odd columns, without a branch
        for (int64_t k = 0; k < pairs; ++k) {
          row[2 * k] = y[k];
          row[2 * k + 1] = y[TW + k];
        }
        if (s.OW % 2) row[s.OW - 1] = y[pairs]; // the last tile's odd column is past the edge
      }
    }
  }
}

/// g[(oh·Q + ow)·Co + c] = gy[(c·OH + oh)·OW + ow]: an output gradient [Co, OH, OW] copied
/// channels last into a padded plane [PH ≥ OH][Q ≥ OW][Co], zero outside the gradient, for the
/// output-gradient transforms (whose tiles cover PH × Q). Blocks of
/// 4×4 floats (2×2 doubles) are transposed in 16-byte registers, which every copy has
/// (__builtin_shufflevector: GCC 12 and Clang both have it, the fuzz build is Clang's); element
/// by element, eight channels at a time, this copy was half of transform_output_grad_4's time.
template <typename T>
void channels_last(const T* gy, int64_t Co, int64_t OH, int64_t OW, int64_t PH, int64_t Q, T* g) {
  if (PH > OH || Q > OW) zero(g, PH * Q * Co);
  typedef typename Pack<T, 16>::type V;
  constexpr int64_t L = 16 / int64_t(sizeof(T));
  const int64_t HW = OH * OW;
  int64_t c0 = 0;
  for (; c0 + L <= Co; c0 += L)
    for (int64_t oh = 0; oh < OH; ++oh) {
      const T* src = gy + c0 * HW + oh * OW;
      T* dst = g + oh * Q * Co + c0;
      int64_t ow = 0;
      for (; ow + L <= OW; ow += L) {
        if constexpr (L == 4) {
          const V r0 = load<V>(src + ow), r1 = load<V>(src + HW + ow);
          const V r2 = load<V>(src + 2 * HW + ow), r3 = load<V>(src + 3 * HW + ow);
          const V t0 = __builtin_shufflevector(r0, r1, 0, 4, 1, 5);
          const V t1 = __builtin_shufflevector(r0, r1, 2, 6, 3, 7);
          const V t2 = __builtin_shufflevector(r2, r3, 0, 4, 1, 5);
          const V t3 = __builtin_shufflevector(r2, r3, 2, 6, 3, 7);
          store(dst + ow * Co, __builtin_shufflevector(t0, t2, 0, 1, 4, 5));
          store(dst + (ow + 1) * Co, __builtin_shufflevector(t0, t2, 2, 3, 6, 7));
          store(dst + (ow + 2) * Co, __builtin_shufflevector(t1, t3, 0, 1, 4, 5));
          store(dst + (ow + 3) * Co, __builtin_shufflevector(t1, t3, 2, 3, 6, 7));
        } else {
          const V r0 = load<V>(src + ow), r1 = load<V>(src + HW + ow);
          store(dst + ow * Co, __builtin_shufflevector(r0, r1, 0, 2));
          store(dst + (ow + 1) * Co, __builtin_shufflevector(r0, r1, 1, 3));
        }
      }
      for (; ow < OW; ++ow)
        for (int64_t j = 0; j < L; ++j) dst[ow * Co + j] = src[j * HW + ow];
    }
  for (; c0 < Co; ++c0) // the last Co mod L channels
    for (int64_t oh = 0; oh < OH; ++oh)
      for (int64_t ow = 0; ow < OW; ++ow) g[(oh * Q + ow) * Co + c0] = gy[(c0 * OH + oh) * OW + ow];
}

/// M̄ᵀ[ξ][t][co] = (A ȳ Aᵀ)[ξ] for every output tile ȳ (2×2, zero past the output's edge) of
/// gy [Co, OH, OW], channels last: the adjoint of transform_output, laid out so that the weight
/// gradient's products Ūᵀ[ξ] += V[ξ] · M̄ᵀ[ξ] take both operands as stored (no transposed
/// operand, which libxsmm's generated kernels do not take and OpenBLAS packs). gy is first
/// copied channels last into scratch ([2·TH][2·TW][Co], channels_last); then every
/// tile is a few element-wise operations over vectors of channels.
template <typename T>
void transform_output_grad_2(const T* gy, int64_t Co, const WinogradTiling& s, T* M, T* scratch) {
  const int64_t TW = s.TW, Q = 2 * s.TW, xs = s.TH * s.TW * Co;
  T* g = scratch; // [2·TH][2·TW][Co]
  channels_last(gy, Co, s.OH, s.OW, 2 * s.TH, Q, g);
  for (int64_t th = 0; th < s.TH; ++th)
    for (int64_t tw = 0; tw < TW; ++tw) {
      const T* a = g + (2 * th * Q + 2 * tw) * Co; // ȳ = [a b; c d]
      const T* b = a + Co;
      const T* c = a + Q * Co;
      const T* d = c + Co;
      T* m = M + (th * TW + tw) * Co;
      // A ȳ rows (a, b), (a + c, b + d), (a - c, b - d), (-c, -d), then (A ȳ) Aᵀ: each row
      // (x0, x1) gives x0, x0 + x1, x0 - x1, -x1
      lanes<T>(Co, [&]<typename V>(int64_t k) {
        const V va = load<V>(a + k), vb = load<V>(b + k);
        const V vc = load<V>(c + k), vd = load<V>(d + k);
        const V x[4][2] = {{va, vb}, {va + vc, vb + vd}, {va - vc, vb - vd}, {-vc, -vd}};
        for (int p = 0; p < 4; ++p) {
          T* mp = m + (4 * p) * xs + k;
          store(mp, x[p][0]);
          store(mp + xs, x[p][0] + x[p][1]);
          store(mp + 2 * xs, x[p][0] - x[p][1]);
          store(mp + 3 * xs, -x[p][1]);
        }
      });
    }
}

// ---- F(4×4, 3×3): 6×6 windows at a stride of 4, the same three passes ----

/// to[0, n) = from[0, n): a plain loop (no library call in these copies).
template <typename T> void copy_row(const T* __restrict from, int64_t n, T* __restrict to) {
  for (int64_t i = 0; i < n; ++i) to[i] = from[i];
}

/// cols[i·plane + tw] = line[4·tw + i] for i = 0..5 and tw < TW: the six columns of every 6×6
/// window of one padded row, each in its own array. Written as stride-4 groups, which GCC
/// vectorises with shuffles; an index computed per element (the first version) stayed scalar and
/// took 40% of the input transform.
template <typename T>
void gather_columns(const T* __restrict line, int64_t TW, int64_t plane, T* __restrict cols) {
  T* __restrict c0 = cols;
  T* __restrict c1 = cols + plane;
  T* __restrict c2 = cols + 2 * plane;
  T* __restrict c3 = cols + 3 * plane;
  T* __restrict c4 = cols + 4 * plane;
  T* __restrict c5 = cols + 5 * plane;
  for (int64_t tw = 0; tw < TW; ++tw) {
    c0[tw] = line[4 * tw];
    c1[tw] = line[4 * tw + 1];
    c2[tw] = line[4 * tw + 2];
    c3[tw] = line[4 * tw + 3];
  }
  for (int64_t tw = 0; tw < TW; ++tw) {
    c4[tw] = line[4 * tw + 4];
    c5[tw] = line[4 * tw + 5];
  }
}

/// Bᵀ x for one column x0..x5 of a 6×6 window, with
/// Bᵀ = [4 0 -5 0 1 0; 0 -4 -4 1 1 0; 0 4 -4 -1 1 0; 0 -2 -1 2 1 0; 0 2 -1 -2 1 0; 0 4 0 -5 0 1]
/// (Lavin & Gray's), written to r[0..5] (`put(i, value)`).
template <typename V, typename Put>
void input_6(V x0, V x1, V x2, V x3, V x4, V x5, const Put& put) {
  const V a = x4 - x2 * 4, b = x3 - x1 * 4; // rows 1 and 2: a ± b
  const V c = x4 - x2, d = (x3 - x1) * 2;   // rows 3 and 4: c ± d
  put(0, x0 * 4 - x2 * 5 + x4);
  put(1, a + b);
  put(2, a - b);
  put(3, c + d);
  put(4, c - d);
  put(5, x1 * 4 - x3 * 5 + x5);
}

/// V[ξ][c][t] = (Bᵀ d B)[ξ] for every channel c and 6×6 window d of image `im` [C, H, W]. The
/// tile rows are short (6 tiles in mnist_cnn, where a 32-byte vector holds 8 floats), so the
/// passes do not run along them as transform_input_2's do but over whole planes: each channel is
/// first gathered into six arrays, cols[i] holding padded column 4·tw + i of every row (so the
/// windows' column i of every tile lies in one array, no stride), stored by row modulo 4. Then
/// d B is one element-wise pass over all rows and tiles, and Bᵀ (d B) one pass over all tiles,
/// since tile row th needs rows 4·th + i: row phase i at th for i < 4, phases 0 and 1 at th + 1.
template <typename T>
void transform_input_4(const T* im, int64_t C, const WinogradTiling& s, T* V, T* scratch) {
  const int64_t TW = s.TW, R = s.TH + 1, P = s.TH * TW, xs = C * P;
  const int64_t plane = 4 * R * TW; // one array's rows [4][R][TW]: row 4a + b at (b·R + a)·TW
  T* cols = scratch;                // [6][plane]
  T* rows = cols + 6 * plane;       // [6][plane]: d B, column q of every tile in rows[q]
  T* line = rows + 6 * plane;       // [4·(TW + 2)]: one padded row, zero past the image
  const int64_t first = s.ph, last = s.ph + s.H; // padded rows holding image rows
  zero(line, 4 * (TW + 2));
  for (int64_t c = 0; c < C; ++c) {
    for (int64_t pr = 0; pr < 4 * R; ++pr) // padded rows outside the image are zero
      if (pr < first || pr >= last)
        for (int64_t i = 0; i < 6; ++i) zero(cols + i * plane + ((pr % 4) * R + pr / 4) * TW, TW);
    const T* src = im + c * s.H * s.W;
    for (int64_t r = 0; r < s.H; ++r) {
      const int64_t pr = r + s.ph;
      copy_row(src + r * s.W, s.W, line + s.pw);
      gather_columns(line, TW, plane, cols + ((pr % 4) * R + pr / 4) * TW);
    }
    lanes<T>(plane, [&]<typename W>(int64_t k) {
      input_6(load<W>(cols + k), load<W>(cols + plane + k), load<W>(cols + 2 * plane + k),
              load<W>(cols + 3 * plane + k), load<W>(cols + 4 * plane + k),
              load<W>(cols + 5 * plane + k), [&](int q, W v) { store(rows + q * plane + k, v); });
    });
    for (int q = 0; q < 6; ++q) {
      const T* y = rows + q * plane;
      T* v = V + (q * C + c) * P;
      lanes<T>(P, [&]<typename W>(int64_t x) { // x = th·TW + tw
        input_6(load<W>(y + x), load<W>(y + R * TW + x), load<W>(y + 2 * R * TW + x),
                load<W>(y + 3 * R * TW + x), load<W>(y + TW + x), load<W>(y + R * TW + TW + x),
                [&](int p, W u) { store(v + 6 * p * xs + x, u); });
      });
    }
  }
}

/// Aᵀ x for one column x0..x5 of a transformed tile, with
/// Aᵀ = [1 1 1 1 1 0; 0 1 -1 2 -2 0; 0 1 1 4 4 0; 0 1 -1 8 -8 1], written to r[0..3].
template <typename V, typename Put>
void output_6(V x0, V x1, V x2, V x3, V x4, V x5, const Put& put) {
  const V a = x1 + x2, d = x1 - x2, e = x3 + x4, f = x3 - x4;
  put(0, x0 + a + e);
  put(1, d + f * 2);
  put(2, a + e * 4);
  put(3, d + f * 8 + x5);
}

/// row[4·k + j] = y[j·stride + k] for j = 0..3 and k < n: one output row from its four column
/// phases, as stride-4 groups (vectorised with shuffles, see gather_columns).
template <typename T>
void interleave_4(const T* __restrict y, int64_t stride, int64_t n, T* __restrict row) {
  const T* __restrict y0 = y;
  const T* __restrict y1 = y + stride;
  const T* __restrict y2 = y + 2 * stride;
  const T* __restrict y3 = y + 3 * stride;
  for (int64_t k = 0; k < n; ++k) {
    row[4 * k] = y0[k];
    row[4 * k + 1] = y1[k];
    row[4 * k + 2] = y2[k];
    row[4 * k + 3] = y3[k];
  }
}

/// out [Co, OH, OW] = (Aᵀ m A) of every tile (+ bias), from M[ξ][co][t]; a tile's rows and
/// columns past the output's edge are dropped. Both passes run over all tiles of a channel at
/// once (M's tiles are contiguous), as transform_input_4's do; then the 16 values of each tile
/// are written to their places in the output.
template <typename T>
void transform_output_4(const T* M, int64_t Co, const WinogradTiling& s, const T* bias, T* out,
                        T* scratch) {
  const int64_t P = s.TH * s.TW, TW = s.TW, xs = Co * P;
  T* u = scratch;    // [4][6][P]: Aᵀ m
  T* y = u + 24 * P; // [4][4][P]: output (4·th + i, 4·tw + j) at y[(4i + j)·P + th·TW + tw]
  for (int64_t co = 0; co < Co; ++co) {
    const T b = bias ? bias[co] : T(0);
    const T* m = M + co * P;
    for (int q = 0; q < 6; ++q) {
      const T* mq = m + q * xs;
      lanes<T>(P, [&]<typename W>(int64_t x) {
        output_6(load<W>(mq + x), load<W>(mq + 6 * xs + x), load<W>(mq + 12 * xs + x),
                 load<W>(mq + 18 * xs + x), load<W>(mq + 24 * xs + x), load<W>(mq + 30 * xs + x),
                 [&](int i, W v) { store(u + (6 * i + q) * P + x, v); });
      });
    }
    for (int i = 0; i < 4; ++i) {
      const T* a = u + 6 * i * P;
      lanes<T>(P, [&]<typename W>(int64_t x) {
        output_6(load<W>(a + x), load<W>(a + P + x), load<W>(a + 2 * P + x), load<W>(a + 3 * P + x),
                 load<W>(a + 4 * P + x), load<W>(a + 5 * P + x),
                 [&](int j, W v) { store(y + (4 * i + j) * P + x, v + b); });
      });
    }
    T* dst = out + co * s.OH * s.OW;
    const int64_t whole = s.OW / 4; // tiles with all four columns inside the output
    for (int64_t th = 0; th < s.TH; ++th)
      for (int64_t i = 0; i < 4 && 4 * th + i < s.OH; ++i) {
        T* row = dst + (4 * th + i) * s.OW;
        const T* yi = y + 4 * i * P + th * TW;
        interleave_4(yi, P, whole, row);
        for (int64_t j = 0; j < s.OW % 4; ++j) row[4 * whole + j] = yi[j * P + whole];
      }
  }
}

/// A x for one column x0..x3 of a 4×4 output-gradient tile, with A the transpose of output_6's
/// Aᵀ, written to r[0..5].
template <typename V, typename Put> void output_grad_4(V x0, V x1, V x2, V x3, const Put& put) {
  const V a = x0 + x2, b = x1 + x3, c = x0 + x2 * 4, d = x1 * 2 + x3 * 8;
  put(0, x0);
  put(1, a + b);
  put(2, a - b);
  put(3, c + d);
  put(4, c - d);
  put(5, x3);
}

/// M̄ᵀ[ξ][t][co] = (A ȳ Aᵀ)[ξ] for every 4×4 output tile ȳ (zero past the edge) of gy
/// [Co, OH, OW], channels last, as transform_output_grad_2 does for 2×2 tiles: gy is copied
/// channels last into scratch ([4·TH][4·TW][Co]), then each tile is vectors of channels.
template <typename T>
void transform_output_grad_4(const T* gy, int64_t Co, const WinogradTiling& s, T* M, T* scratch) {
  const int64_t TW = s.TW, Q = 4 * s.TW, xs = s.TH * s.TW * Co;
  T* g = scratch; // [4·TH][4·TW][Co]
  channels_last(gy, Co, s.OH, s.OW, 4 * s.TH, Q, g);
  for (int64_t th = 0; th < s.TH; ++th)
    for (int64_t tw = 0; tw < TW; ++tw) {
      const T* tile = g + (4 * th * Q + 4 * tw) * Co; // ȳ[r][c] at tile + (r·Q + c)·Co
      T* m = M + (th * TW + tw) * Co;
      lanes<T>(Co, [&]<typename W>(int64_t k) {
        W x[6][4]; // A ȳ, one column of ȳ at a time
        for (int c = 0; c < 4; ++c) {
          const T* col = tile + c * Co + k;
          output_grad_4(load<W>(col), load<W>(col + Q * Co), load<W>(col + 2 * Q * Co),
                        load<W>(col + 3 * Q * Co), [&](int p, W v) { x[p][c] = v; });
        }
        for (int p = 0; p < 6; ++p) // (A ȳ) Aᵀ, one row at a time
          output_grad_4(x[p][0], x[p][1], x[p][2], x[p][3],
                        [&](int q, W v) { store(m + (6 * p + q) * xs + k, v); });
      });
    }
}

template <typename T> constexpr WinogradTransformsOf<T> transforms_of() {
  return {{transform_input_2<T>, transform_output_2<T>, transform_output_grad_2<T>},
          {transform_input_4<T>, transform_output_4<T>, transform_output_grad_4<T>}};
}

} // namespace

extern const WinogradTransforms winograd_transforms_table;
const WinogradTransforms winograd_transforms_table{CpuCapability(TG_VEC_LEVEL),
                                                   transforms_of<float>(), transforms_of<double>()};

} // namespace tg::kernels::TG_VEC_NAMESPACE
