// two_layer_graph: backward through a two-layer network small enough to follow number by number,
// for the chain-rule part of the tutorial. One input x = [1, 2] goes through
//
//   h = sigmoid(x · W1 + b1)        W1 [2, 3], b1 [3]
//   y = h · W2 + b2                 W2 [3, 1], b2 [1]
//   loss = mean((y − t)²) + 0.01 · Σ W1 ⊙ W1      (squared error plus weight decay on W1)
//
// W1 is used three times (by the matmul and twice by W1 ⊙ W1), so its gradient is the sum of
// three contributions, which the engine adds up before W1's accumulator runs; b1's gradient is
// the arriving [1, 3] gradient summed back to b1's shape [3] (broadcasting undone). The program
// prints every gradient and writes two_layer_graph.html, the page that steps through backward
// node by node (and two_layer_graph.dot / .svg, the finished drawing).
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <tapegrad/tapegrad.h>

#include "common/teaching.h"

using tg::Tensor;

int main(int argc, char** argv) {
  std::string out_dir = "runs";
  bool quick = false;
  CLI::App app{"A two-layer network's backward pass, gradient by gradient, drawn as a page that "
               "steps through it."};
  app.add_option("--out", out_dir, "folder for two_layer_graph.html, .dot and .svg")
      ->capture_default_str();
  app.add_flag("--quick", quick, "accepted for the test suite (this example is always quick)");
  CLI11_PARSE(app, argc, argv);

  try {
    auto opts = tg::TensorOptions().dtype(tg::kDouble);
    auto leaf = [&](std::vector<double> v, std::vector<int64_t> shape, const char* name) {
      Tensor t = tg::tensor(v, opts).view(shape).clone().requires_grad_(true);
      t.set_name(name);
      return t;
    };
    const Tensor x = tg::tensor(std::vector<double>{1.0, 2.0}, opts).view({1, 2});
    const Tensor t = tg::tensor(std::vector<double>{1.0}, opts).view({1, 1});
    Tensor W1 = leaf({0.1, -0.2, 0.3, 0.4, 0.6, -0.5}, {2, 3}, "W1");
    Tensor b1 = leaf({0.0, 0.1, -0.1}, {3}, "b1");
    Tensor W2 = leaf({0.7, -0.8, 0.9}, {3, 1}, "W2");
    Tensor b2 = leaf({0.2}, {1}, "b2");

    Tensor h = tg::sigmoid(tg::matmul(x, W1) + b1);
    Tensor y = tg::matmul(h, W2) + b2;
    Tensor mse = (y - t).pow(2).mean();
    Tensor decay = 0.01 * (W1 * W1).sum();
    Tensor loss = mse + decay;
    h.set_name("h");
    y.set_name("y");
    mse.set_name("mse");
    decay.set_name("decay");
    loss.set_name("loss");
    fmt::print("forward: h = {}, y = {:.6g}, loss = {:.6g} (squared error {:.6g} + decay {:.6g})\n",
               tg::autograd::detail::dot_value_text(h, 3), y.item<double>(), loss.item<double>(),
               mse.item<double>(), decay.item<double>());

    const auto drawing = tg::autograd::DotOptions().max_elements(6).title(
        "loss = mean((sigmoid(x·W1 + b1)·W2 + b2 − t)²) + 0.01·ΣW1²");
    examples::write_backward_page(examples::output_path(out_dir, "two_layer_graph.html"), loss,
                                  drawing);

    tg::autograd::retain_grads(loss);
    loss.backward();
    auto show = [](const Tensor& g) { return tg::autograd::detail::dot_value_text(g, 6); };
    fmt::print("d loss / d W2 = {}\nd loss / d b2 = {}\nd loss / d W1 = {}\nd loss / d b1 = {}\n",
               show(W2.grad()), show(b2.grad()), show(W1.grad()), show(b1.grad()));
    // W1's gradient, from its three uses: through the network, and twice through W1 ⊙ W1.
    const Tensor through_network = W1.grad() - 0.02 * W1.detach();
    fmt::print("W1's gradient is the sum of its uses: {} (through h) + 2 x 0.01 x W1 = {} "
               "(through the decay)\n",
               show(through_network), show(0.02 * W1.detach()));
    examples::write_dot(
        examples::output_path(out_dir, "two_layer_graph.dot"),
        tg::autograd::to_dot(loss, tg::autograd::DotOptions(drawing).values(true).grads(true)));
  } catch (const tg::Error& e) {
    fmt::print(stderr, "two_layer_graph: {}\n", e.what());
    return 1;
  }
}
