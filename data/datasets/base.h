#pragma once
// Dataset<Self, SingleExample>: random access to examples, as torch::data::datasets::Dataset, and
// MapDataset, what `dataset.map(transform)` returns.
#include <optional>
#include <utility>
#include <vector>

#include "autograd/tensor/array_ref.h"
#include "data/example.h"

namespace tg::data::datasets {

template <typename Source, typename Transform> class MapDataset;

/// Base of a random-access dataset (torch::data::datasets::Dataset, CRTP: `Self` is the derived
/// class). Derive, implement get() and size(), and hand it to make_data_loader.
template <typename Self, typename SingleExample = Example<>> class Dataset {
public:
  using ExampleType = SingleExample;                ///< What get() returns.
  using BatchType = std::vector<SingleExample>;     ///< What get_batch() returns.
  using BatchRequestType = ArrayRef<size_t>;        ///< The indices a sampler hands get_batch().
  virtual ~Dataset() = default;

  /// The example at `index` (0 <= index < *size()).
  virtual SingleExample get(size_t index) = 0;
  /// The number of examples (nullopt for an unsized dataset, which samplers cannot cover).
  virtual std::optional<size_t> size() const = 0;

  /// The examples at `indices`, in order.
  virtual std::vector<SingleExample> get_batch(ArrayRef<size_t> indices) {
    std::vector<SingleExample> batch;
    batch.reserve(indices.size());
    for (size_t i : indices) batch.push_back(get(i));
    return batch;
  }

  /// A dataset whose batches pass through `transform.apply_batch` (Normalize, Stack, ...).
  /// On an lvalue the dataset is copied into the result.
  template <typename Transform> MapDataset<Self, Transform> map(Transform transform) & {
    return MapDataset<Self, Transform>(static_cast<Self&>(*this), std::move(transform));
  }
  /// Same as above, moving the dataset into the result: `MNIST(root).map(Stack<>())`.
  template <typename Transform> MapDataset<Self, Transform> map(Transform transform) && {
    return MapDataset<Self, Transform>(std::move(static_cast<Self&>(*this)), std::move(transform));
  }
};

/// A dataset whose batches are `transform.apply_batch(source.get_batch(indices))`
/// (torch::data::datasets::MapDataset). Made by Dataset::map; maps chain.
template <typename Source, typename Transform> class MapDataset {
public:
  /// What the source's get_batch returns.
  using SourceBatch = decltype(std::declval<Source&>().get_batch(ArrayRef<size_t>()));
  /// What this dataset's get_batch returns: the transform's result.
  using BatchType = decltype(std::declval<Transform&>().apply_batch(std::declval<SourceBatch>()));
  using BatchRequestType = ArrayRef<size_t>; ///< The indices a sampler hands get_batch().

  /// Owns both the source dataset and the transform.
  MapDataset(Source dataset, Transform transform)
      : dataset_(std::move(dataset)), transform_(std::move(transform)) {}

  /// The source's batch at `indices`, passed through the transform.
  BatchType get_batch(ArrayRef<size_t> indices) {
    return transform_.apply_batch(dataset_.get_batch(indices));
  }
  /// The source's size (transforms keep the number of examples).
  std::optional<size_t> size() const { return dataset_.size(); }
  /// The wrapped source dataset.
  const Source& dataset() const noexcept { return dataset_; }
  /// The transform applied to each batch.
  const Transform& transform() const noexcept { return transform_; }

  /// Chains a further transform, applied after this one's.
  template <typename Next> MapDataset<MapDataset, Next> map(Next transform) && {
    return MapDataset<MapDataset, Next>(std::move(*this), std::move(transform));
  }

private:
  Source dataset_;
  Transform transform_;
};

} // namespace tg::data::datasets
