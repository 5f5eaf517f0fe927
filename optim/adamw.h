#pragma once
// AdamW, as torch::optim::AdamW (PyTorch's documented update, step t counted from 1):
//   p ← p·(1 − lr·weight_decay)            (decoupled weight decay, applied first)
//   m ← β1·m + (1 − β1)·g,   v ← β2·v + (1 − β2)·g²
//   v̂ = max(v̂, v) with amsgrad, else v̂ = v
//   p ← p − lr / (1 − β1^t) · m / (√v̂ / √(1 − β2^t) + eps)      (g is the raw gradient)
#include <tuple>
#include <utility>
#include <vector>

#include "tapegrad/arg.h"
#include "optim/optimizer.h"

namespace tg::optim {

/// AdamWOptions(1e-3).betas({0.9, 0.98}).weight_decay(0.01), as torch::optim::AdamWOptions.
struct AdamWOptions : public OptimizerCloneableOptions<AdamWOptions> {
  /// Implicit, so that `AdamW(params, 1e-3)` works as in LibTorch.
  AdamWOptions(double lr = 1e-3); // NOLINT
  /// The learning rate (default 1e-3).
  TG_ARG(double, lr) = 1e-3;
  /// (β1, β2).
  typedef std::tuple<double, double> betas_t;
  /// Decay rates of the running averages of the gradient and of its square; each in [0, 1),
  /// else tg::Error (default (0.9, 0.999)).
  TG_ARG(betas_t, betas) = std::make_tuple(0.9, 0.999);
  /// Added to the denominator for numerical stability (default 1e-8).
  TG_ARG(double, eps) = 1e-8;
  /// Decoupled weight decay: p shrinks by lr·weight_decay·p before the update (default 1e-2,
  /// as in LibTorch).
  TG_ARG(double, weight_decay) = 1e-2;
  /// Use the maximum of all past second moments (the AMSGrad variant) (default false).
  TG_ARG(bool, amsgrad) = false;

public:
  /// Reads every option from a checkpoint (the keys serialize(OutputArchive&) writes).
  void serialize(serialize::InputArchive& archive) override;
  /// Writes every option to a checkpoint, under its own name.
  void serialize(serialize::OutputArchive& archive) const override;
  /// Whether all options are equal.
  friend bool operator==(const AdamWOptions& lhs, const AdamWOptions& rhs);
  ~AdamWOptions() override = default;
  /// lr(), for the schedulers.
  double get_lr() const override { return lr(); }
  /// lr(lr), for the schedulers.
  void set_lr(const double lr) override { this->lr(lr); }
};

/// AdamW's per-parameter state, created on the parameter's first step().
struct AdamWParamState : public OptimizerCloneableParamState<AdamWParamState> {
  /// The number of steps taken, t in the bias corrections.
  TG_ARG(int64_t, step) = 0;
  /// m, the running average of the gradient.
  TG_ARG(Tensor, exp_avg);
  /// v, the running average of the squared gradient.
  TG_ARG(Tensor, exp_avg_sq);
  /// v̂, the maximum of v so far; defined only with amsgrad.
  TG_ARG(Tensor, max_exp_avg_sq) = {};

public:
  /// Reads the fields from a checkpoint.
  void serialize(serialize::InputArchive& archive) override;
  /// Writes the fields to a checkpoint.
  void serialize(serialize::OutputArchive& archive) const override;
  ~AdamWParamState() override = default;
};

/// Adam with decoupled weight decay, as torch::optim::AdamW (see the update at the top of this
/// file).
class AdamW : public Optimizer {
public:
  /// Param groups without options get a copy of defaults. Throws tg::Error if defaults has a
  /// negative lr, eps or weight_decay, or a beta outside [0, 1).
  explicit AdamW(std::vector<OptimizerParamGroup> param_groups, AdamWOptions defaults = {});
  /// One param group holding params, with defaults as its options.
  explicit AdamW(std::vector<Tensor> params, AdamWOptions defaults = {})
      : AdamW(std::vector<OptimizerParamGroup>{OptimizerParamGroup(std::move(params))},
             std::move(defaults)) {}

  Tensor step(LossClosure closure = nullptr) override;

protected:
  std::unique_ptr<OptimizerParamState> make_param_state() const override {
    return std::make_unique<AdamWParamState>();
  }
};

} // namespace tg::optim
