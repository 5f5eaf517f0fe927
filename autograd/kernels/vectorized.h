#pragma once
// Runtime CPU dispatch for tapegrad's own hot loops (issue #23). The library is built for the
// baseline x86-64 (SSE2) so that one binary runs everywhere; the loops below are also compiled for
// AVX2 + FMA and for AVX-512 (autograd/kernels/vectorized_impl.cpp, once per target, each copy in
// its own namespace), and one table of function pointers is chosen once, at the first call, from
// what the CPU supports (__builtin_cpu_supports) and the TG_CPU_CAPABILITY environment variable.
//
// Why a table and not GCC function multiversioning: target_clones is unreliable on templates and
// inline header functions in GCC 12, it gives a test no way to call the baseline and the AVX2
// copy side by side in one process, and an ifunc resolver cannot honour an environment override
// that the bench's A/B runs need. A table costs one indirect call per kernel call (not per
// element).
//
// This header is included by the per-target translation unit, so it declares only plain types and
// function pointers: an inline function or template defined here would be emitted by the AVX2
// translation unit too, and the linker may keep that copy for every caller (an ODR trap that
// executes AVX2 instructions on a CPU without them).
#include <cstdint>

namespace tg::kernels {

/// The instruction sets tapegrad's own kernels are compiled for, weakest first.
enum class CpuCapability { Default = 0, AVX2 = 1, AVX512 = 2 };

/// The scalars of one Adam/AdamW step for one parameter, already in the element type (see
/// optim/adam.cpp): m = β1·m + (1−β1)·g, v = β2·v + (1−β2)·g², p = shrink·p + lr·m/(√v/bc2 + eps).
template <typename T> struct AdamScalars {
  T beta1;                 ///< β1, the first moment's decay
  T beta2;                 ///< β2, the second moment's decay
  T one_minus_beta1;       ///< 1 − β1, rounded once in double as the tensor-op path does
  T one_minus_beta2;       ///< 1 − β2
  T l2;                    ///< Adam's weight_decay (0: none); g + l2·p is used as the gradient
  T shrink;                ///< AdamW's 1 − lr·weight_decay
  bool use_shrink;         ///< whether p is multiplied by `shrink` first (AdamW with weight decay)
  T sqrt_bias_correction2; ///< √(1 − β2^t)
  T step_size;             ///< −lr / (1 − β1^t)
  T eps;                   ///< added to √v / √(1 − β2^t)
};

/// One set of contiguous float and double inner loops, all compiled for one CpuCapability. Every
/// entry gives, on every path, the bitwise result of the baseline path: the variants are compiled
/// with -ffp-contract=off (no fused multiply-add contraction), and the loops only use operations
/// that IEEE rounds exactly once (+, −, ×, ÷, √, comparisons). `out` may be the very same pointer
/// as an input (in-place ops), never a partly overlapping one.
template <typename T> struct VecKernelsOf {
  /// out[i] = a[i] + alpha·b[i] (add, sub's fast path, add_)
  void (*add)(T* out, const T* a, const T* b, T alpha, int64_t n);
  /// out[i] = a[i]·b[i]
  void (*mul)(T* out, const T* a, const T* b, int64_t n);
  /// out[i] = x[i] > 0 ? x[i] : 0
  void (*relu)(T* out, const T* x, int64_t n);
  /// out[i] = y[i] > 0 ? g[i] : 0 (ReLU's backward, threshold_backward at 0)
  void (*relu_backward)(T* out, const T* g, const T* y, int64_t n);
  /// out[i] = x·½(1 + erf(x/√2)), GELU. Float: erf as LibTorch's vectorised kernels compute it
  /// (Abramowitz and Stegun 7.1.26, |error| ≤ 1.5e-7) with an exp written in +, −, × and exponent
  /// bits, so the loop vectorises; double: libm's erf.
  void (*gelu)(T* out, const T* x, int64_t n);
  /// out[i] = g[i]·(Φ(x) + x·φ(x)), GELU's backward, with the same erf and exp
  void (*gelu_backward)(T* out, const T* g, const T* x, int64_t n);
  /// SGD with momentum, no weight decay, no Nesterov: buf = buf·mu + g·keep; p += step·buf
  void (*sgd_momentum)(T* p, const T* g, T* buf, T mu, T keep, T step, int64_t n);
  /// One fused Adam/AdamW step over [0, n).
  void (*adam)(T* p, const T* g, T* m, T* v, const AdamScalars<T>& s, int64_t n);
  /// One output row of a 2×2, stride-2 max-pool: out[j], idx[j] from rows row0 and row1 (row1 =
  /// row0 + w), indices counted from `at` (the plane offset of row0[0]); returns nonzero when a
  /// NaN was seen (the caller then redoes the plane with the exact NaN-propagating loop).
  int64_t (*maxpool2x2_row)(const T* row0, const T* row1, T* out, int64_t* idx, int64_t n,
                            int64_t at, int64_t w);
};

struct WinogradTransforms; // winograd_transforms.h

/// One compiled copy's table: what vec_kernels() hands out.
struct VecKernels {
  CpuCapability capability;            ///< the instruction set this copy was compiled for
  VecKernelsOf<float> f32;             ///< the float loops
  VecKernelsOf<double> f64;            ///< the double loops
  const WinogradTransforms* winograd;  ///< the same copy's Winograd tile transforms
};

/// The capability the kernels run with in this process, chosen once at the first call: the best
/// the CPU supports and the build compiled, unless TG_CPU_CAPABILITY says otherwise.
CpuCapability cpu_capability();
/// The table for cpu_capability().
const VecKernels& vec_kernels();
/// The table for `cap`, or nullptr when this build did not compile it (a compiler without the
/// flags) or this CPU cannot run it. For tests and benchmarks that compare paths.
const VecKernels* vec_kernels_for(CpuCapability cap);

/// "default", "avx2" or "avx512".
const char* cpu_capability_name(CpuCapability cap);
/// The capability a TG_CPU_CAPABILITY value names ("default", "avx2", "avx512", case-insensitive);
/// throws tg::Error naming the value and the accepted ones for anything else.
CpuCapability parse_cpu_capability(const char* value);
/// What cpu_capability() picks for an environment value (nullptr or "": not set). An unknown value
/// warns and falls back to the automatic choice, as ATen does with ATEN_CPU_CAPABILITY; a value
/// this CPU or build cannot run warns and is lowered to the best one that can run.
CpuCapability select_cpu_capability(const char* env_value);

} // namespace tg::kernels
