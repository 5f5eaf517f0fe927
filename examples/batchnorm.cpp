// batchnorm: the seeds' batch normalisation experiment. Batch norm rescales each hidden layer's
// pre-activations over the mini-batch to mean 0 and variance 1 (then lets the network learn a scale
// gamma and shift beta), so the activations keep a useful spread whatever the initial weights;
// the seeds list its advantages: faster learning, less dependence on the initial values, less
// overfitting. To see the second one, a 6-layer network (5 hidden layers of 100 ReLU units) is
// trained by SGD (lr 0.01, batch 100, 20 epochs) on the first 1,000 MNIST training images, once
// without and once with BatchNorm1d after every hidden Linear, for initial weight stds from 1 down
// to 0.0001 on a log scale (the seeds' book uses 16 of them; 9 here keep it well under a minute):
//   std too small   the signal fades layer by layer, the gradients vanish and the plain network
//                   stays at chance (about 10%); with batch norm every layer's input is
//                   rescaled, so it learns anyway;
//   std too large   the plain network's activations and gradients blow up; batch norm tames them
//                   (the last layer has none, so it still learns more slowly there);
//   in between      the plain network learns only in a narrow band of scales (0.3 here), where
//                   it may even beat batch norm in 20 epochs.
// Batch norm's epsilon is the seeds' book's 1e-6, not LibTorch's 1e-5: at std 0.0001 a layer's
// pre-activations have a variance near 1e-7, and dividing by sqrt(1e-7 + 1e-5) instead of
// sqrt(1e-7) would leave them far from variance 1 (try --eps 1e-5).
// The printed table and the PNG (one panel per std, training accuracy against the epoch) show it.
#include <CLI/CLI.hpp>
#include <cmath>
#include <fmt/format.h>
#include <fstream>

#include <tapegrad/tapegrad.h>

#include "common/multi_layer_net.h"
#include "common/teaching.h"

using tg::Tensor;

/// Trains a fresh network and returns its training accuracy after each epoch.
std::vector<double> train(const examples::MnistTensors& mnist, double stddev, bool batchnorm,
                          double eps, int epochs, double lr, uint64_t seed) {
  tg::manual_seed(seed); // the same initial weights and batches with and without batch norm
  examples::MultiLayerNetOptions options;
  options.hidden = {100, 100, 100, 100, 100};
  options.weight_init_std = stddev;
  options.batchnorm = batchnorm;
  options.batchnorm_eps = eps;
  tg::nn::Sequential net = examples::multi_layer_net(options);
  tg::optim::SGD sgd(net->parameters(), tg::optim::SGDOptions(lr));
  std::vector<double> curve;
  for (int epoch = 0; epoch < epochs; ++epoch) {
    examples::train_epoch(net, sgd, mnist.train_x, mnist.train_y, 100);
    // A network whose weights overflowed to NaN predicts garbage; argmax of NaNs is not a guess
    // worth counting, so it scores 0.
    bool finite = true;
    for (const auto& p : net->parameters())
      finite = finite && std::isfinite(p.abs().sum().item<double>());
    curve.push_back(finite ? examples::evaluate(net, mnist.train_x, mnist.train_y) : 0.0);
  }
  return curve;
}

int main(int argc, char** argv) {
  std::string data_dir = "data/mnist", out_dir = "runs";
  int64_t train_images = 1000;
  int epochs = 20, scales = 9;
  double lr = 0.01, eps = 1e-6;
  uint64_t seed = 1;
  bool quick = false;
  CLI::App app{"Training with and without batch normalisation at several initial weight scales."};
  app.add_option("--data", data_dir, "folder with the MNIST IDX files")->capture_default_str();
  app.add_option("--out", out_dir, "folder for the CSV and picture")->capture_default_str();
  app.add_option("--train-images", train_images, "training images")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  app.add_option("--epochs", epochs, "passes over the training images")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  app.add_option("--scales", scales, "initial weight stds, from 1 to 0.0001 on a log scale")
      ->check(CLI::Range(2, 32))
      ->capture_default_str();
  app.add_option("--lr", lr, "SGD learning rate")->capture_default_str();
  app.add_option("--eps", eps, "batch norm's epsilon")->capture_default_str();
  app.add_option("--seed", seed, "seed for the weights and the shuffling")->capture_default_str();
  app.add_flag("--quick", quick, "3 scales (1, 0.01, 0.0001), 10 epochs (for the test suite)");
  CLI11_PARSE(app, argc, argv);
  if (quick) {
    scales = 3;
    epochs = 10;
  }

  auto mnist = examples::load_mnist_or_skip(data_dir, train_images, 1);
  fmt::print("batchnorm: 784 -> 100 x 5 -> 10 (ReLU), SGD lr {} batch 100, {} epochs on the first "
             "{} training images; training accuracy after the last epoch:\n",
             lr, epochs, mnist.train_x.size(0));
  fmt::print("  weight std | without batch norm | with batch norm\n");

  const std::string csv_path = examples::output_path(out_dir, "batchnorm.csv");
  std::ofstream csv(csv_path, std::ios::trunc);
  csv << "scale,std,epoch,plain,batchnorm\n"; // scale: the row of the table, from 0
  std::vector<double> stds;
  int plain_learnt = 0, normed_learnt = 0; // scales that reach 50% training accuracy
  for (int k = 0; k < scales; ++k) {
    const double stddev = std::pow(10.0, -4.0 * k / (scales - 1)); // np.logspace(0, -4, scales)
    stds.push_back(stddev);
    const auto plain = train(mnist, stddev, false, eps, epochs, lr, seed);
    const auto normed = train(mnist, stddev, true, eps, epochs, lr, seed);
    fmt::print("  {:10.4g} | {:18.4f} | {:15.4f}\n", stddev, plain.back(), normed.back());
    plain_learnt += plain.back() >= 0.5;
    normed_learnt += normed.back() >= 0.5;
    for (int e = 0; e < epochs; ++e)
      csv << fmt::format("{},{:.6g},{},{:.4f},{:.4f}\n", k, stddev, e + 1, plain[size_t(e)],
                         normed[size_t(e)]);
  }
  csv.close();
  fmt::print("accuracies per epoch: {}\n", csv_path);
  fmt::print("{} of {} initial scales reach 50% training accuracy without batch norm, {} with it "
             "(0 means the weights overflowed to NaN).\n",
             plain_learnt, scales, normed_learnt);

  // One panel per std, as the seeds' book draws them: both training curves against the epoch.
  const int columns = scales <= 4 ? scales : 3, rows = (scales + columns - 1) / columns;
  std::string body = fmt::format("set multiplot layout {},{} title 'training accuracy, without "
                                 "(dashed) and with batch norm'\nset yrange [0:1]\nset grid\n"
                                 "set key bottom right font ',8'\nset tics font ',8'\n",
                                 rows, columns);
  for (size_t k = 0; k < stds.size(); ++k)
    body += fmt::format("set title 'weight std {:.4g}'\nplot '{}' skip 1 using ($1 == {} ? $3 : "
                        "1/0):4 with lines dt 2 lw 2 title 'plain', '' skip 1 using ($1 == {} ? $3 "
                        ": 1/0):5 with lines lw 2 title 'batch norm'\n",
                        stds[k], csv_path, k, k);
  body += "unset multiplot\n";
  examples::gnuplot_png(examples::output_path(out_dir, "batchnorm.png"), body, 400 * columns,
                        300 * rows);
  return 0;
}
