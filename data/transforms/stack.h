#pragma once
// Collation: Stack turns a vector of examples into one example whose data (and target) are
// stacked along a new first dim, the batch a training loop wants.
#include <vector>

#include "autograd/ops/functions.h"
#include "data/example.h"
#include "data/transforms/base.h"

namespace tg::data::transforms {

/// A batch transform that turns a vector of examples (`T`) into one batch (`BatchType`), as
/// torch::data::transforms::Collation.
template <typename BatchType, typename T = std::vector<BatchType>>
using Collation = BatchTransform<T, BatchType>;

template <typename ExampleType = Example<>> struct Stack;

/// Stacks the data tensors and the target tensors of a batch of examples; throws tg::Error (from
/// tg::stack) when their shapes differ.
template <> struct Stack<Example<>> : public Collation<Example<>> {
  /// One Example: data [B, ...] and target [B, ...] for a batch of B examples.
  Example<> apply_batch(std::vector<Example<>> examples) override {
    std::vector<Tensor> data, targets;
    data.reserve(examples.size());
    targets.reserve(examples.size());
    for (auto& e : examples) {
      data.push_back(std::move(e.data));
      targets.push_back(std::move(e.target));
    }
    return {stack(data), stack(targets)};
  }
};

/// Stacks the data tensors of a batch of target-less examples.
template <> struct Stack<TensorExample> : public Collation<TensorExample> {
  /// One TensorExample with data [B, ...].
  TensorExample apply_batch(std::vector<TensorExample> examples) override {
    std::vector<Tensor> data;
    data.reserve(examples.size());
    for (auto& e : examples) data.push_back(std::move(e.data));
    return TensorExample(stack(data));
  }
};

} // namespace tg::data::transforms
