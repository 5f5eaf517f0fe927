// hyperparameter_search: the seeds' recipe for tuning hyper-parameters.
//   1. Hold out part of the training data as a validation set. Hyper-parameters are judged on it,
//      never on the test set: a test set used for choosing would no longer measure how the
//      final model does on data it has never influenced.
//   2. Give each hyper-parameter a rough range on a log scale, since only its order of magnitude
//      matters at first: learning rate 1e-6 .. 1e-2, weight decay 1e-8 .. 1e-4.
//   3. Draw values at random from those ranges (random search covers each hyper-parameter more
//      finely than a grid of the same size), train briefly, score on the validation set.
//   4. Repeat, then narrow the ranges around the best results and search again.
// This program does steps 1 to 3 on the first 500 MNIST training images, split 80/20 at random
// into 400 for training and 100 for validation (tg::data::datasets::random_split), with the
// seeds' 7-layer network (6 hidden layers of 100 ReLU units) and SGD, weight decay being the
// optimizer's (SGDOptions().weight_decay adds lambda W to every gradient). The seeds' book runs 100
// trials of 50 epochs; 30 trials keep this under a minute. The trials are listed best first; the
// PNG plots validation accuracy against learning rate and weight decay, where the band of good
// learning rates stands out and the weight decay hardly matters.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <fstream>
#include <numeric>
#include <random>

#include <tapegrad/tapegrad.h>

#include "common/multi_layer_net.h"
#include "common/teaching.h"

using tg::Tensor;
using namespace tg::data::datasets;

/// A dataset's images as float [N, 784] and labels as int64 [N], for training on tensors.
template <typename Dataset> std::pair<Tensor, Tensor> to_tensors(Dataset& dataset) {
  std::vector<Tensor> images, labels;
  for (size_t i = 0; i < dataset.size().value(); ++i) {
    auto example = dataset.get(i);
    images.push_back(example.data.flatten());
    labels.push_back(example.target);
  }
  return {tg::stack(images), tg::stack(labels)};
}

struct Trial {
  double lr, weight_decay, val_accuracy;
};

int main(int argc, char** argv) {
  std::string data_dir = "data/mnist", out_dir = "runs";
  int64_t images = 500;
  int trials = 30, epochs = 50;
  uint64_t seed = 1;
  bool quick = false;
  CLI::App app{"Random search of learning rate and weight decay on a validation split."};
  app.add_option("--data", data_dir, "folder with the MNIST IDX files")->capture_default_str();
  app.add_option("--out", out_dir, "folder for the CSV and picture")->capture_default_str();
  app.add_option("--images", images, "training images, 80% to train and 20% to validate")
      ->check(CLI::Range(10, 60000))
      ->capture_default_str();
  app.add_option("--trials", trials, "random draws of the hyper-parameters")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  app.add_option("--epochs", epochs, "epochs per trial")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  app.add_option("--seed", seed, "seed for the draws, the split, the weights and the batches")
      ->capture_default_str();
  app.add_flag("--quick", quick, "8 trials of 20 epochs (for the test suite)");
  CLI11_PARSE(app, argc, argv);
  if (quick) {
    trials = 8;
    epochs = 20;
  }

  examples::require_mnist_or_skip(data_dir);
  MNIST mnist(data_dir, MNIST::Mode::kTrain);
  std::vector<size_t> first(size_t(std::min<int64_t>(images, int64_t(mnist.size().value()))));
  std::iota(first.begin(), first.end(), size_t(0));
  tg::manual_seed(seed);
  auto parts = random_split(Subset<MNIST>(mnist, first), {0.8, 0.2});
  const auto [train_x, train_y] = to_tensors(parts[0]);
  const auto [val_x, val_y] = to_tensors(parts[1]);
  fmt::print("hyperparameter_search: {} trials of {} epochs, 784 -> 100 x 6 -> 10 (ReLU, He "
             "init), SGD batch 100; {} training and {} validation images from the first {} of "
             "MNIST\n",
             trials, epochs, train_x.size(0), val_x.size(0), first.size());

  // The draws come from their own generator, so they do not depend on how many random numbers
  // the training used.
  std::mt19937_64 draw(seed);
  std::uniform_real_distribution<double> lr_exponent(-6, -2), decay_exponent(-8, -4);
  std::vector<Trial> results;
  for (int t = 0; t < trials; ++t) {
    const double lr = std::pow(10.0, lr_exponent(draw));
    const double weight_decay = std::pow(10.0, decay_exponent(draw));
    tg::manual_seed(seed + uint64_t(t)); // each trial its own initial weights and batches
    tg::nn::Sequential net = examples::multi_layer_net({});
    tg::optim::SGD sgd(net->parameters(), tg::optim::SGDOptions(lr).weight_decay(weight_decay));
    for (int epoch = 0; epoch < epochs; ++epoch)
      examples::train_epoch(net, sgd, train_x, train_y, 100);
    results.push_back({lr, weight_decay, examples::evaluate(net, val_x, val_y)});
    fmt::print("trial {:2}: lr {:.3e}, weight decay {:.3e} -> validation accuracy {:.2f}\n", t + 1,
               lr, weight_decay, results.back().val_accuracy);
  }

  std::stable_sort(results.begin(), results.end(),
                   [](const Trial& a, const Trial& b) { return a.val_accuracy > b.val_accuracy; });
  fmt::print("\n=========== hyper-parameter search result (best first) ===========\n");
  for (size_t k = 0; k < results.size(); ++k)
    fmt::print("Best-{} (val acc: {:.2f}) | lr: {:.3e}, weight decay: {:.3e}\n", k + 1,
               results[k].val_accuracy, results[k].lr, results[k].weight_decay);
  // Step 4 of the recipe: where to look next, from the trials that got at least half as far as
  // the best one.
  double lo = 1, hi = 0;
  int good = 0;
  for (const Trial& t : results)
    if (t.val_accuracy >= results[0].val_accuracy / 2) {
      lo = std::min(lo, t.lr);
      hi = std::max(hi, t.lr);
      ++good;
    }
  fmt::print("{} trials reach at least half the best validation accuracy; their learning rates "
             "run from {:.1e} to {:.1e}: search there next.\n",
             good, lo, hi);

  const std::string csv_path = examples::output_path(out_dir, "hyperparameter_search.csv");
  std::ofstream csv(csv_path, std::ios::trunc);
  csv << "rank,lr,weight_decay,val_accuracy\n";
  for (size_t k = 0; k < results.size(); ++k)
    csv << fmt::format("{},{:.6e},{:.6e},{:.4f}\n", k + 1, results[k].lr, results[k].weight_decay,
                       results[k].val_accuracy);
  csv.close();
  fmt::print("trials: {}\n", csv_path);
  examples::gnuplot_png(
      examples::output_path(out_dir, "hyperparameter_search.png"),
      fmt::format(
          "set multiplot layout 1,2 title 'random search: validation accuracy'\n"
          "set logscale x\nset format x '10^{{%L}}'\nset yrange [0:1]\nset grid\nunset key\n"
          "set ylabel 'validation accuracy'\n"
          "set title 'learning rate'\nplot '{0}' skip 1 using 2:4 with points pt 7 ps 1.2\n"
          "set title 'weight decay'\nplot '{0}' skip 1 using 3:4 with points pt 7 ps 1.2\n"
          "unset multiplot\n",
          csv_path),
      1200, 500);
  return 0;
}
