#pragma once
// Small row-major products on the calling thread: Winograd convolution's 16 per image
// ([Cout × C] · [C × tiles], C and Cout in the tens). OpenBLAS packs both operands and, for a
// beta of 0, first zeroes C in a separate pass; on these shapes that halves its speed (one
// thread, AMD Zen 2: 64×144×32 at 51.5 GFLOP/s, 32×169×64 at 62.1). libxsmm (Debian's
// libxsmm-dev) generates a kernel for the shape and the CPU at first use, AVX2 or AVX-512, and
// runs it unpacked: 92.7 and 81.6 GFLOP/s on the same machine. Without libxsmm, or for a shape it
// declines, the product goes to OpenBLAS (kernels::gemm_serial).
#include <cstdint>

namespace tg::kernels {

/// C[M×N] = A[M×K] · B[K×N], plus what C held when `accumulate`; lda, ldb, ldc are row strides.
/// Without `accumulate` C is only written (whatever it held, NaN included, is ignored).
void small_gemm(int64_t M, int64_t N, int64_t K, const float* A, int64_t lda, const float* B,
                int64_t ldb, bool accumulate, float* C, int64_t ldc);
void small_gemm(int64_t M, int64_t N, int64_t K, const double* A, int64_t lda, const double* B,
                int64_t ldb, bool accumulate, double* C, int64_t ldc);

/// C[M×N] = op(A) · B (+ C when `accumulate`), op(A) = Aᵀ when `ta` (A stored [K×M], lda ≥ M),
/// through libxsmm's generated kernel, if this build has libxsmm and the product is one where that
/// beats OpenBLAS; false, with nothing touched, otherwise. gemm tries it first for its small
/// products (blas.cpp says which). A transposed B is declined: libxsmm 1.17 generates no kernel
/// for the transpose that row-major A·Bᵀ becomes in its column-major terms.
bool try_small_gemm(bool ta, int64_t M, int64_t N, int64_t K, const float* A, int64_t lda,
                    const float* B, int64_t ldb, bool accumulate, float* C, int64_t ldc);
bool try_small_gemm(bool ta, int64_t M, int64_t N, int64_t K, const double* A, int64_t lda,
                    const double* B, int64_t ldb, bool accumulate, double* C, int64_t ldc);

/// Whether small_gemm runs libxsmm's generated kernels in this build ("libxsmm") or OpenBLAS
/// ("openblas"); bench/run prints it.
const char* small_gemm_backend();

} // namespace tg::kernels
