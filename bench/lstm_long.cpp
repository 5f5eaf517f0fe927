// lstm_long: a long sequence through a recurrent layer, and a user loop that indexes a tensor step
// by step (issue #23). Both are linear in the sequence length in LibTorch; before the engine added
// view gradients into its buffers in place, each step's select backward in tapegrad made a zero
// tensor as large as the whole sequence, and the time grew with the square of the length.
//   lstm: nn::LSTM(LSTMOptions(1, 64).num_layers(2)) on [700, 36, 1], forward + backward of the
//         output's mean (seconds per iteration, the median of --repeats).
//   loop: x [2000, 64] and w [64] requiring grad; loss += (x[t] * w).sum() for every t, backward.
// `--steps T` and `--loop-steps T` change the lengths (for a series at T = 100, 200, 400, ...),
// `--only lstm|loop` runs one part, `--repeats N` times each part (default 3).
#include <algorithm>
#include <vector>

#include "common.h"

namespace {

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

double lstm_seconds(int64_t steps, int repeats) {
  torch::manual_seed(1);
  torch::nn::LSTM lstm(torch::nn::LSTMOptions(1, 64).num_layers(2));
  const auto x = torch::randn({steps, 36, 1});
  std::vector<double> times;
  for (int r = 0; r < repeats; ++r) {
    const double t0 = bench::now_seconds();
    auto out = std::get<0>(lstm->forward(x));
    out.mean().backward();
    times.push_back(bench::now_seconds() - t0);
  }
  return median(times);
}

double loop_seconds(int64_t steps, int repeats) {
  torch::manual_seed(1);
  auto x = torch::randn({steps, 64}, torch::TensorOptions().requires_grad(true));
  auto w = torch::randn({64}, torch::TensorOptions().requires_grad(true));
  std::vector<double> times;
  for (int r = 0; r < repeats; ++r) {
    const double t0 = bench::now_seconds();
    auto loss = torch::zeros({});
    for (int64_t t = 0; t < steps; ++t) loss = loss + (x[t] * w).sum();
    loss.backward();
    times.push_back(bench::now_seconds() - t0);
  }
  return median(times);
}

} // namespace

int main(int argc, char** argv) {
  int64_t steps = 700, loop_steps = 2000;
  int repeats = 3;
  std::string only;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--steps") {
      steps = std::atoll(argv[i + 1]);
    } else if (a == "--loop-steps") {
      loop_steps = std::atoll(argv[i + 1]);
    } else if (a == "--repeats") {
      repeats = std::atoi(argv[i + 1]);
    } else if (a == "--only") {
      only = argv[i + 1];
    } else {
      std::fprintf(stderr,
                   "usage: %s [--steps T] [--loop-steps T] [--repeats N] [--only lstm|loop]\n",
                   argv[0]);
      return 2;
    }
  }
  if (bench::quick()) {
    steps = 20;
    loop_steps = 50;
    repeats = 1;
  }
  torch::set_num_threads(bench::threads());
  char buf[256];
  std::string metrics;
  if (only != "loop") {
    std::snprintf(buf, sizeof buf, "seconds=%.4f ", lstm_seconds(steps, repeats));
    metrics += buf;
  }
  if (only != "lstm") {
    std::snprintf(buf, sizeof buf, "loop_seconds=%.4f ", loop_seconds(loop_steps, repeats));
    metrics += buf;
  }
  metrics.pop_back();
  bench::report("lstm_long", metrics);
}
