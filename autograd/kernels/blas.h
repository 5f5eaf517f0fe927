#pragma once
// GEMM for every op that needs one (matmul, mm, bmm, linear, conv2d). OpenBLAS always runs on
// one thread; a large product is cut into blocks of rows (or of columns when it has few rows)
// that oneTBB runs in parallel. So oneTBB is the only thread pool: a GEMM inside a parallel loop
// (conv2d's per-image products) never starts threads of its own on top of the loop's, which on a
// 2-core machine made the two pools fight. Every product sets OpenBLAS back to one thread first
// when a program changed it (openblas_set_num_threads after start-up), so that cannot stick.
#include <cstdint>

namespace tg::kernels {

/// Row-major C[M×N] = alpha·op(A)·op(B) + beta·C, op = transpose when ta / tb; lda, ldb, ldc are
/// the row strides of A, B and C as stored. A `beta` of 0 ignores what C held (even NaN).
void gemm(bool ta, bool tb, int64_t M, int64_t N, int64_t K, float alpha, const float* A,
          int64_t lda, const float* B, int64_t ldb, float beta, float* C, int64_t ldc);
void gemm(bool ta, bool tb, int64_t M, int64_t N, int64_t K, double alpha, const double* A,
          int64_t lda, const double* B, int64_t ldb, double beta, double* C, int64_t ldc);

/// The same product in one piece on the calling thread: for callers that already run in parallel
/// (conv2d's per-image loop), where splitting again would only add packing work.
void gemm_serial(bool ta, bool tb, int64_t M, int64_t N, int64_t K, float alpha, const float* A,
                 int64_t lda, const float* B, int64_t ldb, float beta, float* C, int64_t ldc);
void gemm_serial(bool ta, bool tb, int64_t M, int64_t N, int64_t K, double alpha, const double* A,
                 int64_t lda, const double* B, int64_t ldb, double beta, double* C, int64_t ldc);

/// Makes OpenBLAS single-threaded; called once when the library loads (and again is harmless).
void init_blas_threads();

} // namespace tg::kernels
