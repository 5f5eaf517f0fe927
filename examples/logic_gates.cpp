// logic_gates: the seeds' perceptrons. A perceptron outputs 1 when w1*x1 + w2*x2 + b > 0, else 0.
// With the seeds' weights it computes AND, NAND and OR; XOR is not linearly separable, so no single
// perceptron computes it, but two layers of gates do (XOR = AND(NAND, OR)). Finally a small
// two-layer network with a smooth activation learns XOR from its four examples by gradient descent.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <tapegrad/tapegrad.h>

using tg::Tensor;

// The four inputs in the seeds' row order: (0,0), (1,0), (0,1), (1,1).
Tensor inputs() { return tg::tensor({{0., 0.}, {1., 0.}, {0., 1.}, {1., 1.}}); }

// A layer of perceptrons on every row of x at once: step(x w + b).
Tensor perceptron(const Tensor& x, double w1, double w2, double b) {
  return (tg::matmul(x, tg::tensor({w1, w2})) + b).gt(0).to(tg::kFloat);
}

void print_table(const std::string& gate, const Tensor& x, const Tensor& y) {
  fmt::print("  x1 x2 | {}\n", gate);
  std::string outputs;
  for (int64_t i = 0; i < 4; ++i) {
    const int out = int(y[i].item<float>() > 0.5f);
    fmt::print("   {}  {} | {}\n", int(x[i][0].item<float>()), int(x[i][1].item<float>()), out);
    outputs += fmt::format(" {}", out);
  }
  // One line per gate for scripts: the outputs for (0,0), (1,0), (0,1), (1,1).
  fmt::print("{} truth table:{}\n\n", gate, outputs);
}

int main(int argc, char** argv) {
  bool quick = false;
  int steps = 2000;
  uint64_t seed = 1;
  CLI::App app{"The seeds' AND, NAND and OR perceptrons, XOR from two layers of gates, and XOR "
               "learned by a two-layer network."};
  app.add_option("--steps", steps, "gradient steps for the learned XOR")->capture_default_str();
  app.add_option("--seed", seed, "seed for the learned network's initial weights")
      ->capture_default_str();
  app.add_flag("--quick", quick, "fewer steps (for the test suite)");
  CLI11_PARSE(app, argc, argv);
  if (quick) steps = std::min(steps, 600);

  const Tensor x = inputs();
  fmt::print("AND: w = (0.5, 0.5), b = -0.7\n");
  print_table("AND", x, perceptron(x, 0.5, 0.5, -0.7));
  fmt::print("NAND: w = (-0.5, -0.5), b = 0.7 (AND with every sign flipped)\n");
  print_table("NAND", x, perceptron(x, -0.5, -0.5, 0.7));
  fmt::print("OR: w = (0.5, 0.5), b = -0.2 (a lower threshold than AND)\n");
  print_table("OR", x, perceptron(x, 0.5, 0.5, -0.2));

  fmt::print("XOR from two layers: s1 = NAND(x1, x2), s2 = OR(x1, x2), y = AND(s1, s2)\n");
  const Tensor s = tg::stack({perceptron(x, -0.5, -0.5, 0.7), perceptron(x, 0.5, 0.5, -0.2)}, 1);
  const Tensor xor_gates = perceptron(s, 0.5, 0.5, -0.7);
  fmt::print("  x1 x2 | s1 s2 | y\n");
  for (int64_t i = 0; i < 4; ++i)
    fmt::print("   {}  {} |  {}  {} | {}\n", int(x[i][0].item<float>()), int(x[i][1].item<float>()),
               int(s[i][0].item<float>()), int(s[i][1].item<float>()),
               int(xor_gates[i].item<float>()));
  print_table("XOR (gates)", x, xor_gates);

  // The step function has derivative 0 everywhere it is defined, so gradient descent cannot move
  // a perceptron's weights; the learned network uses tanh, and a sigmoid for the output.
  fmt::print("XOR learned: 2 -> 4 (tanh) -> 1 (sigmoid), binary cross-entropy, Adam lr 0.05, {} "
             "steps\n",
             steps);
  tg::manual_seed(seed);
  tg::nn::Sequential net(tg::nn::Linear(2, 4), tg::nn::Tanh(), tg::nn::Linear(4, 1));
  tg::optim::Adam optimizer(net->parameters(), tg::optim::AdamOptions(0.05));
  const Tensor target = tg::tensor({0.f, 1.f, 1.f, 0.f}).unsqueeze(1);
  for (int step = 1; step <= steps; ++step) {
    optimizer.zero_grad();
    auto loss = tg::nn::functional::binary_cross_entropy_with_logits(net->forward(x), target);
    loss.backward();
    optimizer.step();
    if (step == 1 || step % (steps / 4) == 0)
      fmt::print("  step {:4}: loss {:.4f}\n", step, loss.item<double>());
  }
  tg::NoGradGuard no_grad;
  const Tensor p = tg::sigmoid(net->forward(x)).squeeze(1);
  fmt::print("  x1 x2 | P(y = 1)\n");
  for (int64_t i = 0; i < 4; ++i)
    fmt::print("   {}  {} | {:.3f}\n", int(x[i][0].item<float>()), int(x[i][1].item<float>()),
               p[i].item<float>());
  print_table("XOR (learned)", x, p);
  return 0;
}
