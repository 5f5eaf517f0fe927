// small_gemm (see small_gemm.h): libxsmm's generated kernels when the build has libxsmm, else
// OpenBLAS.
#include "autograd/kernels/small_gemm.h"

#include <type_traits>

#include "autograd/kernels/blas.h"

#ifdef TG_HAVE_LIBXSMM
#include <libxsmm.h>
#endif

namespace tg::kernels {
namespace {

#ifdef TG_HAVE_LIBXSMM
// libxsmm is column-major. A row-major C[M×N] is a column-major Cᵀ[N×M], and Cᵀ = Bᵀ·Aᵀ, where
// the row-major B and A are read as column-major Bᵀ and Aᵀ with the same strides: so libxsmm's
// (m, n, k) is (N, M, K) and its first operand is B. A transposed A (stored [K×M]) is then
// libxsmm's transposed second operand, which it has kernels for. libxsmm_?mmdispatch keeps a
// registry of the kernels it generated (thread-safe), so a repeated shape costs a hash lookup; it
// returns null for a shape or CPU it has no kernel for.
template <typename T>
auto xsmm_kernel(bool ta, int64_t M, int64_t N, int64_t K, int64_t lda, int64_t ldb, int64_t ldc,
                 bool accumulate) {
  const libxsmm_blasint a = libxsmm_blasint(ldb), b = libxsmm_blasint(lda),
                        c = libxsmm_blasint(ldc);
  const libxsmm_blasint m = libxsmm_blasint(N), n = libxsmm_blasint(M), k = libxsmm_blasint(K);
  const T alpha = 1, beta = accumulate ? 1 : 0;
  const int flags = (accumulate ? LIBXSMM_GEMM_FLAG_NONE : LIBXSMM_GEMM_FLAG_BETA_0) |
                    (ta ? LIBXSMM_GEMM_FLAG_TRANS_B : LIBXSMM_GEMM_FLAG_NONE);
  if constexpr (std::is_same_v<T, float>)
    return libxsmm_smmdispatch(m, n, k, &a, &b, &c, &alpha, &beta, &flags, nullptr);
  else
    return libxsmm_dmmdispatch(m, n, k, &a, &b, &c, &alpha, &beta, &flags, nullptr);
}
#endif

template <typename T>
bool try_xsmm(bool ta, int64_t M, int64_t N, int64_t K, const T* A, int64_t lda, const T* B,
              int64_t ldb, bool accumulate, T* C, int64_t ldc) {
#ifdef TG_HAVE_LIBXSMM
  if (M > 0 && N > 0 && K > 0) {
    if (auto kernel = xsmm_kernel<T>(ta, M, N, K, lda, ldb, ldc, accumulate)) {
      kernel(B, A, C);
      return true;
    }
  }
#else
  (void)ta, (void)M, (void)N, (void)K, (void)A, (void)lda, (void)B, (void)ldb, (void)accumulate;
  (void)C, (void)ldc;
#endif
  return false;
}

template <typename T>
void run(int64_t M, int64_t N, int64_t K, const T* A, int64_t lda, const T* B, int64_t ldb,
         bool accumulate, T* C, int64_t ldc) {
  if (try_xsmm(false, M, N, K, A, lda, B, ldb, accumulate, C, ldc)) return;
  gemm_serial(false, false, M, N, K, T(1), A, lda, B, ldb, accumulate ? T(1) : T(0), C, ldc);
}

} // namespace

void small_gemm(int64_t M, int64_t N, int64_t K, const float* A, int64_t lda, const float* B,
                int64_t ldb, bool accumulate, float* C, int64_t ldc) {
  run(M, N, K, A, lda, B, ldb, accumulate, C, ldc);
}
void small_gemm(int64_t M, int64_t N, int64_t K, const double* A, int64_t lda, const double* B,
                int64_t ldb, bool accumulate, double* C, int64_t ldc) {
  run(M, N, K, A, lda, B, ldb, accumulate, C, ldc);
}

bool try_small_gemm(bool ta, int64_t M, int64_t N, int64_t K, const float* A, int64_t lda,
                    const float* B, int64_t ldb, bool accumulate, float* C, int64_t ldc) {
  return try_xsmm(ta, M, N, K, A, lda, B, ldb, accumulate, C, ldc);
}
bool try_small_gemm(bool ta, int64_t M, int64_t N, int64_t K, const double* A, int64_t lda,
                    const double* B, int64_t ldb, bool accumulate, double* C, int64_t ldc) {
  return try_xsmm(ta, M, N, K, A, lda, B, ldb, accumulate, C, ldc);
}

const char* small_gemm_backend() {
#ifdef TG_HAVE_LIBXSMM
  return "libxsmm";
#else
  return "openblas";
#endif
}

} // namespace tg::kernels
