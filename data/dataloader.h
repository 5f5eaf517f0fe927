#pragma once
// make_data_loader: batches from a dataset in the order a sampler picks, as torch::data's
// StatelessDataLoader. With workers > 0, batches are assembled ahead of the training loop on the
// loader's own threads (up to max_jobs in flight, delivered in order), so loading overlaps with
// the arithmetic of the previous step. The workers are plain std::threads handing batches over
// under one mutex, not oneTBB tasks: they spend their time waiting, which would take a slot from
// the kernels in oneTBB's pool, and ThreadSanitizer can check this hand-over (it cannot see inside
// Debian's uninstrumented libtbb).
#include <condition_variable>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "data/datasets/base.h"
#include "data/samplers.h"
#include "tapegrad/arg.h"

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
  ~StatelessDataLoader() {
    drain();
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    work_ready_.notify_all();
    for (auto& t : threads_) t.join();
  }

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
  size_t max_jobs() const { return options_.max_jobs().value_or(2 * options_.workers()); }
  /// One batch to assemble: filled by a worker, taken by next() once `done`.
  struct Job {
    std::vector<size_t> indices;
    std::optional<Batch> batch;
    std::exception_ptr error;
    bool done = false;
  };

  /// Keeps up to max_jobs batches queued or being assembled by the worker threads.
  void fill() {
    if (options_.workers() == 0) return;
    if (threads_.empty())
      for (size_t i = 0; i < options_.workers(); ++i) threads_.emplace_back([this] { work(); });
    size_t added = 0;
    while (pending_.size() < std::max<size_t>(max_jobs(), 1)) {
      auto idx = next_indices();
      if (!idx) break;
      auto job = std::make_shared<Job>();
      job->indices = std::move(*idx);
      pending_.push_back(job);
      std::lock_guard<std::mutex> lock(mutex_);
      queued_.push_back(std::move(job));
      ++added;
    }
    if (added > 0) work_ready_.notify_all();
  }
  /// A worker thread: assembles queued batches until the loader is destroyed.
  void work() {
    for (;;) {
      std::shared_ptr<Job> job;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        work_ready_.wait(lock, [&] { return stopping_ || !queued_.empty(); });
        if (stopping_) return;
        job = std::move(queued_.front());
        queued_.pop_front();
        ++running_;
      }
      std::optional<Batch> batch;
      std::exception_ptr error;
      try {
        batch.emplace(dataset_.get_batch(job->indices));
      } catch (...) {
        error = std::current_exception();
      }
      {
        std::lock_guard<std::mutex> lock(mutex_);
        job->batch = std::move(batch);
        job->error = error;
        job->done = true;
        --running_;
      }
      job_done_.notify_all();
    }
  }
  std::optional<Batch> next() {
    if (options_.workers() == 0) {
      auto idx = next_indices();
      if (!idx) return std::nullopt;
      return dataset_.get_batch(*idx);
    }
    if (pending_.empty()) return std::nullopt;
    std::shared_ptr<Job> job = std::move(pending_.front());
    pending_.pop_front();
    {
      std::unique_lock<std::mutex> lock(mutex_);
      job_done_.wait(lock, [&] { return job->done; });
    }
    // A loading error reaches the training thread here, as the batch it was meant to be.
    if (job->error) std::rethrow_exception(job->error);
    fill();
    return std::move(job->batch);
  }
  /// Forgets the batches not started and waits for those being assembled (a new epoch, or the end).
  void drain() {
    std::unique_lock<std::mutex> lock(mutex_);
    queued_.clear();
    job_done_.wait(lock, [&] { return running_ == 0; });
    pending_.clear();
  }

  Dataset dataset_;
  Sampler sampler_;
  DataLoaderOptions options_;
  bool exhausted_ = false;
  std::deque<std::shared_ptr<Job>> pending_; // in sampler order: the front is delivered next
  std::mutex mutex_;                         // guards queued_, running_, stopping_ and each Job
  std::condition_variable work_ready_, job_done_;
  std::deque<std::shared_ptr<Job>> queued_; // not yet taken by a worker
  size_t running_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> threads_; // started by the first fill(), joined by the destructor
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
std::unique_ptr<StatelessDataLoader<Dataset, Sampler>>
make_data_loader(Dataset dataset, Sampler sampler, DataLoaderOptions options) {
  return std::make_unique<StatelessDataLoader<Dataset, Sampler>>(std::move(dataset),
                                                                 std::move(sampler), options);
}

} // namespace tg::data
