#pragma once
// Transforms from a function: Lambda maps each example, BatchLambda the whole batch.
#include <functional>
#include <utility>

#include "data/transforms/base.h"

namespace tg::data::transforms {

template <typename Input, typename Output = Input> class Lambda : public Transform<Input, Output> {
public:
  using FunctionType = std::function<Output(Input)>;
  explicit Lambda(FunctionType function) : function_(std::move(function)) {}
  Output apply(Input input) override { return function_(std::move(input)); }

private:
  FunctionType function_;
};

template <typename Input, typename Output = Input>
class BatchLambda : public BatchTransform<Input, Output> {
public:
  using FunctionType = std::function<Output(Input)>;
  explicit BatchLambda(FunctionType function) : function_(std::move(function)) {}
  Output apply_batch(Input input_batch) override { return function_(std::move(input_batch)); }

private:
  FunctionType function_;
};

} // namespace tg::data::transforms
