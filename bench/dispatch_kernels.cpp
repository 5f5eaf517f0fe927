// The dispatched inner loops (autograd/kernels/vectorized.h) timed on every path this CPU runs, on
// one thread: the same call on the same buffers through the baseline (SSE2), AVX2 and AVX-512
// tables, interleaved round by round so that a slow moment of a shared machine hits every path,
// best of the rounds. Two sizes: one that stays in L1/L2 (where the vector width shows) and one
// that streams from memory (where it mostly cannot). tapegrad only: LibTorch has no such table.
//
//   build/bench/bench_dispatch_kernels [--rounds N] [--reps N]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "autograd/kernels/vectorized.h"

namespace {

using tg::kernels::AdamScalars;
using tg::kernels::CpuCapability;
using tg::kernels::VecKernels;

struct Buffers {
  std::vector<float> a, b, c, d, out;
  std::vector<int64_t> idx;
  explicit Buffers(int64_t n)
      : a(size_t(n)), b(size_t(n)), c(size_t(n)), d(size_t(n)), out(size_t(n)), idx(size_t(n)) {
    std::mt19937 gen(1);
    std::uniform_real_distribution<float> u(-1, 1);
    for (int64_t i = 0; i < n; ++i) {
      a[size_t(i)] = u(gen);
      b[size_t(i)] = u(gen);
      c[size_t(i)] = u(gen);
      d[size_t(i)] = u(gen) * u(gen); // a second moment: not negative
      if (d[size_t(i)] < 0) d[size_t(i)] = -d[size_t(i)];
    }
  }
};

/// One kernel call over n floats through table k (the pool row covers 2 input rows of n floats).
void call(const std::string& name, const VecKernels& k, Buffers& B, int64_t n) {
  const auto& f = k.f32;
  if (name == "add") f.add(B.out.data(), B.a.data(), B.b.data(), 0.5f, n);
  if (name == "mul") f.mul(B.out.data(), B.a.data(), B.b.data(), n);
  if (name == "relu") f.relu(B.out.data(), B.a.data(), n);
  if (name == "relu_backward") f.relu_backward(B.out.data(), B.a.data(), B.b.data(), n);
  if (name == "sgd_momentum")
    f.sgd_momentum(B.a.data(), B.b.data(), B.c.data(), 0.9f, 1, -1e-9f, n);
  if (name == "adam") {
    const AdamScalars<float> s{0.9f, 0.999f, 0.1f, 0.001f, 0, 1, false, 0.5f, -1e-9f, 1e-8f};
    f.adam(B.a.data(), B.b.data(), B.c.data(), B.d.data(), s, n);
  }
  if (name == "maxpool2x2_row")
    f.maxpool2x2_row(B.a.data(), B.a.data() + n / 2, B.out.data(), B.idx.data(), n / 4, 0, n / 2);
}

} // namespace

int main(int argc, char** argv) {
  int rounds = 15;
  int64_t fixed_reps = 0; // --reps N: N calls per timing (for callgrind: instructions per element)
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::string(argv[i]) == "--rounds") rounds = std::atoi(argv[i + 1]);
    if (std::string(argv[i]) == "--reps") fixed_reps = std::atoll(argv[i + 1]);
  }
  std::vector<const VecKernels*> tables;
  for (CpuCapability c : {CpuCapability::Default, CpuCapability::AVX2, CpuCapability::AVX512})
    if (const VecKernels* k = tg::kernels::vec_kernels_for(c)) tables.push_back(k);
  std::printf("selected at start-up: %s\n",
              tg::kernels::cpu_capability_name(tg::kernels::cpu_capability()));
  std::printf("%-16s %10s", "kernel", "floats");
  for (const VecKernels* k : tables)
    std::printf(" %9s ns/el", tg::kernels::cpu_capability_name(k->capability));
  std::printf("  speed-up of the last\n");
  const char* names[] = {"add",          "mul",  "relu",          "relu_backward",
                         "sgd_momentum", "adam", "maxpool2x2_row"};
  for (int64_t n : {int64_t(2048), int64_t(1) << 22}) {
    Buffers B(n);
    // Calls per timing: about 64 M elements in total, at least 3.
    const int64_t reps = fixed_reps > 0 ? fixed_reps : std::max<int64_t>(3, (int64_t(1) << 26) / n);
    for (const char* name : names) {
      std::vector<double> best(tables.size(), 1e30);
      for (int r = 0; r < rounds; ++r)
        for (size_t t = 0; t < tables.size(); ++t) {
          const auto start = std::chrono::steady_clock::now();
          for (int64_t i = 0; i < reps; ++i) call(name, *tables[t], B, n);
          const double s =
              std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
          best[t] = std::min(best[t], s * 1e9 / double(reps * n));
        }
      std::printf("%-16s %10lld", name, static_cast<long long>(n));
      for (double b : best) std::printf(" %15.3f", b);
      std::printf("  %.2fx\n", best.front() / best.back());
    }
  }
  return 0;
}
