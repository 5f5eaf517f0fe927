#pragma once
// Subset and random_split: part of a dataset picked by index, and a dataset cut at random into
// parts (torch.utils.data.random_split; LibTorch has no C++ form). The seeds hold out 20% of the
// MNIST training images as a validation set for tuning hyper-parameters:
//
//   auto parts = tg::data::datasets::random_split(MNIST(root), {0.8, 0.2});
//   auto train = parts[0], validation = parts[1];
#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "autograd/ops/functions.h"
#include "data/datasets/base.h"

namespace tg::data::datasets {

/// The examples of `Source` at `indices`, in that order. Holds the source by value: datasets
/// such as MNIST share their tensors when copied, so several subsets of one source are cheap.
template <typename Source>
class Subset : public Dataset<Subset<Source>, typename Source::ExampleType> {
public:
  using ExampleType = typename Source::ExampleType; ///< Same as the source's.

  /// Throws tg::Error if an index is not below the source's size (which must be known).
  Subset(Source source, std::vector<size_t> indices)
      : source_(std::move(source)), indices_(std::move(indices)) {
    const size_t n = source_.size().value();
    for (size_t i : indices_)
      TG_CHECK(i < n, "Subset: index ", i, " out of range for a dataset of ", n, " examples");
  }

  /// The source's example at indices()[index]; tg::Error if `index` is out of range.
  ExampleType get(size_t index) override {
    TG_CHECK(index < indices_.size(), "Subset::get: index ", index, " out of range for ",
             indices_.size(), " examples");
    return source_.get(indices_[index]);
  }
  /// The number of indices.
  std::optional<size_t> size() const override { return indices_.size(); }
  /// The source indices, in visiting order.
  const std::vector<size_t>& indices() const noexcept { return indices_; }
  /// The source dataset.
  const Source& dataset() const noexcept { return source_; }

private:
  Source source_;
  std::vector<size_t> indices_;
};

/// Cuts `dataset` into parts after a random permutation drawn from the global generator (so
/// tg::manual_seed fixes it). `lengths` are either example counts that add up to the dataset's
/// size, or fractions that add up to 1, as in PyTorch: {0.8, 0.2} gives 80% and 20%, with the
/// examples left over by rounding down dealt one each to the parts in turn.
template <typename Source>
std::vector<Subset<Source>> random_split(Source dataset, const std::vector<double>& lengths) {
  const size_t n = dataset.size().value();
  TG_CHECK(!lengths.empty(), "random_split: no lengths given");
  const double total = std::accumulate(lengths.begin(), lengths.end(), 0.0);
  const bool fractions =
      std::abs(total - 1.0) < 1e-9 &&
      std::all_of(lengths.begin(), lengths.end(), [](double f) { return f <= 1; });
  std::vector<size_t> counts;
  for (double l : lengths) {
    TG_CHECK(l >= 0, "random_split: negative length ", l);
    if (fractions) {
      counts.push_back(size_t(std::floor(l * double(n))));
    } else {
      TG_CHECK(l == std::floor(l),
               "random_split: lengths must be whole counts or fractions that "
               "add up to 1, got ",
               l);
      counts.push_back(size_t(l));
    }
  }
  size_t assigned = std::accumulate(counts.begin(), counts.end(), size_t(0));
  for (size_t i = 0; fractions && assigned < n; i = (i + 1) % counts.size(), ++assigned)
    ++counts[i];
  TG_CHECK(assigned == n, "random_split: the lengths add up to ", assigned, " but the dataset has ",
           n, " examples");

  Tensor perm = randperm(int64_t(n));
  const int64_t* p = perm.data_ptr<int64_t>();
  std::vector<Subset<Source>> parts;
  size_t offset = 0;
  for (size_t count : counts) {
    parts.emplace_back(dataset, std::vector<size_t>(p + offset, p + offset + count));
    offset += count;
  }
  return parts;
}

} // namespace tg::data::datasets
