// The Winograd convolution's parts on mnist_cnn's conv2 (32 -> 64 channels, 3x3, 26x26 input,
// batch 64), tapegrad only:
// - the three small products of every image under F(4x4, 3x3), which conv2 takes (forward
//   [64 x 32]·[32 x 36], input gradient [32 x 64]·[64 x 49], weight gradient [32 x 36]·[36 x 64]
//   accumulated), and under F(2x2, 3x3) (144, 169 and 144 tiles instead of 36, 49 and 36),
//   through kernels::small_gemm (libxsmm's generated kernels when the build has them) and through
//   OpenBLAS (kernels::gemm_serial), interleaved, best of the rounds, one thread;
// - the whole layer: conv2d forward, and backward of (y * r).sum(), median of the rounds.
//
//   build-release/bench/bench_winograd_conv [--rounds N] [--threads N]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <vector>

#include "autograd/kernels/blas.h"
#include "autograd/kernels/small_gemm.h"
#include "tapegrad/tapegrad.h"

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

struct Product {
  const char* what;
  int64_t M, N, K;
  bool accumulate;
};

/// GFLOP/s of `calls` products C[M×N] (+)= A[M×K]·B[K×N] through small_gemm (xsmm) or gemm_serial.
double gflops(const Product& p, bool small, int calls) {
  std::mt19937 gen(3);
  std::uniform_real_distribution<float> u(-1, 1);
  std::vector<float> A(size_t(p.M * p.K)), B(size_t(p.K * p.N)), C(size_t(p.M * p.N), 0.f);
  for (float& v : A) v = u(gen);
  for (float& v : B) v = u(gen);
  const auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < calls; ++i) {
    if (small)
      tg::kernels::small_gemm(p.M, p.N, p.K, A.data(), p.K, B.data(), p.N, p.accumulate, C.data(),
                              p.N);
    else
      tg::kernels::gemm_serial(false, false, p.M, p.N, p.K, 1.f, A.data(), p.K, B.data(), p.N,
                               p.accumulate ? 1.f : 0.f, C.data(), p.N);
  }
  return 2.0 * double(p.M * p.N * p.K) * calls / seconds_since(t0) / 1e9;
}

} // namespace

int main(int argc, char** argv) {
  int rounds = 10, threads = 1;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--rounds")) rounds = std::max(1, std::atoi(argv[i + 1]));
    if (!std::strcmp(argv[i], "--threads")) threads = std::max(1, std::atoi(argv[i + 1]));
  }
  std::printf("small products, one thread, GFLOP/s, best of %d rounds of 2,000 calls "
              "(small_gemm backend: %s)\n",
              rounds, tg::kernels::small_gemm_backend());
  // F(4x4, 3x3), which conv2 takes (6 x 6 tiles of its 24 x 24 output, 7 x 7 of the input
  // gradient's 26 x 26), and F(2x2, 3x3), which it took before (12 x 12 and 13 x 13 tiles)
  const Product products[] = {{"F(4x4) forward     64 x 36 x 32", 64, 36, 32, false},
                              {"F(4x4) input grad  32 x 49 x 64", 32, 49, 64, false},
                              {"F(4x4) weight grad 32 x 64 x 36 (+=)", 32, 64, 36, true},
                              {"F(2x2) forward     64 x 144 x 32", 64, 144, 32, false},
                              {"F(2x2) input grad  32 x 169 x 64", 32, 169, 64, false},
                              {"F(2x2) weight grad 32 x 64 x 144 (+=)", 32, 64, 144, true}};
  for (const Product& p : products) {
    double best_small = 0, best_blas = 0;
    for (int r = 0; r < rounds; ++r) {
      best_small = std::max(best_small, gflops(p, true, 2000));
      best_blas = std::max(best_blas, gflops(p, false, 2000));
    }
    std::printf("  %-39s small_gemm %6.1f   OpenBLAS %6.1f\n", p.what, best_small, best_blas);
  }

  tg::set_num_threads(threads);
  tg::manual_seed(1);
  tg::Tensor x = tg::randn({64, 32, 26, 26}).requires_grad_();
  tg::Tensor w = (tg::randn({64, 32, 3, 3}) * 0.1).requires_grad_();
  tg::Tensor b = tg::randn({64}).requires_grad_();
  tg::Tensor r = tg::randn({64, 64, 24, 24});
  std::vector<double> fwd, bwd;
  for (int i = 0; i < rounds + 2; ++i) {
    auto t0 = std::chrono::steady_clock::now();
    tg::Tensor y = tg::conv2d(x, w, b);
    const double f = seconds_since(t0);
    t0 = std::chrono::steady_clock::now();
    (y * r).sum().backward();
    const double g = seconds_since(t0);
    if (i >= 2) { // the first two warm the buffers and generate the kernels
      fwd.push_back(f);
      bwd.push_back(g);
    }
  }
  std::sort(fwd.begin(), fwd.end());
  std::sort(bwd.begin(), bwd.end());
  std::printf("conv2d [64, 32, 26, 26] * [64, 32, 3, 3], %d thread(s), median of %d: forward "
              "%.2f ms, backward %.2f ms (the backward includes y * r and its sum)\n",
              threads, rounds, fwd[fwd.size() / 2] * 1e3, bwd[bwd.size() / 2] * 1e3);
}
