// gradient_check: the seeds' check that backpropagation is right. A two-layer network (784 -> 50
// -> 10, ReLU, softmax cross-entropy, weights drawn with std 0.01) sees the first 3 MNIST training
// images; its gradients are computed twice, by central differences (slow: two forward passes per
// parameter, 39,760 parameters) and by autograd (one backward pass), and the mean absolute
// difference is printed per parameter. In float64 every difference is far below 1e-6.
#include <CLI/CLI.hpp>
#include <cmath>
#include <fmt/format.h>

#include <tapegrad/tapegrad.h>

#include "common/teaching.h"

using tg::Tensor;
namespace F = tg::nn::functional;

struct TwoLayerNet {
  Tensor W1, b1, W2, b2;
  TwoLayerNet(int64_t input, int64_t hidden, int64_t output, double init_std = 0.01) {
    const auto opts = tg::TensorOptions().dtype(tg::kDouble);
    W1 = (init_std * tg::randn({input, hidden}, opts)).requires_grad_();
    b1 = tg::zeros({hidden}, opts).requires_grad_();
    W2 = (init_std * tg::randn({hidden, output}, opts)).requires_grad_();
    b2 = tg::zeros({output}, opts).requires_grad_();
  }
  Tensor loss(const Tensor& x, const Tensor& t) const {
    Tensor h = tg::relu(tg::matmul(x, W1) + b1);
    return F::cross_entropy(tg::matmul(h, W2) + b2, t);
  }
};

// The seeds' numerical_gradient: nudge one parameter at a time by +-h, in place, and take the
// central difference of the loss. No graph is recorded: only forward values are needed.
Tensor numerical_gradient(const TwoLayerNet& net, Tensor& param, const Tensor& x, const Tensor& t,
                          double h = 1e-4) {
  tg::NoGradGuard no_grad;
  Tensor grad = tg::zeros_like(param);
  double* p = param.data_ptr<double>();
  double* g = grad.data_ptr<double>();
  for (int64_t i = 0; i < param.numel(); ++i) {
    const double saved = p[i];
    p[i] = saved + h;
    const double plus = net.loss(x, t).item<double>();
    p[i] = saved - h;
    const double minus = net.loss(x, t).item<double>();
    p[i] = saved;
    g[i] = (plus - minus) / (2 * h);
  }
  return grad;
}

int main(int argc, char** argv) {
  std::string data_dir = "data/mnist";
  int64_t images = 3, hidden = 50;
  uint64_t seed = 1;
  bool quick = false;
  CLI::App app{"The seeds' gradient check: numerical against backpropagated gradients of a "
               "two-layer MNIST network, in float64."};
  app.add_option("--data", data_dir, "folder with the MNIST IDX files")->capture_default_str();
  app.add_option("--images", images, "training images in the batch")->capture_default_str();
  app.add_option("--hidden", hidden, "hidden units")->capture_default_str();
  app.add_option("--seed", seed, "seed for the initial weights")->capture_default_str();
  app.add_flag("--quick", quick, "accepted for the test suite (the defaults take seconds)");
  CLI11_PARSE(app, argc, argv);

  auto mnist = examples::load_mnist_or_skip(data_dir, images, 1);
  const Tensor x = mnist.train_x.to(tg::kDouble), t = mnist.train_y;
  tg::manual_seed(seed);
  TwoLayerNet net(784, hidden, 10);
  fmt::print("gradient_check: {} MNIST images, 784 -> {} -> 10 (ReLU, softmax cross-entropy), "
             "float64, central differences with h = 1e-4\n",
             images, hidden);

  net.loss(x, t).backward(); // backprop: every gradient at once
  double worst = 0;
  for (auto [name, param] : {std::pair<const char*, Tensor*>{"W1", &net.W1},
                             {"b1", &net.b1},
                             {"W2", &net.W2},
                             {"b2", &net.b2}}) {
    const Tensor numerical = numerical_gradient(net, *param, x, t);
    const double diff = (param->grad() - numerical).abs().mean().item<double>();
    worst = std::max(worst, diff);
    fmt::print(
        "{}: {:.3e}   (mean |numerical - backprop| over {} values; mean |gradient| {:.3e})\n", name,
        diff, param->numel(), numerical.abs().mean().item<double>());
  }
  fmt::print("largest mean difference {:.3e}: {}\n", worst,
             worst < 1e-6 ? "below 1e-6, backpropagation agrees with the numerical gradient"
                          : "ABOVE 1e-6, something is wrong");
  fmt::print("Why float64: the central difference divides a difference of two losses by 2h = "
             "2e-4; in float32 the losses carry only about 7 significant digits, so the "
             "numerical gradient itself would be off by about 1e-4 and could not check anything "
             "finer.\n");
  return worst < 1e-6 ? 0 : 1;
}
