#pragma once
// Stochastic gradient descent with momentum, dampening, weight decay and Nesterov momentum, as
// torch::optim::SGD (PyTorch's documented update):
//   g ← ∇ + weight_decay·p
//   b ← g on the first step, else momentum·b + (1 − dampening)·g        (when momentum ≠ 0)
//   g ← g + momentum·b if nesterov, else b
//   p ← p − lr·g
#include <utility>
#include <vector>

#include "tapegrad/arg.h"
#include "optim/optimizer.h"

namespace tg::optim {

/// SGDOptions(0.1).momentum(0.9).nesterov(true), as torch::optim::SGDOptions: the learning rate
/// has no default.
struct SGDOptions : public OptimizerCloneableOptions<SGDOptions> {
  /// Implicit, so that `SGD(params, 0.1)` works as in LibTorch.
  SGDOptions(double lr); // NOLINT
  /// The learning rate (required; negative throws tg::Error in the SGD constructor).
  TG_ARG(double, lr);
  /// The momentum factor; 0 (default) is plain SGD and keeps no state.
  TG_ARG(double, momentum) = 0;
  /// The fraction of the gradient withheld from the momentum buffer (default 0).
  TG_ARG(double, dampening) = 0;
  /// L2 penalty: weight_decay·p is added to the gradient (default 0).
  TG_ARG(double, weight_decay) = 0;
  /// Nesterov momentum; needs momentum > 0 and dampening = 0, else tg::Error (default false).
  TG_ARG(bool, nesterov) = false;

public:
  /// Reads every option from a checkpoint (the keys serialize(OutputArchive&) writes).
  void serialize(serialize::InputArchive& archive) override;
  /// Writes every option to a checkpoint, under its own name.
  void serialize(serialize::OutputArchive& archive) const override;
  /// Whether all options are equal.
  friend bool operator==(const SGDOptions& lhs, const SGDOptions& rhs);
  ~SGDOptions() override = default;
  /// lr(), for the schedulers.
  double get_lr() const override { return lr(); }
  /// lr(lr), for the schedulers.
  void set_lr(const double lr) override { this->lr(lr); }
};

/// SGD's per-parameter state, created on the first step() that uses momentum.
struct SGDParamState : public OptimizerCloneableParamState<SGDParamState> {
  /// The momentum buffer b, shaped as the parameter (the first step's gradient initially).
  TG_ARG(Tensor, momentum_buffer);

public:
  /// Reads the fields from a checkpoint.
  void serialize(serialize::InputArchive& archive) override;
  /// Writes the fields to a checkpoint.
  void serialize(serialize::OutputArchive& archive) const override;
  ~SGDParamState() override = default;
};

/// Stochastic gradient descent, as torch::optim::SGD (see the update at the top of this file).
class SGD : public Optimizer {
public:
  /// Param groups without options get a copy of defaults. Throws tg::Error if defaults has a
  /// negative lr, momentum or weight_decay, or nesterov without momentum > 0 and dampening = 0.
  explicit SGD(std::vector<OptimizerParamGroup> param_groups, SGDOptions defaults);
  /// One param group holding params, with defaults as its options.
  explicit SGD(std::vector<Tensor> params, SGDOptions defaults)
      : SGD(std::vector<OptimizerParamGroup>{OptimizerParamGroup(std::move(params))},
            std::move(defaults)) {}

  Tensor step(LossClosure closure = nullptr) override;

protected:
  std::unique_ptr<OptimizerParamState> make_param_state() const override {
    return std::make_unique<SGDParamState>();
  }
};

} // namespace tg::optim
