#pragma once
// What every benchmark shares. Each workload is one source file written in LibTorch's spelling;
// meson compiles it twice: against tapegrad (through the compatibility header) and, when
// libtorch-dev is installed, against LibTorch itself (TG_BENCH_LIBTORCH defined). So both
// frameworks run literally the same code.
#ifdef TG_BENCH_LIBTORCH
#include <torch/torch.h>
#define BENCH_FRAMEWORK "libtorch"
#else
#include <tapegrad/torch_compat.h>
#define BENCH_FRAMEWORK "tapegrad"
#endif

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace bench {

inline double now_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

/// Peak resident memory of this process so far, in MiB.
inline double peak_rss_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return double(usage.ru_maxrss) / 1024.0;
}

/// Threads for the framework's own pool: BENCH_THREADS, else 2 (the machines have 2 cores).
inline int threads() {
  const char* t = std::getenv("BENCH_THREADS");
  return t ? std::atoi(t) : 2;
}

/// True when bench/run asked for the short smoke-test version (CI only checks that it runs).
inline bool quick() {
  const char* q = std::getenv("BENCH_QUICK");
  return q && std::string(q) == "1";
}

/// `--batches N` on the command line: train on the first N batches only and test on the first
/// 1,000 test images (for profiling under callgrind / perf, where a whole epoch takes too long).
/// 0 (the default) means the whole epoch and the whole test set.
inline int64_t& max_batches() {
  static int64_t n = 0;
  return n;
}
inline void parse_args(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--batches" && i + 1 < argc) {
      max_batches() = std::atoll(argv[++i]);
    } else {
      std::fprintf(stderr, "usage: %s [--batches N]\n", argv[0]);
      std::exit(2);
    }
  }
}

/// One result line that bench/run parses: `RESULT <workload> <metric>=<value> ...`.
inline void report(const std::string& workload, const std::string& metrics) {
  std::printf("RESULT %s framework=%s %s peak_rss_mib=%.1f\n", workload.c_str(), BENCH_FRAMEWORK,
              metrics.c_str(), peak_rss_mib());
  std::fflush(stdout);
}

/// MNIST from BENCH_DATA (default data/mnist) as float [N, 1, 28, 28] normalised, and int64 [N]:
/// loaded once, before any timing, so only training is measured.
struct InMemory {
  torch::Tensor images, labels;
};
inline InMemory load_mnist(bool train) {
  const char* dir = std::getenv("BENCH_DATA");
  auto mode = train ? torch::data::datasets::MNIST::Mode::kTrain
                    : torch::data::datasets::MNIST::Mode::kTest;
  torch::data::datasets::MNIST ds(dir ? dir : "data/mnist", mode);
  auto images = (ds.images() - 0.1307) / 0.3081;
  auto labels = ds.targets();
  if (quick()) { // a smoke test: a few batches' worth
    images = images.narrow(0, 0, 1000);
    labels = labels.narrow(0, 0, 1000);
  }
  return {images.contiguous(), labels.contiguous()};
}

/// Fraction of `data` that `model` classifies correctly (batches of 1000, no graph).
template <typename Model> double test_accuracy(Model& model, const InMemory& data) {
  torch::NoGradGuard no_grad;
  int64_t correct = 0;
  const int64_t n =
      max_batches() > 0 ? std::min<int64_t>(1000, data.images.size(0)) : data.images.size(0);
  for (int64_t start = 0; start < n; start += 1000) {
    const int64_t len = std::min<int64_t>(1000, n - start);
    auto logits = model->forward(data.images.narrow(0, start, len));
    correct +=
        logits.argmax(1).eq(data.labels.narrow(0, start, len)).sum().template item<int64_t>();
  }
  return double(correct) / double(n);
}

/// One epoch of mini-batch training in a random order; returns the seconds it took and the mean
/// loss. Batches are gathered with index_select from the in-memory tensors.
template <typename Model, typename Optimizer>
std::pair<double, double> train_epoch(Model& model, Optimizer& optimizer, const InMemory& data,
                                      int64_t batch_size) {
  model->train();
  const int64_t n = data.images.size(0);
  auto order = torch::randperm(n, torch::kLong);
  double loss_sum = 0;
  int64_t batches = 0;
  const double start = now_seconds();
  for (int64_t s = 0; s + batch_size <= n; s += batch_size) {
    if (max_batches() > 0 && batches == max_batches()) break;
    auto idx = order.narrow(0, s, batch_size);
    auto x = data.images.index_select(0, idx);
    auto y = data.labels.index_select(0, idx);
    optimizer.zero_grad();
    auto loss = torch::nn::functional::cross_entropy(model->forward(x), y);
    loss.backward();
    optimizer.step();
    loss_sum += loss.template item<double>();
    ++batches;
  }
  return {now_seconds() - start, batches ? loss_sum / double(batches) : 0.0};
}

} // namespace bench
