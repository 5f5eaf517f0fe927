// gemm: float32 square matmul through the framework at N = 256 ... 2048 in GFLOP/s, beside a
// direct cblas_sgemm call on the same buffers (the ceiling the framework should reach).
#include <cblas.h>

#include <vector>

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
  std::vector<int64_t> sizes = {256, 512, 1024, 2048};
  if (bench::quick()) sizes = {256};
  auto reps_for = [](int64_t n) { return n <= 512 ? 40 : n <= 1024 ? 10 : 5; };
  std::vector<torch::Tensor> as, bs, cs;
  for (int64_t n : sizes) {
    as.push_back(torch::rand({n, n}));
    bs.push_back(torch::rand({n, n}));
    cs.push_back(torch::empty({n, n}));
  }
  // The framework's matmul at every size first, then the ceiling at every size. Measured one
  // after the other at each size, the ceiling's call left OpenBLAS's two threads spinning for
  // work (OpenBLAS waits about 2^28 cycles before its threads sleep), and they took a core from
  // the next size's matmul: tapegrad read 120 GFLOP/s at N = 512 that way and 240 without it.
  std::vector<double> t_fw, t_blas;
  for (size_t i = 0; i < sizes.size(); ++i)
    t_fw.push_back(best_seconds(reps_for(sizes[i]), [&] { auto r = torch::matmul(as[i], bs[i]); }));
  // The ceiling: OpenBLAS with every core, called directly (tapegrad keeps OpenBLAS at one thread
  // and splits products over oneTBB).
  openblas_set_num_threads(bench::threads());
  for (size_t i = 0; i < sizes.size(); ++i) {
    const int n = int(sizes[i]);
    t_blas.push_back(best_seconds(reps_for(sizes[i]), [&] {
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0f,
                  as[i].data_ptr<float>(), n, bs[i].data_ptr<float>(), n, 0.0f,
                  cs[i].data_ptr<float>(), n);
    }));
  }
  std::string metrics;
  for (size_t i = 0; i < sizes.size(); ++i) {
    const double flops = 2.0 * double(sizes[i]) * double(sizes[i]) * double(sizes[i]);
    char buf[160];
    std::snprintf(buf, sizeof buf, "gflops_%lld=%.1f cblas_gflops_%lld=%.1f ", (long long)sizes[i],
                  flops / t_fw[i] * 1e-9, (long long)sizes[i], flops / t_blas[i] * 1e-9);
    metrics += buf;
  }
  bench::report("gemm", metrics);
}
