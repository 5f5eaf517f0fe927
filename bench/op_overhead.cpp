// op_overhead: a chain of 1,000 elementwise ops (add and mul in turn) on 8-element tensors that
// require grad, repeated 200 times: microseconds per op for forward + backward, for the forward
// alone while recording the graph, and for the forward under NoGradGuard.
#include "common.h"

namespace {
constexpr int kOps = 1000;

torch::Tensor chain(const torch::Tensor& x, const torch::Tensor& a, const torch::Tensor& m) {
  torch::Tensor y = x;
  for (int i = 0; i < kOps; i += 2) y = (y + a) * m;
  return y;
}
} // namespace

int main() {
  torch::set_num_threads(bench::threads());
  const int repeats = bench::quick() ? 5 : 200;
  auto opts = torch::TensorOptions().requires_grad(true);
  auto x = torch::rand({8}, opts), a = torch::rand({8}, opts);
  auto m = torch::full({8}, 0.999, opts);

  double t0 = bench::now_seconds();
  for (int r = 0; r < repeats; ++r) chain(x, a, m).sum().backward();
  const double train_us = (bench::now_seconds() - t0) * 1e6 / (double(repeats) * kOps);

  t0 = bench::now_seconds();
  for (int r = 0; r < repeats; ++r) chain(x, a, m);
  const double record_us = (bench::now_seconds() - t0) * 1e6 / (double(repeats) * kOps);

  double nograd_us;
  {
    torch::NoGradGuard no_grad;
    t0 = bench::now_seconds();
    for (int r = 0; r < repeats; ++r) chain(x, a, m);
    nograd_us = (bench::now_seconds() - t0) * 1e6 / (double(repeats) * kOps);
  }
  char buf[256];
  std::snprintf(buf, sizeof buf, "fwd_bwd_us=%.3f fwd_recorded_us=%.3f fwd_nograd_us=%.3f",
                train_us, record_us, nograd_us);
  bench::report("op_overhead", buf);
}
