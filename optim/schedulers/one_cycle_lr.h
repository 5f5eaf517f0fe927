#pragma once
// OneCycleLR: the 1cycle policy, as PyTorch's torch.optim.lr_scheduler.OneCycleLR (LibTorch 1.13
// has no C++ version). The rate rises from max_lr/div_factor to max_lr over the first pct_start
// of total_steps, then falls to max_lr/(div_factor·final_div_factor) (with three_phase, it first
// falls back to max_lr/div_factor symmetrically, and only then to the minimum), each phase
// annealed by a half cosine ("cos") or linearly ("linear"). With cycle_momentum the momentum
// (SGD, RMSprop) or Adam's beta1 moves inversely between max_momentum and base_momentum. As in
// PyTorch the constructor sets the initial rate (and momentum), step() may be called total_steps
// times, and one call more throws tg::Error.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "optim/schedulers/lr_scheduler.h"

namespace tg::optim {

/// The 1cycle learning-rate (and momentum) policy, as PyTorch's OneCycleLR.
class OneCycleLR : public LRScheduler {
public:
  /// PyTorch's arguments, order and defaults. max_lr is the peak rate of every group; either
  /// total_steps or both epochs and steps_per_epoch (total_steps = epochs·steps_per_epoch) must
  /// be given and positive, pct_start must lie in [0, 1] and anneal_strategy be "cos" or
  /// "linear", else tg::Error. cycle_momentum needs an optimizer whose options have a momentum
  /// (SGD, RMSprop) or betas (Adam, AdamW), else tg::Error, as in PyTorch.
  OneCycleLR(Optimizer& optimizer, double max_lr, std::optional<int64_t> total_steps = std::nullopt,
             std::optional<int64_t> epochs = std::nullopt,
             std::optional<int64_t> steps_per_epoch = std::nullopt, double pct_start = 0.3,
             const std::string& anneal_strategy = "cos", bool cycle_momentum = true,
             double base_momentum = 0.85, double max_momentum = 0.95, double div_factor = 25.,
             double final_div_factor = 1e4, bool three_phase = false);
  /// The same with one peak rate per param group (else tg::Error).
  OneCycleLR(Optimizer& optimizer, std::vector<double> max_lrs,
             std::optional<int64_t> total_steps = std::nullopt,
             std::optional<int64_t> epochs = std::nullopt,
             std::optional<int64_t> steps_per_epoch = std::nullopt, double pct_start = 0.3,
             const std::string& anneal_strategy = "cos", bool cycle_momentum = true,
             double base_momentum = 0.85, double max_momentum = 0.95, double div_factor = 25.,
             double final_div_factor = 1e4, bool three_phase = false);

private:
  struct Phase {
    double end_step;
    int start_lr, end_lr;           // indices into {initial, max, min}
    bool momentum_from_max_to_base; // else base → max; unused when start = end = max
    bool momentum_constant_max;
  };
  std::vector<double> get_lrs() override;
  std::vector<double> values_at(int64_t step_num);
  double anneal(double start, double end, double pct) const;

  int64_t total_steps_;
  bool linear_;
  bool cycle_momentum_;
  double base_momentum_, max_momentum_;
  std::vector<Phase> phases_;
  std::vector<double> initial_lrs_, max_lrs_, min_lrs_;
};

} // namespace tg::optim
