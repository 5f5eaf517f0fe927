// mnist_mlp: the seed documents' two-layer network (784 -> hidden -> 10, ReLU, softmax
// cross-entropy) trained with mini-batch SGD on MNIST or Fashion-MNIST.
//
//   build/examples/mnist_mlp                  # defaults: about 98% test accuracy on MNIST
//   build/examples/mnist_mlp --help
//
// Copy this file as a template: data, model, loss, optimizer and the loop are all here; the
// helpers in common/ only draw the progress bar and write the metrics.
#include <fmt/format.h>

#include <tapegrad/tapegrad.h>

#include "common/metrics_log.h"
#include "common/mnist_data.h"
#include "common/models.h"
#include "common/options.h"
#include "common/progress.h"

namespace F = tg::nn::functional;
using namespace tg::data;

int main(int argc, char** argv) {
  examples::TrainOptions opt{
      .epochs = 10, .batch_size = 64, .lr = 0.02, .save = "runs/mnist_mlp.tgckpt"};
  int64_t hidden = 256;
  double momentum = 0.9;
  CLI::App app{"Trains the seeds' two-layer network (784 -> hidden -> 10) on MNIST with SGD."};
  examples::add_train_options(app, opt);
  app.add_option("--hidden", hidden, "hidden units")->capture_default_str();
  app.add_option("--momentum", momentum, "SGD momentum (0: plain SGD as in the seeds)")
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  try {
    examples::apply_train_options(opt);
    const auto stats = examples::pixel_stats(opt.dataset);
    auto normalize = transforms::Normalize<>(stats.mean, stats.stddev);
    auto train_set = datasets::MNIST(opt.data_dir, datasets::MNIST::Mode::kTrain)
                         .map(normalize)
                         .map(transforms::Stack<>());
    auto test_set = datasets::MNIST(opt.data_dir, datasets::MNIST::Mode::kTest)
                        .map(normalize)
                        .map(transforms::Stack<>());
    const size_t train_size = train_set.size().value();
    auto train_loader = make_data_loader(
        std::move(train_set), DataLoaderOptions().batch_size(size_t(opt.batch_size)).workers(1));

    examples::Mlp model(hidden);
    tg::optim::SGD optimizer(model->parameters(), tg::optim::SGDOptions(opt.lr).momentum(momentum));
    fmt::print("mnist_mlp: {} training images from {}, 784 -> {} -> 10, SGD lr {} momentum {}, "
               "batch {}\n",
               train_size, opt.data_dir, hidden, opt.lr, momentum, opt.batch_size);

    examples::MetricsLog log(examples::sibling_path(opt.save, ".csv"));
    const size_t batches = (train_size + size_t(opt.batch_size) - 1) / size_t(opt.batch_size);
    for (int epoch = 1; epoch <= opt.epochs; ++epoch) {
      examples::ProgressBar progress(epoch, opt.epochs, batches);
      int64_t correct = 0, seen = 0;
      for (auto& batch : *train_loader) {
        optimizer.zero_grad();
        auto logits = model(batch.data);
        auto loss = F::cross_entropy(logits, batch.target);
        loss.backward();
        optimizer.step();

        correct += logits.argmax(1).eq(batch.target).sum().item<int64_t>();
        seen += batch.target.size(0);
        progress.step(size_t(batch.target.size(0)), loss.item<double>());
      }
      const double test_accuracy = examples::accuracy(model, test_set);
      progress.finish();
      log.record({epoch, progress.mean_loss(), double(correct) / double(seen), test_accuracy,
                  progress.seconds()},
                 opt.epochs);
    }

    tg::save(model, opt.save, examples::model_metadata("mnist_mlp", opt.dataset));
    log.report_end("mnist_mlp", opt.save, opt.dataset);
  } catch (const tg::Error& e) {
    fmt::print(stderr, "mnist_mlp: {}\n", e.what());
    return 1;
  }
}
