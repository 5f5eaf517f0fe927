// kernels::small_gemm (libxsmm's generated kernels when the build has libxsmm, else OpenBLAS):
// every shape class Winograd convolution issues and some it does not (a dimension of 1, odd
// sizes, row strides wider than the matrices), float and double, with and without accumulation,
// against a double-precision loop. Without accumulation C starts as NaN, which must not leak
// into the result (beta = 0 means C is not read).
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

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

BOOST_AUTO_TEST_SUITE_END()
