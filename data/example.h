#pragma once
// Example<Data, Target>: one sample (or one batch) with .data and .target, as torch::data::Example.
#include "autograd/tensor.h"

namespace tg::data {

template <typename Data = Tensor, typename Target = Tensor> struct Example {
  using DataType = Data;
  using TargetType = Target;
  Example() = default;
  Example(Data data, Target target) : data(std::move(data)), target(std::move(target)) {}
  Data data;
  Target target;
};

} // namespace tg::data
