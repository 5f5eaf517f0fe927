#pragma once
// What the digits examples share (seed 004, "神经网络基础"): scikit-learn's 8x8 digits with the
// seed's train_test_split(test_size=0.1, random_state=0), and Tariq Rashid's three-layer network
// written by hand with matrices, as the seed writes it in numpy.
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include <tapegrad/tapegrad.h>

namespace examples {

/// numpy's legacy RandomState(seed).permutation(n): a Fisher-Yates shuffle of 0..n-1 drawing
/// each index from the Mersenne Twister (seeded by init_genrand, as std::mt19937 is) with
/// numpy's masked rejection sampling. scikit-learn's ShuffleSplit draws its split with exactly
/// this call, so the same images land in the test set as in the seed.
inline std::vector<int64_t> numpy_permutation(int64_t n, uint32_t seed) {
  std::mt19937 gen(seed);
  std::vector<int64_t> order(static_cast<size_t>(n));
  std::iota(order.begin(), order.end(), 0);
  for (int64_t i = n - 1; i >= 1; --i) {
    uint64_t mask = uint64_t(i);
    for (int s = 1; s <= 32; s *= 2) mask |= mask >> s;
    uint64_t j;
    do j = uint64_t(gen()) & mask;
    while (j > uint64_t(i));
    std::swap(order[size_t(i)], order[size_t(j)]);
  }
  return order;
}

/// The digits as the seed feeds them to the network: inputs [N, 64] float64 scaled to 0.01..1.0
/// (x / 16 * 0.99 + 0.01), labels int64 [N]; split as train_test_split(test_size=0.1,
/// random_state=0) splits them (180 test images, the other 1,617 for training, both in the
/// permutation's order).
struct DigitsSplit {
  tg::Tensor train_x, train_y, test_x, test_y;
};

/// Without digits.csv.gz in `dir`, says how to fetch it and exits with 77 (the test harness's
/// "skipped"); otherwise loads and splits it.
inline DigitsSplit load_digits_or_skip(const std::string& dir) {
  if (!std::filesystem::exists(dir + "/digits.csv.gz") &&
      !std::filesystem::exists(dir + "/digits.csv")) {
    fmt::print("SKIP: no digits.csv.gz in {}; scripts/fetch-data digits fetches it\n", dir);
    std::exit(77);
  }
  tg::data::datasets::Digits digits(dir);
  const int64_t n = int64_t(*digits.size());
  const int64_t n_test = int64_t(std::ceil(0.1 * double(n)));
  std::vector<int64_t> order = numpy_permutation(n, 0);
  auto index = [&](int64_t from, int64_t count) {
    return tg::tensor(std::vector<int64_t>(order.begin() + from, order.begin() + from + count));
  };
  const tg::Tensor test_i = index(0, n_test), train_i = index(n_test, n - n_test);
  const tg::Tensor x = digits.images().flatten(1).to(tg::kDouble) / 16.0 * 0.99 + 0.01;
  return {x.index_select(0, train_i).contiguous(), digits.targets().index_select(0, train_i),
          x.index_select(0, test_i).contiguous(), digits.targets().index_select(0, test_i)};
}

/// The seed's targets for label `y`: 0.01 everywhere and 0.99 at the label ([10] float64).
inline tg::Tensor rashid_targets(int64_t y) {
  tg::Tensor t = tg::full({10}, 0.01, tg::kDouble);
  t[y].fill_(0.99);
  return t;
}

/// How train() sends the output error back to the hidden layer.
enum class BackRule {
  /// The seed's (and Rashid's book's) rule: hidden_errors = who^T . output_errors. It leaves out
  /// the output sigmoid's derivative on the way back, so it is not the exact gradient of the
  /// squared error, though it points downhill enough to learn.
  kSeed,
  /// The chain rule: hidden_errors = who^T . (output_errors * o * (1 - o)), the exact gradient,
  /// which is what autograd computes.
  kChainRule,
};

/// Tariq Rashid's network as the seed writes it: weight matrices wih [hidden, inputs] and
/// who [outputs, hidden] (w_i_j links node i to node j of the next layer), sigmoid on both
/// layers, no biases, and a train() that back-propagates the error through the transposed weights
/// by hand. Inputs and targets are column vectors, as numpy.array(list, ndmin=2).T makes them.
struct RashidNetwork {
  tg::Tensor wih, who;
  double lr;
  BackRule rule = BackRule::kSeed;

  /// Weights drawn from N(0, n_in^-0.5), as numpy.random.normal(0.0, pow(n_in, -0.5), ...).
  RashidNetwork(int64_t inputs, int64_t hidden, int64_t outputs, double learning_rate)
      : wih(tg::randn({hidden, inputs}, tg::kDouble) * std::pow(double(inputs), -0.5)),
        who(tg::randn({outputs, hidden}, tg::kDouble) * std::pow(double(hidden), -0.5)),
        lr(learning_rate) {}

  /// An independent copy (the weights cloned): train() updates the weights in place.
  RashidNetwork copy() const {
    RashidNetwork c = *this;
    c.wih = wih.clone();
    c.who = who.clone();
    return c;
  }

  /// The sigmoid, as the seed's lambda x: 1 / (1 + numpy.exp(-x)).
  static tg::Tensor activation(const tg::Tensor& x) { return 1.0 / (1.0 + tg::exp(-x)); }

  /// One sample ([64] and [10]): forward, errors, and both weight updates.
  void train(const tg::Tensor& input_list, const tg::Tensor& target_list) {
    tg::Tensor inputs = input_list.view({-1, 1}), targets = target_list.view({-1, 1});
    tg::Tensor hidden_outputs = activation(tg::matmul(wih, inputs));
    tg::Tensor final_outputs = activation(tg::matmul(who, hidden_outputs));
    // The output layer's error is (target - actual); the hidden layer's error is that error
    // split by the weights and recombined at the hidden nodes: who^T * output_errors.
    tg::Tensor output_errors = targets - final_outputs;
    tg::Tensor output_deltas = output_errors * final_outputs * (1.0 - final_outputs);
    tg::Tensor hidden_errors =
        tg::matmul(who.t(), rule == BackRule::kSeed ? output_errors : output_deltas);
    // Each update is lr * (error * sigmoid') x (the layer's input)^T: for who the gradient of
    // 1/2 sum (target - actual)^2, with its sign already turned into a step downhill.
    who += lr * tg::matmul(output_deltas, hidden_outputs.t());
    wih += lr * tg::matmul(hidden_errors * hidden_outputs * (1.0 - hidden_outputs), inputs.t());
  }

  /// The network's outputs for one input [64] -> [10].
  tg::Tensor query(const tg::Tensor& input_list) const {
    tg::Tensor hidden_outputs = activation(tg::matmul(wih, input_list.view({-1, 1})));
    return activation(tg::matmul(who, hidden_outputs)).view({-1});
  }

  /// The fraction of rows of `x` [N, 64] whose largest output is at `y`.
  double accuracy(const tg::Tensor& x, const tg::Tensor& y) const {
    int64_t right = 0;
    for (int64_t i = 0; i < x.size(0); ++i)
      right += query(x[i]).argmax().item<int64_t>() == y[i].item<int64_t>();
    return double(right) / double(x.size(0));
  }

  /// `epochs` passes over (x, y) one sample at a time, in order (the seed's loop).
  void fit(const tg::Tensor& x, const tg::Tensor& y, int epochs) {
    for (int e = 0; e < epochs; ++e)
      for (int64_t i = 0; i < x.size(0); ++i) train(x[i], rashid_targets(y[i].item<int64_t>()));
  }
};

} // namespace examples
