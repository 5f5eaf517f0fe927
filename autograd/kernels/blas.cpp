#include "autograd/kernels/blas.h"
#include "autograd/kernels/parallel_for.h"
#include "autograd/kernels/small_gemm.h"

#include <cblas.h>

#include <algorithm>
#include <mutex>
#include <tbb/task_arena.h>

namespace tg::kernels {
namespace {

/// Below this many multiply-adds a product runs in one piece: splitting costs more than it gains.
constexpr double kSplitWork = 1 << 22;

/// OpenBLAS's thread count is one process-wide setting, and a program may change it after
/// tapegrad set it to 1 (openblas_set_num_threads, as LibTorch programs call it, or
/// OpenBLAS-linked code of its own). Products issued inside a oneTBB loop (conv2d's per image)
/// would then each wake OpenBLAS's pool on top of the loop's threads: simple_cnn took 2.2 times
/// as long. So every product puts the setting back first. The check is one call that reads a
/// global; the reset runs under a lock, so that two workers never write the setting at once
/// (Debian's libopenblas0-pthread: setting 1 thread only stores the count and starts nothing).
void keep_blas_single_threaded() {
  if (openblas_get_num_threads() == 1) return;
  static std::mutex reset_mutex;
  std::lock_guard<std::mutex> lock(reset_mutex);
  if (openblas_get_num_threads() != 1) openblas_set_num_threads(1);
}

void blas_call(bool ta, bool tb, int64_t M, int64_t N, int64_t K, float alpha, const float* A,
               int64_t lda, const float* B, int64_t ldb, float beta, float* C, int64_t ldc) {
  cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, int(M),
              int(N), int(K), alpha, A, int(lda), B, int(ldb), beta, C, int(ldc));
}
void blas_call(bool ta, bool tb, int64_t M, int64_t N, int64_t K, double alpha, const double* A,
               int64_t lda, const double* B, int64_t ldb, double beta, double* C, int64_t ldc) {
  cblas_dgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, int(M),
              int(N), int(K), alpha, A, int(lda), B, int(ldb), beta, C, int(ldc));
}

/// Up to this many multiply-adds, a product with an untransposed B and alpha 1 goes to libxsmm's
/// generated kernels (small_gemm.h) before OpenBLAS, which packs both operands first. One thread,
/// AMD Zen 2, µs OpenBLAS → libxsmm: the mlp's second layer 10x128x64 (Aᵀ·B) 3.8 → 1.9 and
/// 64x128x10 (A·B) 5.3 → 2.0; lstm_long's 256x64x36 (Aᵀ·B) 19.7 → 12.8 and 36x64x256 15.7 → 12.1;
/// 128x128x64 29.7 → 21.5. Above it the two take turns winning (128³ 53 → 58, 512x64x128 109 → 85).
/// A·Bᵀ stays on OpenBLAS: libxsmm has no kernel for it, and transposing B first lost (the
/// mlp's 64x10x128 4.2 → 9.9).
constexpr double kSmallWork = 1 << 20;

template <typename T>
void serial_product(bool ta, bool tb, int64_t M, int64_t N, int64_t K, T alpha, const T* A,
                    int64_t lda, const T* B, int64_t ldb, T beta, T* C, int64_t ldc) {
  if (!tb && alpha == T(1) && (beta == T(0) || beta == T(1)) &&
      double(M) * double(N) * double(K) <= kSmallWork &&
      try_small_gemm(ta, M, N, K, A, lda, B, ldb, beta == T(1), C, ldc))
    return;
  blas_call(ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
}

/// False for an empty product (after giving C the value BLAS would leave it with).
template <typename T> bool nonempty(int64_t M, int64_t N, int64_t K, T beta, T* C, int64_t ldc) {
  if (M == 0 || N == 0) return false;
  if (K == 0) { // BLAS leaves C alone when K is 0 only with beta 1; make beta 0 mean zeros
    for (int64_t i = 0; i < M; ++i)
      for (int64_t j = 0; j < N; ++j) C[i * ldc + j] = beta == T(0) ? T(0) : beta * C[i * ldc + j];
    return false;
  }
  return true;
}

template <typename T>
void split_gemm(bool ta, bool tb, int64_t M, int64_t N, int64_t K, T alpha, const T* A, int64_t lda,
                const T* B, int64_t ldb, T beta, T* C, int64_t ldc) {
  if (!nonempty(M, N, K, beta, C, ldc)) return;
  keep_blas_single_threaded();
  const int threads = tbb::this_task_arena::max_concurrency();
  const double work = double(M) * double(N) * double(K);
  if (threads <= 1 || work < kSplitWork) {
    serial_product(ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
    return;
  }
  // One block per thread, along the longer side of C, aligned to 16 rows/columns so OpenBLAS's
  // micro-kernels stay on full tiles. Each block packs the whole of the other operand, so more
  // blocks than threads repeat that packing for nothing, and cutting the short side makes it
  // repeat more. Measured with single-threaded cblas_sgemm in a 2-thread oneTBB loop on this
  // project's shapes (GFLOP/s, best of 300): 64x128x784 (the mlp's first layer) 1 block 94, rows
  // 2/4 blocks 112/83, columns 2/4 132/110; 64x9216x288 (mnist_cnn) rows 2 137, columns 2 183;
  // square 512: rows 2 243-264, columns 2 222. The former 4 row blocks whenever M >= 64 lost up
  // to a third on the mlp's layers.
  const int64_t pieces = int64_t(threads);
  if (M >= N) {
    const int64_t rows = std::max<int64_t>(16, (M / pieces + 15) / 16 * 16);
    parallel_for_each(0, (M + rows - 1) / rows, [&](int64_t b) {
      const int64_t i0 = b * rows, m = std::min(rows, M - i0);
      const T* a = ta ? A + i0 : A + i0 * lda; // op(A) rows i0.. are columns of a transposed A
      blas_call(ta, tb, m, N, K, alpha, a, lda, B, ldb, beta, C + i0 * ldc, ldc);
    });
  } else {
    const int64_t cols = std::max<int64_t>(16, (N / pieces + 15) / 16 * 16);
    parallel_for_each(0, (N + cols - 1) / cols, [&](int64_t b) {
      const int64_t j0 = b * cols, n = std::min(cols, N - j0);
      const T* bp = tb ? B + j0 * ldb : B + j0;
      blas_call(ta, tb, M, n, K, alpha, A, lda, bp, ldb, beta, C + j0, ldc);
    });
  }
}

} // namespace

void gemm(bool ta, bool tb, int64_t M, int64_t N, int64_t K, float alpha, const float* A,
          int64_t lda, const float* B, int64_t ldb, float beta, float* C, int64_t ldc) {
  split_gemm(ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
}
void gemm(bool ta, bool tb, int64_t M, int64_t N, int64_t K, double alpha, const double* A,
          int64_t lda, const double* B, int64_t ldb, double beta, double* C, int64_t ldc) {
  split_gemm(ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
}

void gemm_serial(bool ta, bool tb, int64_t M, int64_t N, int64_t K, float alpha, const float* A,
                 int64_t lda, const float* B, int64_t ldb, float beta, float* C, int64_t ldc) {
  if (!nonempty(M, N, K, beta, C, ldc)) return;
  keep_blas_single_threaded();
  serial_product(ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
}
void gemm_serial(bool ta, bool tb, int64_t M, int64_t N, int64_t K, double alpha, const double* A,
                 int64_t lda, const double* B, int64_t ldb, double beta, double* C, int64_t ldc) {
  if (!nonempty(M, N, K, beta, C, ldc)) return;
  keep_blas_single_threaded();
  serial_product(ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
}

void init_blas_threads() { openblas_set_num_threads(1); }

namespace {
// OpenBLAS reads OPENBLAS_NUM_THREADS when it loads and would start a pool per core; tapegrad's
// parallelism comes from oneTBB instead (see blas.h).
const bool blas_threads_initialised = (init_blas_threads(), true);
} // namespace

} // namespace tg::kernels
