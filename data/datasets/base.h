#pragma once
// Dataset<Self, SingleExample>: random access to examples, as torch::data::datasets::Dataset.
#include <optional>
#include <vector>

#include "autograd/array_ref.h"
#include "data/example.h"

namespace tg::data::datasets {

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
};

} // namespace tg::data::datasets
