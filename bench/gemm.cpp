// gemm: float32 square matmul through the framework at N = 256 ... 2048 in GFLOP/s, beside a
// direct cblas_sgemm call on the same buffers (the ceiling the framework should reach).
#include <cblas.h>

#include "common.h"

namespace {
template <typename F> double best_seconds(int reps, F f) {
  f(); // warm up: caches, thread pools
  double best = 1e30;
  for (int r = 0; r < reps; ++r) {
    const double t0 = bench::now_seconds();
    f();
    best = std::min(best, bench::now_seconds() - t0);
  }
  return best;
}
} // namespace

int main() {
  torch::set_num_threads(bench::threads());
#ifdef TG_BENCH_LIBTORCH
  // LibTorch's matmul is a plain OpenBLAS call: give OpenBLAS every core for this workload (the
  // training workloads keep it at one thread, its best setting beside LibTorch's own pool).
  openblas_set_num_threads(bench::threads());
#endif
  std::string metrics;
  for (int64_t n : {256, 512, 1024, 2048}) {
    if (bench::quick() && n > 256) break;
    auto a = torch::rand({n, n}), b = torch::rand({n, n});
    auto c = torch::empty({n, n});
    const double flops = 2.0 * double(n) * double(n) * double(n);
    const int reps = n <= 512 ? 20 : 5;
    const double t_fw = best_seconds(reps, [&] { auto r = torch::matmul(a, b); });
    // The ceiling: OpenBLAS with every core, called directly (tapegrad keeps OpenBLAS at one
    // thread and splits products over oneTBB, so it is switched back afterwards).
    openblas_set_num_threads(bench::threads());
    const double t_blas = best_seconds(reps, [&] {
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, int(n), int(n), int(n), 1.0f,
                  a.data_ptr<float>(), int(n), b.data_ptr<float>(), int(n), 0.0f,
                  c.data_ptr<float>(), int(n));
    });
#ifndef TG_BENCH_LIBTORCH
    openblas_set_num_threads(1);
#endif
    char buf[160];
    std::snprintf(buf, sizeof buf, "gflops_%lld=%.1f cblas_gflops_%lld=%.1f ", (long long)n,
                  flops / t_fw * 1e-9, (long long)n, flops / t_blas * 1e-9);
    metrics += buf;
  }
  bench::report("gemm", metrics);
}
