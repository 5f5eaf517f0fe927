#pragma once
// Dataset<Self, SingleExample>: random access to examples, as torch::data::datasets::Dataset, and
// MapDataset, what `dataset.map(transform)` returns.
#include <optional>
#include <utility>
#include <vector>

#include "autograd/array_ref.h"
#include "data/example.h"

namespace tg::data::datasets {

template <typename Source, typename Transform> class MapDataset;

template <typename Self, typename SingleExample = Example<>> class Dataset {
public:
  using ExampleType = SingleExample;
  using BatchType = std::vector<SingleExample>;
  using BatchRequestType = ArrayRef<size_t>;
  virtual ~Dataset() = default;

  virtual SingleExample get(size_t index) = 0;
  virtual std::optional<size_t> size() const = 0;

  /// The examples at `indices`, in order.
  virtual std::vector<SingleExample> get_batch(ArrayRef<size_t> indices) {
    std::vector<SingleExample> batch;
    batch.reserve(indices.size());
    for (size_t i : indices) batch.push_back(get(i));
    return batch;
  }

  /// A dataset whose batches pass through `transform.apply_batch` (Normalize, Stack, ...).
  template <typename Transform> MapDataset<Self, Transform> map(Transform transform) & {
    return MapDataset<Self, Transform>(static_cast<Self&>(*this), std::move(transform));
  }
  template <typename Transform> MapDataset<Self, Transform> map(Transform transform) && {
    return MapDataset<Self, Transform>(std::move(static_cast<Self&>(*this)), std::move(transform));
  }
};

template <typename Source, typename Transform> class MapDataset {
public:
  using SourceBatch = decltype(std::declval<Source&>().get_batch(ArrayRef<size_t>()));
  using BatchType = decltype(std::declval<Transform&>().apply_batch(std::declval<SourceBatch>()));
  using BatchRequestType = ArrayRef<size_t>;

  MapDataset(Source dataset, Transform transform)
      : dataset_(std::move(dataset)), transform_(std::move(transform)) {}

  BatchType get_batch(ArrayRef<size_t> indices) {
    return transform_.apply_batch(dataset_.get_batch(indices));
  }
  std::optional<size_t> size() const { return dataset_.size(); }
  const Source& dataset() const noexcept { return dataset_; }
  const Transform& transform() const noexcept { return transform_; }

  template <typename Next> MapDataset<MapDataset, Next> map(Next transform) && {
    return MapDataset<MapDataset, Next>(std::move(*this), std::move(transform));
  }

private:
  Source dataset_;
  Transform transform_;
};

} // namespace tg::data::datasets
