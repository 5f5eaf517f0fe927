#pragma once
// L-BFGS, as torch::optim::LBFGS (LibTorch 1.13, itself a port of PyTorch's torch.optim.LBFGS and
// of minFunc): each step() runs up to max_iter quasi-Newton iterations on the flattened
// parameters, calling the closure to re-evaluate the loss and its gradient,
//
//   tg::optim::LBFGS opt(model->parameters(), tg::optim::LBFGSOptions(1).line_search_fn(
//                                                 "strong_wolfe"));
//   opt.step([&] { opt.zero_grad(); auto loss = f(model); loss.backward(); return loss; });
//
// Without a line search every iteration moves by lr along the L-BFGS direction (the first one by
// min(1, 1/‖g‖₁)·lr); with "strong_wolfe" the step length satisfies the strong Wolfe conditions
// (c1 = 1e-4, c2 = 0.9, at most 25 evaluations), found by cubic interpolation as LibTorch does.
// The optimizer's state is global (one curvature history for all parameters) and is kept, as in
// LibTorch, as the state of the first parameter.
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "optim/optimizer.h"
#include "tapegrad/arg.h"

namespace tg::optim {

/// LBFGSOptions(1).max_iter(20).line_search_fn("strong_wolfe"), as torch::optim::LBFGSOptions.
struct LBFGSOptions : public OptimizerCloneableOptions<LBFGSOptions> {
  /// Implicit, as in LibTorch, so that `LBFGS(params, 0.5)` works.
  LBFGSOptions(double lr = 1); // NOLINT
  /// The step length of an iteration without line search, or the line search's first trial.
  TG_ARG(double, lr) = 1;
  /// The most quasi-Newton iterations one step() makes (default 20).
  TG_ARG(int64_t, max_iter) = 20;
  /// The most closure calls one step() makes; unset (default) means max_iter·5/4, which the
  /// LBFGS constructor writes into the options as LibTorch does.
  TG_ARG(std::optional<int64_t>, max_eval) = std::nullopt;
  /// step() stops once every gradient entry is at most this in magnitude (default 1e-7).
  TG_ARG(double, tolerance_grad) = 1e-7;
  /// step() stops once the loss or the parameters change by less than this (default 1e-9).
  TG_ARG(double, tolerance_change) = 1e-9;
  /// How many curvature pairs (s, y) the inverse-Hessian approximation keeps (default 100).
  TG_ARG(int64_t, history_size) = 100;
  /// Unset (default): fixed steps of lr; "strong_wolfe": a strong Wolfe line search. Any other
  /// name throws tg::Error on step(), as in LibTorch.
  TG_ARG(std::optional<std::string>, line_search_fn) = std::nullopt;

public:
  /// Reads every option from a checkpoint (the keys serialize(OutputArchive&) writes).
  void serialize(serialize::InputArchive& archive) override;
  /// Writes every option to a checkpoint, under its own name; unset optionals are left out.
  void serialize(serialize::OutputArchive& archive) const override;
  /// Whether all options are equal.
  friend bool operator==(const LBFGSOptions& lhs, const LBFGSOptions& rhs);
  ~LBFGSOptions() override = default;
  /// lr(), for the schedulers.
  double get_lr() const override { return lr(); }
  /// lr(lr), for the schedulers.
  void set_lr(const double lr) override { this->lr(lr); }
};

/// L-BFGS's state, as torch::optim::LBFGSParamState: one for the whole optimizer, stored under
/// the first parameter's key. Tensors are flat (all parameters concatenated) or 0-dimensional.
struct LBFGSParamState : public OptimizerCloneableParamState<LBFGSParamState> {
  /// Closure calls over all step()s.
  TG_ARG(int64_t, func_evals) = 0;
  /// Iterations over all step()s; the first iteration (n_iter 1) is a gradient-descent step.
  TG_ARG(int64_t, n_iter) = 0;
  /// The step length of the last iteration.
  TG_ARG(double, t) = 0;
  /// The loss before the last iteration.
  TG_ARG(double, prev_loss) = 0;
  /// The last search direction.
  TG_ARG(Tensor, d) = {};
  /// The scale γ = sᵀy / yᵀy of the initial inverse-Hessian approximation (0-dimensional).
  TG_ARG(Tensor, H_diag) = {};
  /// The gradient before the last iteration, to form the next y.
  TG_ARG(Tensor, prev_flat_grad) = {};
  /// The kept gradient differences y, oldest first.
  TG_ARG(std::deque<Tensor>, old_dirs);
  /// The kept steps s, oldest first.
  TG_ARG(std::deque<Tensor>, old_stps);
  /// 1 / yᵀs of each kept pair (0-dimensional tensors).
  TG_ARG(std::deque<Tensor>, ro);
  /// The two-loop recursion's α coefficients (history_size slots; unused ones undefined).
  TG_ARG(std::optional<std::vector<Tensor>>, al) = std::nullopt;

public:
  /// Reads the fields from a checkpoint.
  void serialize(serialize::InputArchive& archive) override;
  /// Writes the fields to a checkpoint (the deques as a count and one tensor per entry).
  void serialize(serialize::OutputArchive& archive) const override;
  /// Whether the fields are equal (tensors by value).
  friend bool operator==(const LBFGSParamState& lhs, const LBFGSParamState& rhs);
  ~LBFGSParamState() override = default;
};

/// Limited-memory BFGS, as torch::optim::LBFGS (see the top of this file).
class LBFGS : public Optimizer {
public:
  /// Throws tg::Error unless there is exactly one param group (LBFGS has no per-group options),
  /// or if lr is negative or not finite. An unset max_eval becomes max_iter·5/4.
  explicit LBFGS(std::vector<OptimizerParamGroup> param_groups, LBFGSOptions defaults = {});
  /// One param group holding params, with defaults as its options.
  explicit LBFGS(std::vector<Tensor> params, LBFGSOptions defaults = {})
      : LBFGS(std::vector<OptimizerParamGroup>{OptimizerParamGroup(std::move(params))},
              std::move(defaults)) {}

  /// Runs up to max_iter iterations, each calling closure (required, as in LibTorch, else
  /// tg::Error) with grad mode on; returns the loss of the first call, taken before any update.
  Tensor step(LossClosure closure) override;

protected:
  std::unique_ptr<OptimizerParamState> make_param_state() const override {
    return std::make_unique<LBFGSParamState>();
  }
  void check_loaded_state(const serialize::InputArchive& state, const Tensor& param, size_t group,
                          size_t index) const override;

private:
  int64_t numel() const;
  Tensor gather_flat_grad() const;
  void add_grad(double step_size, const Tensor& update);
  std::vector<Tensor> clone_param() const;
  void set_param(const std::vector<Tensor>& params_data);
  std::tuple<double, Tensor> directional_evaluate(const LossClosure& closure,
                                                  const std::vector<Tensor>& x, double t,
                                                  const Tensor& d);
};

} // namespace tg::optim
