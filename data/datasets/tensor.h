#pragma once
// TensorDataset: the rows of one tensor as unlabelled examples
// (torch::data::datasets::TensorDataset).
#include <utility>
#include <vector>

#include "autograd/tensor/error.h"
#include "autograd/ops/functions.h"
#include "data/datasets/base.h"

namespace tg::data::datasets {

/// The slices of one tensor along its first dim as unlabelled examples
/// (torch::data::datasets::TensorDataset).
struct TensorDataset : public Dataset<TensorDataset, TensorExample> {
  /// The tensors stacked along a new first dim: example i is tensors[i].
  explicit TensorDataset(const std::vector<Tensor>& tensors) : TensorDataset(stack(tensors)) {}
  /// Example i is tensor[i].
  explicit TensorDataset(Tensor tensor) : tensor(std::move(tensor)) {
    TG_CHECK(this->tensor.dim() > 0,
             "TensorDataset: expected a tensor with a first (example) dim, got a scalar");
  }

  /// tensor[index] (a view); tg::Error if `index` is out of range.
  TensorExample get(size_t index) override {
    TG_CHECK(int64_t(index) < tensor.size(0), "TensorDataset: index ", index,
             " is out of range for ", tensor.size(0), " examples");
    return tensor[int64_t(index)];
  }
  /// tensor.size(0).
  std::optional<size_t> size() const override { return size_t(tensor.size(0)); }

  Tensor tensor; ///< All examples, stacked along dim 0.
};

} // namespace tg::data::datasets
