#pragma once
// Example<Data, Target>: one sample (or one batch) with .data and .target, as torch::data::Example.
#include "autograd/tensor/tensor.h"

namespace tg::data {

/// One sample, or one batch after Stack, with its label (torch::data::Example).
template <typename Data = Tensor, typename Target = Tensor> struct Example {
  using DataType = Data;     ///< Type of data.
  using TargetType = Target; ///< Type of target.
  Example() = default;
  /// An example with both parts.
  Example(Data data, Target target) : data(std::move(data)), target(std::move(target)) {}
  Data data;     ///< The input (an image tensor, ...).
  Target target; ///< The label the model should predict.
};

namespace example {
/// The target type of an example that has none (unsupervised data), as LibTorch spells it.
using NoTarget = void;
} // namespace example

/// An example without a target (unsupervised data); converts to and from its data.
template <typename Data> struct Example<Data, example::NoTarget> {
  using DataType = Data;                ///< Type of data.
  using TargetType = example::NoTarget; ///< No target: void.
  Example() = default;
  /// Wraps `data`; implicit, as in LibTorch.
  Example(Data data) : data(std::move(data)) {} // NOLINT: implicit, as in LibTorch
  /// The data, so the example can be used where a Data is expected.
  operator Data&() { return data; }
  /// Same as above, for a const example.
  operator const Data&() const { return data; }
  Data data; ///< The input.
};

/// An example with data only, for unsupervised data or inference (torch::data::TensorExample).
using TensorExample = Example<Tensor, example::NoTarget>;

} // namespace tg::data
