// digits_network: the first experiment of seed 004 ("神经网络基础"). Tariq Rashid's three-layer
// network learns scikit-learn's 8x8 digits: 64 inputs (the pixels scaled to 0.01..1.0), 32 hidden
// and 10 output nodes, sigmoid on both layers, weights drawn from N(0, n_in^-0.5), targets 0.01
// and 0.99, plain SGD on the squared error with learning rate 0.2, one sample at a time for 2
// epochs over the seed's train_test_split(test_size=0.1, random_state=0). It prints the test
// accuracy, as the seed's last line does.
//
// The network is written by hand with matrices, as the seed does (wih, who, the error sent back
// through who^T), and with tapegrad's autograd and nn (two bias-free Linear layers, the loss
// 1/2 sum (target - output)^2, loss.backward(), optim::SGD), all from the same starting weights
// and in float64, seeing the samples in the same order.
//
// Writing it twice shows something the seed does not say: its hand-written rule
// hidden_errors = who^T . output_errors (Rashid's book has it too) is not the exact gradient. The
// chain rule multiplies the output error by the output sigmoid's derivative o(1 - o) before
// sending it back through who^T, as it already does for who's own update. So the program trains
// three copies:
//   1. by hand, the seed's rule;
//   2. by hand, the chain rule (one factor added to the seed's code);
//   3. autograd + nn,
// and shows that 2 and 3 give the same numbers (to rounding), while 1 learns too, by a step that
// is not quite the gradient. In these 2 epochs the seed's rule even learns faster (about 94% test
// accuracy against about 85% over several seeds): leaving out o(1 - o), which is at most 1/4,
// makes the hidden layer's steps up to 4 times larger, as a larger learning rate for that layer
// would.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <tapegrad/tapegrad.h>

#include "common/digits.h"

using tg::Tensor;

namespace {

/// The same network as a Module: Linear(64, 32) and Linear(32, 10) without biases; the Linear
/// weight [out, in] is exactly the seed's wih / who.
struct RashidNetImpl : tg::nn::Module {
  RashidNetImpl(int64_t inputs, int64_t hidden, int64_t outputs)
      : hidden_layer(register_module(
            "hidden", tg::nn::Linear(tg::nn::LinearOptions(inputs, hidden).bias(false)))),
        output_layer(register_module(
            "output", tg::nn::Linear(tg::nn::LinearOptions(hidden, outputs).bias(false)))) {}
  Tensor forward(const Tensor& x) {
    return tg::sigmoid(output_layer(tg::sigmoid(hidden_layer(x))));
  }
  tg::nn::Linear hidden_layer, output_layer;
};
TG_MODULE(RashidNet);

} // namespace

int main(int argc, char** argv) {
  std::string data_dir = "data/digits";
  int epochs = 2;
  double lr = 0.2;
  uint64_t seed = 1;
  bool quick = false;
  CLI::App app{"Seed 004's 64 -> 32 -> 10 sigmoid network on scikit-learn's 8x8 digits, written "
               "by hand with matrices and with autograd + nn, giving the same numbers."};
  app.add_option("--data", data_dir, "folder with digits.csv.gz (scripts/fetch-data digits)")
      ->capture_default_str();
  app.add_option("--epochs", epochs, "passes over the 1,617 training images")
      ->capture_default_str();
  app.add_option("--lr", lr, "learning rate")->capture_default_str();
  app.add_option("--seed", seed, "seed for the initial weights (tg::manual_seed)")
      ->capture_default_str();
  app.add_flag("--quick", quick, "accepted for the test suite (the full run takes a second)");
  CLI11_PARSE(app, argc, argv);

  try {
    const auto data = examples::load_digits_or_skip(data_dir);
    fmt::print("digits_network: {} training and {} test images of 8x8 from {}, 64 -> 32 -> 10 "
               "sigmoid, SGD lr {} on 1/2 sum (target - output)^2, {} epochs of one sample at a "
               "time\n",
               data.train_x.size(0), data.test_x.size(0), data_dir, lr, epochs);

    tg::manual_seed(seed);
    const examples::RashidNetwork initial(64, 32, 10, lr);
    const double before = initial.accuracy(data.test_x, data.test_y);
    auto count = [&](double accuracy) {
      return int64_t(std::lround(accuracy * double(data.test_x.size(0))));
    };

    // 1. By hand, the seed's loop and rule.
    examples::RashidNetwork seed_rule = initial.copy();
    seed_rule.fit(data.train_x, data.train_y, epochs);
    const double seed_accuracy = seed_rule.accuracy(data.test_x, data.test_y);
    fmt::print("1. by hand, the seed's rule (hidden error = who^T . output error):   test accuracy "
               "{:.4f} ({} of {}; {:.4f} before training)\n",
               seed_accuracy, count(seed_accuracy), data.test_x.size(0), before);

    // 2. By hand, the chain rule.
    examples::RashidNetwork chain_rule = initial.copy();
    chain_rule.rule = examples::BackRule::kChainRule;
    chain_rule.fit(data.train_x, data.train_y, epochs);
    const double chain_accuracy = chain_rule.accuracy(data.test_x, data.test_y);
    fmt::print("2. by hand, the chain rule (who^T . (output error * o * (1 - o))):   test accuracy "
               "{:.4f} ({} of {})\n",
               chain_accuracy, count(chain_accuracy), data.test_x.size(0));

    // 3. Autograd: the same samples in the same order; backward() finds what the hand-written
    // train() spells out, optim::SGD takes the step.
    RashidNet net(64, 32, 10);
    net->to(tg::kDouble);
    {
      tg::NoGradGuard no_grad; // start from the very same weights
      net->hidden_layer->weight.copy_(initial.wih);
      net->output_layer->weight.copy_(initial.who);
    }
    tg::optim::SGD optimizer(net->parameters(), tg::optim::SGDOptions(lr));
    for (int e = 0; e < epochs; ++e) {
      for (int64_t i = 0; i < data.train_x.size(0); ++i) {
        Tensor output = net(data.train_x[i]);
        Tensor target = examples::rashid_targets(data.train_y[i].item<int64_t>());
        Tensor loss = 0.5 * (target - output).pow(2).sum();
        optimizer.zero_grad();
        loss.backward();
        optimizer.step();
      }
    }
    tg::NoGradGuard no_grad;
    const Tensor outputs = net(data.test_x);
    const double autograd_accuracy =
        outputs.argmax(1).eq(data.test_y).to(tg::kDouble).mean().item<double>();
    fmt::print("3. autograd + nn (Linear, loss.backward(), optim::SGD):              test accuracy "
               "{:.4f} ({} of {})\n",
               autograd_accuracy, count(autograd_accuracy), data.test_x.size(0));

    // 2 and 3 must agree to rounding: the same arithmetic, in a different order.
    auto outputs_of = [&](const examples::RashidNetwork& n) {
      std::vector<Tensor> rows;
      for (int64_t i = 0; i < data.test_x.size(0); ++i) rows.push_back(n.query(data.test_x[i]));
      return tg::stack(rows);
    };
    auto largest = [](const Tensor& a, const Tensor& b) {
      return (a - b).abs().max().item<double>();
    };
    const double d_wih = largest(net->hidden_layer->weight, chain_rule.wih);
    const double d_who = largest(net->output_layer->weight, chain_rule.who);
    const double d_out = largest(outputs, outputs_of(chain_rule));
    fmt::print("chain rule by hand vs autograd, largest difference: wih {:.3g}, who {:.3g}, test "
               "outputs {:.3g}: {}\n",
               d_wih, d_who, d_out,
               d_out < 1e-9 && chain_accuracy == autograd_accuracy ? "the same numbers"
                                                                   : "they DIFFER");
    fmt::print("seed's rule vs autograd, largest difference: wih {:.3g}, test outputs {:.3g} (the "
               "seed's step is not the exact gradient)\n",
               largest(net->hidden_layer->weight, seed_rule.wih),
               largest(outputs, outputs_of(seed_rule)));
    fmt::print("(the seed's rule leaves out o(1 - o) <= 1/4 on the way back, so its hidden layer "
               "takes larger steps: in 2 epochs it learns faster than the exact gradient)\n");
    fmt::print("test accuracy: {:.4f}\n", seed_accuracy);
  } catch (const tg::Error& e) {
    fmt::print(stderr, "digits_network: {}\n", e.what());
    return 1;
  }
}
