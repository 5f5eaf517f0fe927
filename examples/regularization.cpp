// regularization: the seeds' overfitting experiment. Overfitting needs two things, the seeds say:
// a model with many parameters and little data. So a 7-layer network (6 hidden layers of 100 ReLU
// units, about 130,000 parameters, He initialisation) is trained by SGD (batch 100) on only the
// first 300 MNIST training images. It learns those 300 by heart, train accuracy 100%, while its
// accuracy on the 10,000 test images stays far lower: the gap is overfitting. Then the same
// network, from the same initial weights and with the same batches, twice more:
//   weight decay   the loss gets 1/2 lambda sum W^2 (lambda 0.1): large weights cost something,
//                  so the network cannot bend itself around every training image; it no longer
//                  reaches 100% on them and the gap shrinks;
//   dropout        every step zeroes a random 20% of the hidden units, so no unit can rely on
//                  another; at test time all units work together, like an average of many nets.
// Weight decay clearly narrows the gap (lambda 0.1 is strong: test accuracy drops too); dropout
// at 20% slows the fitting down and, by the end, nudges test accuracy up a little.
// The train and test accuracy curves of the three runs are drawn in one PNG. The seeds' book
// trains 201 epochs at learning rate 0.01; 150 epochs at 0.05 reach the same state in 12 seconds.
#include <CLI/CLI.hpp>
#include <cmath>
#include <fmt/format.h>
#include <fstream>

#include <tapegrad/tapegrad.h>

#include "common/multi_layer_net.h"
#include "common/teaching.h"

using tg::Tensor;

struct Run {
  std::string name;
  double lambda = 0, dropout = 0;
  std::vector<double> train, test; // accuracies at the measured epochs
};

int main(int argc, char** argv) {
  std::string data_dir = "data/mnist", out_dir = "runs";
  int64_t train_images = 300, test_images = 10000, batch = 100;
  int epochs = 150, every = 5;
  double lr = 0.05, lambda = 0.1, dropout = 0.2;
  uint64_t seed = 1;
  bool quick = false;
  CLI::App app{"Overfitting 300 MNIST images with a deep network, then weight decay and dropout."};
  app.add_option("--data", data_dir, "folder with the MNIST IDX files")->capture_default_str();
  app.add_option("--out", out_dir, "folder for the CSV and picture")->capture_default_str();
  app.add_option("--train-images", train_images, "training images (few, to overfit)")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  app.add_option("--test-images", test_images, "test images the accuracy is measured on")
      ->capture_default_str();
  app.add_option("--epochs", epochs, "passes over the training images")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  app.add_option("--every", every, "measure the accuracies every this many epochs")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  app.add_option("--lr", lr, "SGD learning rate")->capture_default_str();
  app.add_option("--lambda", lambda, "weight decay strength")->capture_default_str();
  app.add_option("--dropout", dropout, "dropout probability")->capture_default_str();
  app.add_option("--seed", seed, "seed for the weights and the shuffling")->capture_default_str();
  app.add_flag("--quick", quick, "60 epochs, 2,000 test images (for the test suite)");
  CLI11_PARSE(app, argc, argv);
  if (quick) {
    epochs = 60; // the plain network has learnt the 300 images by heart by then
    test_images = 2000;
  }

  auto mnist = examples::load_mnist_or_skip(data_dir, train_images, test_images);
  fmt::print("regularization: 784 -> 100 x 6 -> 10 (ReLU, He init), SGD lr {} batch {}, {} epochs "
             "on the first {} training images; test accuracy on the first {} test images\n",
             lr, batch, epochs, mnist.train_x.size(0), mnist.test_x.size(0));

  std::vector<Run> runs{{"no regularization", 0, 0, {}, {}},
                        {fmt::format("weight decay (lambda {})", lambda), lambda, 0, {}, {}},
                        {fmt::format("dropout (p {})", dropout), 0, dropout, {}, {}}};
  std::vector<int> measured;
  for (Run& run : runs) {
    tg::manual_seed(seed); // the same initial weights and batch order for every run
    examples::MultiLayerNetOptions options;
    options.dropout = run.dropout;
    tg::nn::Sequential net = examples::multi_layer_net(options);
    tg::optim::SGD sgd(net->parameters(), tg::optim::SGDOptions(lr));
    for (int epoch = 1; epoch <= epochs; ++epoch) {
      examples::train_epoch(net, sgd, mnist.train_x, mnist.train_y, batch, run.lambda);
      if (epoch % every != 0 && epoch != 1 && epoch != epochs) continue;
      run.train.push_back(examples::evaluate(net, mnist.train_x, mnist.train_y));
      run.test.push_back(examples::evaluate(net, mnist.test_x, mnist.test_y));
      if (&run == &runs[0]) measured.push_back(epoch);
    }
    fmt::print("{}: train accuracy {:.4f}, test accuracy {:.4f}, gap {:.4f}\n", run.name,
               run.train.back(), run.test.back(), run.train.back() - run.test.back());
  }
  // Say what this run showed, not what it should have shown.
  const double gap = runs[0].train.back() - runs[0].test.back();
  fmt::print("The plain network is {:.0f} points better on the images it trained on than on new "
             "ones: that gap is the overfitting.\n",
             100 * gap);
  for (size_t r = 1; r < runs.size(); ++r) {
    const double g = runs[r].train.back() - runs[r].test.back();
    fmt::print("With {} the gap is {:.0f} points ({}), test accuracy {} by {:.1f} points.\n",
               runs[r].name, 100 * g, g < gap ? "smaller" : "not smaller",
               runs[r].test.back() >= runs[0].test.back() ? "up" : "down",
               100 * std::abs(runs[r].test.back() - runs[0].test.back()));
  }

  const std::string csv_path = examples::output_path(out_dir, "regularization.csv");
  std::ofstream csv(csv_path, std::ios::trunc);
  csv << "epoch,none_train,none_test,decay_train,decay_test,dropout_train,dropout_test\n";
  for (size_t i = 0; i < measured.size(); ++i) {
    csv << measured[i];
    for (const Run& run : runs) csv << fmt::format(",{:.4f},{:.4f}", run.train[i], run.test[i]);
    csv << "\n";
  }
  csv.close();
  fmt::print("accuracies: {}\n", csv_path);

  // One panel per run, train and test accuracy against the epoch, as the seeds' book draws them.
  std::string body = "set multiplot layout 1,3 title 'overfitting and regularisation'\n"
                     "set xlabel 'epoch'\nset ylabel 'accuracy'\nset yrange [0:1.02]\nset grid\n"
                     "set key bottom right\n";
  for (size_t r = 0; r < runs.size(); ++r)
    body += fmt::format("set title '{0}'\nplot '{1}' skip 1 using 1:{2} with lines lw 2 title "
                        "'train', '' skip 1 using 1:{3} with lines lw 2 title 'test'\n",
                        runs[r].name, csv_path, 2 * r + 2, 2 * r + 3);
  body += "unset multiplot\n";
  examples::gnuplot_png(examples::output_path(out_dir, "regularization.png"), body, 1500, 500);
  return 0;
}
