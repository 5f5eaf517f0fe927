#pragma once
// make_data_loader: batches from a dataset in the order a sampler picks, as torch::data's
// StatelessDataLoader. With workers > 0, batches are assembled ahead of the training loop on
// oneTBB worker threads (up to max_jobs in flight, delivered in order), so loading overlaps with
// the arithmetic of the previous step.
#include <deque>
#include <future>
#include <memory>
#include <optional>
#include <tbb/task_arena.h>

#include "data/datasets/base.h"
#include "data/samplers.h"
#include "nn/arg.h"

namespace tg::data {

/// Options of a data loader (torch::data::DataLoaderOptions), builder-style:
/// `DataLoaderOptions().batch_size(64).workers(2)`.
struct DataLoaderOptions {
  DataLoaderOptions() = default;
  /// Implicit, so a plain batch size can be passed where options are expected.
  DataLoaderOptions(size_t batch_size) : batch_size_(batch_size) {} // NOLINT: as LibTorch
  /// Examples per batch (default 1; 0 makes the loader throw tg::Error).
  TG_ARG(size_t, batch_size) = 1;
  /// Worker threads assembling batches ahead; 0 (default) loads in the calling thread on demand.
  TG_ARG(size_t, workers) = 0;
  /// Batches in flight at once with workers > 0 (default 2 * workers).
  TG_ARG(std::optional<size_t>, max_jobs);
  /// Accepted for LibTorch compatibility; batches always arrive in sampler order.
  TG_ARG(bool, enforce_ordering) = true;
  /// Drop a final batch smaller than batch_size (default false: it is delivered short).
  TG_ARG(bool, drop_last) = false;
};

/// Iterates over a dataset's batches in the order the sampler picks (torch::data's
/// StatelessDataLoader); made by make_data_loader. One pass per begin(): `for (auto& batch :
/// *loader)`. An exception thrown while loading a batch reaches the loop that asked for it.
template <typename Dataset, typename Sampler> class StatelessDataLoader {
public:
  using Batch = typename Dataset::BatchType; ///< What one step of the loop yields.

  /// Owns the dataset and the sampler. Throws tg::Error if options.batch_size() is 0.
  StatelessDataLoader(Dataset dataset, Sampler sampler, DataLoaderOptions options)
      : dataset_(std::move(dataset)), sampler_(std::move(sampler)), options_(std::move(options)) {
    TG_CHECK(options_.batch_size() > 0, "DataLoader: batch_size must be positive");
  }
  StatelessDataLoader(const StatelessDataLoader&) = delete;
  StatelessDataLoader& operator=(const StatelessDataLoader&) = delete;
  ~StatelessDataLoader() { drain(); }

  /// Single-pass input iterator over the current epoch's batches; it holds the current batch.
  class Iterator {
  public:
    using iterator_category = std::input_iterator_tag; ///< Single pass.
    using value_type = Batch;                          ///< A batch.
    using difference_type = std::ptrdiff_t;            ///< Required by the iterator traits.
    using pointer = Batch*;                            ///< Pointer to the current batch.
    using reference = Batch&;                          ///< Reference to the current batch.
    /// Fetches the first batch unless `at_end` (use begin()/end() instead).
    Iterator(StatelessDataLoader* loader, bool at_end) : loader_(loader) {
      if (!at_end) advance();
    }
    /// The current batch (may be moved from).
    Batch& operator*() { return *current_; }
    /// Member access to the current batch.
    Batch* operator->() { return &*current_; }
    /// Fetches the next batch.
    Iterator& operator++() {
      advance();
      return *this;
    }
    /// Equal only when both are exhausted: meaningful for comparing with end().
    bool operator==(const Iterator& o) const { return !current_ && !o.current_; }
    /// Negation of operator==.
    bool operator!=(const Iterator& o) const { return !(*this == o); }

  private:
    void advance() { current_ = loader_->next(); }
    StatelessDataLoader* loader_;
    std::optional<Batch> current_;
  };

  /// Starts a new epoch: the sampler is reset (a new permutation for RandomSampler).
  Iterator begin() {
    drain();
    sampler_.reset();
    exhausted_ = false;
    fill();
    return Iterator(this, false);
  }
  /// The exhausted iterator.
  Iterator end() { return Iterator(this, true); }
  /// The options given at construction.
  const DataLoaderOptions& options() const noexcept { return options_; }
  /// The sampler, e.g. to call set_epoch() on a distributed sampler before begin().
  Sampler& sampler() noexcept { return sampler_; }

private:
  /// The next sampled indices, or nothing at the end (a short last batch is dropped on request).
  std::optional<std::vector<size_t>> next_indices() {
    if (exhausted_) return std::nullopt;
    auto idx = sampler_.next(options_.batch_size());
    if (!idx || idx->empty() || (options_.drop_last() && idx->size() < options_.batch_size())) {
      exhausted_ = true;
      return std::nullopt;
    }
    return idx;
  }
  size_t max_jobs() const {
    return options_.max_jobs().value_or(2 * options_.workers());
  }
  /// Keeps up to max_jobs batches being assembled on oneTBB threads.
  void fill() {
    if (options_.workers() == 0) return;
    while (pending_.size() < std::max<size_t>(max_jobs(), 1)) {
      auto idx = next_indices();
      if (!idx) break;
      auto task = std::make_shared<std::packaged_task<Batch()>>(
          [this, indices = std::move(*idx)] { return dataset_.get_batch(indices); });
      pending_.push_back(task->get_future());
      arena_.enqueue([task] { (*task)(); });
    }
  }
  std::optional<Batch> next() {
    if (options_.workers() == 0) {
      auto idx = next_indices();
      if (!idx) return std::nullopt;
      return dataset_.get_batch(*idx);
    }
    if (pending_.empty()) return std::nullopt;
    Batch b = pending_.front().get(); // rethrows a loading error here, in the training thread
    pending_.pop_front();
    fill();
    return b;
  }
  void drain() {
    for (auto& f : pending_)
      if (f.valid()) f.wait();
    pending_.clear();
  }

  Dataset dataset_;
  Sampler sampler_;
  DataLoaderOptions options_;
  bool exhausted_ = false;
  std::deque<std::future<Batch>> pending_;
  tbb::task_arena arena_;
};

/// make_data_loader<Sampler>(dataset, options or batch size); RandomSampler by default.
template <typename Sampler = samplers::RandomSampler, typename Dataset>
std::unique_ptr<StatelessDataLoader<Dataset, Sampler>> make_data_loader(Dataset dataset,
                                                                       DataLoaderOptions options) {
  auto size = dataset.size();
  TG_CHECK(size.has_value(), "make_data_loader: the dataset has no size");
  Sampler sampler(*size);
  return std::make_unique<StatelessDataLoader<Dataset, Sampler>>(std::move(dataset),
                                                                 std::move(sampler), options);
}
/// Same as above, with default options except `batch_size`.
template <typename Sampler = samplers::RandomSampler, typename Dataset>
std::unique_ptr<StatelessDataLoader<Dataset, Sampler>> make_data_loader(Dataset dataset,
                                                                       size_t batch_size) {
  return make_data_loader<Sampler>(std::move(dataset), DataLoaderOptions(batch_size));
}
/// Same as above, with a sampler the caller built (e.g. a SequentialSampler, or a
/// DistributedRandomSampler); the dataset need not know its size here.
template <typename Dataset, typename Sampler>
std::unique_ptr<StatelessDataLoader<Dataset, Sampler>> make_data_loader(Dataset dataset, Sampler sampler,
                                                                       DataLoaderOptions options) {
  return std::make_unique<StatelessDataLoader<Dataset, Sampler>>(std::move(dataset),
                                                                 std::move(sampler), options);
}

} // namespace tg::data
