// op_overhead: a chain of 1,000 elementwise ops (add and mul in turn) on 8-element tensors that
// require grad, repeated 200 times: microseconds per op for forward + backward, for the forward
// alone while recording the graph, and for the forward under NoGradGuard. Each mode runs as 10
// blocks of 20 chains and reports the median block: on a shared 2-core VM a burst of interference
// then lands in a block or two instead of in the mean. (Slower stretches of the whole machine
// lasting seconds still move a whole run; bench/run's median over pairs is there for those.)
#include "common.h"

#include <algorithm>
#include <vector>

namespace {
constexpr int kOps = 1000;
constexpr int kBlocks = 10;

torch::Tensor chain(const torch::Tensor& x, const torch::Tensor& a, const torch::Tensor& m) {
  torch::Tensor y = x;
  for (int i = 0; i < kOps; i += 2) y = (y + a) * m;
  return y;
}

/// Microseconds per op of `run_chain` (one chain of kOps ops), as the median over kBlocks blocks of
/// `repeats / kBlocks` chains.
template <typename F> double median_us_per_op(int repeats, F run_chain) {
  const int per_block = std::max(1, repeats / kBlocks);
  std::vector<double> us;
  for (int b = 0; b < kBlocks; ++b) {
    const double t0 = bench::now_seconds();
    for (int r = 0; r < per_block; ++r) run_chain();
    us.push_back((bench::now_seconds() - t0) * 1e6 / (double(per_block) * kOps));
  }
  std::sort(us.begin(), us.end());
  return (us[kBlocks / 2 - 1] + us[kBlocks / 2]) / 2;
}
} // namespace

int main() {
  torch::set_num_threads(bench::threads());
  const int repeats = bench::quick() ? 5 : 200;
  auto opts = torch::TensorOptions().requires_grad(true);
  auto x = torch::rand({8}, opts), a = torch::rand({8}, opts);
  auto m = torch::full({8}, 0.999, opts);

  const double train_us = median_us_per_op(repeats, [&] { chain(x, a, m).sum().backward(); });
  const double record_us = median_us_per_op(repeats, [&] { chain(x, a, m); });
  double nograd_us;
  {
    torch::NoGradGuard no_grad;
    nograd_us = median_us_per_op(repeats, [&] { chain(x, a, m); });
  }
  char buf[256];
  std::snprintf(buf, sizeof buf, "fwd_bwd_us=%.3f fwd_recorded_us=%.3f fwd_nograd_us=%.3f",
                train_us, record_us, nograd_us);
  bench::report("op_overhead", buf);
}
