#pragma once
// The transform hierarchy of torch::data::transforms. A BatchTransform maps a whole batch; a
// Transform maps one example at a time and gets its batch form for free. Dataset::map accepts
// either (and any type with an apply_batch member).
#include <utility>
#include <vector>

namespace tg::data::transforms {

/// Maps a whole batch to another (torch::data::transforms::BatchTransform), e.g. Stack.
template <typename InputBatch, typename OutputBatch> class BatchTransform {
public:
  using InputBatchType = InputBatch;   ///< The batch type taken.
  using OutputBatchType = OutputBatch; ///< The batch type returned.
  virtual ~BatchTransform() = default;
  /// Transforms one batch; the batch is taken by value so it can be consumed.
  virtual OutputBatch apply_batch(InputBatch input_batch) = 0;
};

/// Maps one example at a time (torch::data::transforms::Transform); its batch form applies
/// apply() to each example in order.
template <typename Input, typename Output>
class Transform : public BatchTransform<std::vector<Input>, std::vector<Output>> {
public:
  using InputType = Input;   ///< The example type taken.
  using OutputType = Output; ///< The example type returned.
  /// Transforms one example.
  virtual Output apply(Input input) = 0;

  /// apply() on each example of the batch, in order.
  std::vector<Output> apply_batch(std::vector<Input> input_batch) override {
    std::vector<Output> output_batch;
    output_batch.reserve(input_batch.size());
    for (auto& input : input_batch) output_batch.push_back(apply(std::move(input)));
    return output_batch;
  }
};

} // namespace tg::data::transforms
