#pragma once
// RMSprop, as torch::optim::RMSprop (PyTorch's documented update):
//   g ← ∇ + weight_decay·p
//   v ← alpha·v + (1 − alpha)·g²
//   centered: a ← alpha·a + (1 − alpha)·g,   avg = √(v − a²) + eps;   else avg = √v + eps
//   momentum > 0: b ← momentum·b + g / avg,  p ← p − lr·b;            else p ← p − lr·g / avg
#include <utility>
#include <vector>

#include "tapegrad/arg.h"
#include "optim/optimizer.h"

namespace tg::optim {

/// RMSpropOptions(1e-3).alpha(0.9).momentum(0.9), as torch::optim::RMSpropOptions.
struct RMSpropOptions : public OptimizerCloneableOptions<RMSpropOptions> {
  /// Implicit, so that `RMSprop(params, 1e-3)` works as in LibTorch.
  RMSpropOptions(double lr = 1e-2); // NOLINT
  /// The learning rate (default 1e-2).
  TG_ARG(double, lr) = 1e-2;
  /// The smoothing constant: decay rate of the running average of the squared gradient
  /// (default 0.99).
  TG_ARG(double, alpha) = 0.99;
  /// Added to the denominator for numerical stability (default 1e-8).
  TG_ARG(double, eps) = 1e-8;
  /// L2 penalty: weight_decay·p is added to the gradient (default 0).
  TG_ARG(double, weight_decay) = 0;
  /// The momentum factor applied to the normalised step (default 0: none).
  TG_ARG(double, momentum) = 0;
  /// Normalise by an estimate of the gradient's variance (subtracting the squared running mean)
  /// instead of its raw second moment (default false).
  TG_ARG(bool, centered) = false;

public:
  /// Reads every option from a checkpoint (the keys serialize(OutputArchive&) writes).
  void serialize(serialize::InputArchive& archive) override;
  /// Writes every option to a checkpoint, under its own name.
  void serialize(serialize::OutputArchive& archive) const override;
  /// Whether all options are equal.
  friend bool operator==(const RMSpropOptions& lhs, const RMSpropOptions& rhs);
  ~RMSpropOptions() override = default;
  /// lr(), for the schedulers.
  double get_lr() const override { return lr(); }
  /// lr(lr), for the schedulers.
  void set_lr(const double lr) override { this->lr(lr); }
};

/// RMSprop's per-parameter state, created on the parameter's first step().
struct RMSpropParamState : public OptimizerCloneableParamState<RMSpropParamState> {
  /// The number of steps taken.
  TG_ARG(int64_t, step) = 0;
  /// v, the running average of the squared gradient.
  TG_ARG(Tensor, square_avg);
  /// b, the momentum buffer; defined only once momentum > 0.
  TG_ARG(Tensor, momentum_buffer) = {};
  /// a, the running average of the gradient; defined only once centered.
  TG_ARG(Tensor, grad_avg) = {};

public:
  /// Reads the fields from a checkpoint.
  void serialize(serialize::InputArchive& archive) override;
  /// Writes the fields to a checkpoint.
  void serialize(serialize::OutputArchive& archive) const override;
  ~RMSpropParamState() override = default;
};

/// RMSprop, as torch::optim::RMSprop (see the update at the top of this file).
class RMSprop : public Optimizer {
public:
  /// Param groups without options get a copy of defaults. Throws tg::Error if defaults has a
  /// negative lr, eps, momentum, weight_decay or alpha.
  explicit RMSprop(std::vector<OptimizerParamGroup> param_groups, RMSpropOptions defaults = {});
  /// One param group holding params, with defaults as its options.
  explicit RMSprop(std::vector<Tensor> params, RMSpropOptions defaults = {})
      : RMSprop(std::vector<OptimizerParamGroup>{OptimizerParamGroup(std::move(params))},
                std::move(defaults)) {}

  Tensor step(LossClosure closure = nullptr) override;

protected:
  std::unique_ptr<OptimizerParamState> make_param_state() const override {
    return std::make_unique<RMSpropParamState>();
  }
};

} // namespace tg::optim
