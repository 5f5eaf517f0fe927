#pragma once
// Samplers decide which indices make up each batch, as torch::data::samplers.
#include <optional>
#include <vector>

#include "autograd/ops/functions.h"

namespace tg::data::samplers {

/// 0, 1, 2, ... in order.
class SequentialSampler {
public:
  /// Samples indices 0 .. size-1.
  explicit SequentialSampler(size_t size) : size_(size) {}
  /// Starts over from index 0, optionally with a new dataset size.
  void reset(std::optional<size_t> new_size = std::nullopt) {
    if (new_size) size_ = *new_size;
    index_ = 0;
  }
  /// The next up-to `batch_size` indices (fewer at the end), or nullopt once all were given.
  std::optional<std::vector<size_t>> next(size_t batch_size) {
    if (index_ >= size_) return std::nullopt;
    std::vector<size_t> out;
    for (size_t i = 0; i < batch_size && index_ < size_; ++i) out.push_back(index_++);
    return out;
  }
  /// How many indices have been handed out since the last reset.
  size_t index() const noexcept { return index_; }

private:
  size_t size_;
  size_t index_ = 0;
};

/// A fresh permutation on every reset, drawn from the global generator (tg::manual_seed).
class RandomSampler {
public:
  /// Samples a permutation of 0 .. size-1; the first one is drawn here.
  explicit RandomSampler(int64_t size) : size_(size) { reset(); }
  /// Draws a new permutation (optionally of a new size) and starts over.
  void reset(std::optional<size_t> new_size = std::nullopt) {
    if (new_size) size_ = int64_t(*new_size);
    Tensor perm = randperm(size_);
    const int64_t* p = perm.data_ptr<int64_t>();
    indices_.assign(p, p + size_);
    index_ = 0;
  }
  /// The next up-to `batch_size` indices of the permutation, or nullopt once all were given.
  std::optional<std::vector<size_t>> next(size_t batch_size) {
    if (index_ >= indices_.size()) return std::nullopt;
    std::vector<size_t> out;
    for (size_t i = 0; i < batch_size && index_ < indices_.size(); ++i) out.push_back(indices_[index_++]);
    return out;
  }
  /// How many indices have been handed out since the last reset.
  size_t index() const noexcept { return index_; }

private:
  int64_t size_;
  std::vector<size_t> indices_;
  size_t index_ = 0;
};

} // namespace tg::data::samplers
