// kernels::small_gemm (libxsmm's generated kernels when the build has libxsmm, else OpenBLAS):
// every shape class Winograd convolution issues and some it does not (a dimension of 1, odd
// sizes, row strides wider than the matrices), float and double, with and without accumulation,
// against a double-precision loop. Without accumulation C starts as NaN, which must not leak
// into the result (beta = 0 means C is not read). Then kernels::gemm's small products, which try
// the same kernels first (also with A transposed), for all four transposes and several alphas and
// betas, against the same loop.
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "autograd/kernels/blas.h"
#include "autograd/kernels/small_gemm.h"

namespace {

template <typename T>
void check_shape(int64_t M, int64_t N, int64_t K, int64_t pad, bool accumulate) {
  const int64_t lda = K + pad, ldb = N + pad, ldc = N + 2 * pad;
  std::mt19937 rng(unsigned(M * 131 + N * 17 + K));
  std::uniform_real_distribution<double> uniform(-1, 1);
  std::vector<T> A(size_t(M * lda)), B(size_t(K * ldb));
  for (T& v : A) v = T(uniform(rng));
  for (T& v : B) v = T(uniform(rng));
  std::vector<T> C(size_t(M * ldc));
  for (T& v : C) v = accumulate ? T(uniform(rng)) : std::numeric_limits<T>::quiet_NaN();
  const std::vector<T> before = C;
  tg::kernels::small_gemm(M, N, K, A.data(), lda, B.data(), ldb, accumulate, C.data(), ldc);
  const double tol = sizeof(T) == 4 ? 1e-5 * double(K) : 1e-13 * double(K);
  int64_t wrong = 0;
  for (int64_t i = 0; i < M; ++i) {
    for (int64_t j = 0; j < N; ++j) {
      double want = accumulate ? double(before[size_t(i * ldc + j)]) : 0;
      for (int64_t k = 0; k < K; ++k)
        want += double(A[size_t(i * lda + k)]) * double(B[size_t(k * ldb + j)]);
      const double got = double(C[size_t(i * ldc + j)]);
      if (!(std::abs(got - want) <= tol)) ++wrong;
    }
    for (int64_t j = N; j < ldc; ++j) // the padding between rows is left alone
      if (std::memcmp(&C[size_t(i * ldc + j)], &before[size_t(i * ldc + j)], sizeof(T)) != 0)
        ++wrong;
  }
  BOOST_TEST(wrong == 0, "small_gemm (" << tg::kernels::small_gemm_backend() << ") M " << M << " N "
                                        << N << " K " << K << " pad " << pad << " accumulate "
                                        << accumulate << " element size " << sizeof(T) << ": "
                                        << wrong << " wrong");
}

/// C = alpha·op(A)·op(B) + beta·C through kernels::gemm, op(X) = Xᵀ when tX (X stored transposed,
/// with row strides `pad` wider than needed), checked element by element against a double loop;
/// C's padding must keep its bits.
template <typename T>
void check_gemm(bool ta, bool tb, int64_t M, int64_t N, int64_t K, T alpha, T beta) {
  const int64_t pad = 2;
  const int64_t lda = (ta ? M : K) + pad, ldb = (tb ? K : N) + pad, ldc = N + pad;
  std::mt19937 rng(unsigned(M * 7 + N * 3 + K + (ta ? 1000 : 0) + (tb ? 2000 : 0)));
  std::uniform_real_distribution<double> uniform(-1, 1);
  std::vector<T> A(size_t((ta ? K : M) * lda)), B(size_t((tb ? N : K) * ldb)), C(size_t(M * ldc));
  for (T& v : A) v = T(uniform(rng));
  for (T& v : B) v = T(uniform(rng));
  for (T& v : C) v = beta == T(0) ? std::numeric_limits<T>::quiet_NaN() : T(uniform(rng));
  const std::vector<T> before = C;
  tg::kernels::gemm(ta, tb, M, N, K, alpha, A.data(), lda, B.data(), ldb, beta, C.data(), ldc);
  const double tol = sizeof(T) == 4 ? 1e-5 * double(K) : 1e-13 * double(K);
  int64_t wrong = 0;
  for (int64_t i = 0; i < M; ++i) {
    for (int64_t j = 0; j < N; ++j) {
      double dot = 0;
      for (int64_t k = 0; k < K; ++k)
        dot += double(ta ? A[size_t(k * lda + i)] : A[size_t(i * lda + k)]) *
               double(tb ? B[size_t(j * ldb + k)] : B[size_t(k * ldb + j)]);
      const double want = double(alpha) * dot +
                          (beta == T(0) ? 0.0 : double(beta) * double(before[size_t(i * ldc + j)]));
      if (!(std::abs(double(C[size_t(i * ldc + j)]) - want) <= tol * (1 + std::abs(double(alpha)))))
        ++wrong;
    }
    for (int64_t j = N; j < ldc; ++j)
      if (std::memcmp(&C[size_t(i * ldc + j)], &before[size_t(i * ldc + j)], sizeof(T)) != 0)
        ++wrong;
  }
  BOOST_TEST(wrong == 0, "gemm ta " << ta << " tb " << tb << " M " << M << " N " << N << " K " << K
                                    << " alpha " << alpha << " beta " << beta << " element size "
                                    << sizeof(T) << ": " << wrong << " wrong");
}

} // namespace

BOOST_AUTO_TEST_SUITE(small_gemm)

BOOST_AUTO_TEST_CASE(matches_a_double_loop_on_every_shape_class) {
  struct Shape {
    int64_t M, N, K;
  };
  const Shape shapes[] = {
      {64, 144, 32}, // mnist_cnn conv2's forward: [Cout x C] . [C x tiles]
      {32, 169, 64}, // its input gradient
      {1, 1, 1},     {1, 17, 5}, {7, 1, 9}, {5, 3, 1}, {24, 63, 16}, {3, 200, 130},
  };
  for (const Shape& s : shapes)
    for (int64_t pad : {0, 3})
      for (bool accumulate : {false, true}) {
        check_shape<float>(s.M, s.N, s.K, pad, accumulate);
        check_shape<double>(s.M, s.N, s.K, pad, accumulate);
      }
}

BOOST_AUTO_TEST_CASE(the_same_shape_twice_gives_the_same_bits) {
  // The generated kernel is kept and reused: a second call on the same shape must agree exactly.
  std::vector<float> A(64 * 32, 0.25f), B(32 * 144, -1.5f), C1(64 * 144), C2(64 * 144);
  for (size_t i = 0; i < A.size(); ++i) A[i] = float(i % 13) * 0.1f;
  tg::kernels::small_gemm(64, 144, 32, A.data(), 32, B.data(), 144, false, C1.data(), 144);
  tg::kernels::small_gemm(64, 144, 32, A.data(), 32, B.data(), 144, false, C2.data(), 144);
  BOOST_TEST(C1 == C2);
}

BOOST_AUTO_TEST_CASE(transposed_a_matches_a_double_loop_or_is_declined) {
  // try_small_gemm with A stored [K x M]: either it computes the product (a build with libxsmm)
  // or it declines and leaves C exactly as it was.
  for (bool accumulate : {false, true}) {
    const int64_t M = 10, N = 128, K = 64, lda = M + 3, ldb = N + 1, ldc = N + 2;
    std::mt19937 rng(7);
    std::uniform_real_distribution<float> uniform(-1, 1);
    std::vector<float> A(size_t(K * lda)), B(size_t(K * ldb)), C(size_t(M * ldc));
    for (float& v : A) v = uniform(rng);
    for (float& v : B) v = uniform(rng);
    for (float& v : C) v = accumulate ? uniform(rng) : std::numeric_limits<float>::quiet_NaN();
    const std::vector<float> before = C;
    const bool done = tg::kernels::try_small_gemm(true, M, N, K, A.data(), lda, B.data(), ldb,
                                                  accumulate, C.data(), ldc);
    // Without libxsmm it must decline; with it, a CPU libxsmm generates nothing for may decline too
    // (AVX2 and AVX-512 machines get a kernel, and the check below then tests its result).
    if (std::string(tg::kernels::small_gemm_backend()) != "libxsmm") BOOST_TEST(!done);
    int64_t wrong = 0;
    for (int64_t i = 0; i < M; ++i)
      for (int64_t j = 0; j < ldc; ++j) {
        const size_t at = size_t(i * ldc + j);
        if (!done || j >= N) {
          wrong += std::memcmp(&C[at], &before[at], sizeof(float)) != 0;
          continue;
        }
        double want = accumulate ? double(before[at]) : 0;
        for (int64_t k = 0; k < K; ++k)
          want += double(A[size_t(k * lda + i)]) * double(B[size_t(k * ldb + j)]);
        wrong += !(std::abs(double(C[at]) - want) <= 1e-5 * double(K));
      }
    BOOST_TEST(wrong == 0, "accumulate " << accumulate << ": " << wrong << " wrong");
  }
}

BOOST_AUTO_TEST_CASE(gemm_small_products_match_a_double_loop) {
  // kernels::gemm sends small products with an untransposed B, alpha 1 and beta 0 or 1 to
  // libxsmm, everything else to OpenBLAS: each combination, at the mlp's and lstm_long's shapes
  // and at odd ones, must give the same product.
  struct Shape {
    int64_t M, N, K;
  };
  const Shape shapes[] = {{64, 128, 10}, {10, 128, 64}, {64, 10, 128}, {36, 64, 256},
                          {256, 64, 36}, {1, 1, 1},     {7, 1, 9},     {3, 200, 5}};
  for (const Shape& s : shapes)
    for (bool ta : {false, true})
      for (bool tb : {false, true})
        for (auto [alpha, beta] : {std::pair{1.0, 0.0}, {1.0, 1.0}, {2.0, 0.5}, {-1.0, 0.0}}) {
          check_gemm<float>(ta, tb, s.M, s.N, s.K, float(alpha), float(beta));
          check_gemm<double>(ta, tb, s.M, s.N, s.K, alpha, beta);
        }
}

BOOST_AUTO_TEST_SUITE_END()
