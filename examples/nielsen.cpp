// nielsen: the network of chapter 1 of Michael Nielsen's "Neural Networks and Deep Learning", as
// one of the seeds retells it: [784, 30, 10] sigmoid neurons, weights and biases drawn from a
// standard normal, the quadratic cost C = 1/2n sum |y(x) - a|^2 with one-hot targets y(x), and
// mini-batch stochastic gradient descent with batch size 10 and learning rate eta = 3.0, trained
// on the first 50,000 MNIST training images (the book keeps the last 10,000 for validation).
// After each epoch it prints, like the book, how many of the 10,000 test images it gets right:
//
//   Epoch 0: 9067 / 10000
//
// The book reports about 95% after 30 epochs, the best of three runs: with weights drawn from
// N(0, 1) some starts saturate a few sigmoid neurons and plateau near 85% (seeds 1 and 4 here
// do; the seed document's own run reached 91%). The default seed 3 is one of the good starts.
#include <CLI/CLI.hpp>
#include <chrono>
#include <fmt/format.h>

#include <tapegrad/tapegrad.h>

#include "common/teaching.h"

using tg::Tensor;

int main(int argc, char** argv) {
  std::string data_dir = "data/mnist";
  int epochs = 10, batch = 10;
  int64_t train_images = 50000;
  double eta = 3.0;
  uint64_t seed = 3;
  bool quick = false;
  CLI::App app{"Nielsen's [784, 30, 10] sigmoid network: quadratic cost, mini-batch SGD, "
               "'Epoch k: correct / 10000'."};
  app.add_option("--data", data_dir, "folder with the MNIST IDX files")->capture_default_str();
  app.add_option("--epochs", epochs, "passes over the training images")->capture_default_str();
  app.add_option("--batch-size", batch, "mini-batch size")->capture_default_str();
  app.add_option("--eta", eta, "learning rate")->capture_default_str();
  app.add_option("--train-images", train_images, "training images used")->capture_default_str();
  app.add_option("--seed", seed, "seed for the weights and the shuffling")->capture_default_str();
  app.add_flag("--quick", quick, "one epoch (for the test suite)");
  CLI11_PARSE(app, argc, argv);
  if (quick) epochs = 1;

  auto mnist = examples::load_mnist_or_skip(data_dir, train_images);
  const int64_t n = mnist.train_x.size(0);
  // The book's y(x): a 10-vector with a 1 at the digit.
  const Tensor targets = tg::one_hot(mnist.train_y, 10).to(tg::kFloat);
  fmt::print("nielsen: [784, 30, 10] sigmoid, quadratic cost, SGD batch {} eta {}, {} training "
             "images, {} epochs\n",
             batch, eta, n, epochs);

  tg::manual_seed(seed);
  // The book's Network([784, 30, 10]): weights [out, in] and biases [out] from N(0, 1).
  std::vector<Tensor> weights{tg::randn({30, 784}), tg::randn({10, 30})};
  std::vector<Tensor> biases{tg::randn({30}), tg::randn({10})};
  std::vector<Tensor> params;
  for (int l = 0; l < 2; ++l) {
    params.push_back(weights[size_t(l)].requires_grad_());
    params.push_back(biases[size_t(l)].requires_grad_());
  }
  auto feedforward = [&](Tensor a) {
    for (size_t l = 0; l < 2; ++l) a = tg::sigmoid(tg::matmul(a, weights[l].t()) + biases[l]);
    return a;
  };
  // The book's update w <- w - eta/m * sum over the batch of dC_x/dw is SGD on the batch mean.
  tg::optim::SGD sgd(params, tg::optim::SGDOptions(eta));

  for (int epoch = 0; epoch < epochs; ++epoch) {
    const auto start = std::chrono::steady_clock::now();
    const Tensor order = tg::randperm(n);
    for (int64_t k = 0; k + batch <= n; k += batch) {
      const Tensor idx = order.narrow(0, k, batch);
      const Tensor a = feedforward(mnist.train_x.index_select(0, idx));
      const Tensor cost = 0.5 * (a - targets.index_select(0, idx)).pow(2).sum(1).mean();
      sgd.zero_grad();
      cost.backward();
      sgd.step();
    }
    tg::NoGradGuard no_grad;
    const int64_t correct =
        feedforward(mnist.test_x).argmax(1).eq(mnist.test_y).sum().item<int64_t>();
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    fmt::print("Epoch {}: {} / {}   ({:.1f} s)\n", epoch, correct, mnist.test_y.size(0), seconds);
  }
  return 0;
}
