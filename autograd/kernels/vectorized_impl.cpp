// The dispatched inner loops (see vectorized.h). meson compiles this file once per target:
// baseline x86-64, AVX2 + FMA, AVX-512 (F, DQ, BW, VL), with TG_VEC_NAMESPACE set to vec_default,
// vec_avx2 or vec_avx512, so the three copies of every loop have distinct names and the selector in
// vectorized.cpp can pick one table at run time.
//
// The loops are plain C++ that GCC vectorises for whatever -m flags the copy is built with: one
// source for every path, no intrinsics. The rules that keep the copies safe and bitwise equal:
// - Everything here has internal linkage (an anonymous namespace) and nothing calls a function
//   or instantiates a template from a header (std::max, std::sqrt): such a function is emitted by
//   every copy as a weak symbol, and the linker could keep the AVX2 one for the baseline callers.
//   Square roots are __builtin_sqrt, which -fno-math-errno lets GCC turn into sqrtps/vsqrtps.
// - -ffp-contract=off: with -mfma GCC would otherwise fuse a·b + c into one rounding, and the
//   AVX2 results would differ from the baseline's in the last bit.
// - Only exactly rounded operations (+, −, ×, ÷, √, comparisons) in the baseline's order, so a
//   lane computes what the scalar loop computes.
// - No __restrict where `out` may be the same pointer as an input (add_, mul_, ReLU's in-place
//   backward): GCC versions those loops on a run-time overlap check, which lets an exact alias
//   (distance 0) take the vector loop. `#pragma GCC ivdep` instead was tried: it made the
//   in-place add twice as slow (0.30 against 0.17 s for 200,000 calls on 2,048 floats).
#include "autograd/kernels/vectorized.h"

// A build that compiles this file once without the macros (scripts/fuzz compiles every
// autograd/kernels/*.cpp with clang) gets the baseline copy, the only one vectorized.cpp then
// refers to.
#if !defined(TG_VEC_NAMESPACE) || !defined(TG_VEC_LEVEL)
#define TG_VEC_NAMESPACE vec_default
#define TG_VEC_LEVEL 0
#endif

namespace tg::kernels::TG_VEC_NAMESPACE {

namespace {

float square_root(float x) { return __builtin_sqrtf(x); }
double square_root(double x) { return __builtin_sqrt(x); }

template <typename T> void add(T* out, const T* a, const T* b, T alpha, int64_t n) {
  for (int64_t i = 0; i < n; ++i) out[i] = a[i] + alpha * b[i];
}

template <typename T> void mul(T* out, const T* a, const T* b, int64_t n) {
  for (int64_t i = 0; i < n; ++i) out[i] = a[i] * b[i];
}

template <typename T> void relu(T* out, const T* x, int64_t n) {
  for (int64_t i = 0; i < n; ++i) out[i] = x[i] > T(0) ? x[i] : T(0);
}

/// g[i] is loaded whatever the sign of y[i]: written as `y[i] > 0 ? g[i] : 0` the load is
/// conditional, which only AVX2's masked loads can vectorise, and the SSE2 copy ran a
/// mispredicted branch per element (1.4 ns against 0.09 in cache).
template <typename T> void relu_backward(T* out, const T* g, const T* y, int64_t n) {
  for (int64_t i = 0; i < n; ++i) {
    const T gi = g[i];
    out[i] = y[i] > T(0) ? gi : T(0);
  }
}

/// cond ? a : b through bit masks: written as `?:`, a choice whose result feeds arithmetic became
/// a branch around that arithmetic, which GCC then would not vectorise (floating-point ops may trap
/// under the default -ftrapping-math, so they cannot be made unconditional).
[[gnu::always_inline]] inline float pick(bool cond, float a, float b) {
  const int32_t m = -int32_t(cond);
  return __builtin_bit_cast(float, (__builtin_bit_cast(int32_t, a) & m) |
                                       (__builtin_bit_cast(int32_t, b) & ~m));
}

/// e^x for float from exactly rounded operations only, so that a loop calling it vectorises and
/// every path gives the same bits (Cephes' expf: x = n·ln 2 + r with |r| ≤ ½ln 2, e^r by a
/// polynomial, 2^n written into the exponent bits; relative error about 1e-7). Under −87.33 the
/// result is 0, over 88 it is +inf; NaN stays NaN.
[[gnu::always_inline]] inline float exp_float(float x) {
  const float lo = -87.33654f, hi = 88.0f;
  float c = pick(x == x, x, 0.f);
  c = pick(c < lo, lo, c);
  c = pick(c > hi, hi, c);
  const float n = (c * 1.44269504088896341f + 12582912.f) - 12582912.f; // c/ln 2 to nearest
  float r = c - n * 0.693359375f;                                       // ln 2 in two parts
  r = r - n * -2.12194440e-4f;
  float y = 1.9875691500e-4f;
  y = y * r + 1.3981999507e-3f;
  y = y * r + 8.3334519073e-3f;
  y = y * r + 4.1665795894e-2f;
  y = y * r + 1.6666665459e-1f;
  y = y * r + 5.0000001201e-1f;
  y = y * (r * r) + r + 1.f;
  float e = y * __builtin_bit_cast(float, (int32_t(n) + 127) << 23);
  e = pick(x < lo, 0.f, e);
  e = pick(x > hi, __builtin_inff(), e);
  return pick(x == x, e, x);
}

/// erf for float as LibTorch's vectorised CPU kernels compute it (Abramowitz and Stegun 7.1.26:
/// 1 − t·P(t)·e^(−x²) with t = 1/(1 + 0.3275911|x|), |error| ≤ 1.5e-7), through exp_float.
[[gnu::always_inline]] inline float erf_float(float x) {
  const float a = __builtin_fabsf(x);
  const float t = 1.f / (1.f + 0.3275911f * a);
  const float p =
      t * (0.254829592f +
           t * (-0.284496736f + t * (1.421413741f + t * (-1.453152027f + t * 1.061405429f))));
  return __builtin_copysignf(1.f - p * exp_float(-(a * a)), x);
}

// Double keeps libm's erf and exp (one call per element, no vector loop): float64 is what
// gradcheck differentiates numerically, and it must agree with the backward to 1e-7 and better.
[[gnu::always_inline]] inline float erf_of(float x) { return erf_float(x); }
double erf_of(double x) { return __builtin_erf(x); }
[[gnu::always_inline]] inline float exp_of(float x) { return exp_float(x); }
double exp_of(double x) { return __builtin_exp(x); }

constexpr double kSqrt1_2 = 0.70710678118654752440;    // 1/√2
constexpr double kInvSqrt2Pi = 0.39894228040143267794; // 1/√(2π)

template <typename T> void gelu(T* out, const T* x, int64_t n) {
  for (int64_t i = 0; i < n; ++i) {
    const T v = x[i];
    out[i] = v * T(0.5) * (T(1) + erf_of(v * T(kSqrt1_2)));
  }
}

template <typename T> void gelu_backward(T* out, const T* g, const T* x, int64_t n) {
  for (int64_t i = 0; i < n; ++i) {
    const T v = x[i];
    const T cdf = T(0.5) * (T(1) + erf_of(v * T(kSqrt1_2)));
    out[i] = g[i] * (cdf + v * exp_of(v * v * T(-0.5)) * T(kInvSqrt2Pi));
  }
}

template <typename T> void sgd_momentum(T* p, const T* g, T* buf, T mu, T keep, T step, int64_t n) {
  T* __restrict pr = p;
  const T* __restrict gr = g;
  T* __restrict br = buf;
  for (int64_t i = 0; i < n; ++i) {
    br[i] = br[i] * mu + gr[i] * keep;
    pr[i] += step * br[i];
  }
}

/// The L2 term and AdamW's shrink are template arguments, not branches in the loop (a branch cost
/// Adam 14% more instructions per step and keeps GCC from vectorising).
template <typename T, bool kL2, bool kShrink>
void adam_loop(T* p, const T* g, T* m, T* v, const AdamScalars<T>& s, int64_t n) {
  T* __restrict pr = p;
  const T* __restrict gr = g;
  T* __restrict mr = m;
  T* __restrict vr = v;
  const T b1 = s.beta1, b2 = s.beta2, omb1 = s.one_minus_beta1, omb2 = s.one_minus_beta2;
  const T wd = s.l2, shrink = s.shrink, bc2 = s.sqrt_bias_correction2, lr = s.step_size, e = s.eps;
  for (int64_t i = 0; i < n; ++i) {
    const T grad = kL2 ? gr[i] + wd * pr[i] : gr[i];
    const T mi = mr[i] * b1 + grad * omb1;
    const T vi = vr[i] * b2 + grad * grad * omb2;
    mr[i] = mi;
    vr[i] = vi;
    const T param = kShrink ? pr[i] * shrink : pr[i];
    pr[i] = param + lr * (mi / (square_root(vi) / bc2 + e));
  }
}

template <typename T> void adam(T* p, const T* g, T* m, T* v, const AdamScalars<T>& s, int64_t n) {
  const bool l2 = s.l2 != T(0);
  if (l2 && s.use_shrink)
    adam_loop<T, true, true>(p, g, m, v, s, n);
  else if (l2)
    adam_loop<T, true, false>(p, g, m, v, s, n);
  else if (s.use_shrink)
    adam_loop<T, false, true>(p, g, m, v, s, n);
  else
    adam_loop<T, false, false>(p, g, m, v, s, n);
}

/// Branch-free: which of the four wins is data-dependent, and branches on it were mispredicted.
/// Comparisons feed integer arithmetic and max (maxps) rather than selects. Exact (the first
/// maximum wins, as the general loop) unless a NaN is present, which the return value reports.
template <typename T>
int64_t maxpool2x2_row(const T* row0, const T* row1, T* out, int64_t* idx, int64_t n, int64_t at,
                       int64_t w) {
  const T* __restrict r0 = row0;
  const T* __restrict r1 = row1;
  T* __restrict o = out;
  int64_t* __restrict ix = idx;
  int64_t has_nan = 0;
  for (int64_t j = 0; j < n; ++j) {
    const T a = r0[2 * j], b = r0[2 * j + 1];
    const T c = r1[2 * j], d = r1[2 * j + 1];
    const int64_t top = b > a, bottom = d > c;
    const T m_top = a < b ? b : a, m_bottom = c < d ? d : c; // std::max(a, b), spelled out
    const int64_t lower = -int64_t(m_bottom > m_top);        // all ones when the bottom row wins
    o[j] = m_top < m_bottom ? m_bottom : m_top;
    // top, or w + bottom when the bottom row wins: a mask, not `lower * (...)`, because neither
    // SSE2 nor AVX2 has a 64-bit multiply and GCC emulated it with three 32-bit ones.
    ix[j] = at + 2 * j + (top ^ ((top ^ (w + bottom)) & lower));
    has_nan |= int64_t(a != a) | int64_t(b != b) | int64_t(c != c) | int64_t(d != d);
  }
  return has_nan;
}

template <typename T> constexpr VecKernelsOf<T> table_of() {
  return {add<T>,           mul<T>,          relu<T>, relu_backward<T>, gelu<T>,
          gelu_backward<T>, sgd_momentum<T>, adam<T>, maxpool2x2_row<T>};
}

} // namespace

extern const WinogradTransforms winograd_transforms_table; // winograd_transforms_impl.cpp
extern const VecKernels kernels_table;
const VecKernels kernels_table{CpuCapability(TG_VEC_LEVEL), table_of<float>(), table_of<double>(),
                               &winograd_transforms_table};

} // namespace tg::kernels::TG_VEC_NAMESPACE
