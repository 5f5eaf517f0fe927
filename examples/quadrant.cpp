// quadrant: the seeds' first classifier. Four training points, (2,1), (-1,1), (-1,-1) and (1,-1),
// one in each quadrant, teach a 2 -> 50 -> 4 network (ReLU, softmax) which quadrant a point lies
// in; it is then asked about (2,2), (-2,2), (-2,-2) and (2,-2). As in the seeds: weights drawn
// from a standard normal, biases zero, plain gradient descent with learning rate 0.001 and L2
// regularisation 0.001, 10,000 iterations.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <tapegrad/tapegrad.h>

using tg::Tensor;
namespace F = tg::nn::functional;

int main(int argc, char** argv) {
  int iterations = 10000;
  double lr = 0.001, reg = 0.001;
  int64_t hidden = 50;
  uint64_t seed = 1;
  bool quick = false;
  CLI::App app{"The seeds' 2 -> 50 -> 4 network that classifies points by quadrant."};
  app.add_option("--iterations", iterations, "gradient descent steps")->capture_default_str();
  app.add_option("--lr", lr, "learning rate")->capture_default_str();
  app.add_option("--reg", reg, "L2 regularisation strength")->capture_default_str();
  app.add_option("--hidden", hidden, "hidden units")->capture_default_str();
  app.add_option("--seed", seed, "seed for the initial weights")->capture_default_str();
  app.add_flag("--quick", quick, "2,000 iterations (for the test suite)");
  CLI11_PARSE(app, argc, argv);
  if (quick) iterations = std::min(iterations, 2000);

  const Tensor X = tg::tensor({{2., 1.}, {-1., 1.}, {-1., -1.}, {1., -1.}});
  const Tensor t = tg::tensor({0, 1, 2, 3}); // quadrants I..IV as classes 0..3
  tg::manual_seed(seed);
  Tensor W1 = tg::randn({2, hidden}).requires_grad_(), b1 = tg::zeros({1, hidden}).requires_grad_();
  Tensor W2 = tg::randn({hidden, 4}).requires_grad_(), b2 = tg::zeros({1, 4}).requires_grad_();
  auto forward = [&](const Tensor& x) {
    return tg::matmul(tg::relu(tg::matmul(x, W1) + b1), W2) + b2;
  };

  fmt::print("quadrant: 2 -> {} -> 4, lr {}, reg {}, {} iterations\n", hidden, lr, reg, iterations);
  tg::optim::SGD sgd({W1, b1, W2, b2}, tg::optim::SGDOptions(lr));
  for (int it = 1; it <= iterations; ++it) {
    sgd.zero_grad();
    // The seeds add reg * W to dW, the gradient of reg/2 * |W|^2.
    Tensor loss = F::cross_entropy(forward(X), t) + 0.5 * reg * (W1.pow(2).sum() + W2.pow(2).sum());
    loss.backward();
    sgd.step();
    if (it == 1 || it % (iterations / 5) == 0) {
      tg::NoGradGuard no_grad;
      const Tensor p = tg::softmax(forward(X), 1).gather(1, t.unsqueeze(1)).squeeze(1);
      fmt::print("iteration {:5}: loss {:.4f}, probability of the right quadrant {:.3f} {:.3f} "
                 "{:.3f} {:.3f}\n",
                 it, loss.item<double>(), p[0].item<float>(), p[1].item<float>(),
                 p[2].item<float>(), p[3].item<float>());
    }
  }

  tg::NoGradGuard no_grad;
  const Tensor test = tg::tensor({{2., 2.}, {-2., 2.}, {-2., -2.}, {2., -2.}});
  const Tensor probs = tg::softmax(forward(test), 1);
  fmt::print("probabilities of quadrants I..IV for the test points:\n{}\n", probs);
  for (int64_t k = 0; k < 4; ++k)
    fmt::print("({:g}, {:g}) is in quadrant {}\n", test[k][0].item<float>(),
               test[k][1].item<float>(), probs[k].argmax().item<int64_t>() + 1);
  return 0;
}
