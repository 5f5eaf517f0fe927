#pragma once
// Samplers for data-parallel training, as torch::data::samplers::DistributedRandomSampler and
// DistributedSequentialSampler: each of `num_replicas` ranks draws a disjoint share of the dataset.
// They need no MPI: the rank and replica count are plain numbers (tg::distributed::rank() and
// world_size() in an MPI job).
//
// With allow_duplicates (the default) every rank gets ceil(size / num_replicas) indices and the
// last shares wrap around to the start, so all ranks run the same number of steps; without it,
// each rank gets floor(size / num_replicas) and the remainder is left out of the epoch.
#include <cstdint>
#include <numeric>
#include <optional>
#include <vector>

#include "autograd/tensor/error.h"

namespace tg::data::samplers {

/// The index range of one rank, shared by both distributed samplers.
class DistributedSampler {
public:
  /// `size` examples split over `num_replicas` ranks, this being `rank`. Throws tg::Error unless
  /// 0 <= rank < num_replicas. Holds no share until a derived class's reset() computes it.
  DistributedSampler(size_t size, size_t num_replicas, size_t rank, bool allow_duplicates)
      : size_(size), num_replicas_(num_replicas), rank_(rank), allow_duplicates_(allow_duplicates) {
    TG_CHECK(num_replicas > 0, "DistributedSampler: num_replicas must be positive");
    TG_CHECK(rank < num_replicas, "DistributedSampler: rank ", rank, " is not below num_replicas ",
             num_replicas);
  }
  /// Selects the epoch whose order reset() produces (the random sampler reshuffles with it).
  void set_epoch(size_t epoch) noexcept { epoch_ = epoch; }
  /// The epoch last set (0 initially).
  size_t epoch() const noexcept { return epoch_; }
  /// Indices this rank visits per epoch.
  size_t local_sample_count() const noexcept {
    return allow_duplicates_ ? (size_ + num_replicas_ - 1) / num_replicas_ : size_ / num_replicas_;
  }
  /// Number of ranks sharing the dataset.
  size_t num_replicas() const noexcept { return num_replicas_; }
  /// This rank, in [0, num_replicas).
  size_t rank() const noexcept { return rank_; }

  /// The next up-to `batch_size` indices of this rank's share, or nullopt once all were given.
  std::optional<std::vector<size_t>> next(size_t batch_size) {
    if (index_ >= local_.size()) return std::nullopt;
    std::vector<size_t> out;
    for (size_t i = 0; i < batch_size && index_ < local_.size(); ++i)
      out.push_back(local_[index_++]);
    return out;
  }
  /// How many indices of the share have been handed out since the last reset.
  size_t index() const noexcept { return index_; }

protected:
  /// Keeps this rank's share of `order` (a permutation of the whole dataset): rank r takes
  /// positions r, r + R, r + 2R, ... so the shares are disjoint and differ by at most one index.
  void take_share(const std::vector<size_t>& order) {
    local_.clear();
    const size_t count = local_sample_count();
    for (size_t i = 0; i < count; ++i) local_.push_back(order[(rank_ + i * num_replicas_) % size_]);
    index_ = 0;
  }

  size_t size_;               ///< Dataset size.
  size_t num_replicas_;       ///< Number of ranks.
  size_t rank_;               ///< This rank.
  bool allow_duplicates_;     ///< Round the share up (wrapping around) instead of down.
  size_t epoch_ = 0;          ///< See set_epoch().
  std::vector<size_t> local_; ///< This rank's indices for the current epoch, in visiting order.
  size_t index_ = 0;          ///< Position in local_.
};

/// A shuffled share, the same permutation on every rank for a given (seed, epoch): call
/// set_epoch(e) before each epoch, or every epoch repeats the order of epoch 0.
class DistributedRandomSampler : public DistributedSampler {
public:
  /// Same arguments as DistributedSampler, plus the `seed` all ranks must share; the share of
  /// epoch 0 is computed here.
  DistributedRandomSampler(size_t size, size_t num_replicas = 1, size_t rank = 0,
                           bool allow_duplicates = true, uint64_t seed = 0)
      : DistributedSampler(size, num_replicas, rank, allow_duplicates), seed_(seed) {
    reset();
  }
  /// Shuffles for the current (seed, epoch), optionally with a new dataset size, and starts over.
  void reset(std::optional<size_t> new_size = std::nullopt) {
    if (new_size) size_ = *new_size;
    std::vector<size_t> order(size_);
    std::iota(order.begin(), order.end(), size_t{0});
    // Fisher-Yates with our own generator: std::shuffle's draws differ between standard libraries,
    // and ranks on different machines must agree on the permutation.
    uint64_t state = seed_ * 0x9E3779B97F4A7C15ULL + epoch_ + 1;
    for (size_t i = size_; i > 1; --i) {
      const uint64_t r = splitmix64(state);
      std::swap(order[i - 1], order[size_t(r % i)]);
    }
    take_share(order);
  }

private:
  static uint64_t splitmix64(uint64_t& s) {
    uint64_t z = (s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  uint64_t seed_;
};

/// The share in dataset order: rank r visits r, r + R, r + 2R, ... (set_epoch changes nothing).
class DistributedSequentialSampler : public DistributedSampler {
public:
  /// Same arguments as DistributedSampler; the share is computed here.
  DistributedSequentialSampler(size_t size, size_t num_replicas = 1, size_t rank = 0,
                               bool allow_duplicates = true)
      : DistributedSampler(size, num_replicas, rank, allow_duplicates) {
    reset();
  }
  /// Recomputes the share, optionally for a new dataset size, and starts over.
  void reset(std::optional<size_t> new_size = std::nullopt) {
    if (new_size) size_ = *new_size;
    std::vector<size_t> order(size_);
    std::iota(order.begin(), order.end(), size_t{0});
    take_share(order);
  }
};

} // namespace tg::data::samplers
