#pragma once
// Transforms of an example's data tensor (the target passes through): subclass TensorTransform and
// override operator()(Tensor), or wrap a function in TensorLambda. Normalize is one of them.
#include <functional>
#include <utility>

#include "autograd/ops/functions.h"
#include "data/example.h"
#include "data/transforms/base.h"

namespace tg::data::transforms {

/// A transform of an example's data tensor; the target passes through unchanged
/// (torch::data::transforms::TensorTransform).
template <typename Target = Tensor>
class TensorTransform : public Transform<Example<Tensor, Target>, Example<Tensor, Target>> {
public:
  using E = Example<Tensor, Target>; ///< The example type transformed.
  /// Transforms one data tensor; override this.
  virtual Tensor operator()(Tensor input) = 0;
  /// Replaces `input.data` by operator()(input.data).
  E apply(E input) override {
    input.data = (*this)(std::move(input.data));
    return input;
  }
};

/// A TensorTransform from a function: `TensorLambda<>([](Tensor x) { return x.flatten(); })`.
template <typename Target = Tensor> class TensorLambda : public TensorTransform<Target> {
public:
  using FunctionType = std::function<Tensor(Tensor)>; ///< The wrapped function's type.
  /// Wraps `function`, applied to each example's data.
  explicit TensorLambda(FunctionType function) : function_(std::move(function)) {}
  /// Calls the wrapped function.
  Tensor operator()(Tensor input) override { return function_(std::move(input)); }

private:
  FunctionType function_;
};

/// (x - mean) / stddev per example; mean and stddev hold one value per channel and broadcast
/// over the spatial dims (one value each for MNIST: Normalize<>(0.1307, 0.3081)).
template <typename Target = Tensor> class Normalize : public TensorTransform<Target> {
public:
  /// One mean and one stddev per channel; stored as float32 [C, 1, 1], so the data must be
  /// [C, H, W] (or broadcast to it).
  Normalize(ArrayRef<double> mean, ArrayRef<double> stddev)
      : mean(tensor(TensorData(mean.vec()), kFloat).view({-1, 1, 1})),
        stddev(tensor(TensorData(stddev.vec()), kFloat).view({-1, 1, 1})) {}
  /// Same as above, one value for all channels.
  Normalize(double mean, double stddev)
      : Normalize(ArrayRef<double>(mean), ArrayRef<double>(stddev)) {}

  /// (input - mean) / stddev, broadcasting per channel.
  Tensor operator()(Tensor input) override { return input.sub(mean).div(stddev); }

  /// Per-channel means, shape [C, 1, 1].
  Tensor mean, stddev; ///< Per-channel standard deviations, shape [C, 1, 1].
};

} // namespace tg::data::transforms
