#pragma once
// Transforms from a function: Lambda maps each example, BatchLambda the whole batch.
#include <functional>
#include <utility>

#include "data/transforms/base.h"

namespace tg::data::transforms {

/// A per-example Transform from a function (torch::data::transforms::Lambda).
template <typename Input, typename Output = Input> class Lambda : public Transform<Input, Output> {
public:
  using FunctionType = std::function<Output(Input)>; ///< The wrapped function's type.
  /// Wraps `function`, called once per example.
  explicit Lambda(FunctionType function) : function_(std::move(function)) {}
  /// Calls the wrapped function on one example.
  Output apply(Input input) override { return function_(std::move(input)); }

private:
  FunctionType function_;
};

/// A BatchTransform from a function (torch::data::transforms::BatchLambda).
template <typename Input, typename Output = Input>
class BatchLambda : public BatchTransform<Input, Output> {
public:
  using FunctionType = std::function<Output(Input)>; ///< The wrapped function's type.
  /// Wraps `function`, called once per batch.
  explicit BatchLambda(FunctionType function) : function_(std::move(function)) {}
  /// Calls the wrapped function on the whole batch.
  Output apply_batch(Input input_batch) override { return function_(std::move(input_batch)); }

private:
  FunctionType function_;
};

} // namespace tg::data::transforms
