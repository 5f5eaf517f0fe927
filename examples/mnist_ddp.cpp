// mnist_ddp: mnist_mlp's two-layer network trained data-parallel over MPI. Every rank holds the
// whole model and trains on its own share of each epoch; gradients are averaged across ranks
// after every backward, so all ranks take the same optimizer step.
//
//   mpirun -np 2 build-cc/examples/mnist_ddp                       # 2 processes on this machine
//   mpirun -np 4 --hostfile hosts build-cc/examples/mnist_ddp      # across machines
//   (docs/distributed.md)
//
// --batch-size is per rank: one step sees batch-size x ranks images, so mpirun -np 2 with
// --batch-size 64 follows the same course as mnist_mlp --batch-size 128. Only rank 0 prints and
// writes files.
#include <algorithm>
#include <cstdlib>
#include <fmt/format.h>
#include <optional>
#include <thread>

#include <tapegrad/tapegrad.h>

#include "common/metrics_log.h"
#include "common/mnist_data.h"
#include "common/models.h"
#include "common/options.h"
#include "common/progress.h"
#include "nn/parallel/data_parallel.h"
#include "nn/parallel/distributed.h"

namespace F = tg::nn::functional;
namespace dist = tg::distributed;
using namespace tg::data;

namespace {

/// Ranks started on this machine (Open MPI tells each process), to share its cores among them.
int local_ranks() {
  const char* s = std::getenv("OMPI_COMM_WORLD_LOCAL_SIZE");
  return s ? std::max(1, std::atoi(s)) : 1;
}

/// Test accuracy with each rank classifying a disjoint share of the test set.
template <typename Model, typename Dataset> double sharded_accuracy(Model& model, Dataset dataset) {
  tg::NoGradGuard no_grad;
  model->eval();
  const size_t size = dataset.size().value();
  auto loader = make_data_loader(
      std::move(dataset),
      samplers::DistributedSequentialSampler(size, size_t(dist::world_size()), size_t(dist::rank()),
                                             /*allow_duplicates=*/false),
      DataLoaderOptions(1000));
  auto counts = tg::zeros({2}, tg::kLong); // correct, total
  for (auto& batch : *loader) {
    counts[0] += model->forward(batch.data).argmax(1).eq(batch.target).sum();
    counts[1] += batch.target.size(0);
  }
  dist::all_reduce(counts);
  model->train();
  return double(counts[0].item<int64_t>()) /
         double(std::max<int64_t>(1, counts[1].item<int64_t>()));
}

} // namespace

int main(int argc, char** argv) {
  examples::TrainOptions opt{
      .epochs = 10, .batch_size = 64, .lr = 0.02, .save = "runs/mnist_ddp.tgckpt"};
  int64_t hidden = 256;
  double momentum = 0.9;
  double bucket_mb = 4.0;
  CLI::App app{"Trains mnist_mlp's network data-parallel over MPI; launch with mpirun -np N."};
  examples::add_train_options(app, opt);
  app.get_option("--batch-size")->description("images per optimizer step on each rank");
  app.get_option("--threads")
      ->description("worker threads per rank (0: this machine's cores "
                    "shared among its ranks)");
  app.add_option("--hidden", hidden, "hidden units")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--momentum", momentum, "SGD momentum")->capture_default_str();
  app.add_option("--bucket-mb", bucket_mb, "gradient bucket size in MiB")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  CLI11_PARSE(app, argc, argv);

  dist::init();
  const int rank = dist::rank(), world = dist::world_size();
  const bool lead = rank == 0;
  try {
    if (opt.threads == 0)
      opt.threads = std::max(1, int(std::thread::hardware_concurrency()) / local_ranks());
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
    // The same seed on every rank: one permutation per epoch, cut into disjoint shares.
    auto train_loader =
        make_data_loader(std::move(train_set),
                         samplers::DistributedRandomSampler(train_size, size_t(world), size_t(rank),
                                                            /*allow_duplicates=*/true, opt.seed),
                         DataLoaderOptions().batch_size(size_t(opt.batch_size)).workers(1));

    examples::Mlp model(hidden);
    tg::nn::parallel::DistributedDataParallel ddp(
        model, tg::nn::parallel::DistributedDataParallelOptions().bucket_cap_mb(bucket_mb));
    tg::optim::SGD optimizer(model->parameters(), tg::optim::SGDOptions(opt.lr).momentum(momentum));
    if (lead)
      fmt::print("mnist_ddp: {} ranks x batch {} = global batch {}, {} training images from {}, "
                 "784 -> {} -> 10, SGD lr {} momentum {}, {} gradient bucket(s), {} thread(s) "
                 "per rank\n",
                 world, opt.batch_size, world * opt.batch_size, train_size, opt.data_dir, hidden,
                 opt.lr, momentum, ddp.bucket_numels().size(), opt.threads);

    std::optional<examples::MetricsLog> log;
    if (lead) log.emplace(examples::sibling_path(opt.save, ".csv"));
    const size_t local_size = train_loader->sampler().local_sample_count();
    const size_t batches = (local_size + size_t(opt.batch_size) - 1) / size_t(opt.batch_size);
    double train_seconds = 0;
    for (int epoch = 1; epoch <= opt.epochs; ++epoch) {
      train_loader->sampler().set_epoch(size_t(epoch));
      examples::ProgressBar progress(epoch, opt.epochs, batches);
      auto totals = tg::zeros({3}, tg::kDouble); // loss x images, correct, images
      for (auto& batch : *train_loader) {
        optimizer.zero_grad();
        auto logits = model(batch.data);
        auto loss = F::cross_entropy(logits, batch.target);
        loss.backward();
        ddp.sync_gradients();
        optimizer.step();

        const auto n = batch.target.size(0);
        totals[0] += loss.item<double>() * double(n);
        totals[1] += logits.argmax(1).eq(batch.target).sum().item<double>();
        totals[2] += double(n);
        if (lead) progress.step(size_t(n * world), loss.item<double>()); // images/s for the job
      }
      train_seconds += progress.seconds();
      dist::all_reduce(totals); // over all ranks: the epoch as a whole
      const double seconds = progress.seconds();
      const double test_accuracy = sharded_accuracy(model, test_set);
      if (!lead) continue;
      progress.finish();
      const double images = totals[2].item<double>();
      log->record({epoch, totals[0].item<double>() / images, totals[1].item<double>() / images,
                   test_accuracy, seconds},
                  opt.epochs);
    }

    if (lead) {
      tg::save(model, opt.save, examples::model_metadata("mnist_ddp", opt.dataset));
      fmt::print("training throughput: {:.0f} images/s over {} ranks\n",
                 double(opt.epochs) * double(local_size) * double(world) / train_seconds, world);
      log->report_end("mnist_ddp", opt.save, opt.dataset);
    }
  } catch (const std::exception& e) {
    // Returning would leave the other ranks waiting in their next collective.
    dist::abort(fmt::format("mnist_ddp: {}", e.what()));
  }
}
