#include "autograd/tensor/context.h"

#include <atomic>

#if defined(__SSE__) || defined(__x86_64__)
#include <xmmintrin.h>
#endif

namespace tg {

namespace {
// LibTorch's defaults: cuDNN enabled, not benchmarking, not deterministic; TF32 allowed for
// cuDNN, not for cuBLAS (1.12 and later).
std::atomic<bool> g_user_enabled_cudnn{true};
std::atomic<bool> g_benchmark_cudnn{false};
std::atomic<bool> g_deterministic_cudnn{false};
std::atomic<bool> g_deterministic_algorithms{false};
std::atomic<bool> g_deterministic_warn_only{false};
std::atomic<bool> g_allow_tf32_cudnn{true};
std::atomic<bool> g_allow_tf32_cublas{false};
} // namespace

bool Context::setFlushDenormal(bool on) {
#if defined(__SSE__) || defined(__x86_64__)
  constexpr unsigned kFlushToZero = 0x8000, kDenormalsAreZero = 0x0040; // MXCSR bits FTZ, DAZ
  unsigned csr = _mm_getcsr();
  csr = on ? (csr | kFlushToZero | kDenormalsAreZero) : (csr & ~(kFlushToZero | kDenormalsAreZero));
  _mm_setcsr(csr);
  return true;
#else
  (void)on;
  return false;
#endif
}

bool Context::userEnabledCuDNN() const { return g_user_enabled_cudnn; }
void Context::setUserEnabledCuDNN(bool enabled) { g_user_enabled_cudnn = enabled; }
bool Context::benchmarkCuDNN() const { return g_benchmark_cudnn; }
void Context::setBenchmarkCuDNN(bool benchmark) { g_benchmark_cudnn = benchmark; }
bool Context::deterministicCuDNN() const { return g_deterministic_cudnn; }
void Context::setDeterministicCuDNN(bool deterministic) { g_deterministic_cudnn = deterministic; }
bool Context::deterministicAlgorithms() const { return g_deterministic_algorithms; }
bool Context::deterministicAlgorithmsWarnOnly() const { return g_deterministic_warn_only; }
void Context::setDeterministicAlgorithms(bool deterministic, bool warn_only) {
  g_deterministic_algorithms = deterministic;
  g_deterministic_warn_only = warn_only;
}
bool Context::allowTF32CuDNN() const { return g_allow_tf32_cudnn; }
void Context::setAllowTF32CuDNN(bool allow) { g_allow_tf32_cudnn = allow; }
bool Context::allowTF32CuBLAS() const { return g_allow_tf32_cublas; }
void Context::setAllowTF32CuBLAS(bool allow) { g_allow_tf32_cublas = allow; }

Context& globalContext() {
  static Context context;
  return context;
}

} // namespace tg
