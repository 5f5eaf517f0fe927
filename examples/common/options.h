#pragma once
// The command-line options every MNIST training example shares, parsed with CLI11.
#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>

#include <tapegrad/tapegrad.h>

namespace examples {

struct TrainOptions {
  int epochs;
  int64_t batch_size;
  double lr;
  int threads = 0; // 0: all hardware threads
  uint64_t seed = 1;
  std::string dataset = "mnist";
  std::string data_dir = {}; // empty: data/<dataset>
  std::string save = {};
};

/// Adds --epochs, --batch-size, --lr, --threads, --seed, --dataset, --data and --save to `app`,
/// with `options`' current values as the defaults shown by --help.
inline void add_train_options(CLI::App& app, TrainOptions& options) {
  app.add_option("--epochs", options.epochs, "passes over the training set")->capture_default_str();
  app.add_option("--batch-size", options.batch_size, "images per optimizer step")
      ->capture_default_str();
  app.add_option("--lr", options.lr, "learning rate")->capture_default_str();
  app.add_option("--threads", options.threads, "worker threads (0: one per core)")
      ->capture_default_str();
  app.add_option("--seed", options.seed, "seed for initialisation and shuffling")
      ->capture_default_str();
  app.add_option("--dataset", options.dataset, "which images: mnist or fashion")
      ->check(CLI::IsMember({"mnist", "fashion"}))
      ->capture_default_str();
  app.add_option(
      "--data", options.data_dir,
      "folder with the IDX files (default: data/<dataset>, filled by scripts/fetch-data)");
  app.add_option("--save", options.save,
                 "where to write the trained model; the metrics go beside it as .csv and .png")
      ->capture_default_str();
}

/// Applies --seed and --threads, and fills in the default data folder.
inline void apply_train_options(TrainOptions& options) {
  tg::manual_seed(options.seed);
  if (options.threads > 0) tg::set_num_threads(options.threads);
  if (options.data_dir.empty()) options.data_dir = "data/" + options.dataset;
}

} // namespace examples
