#pragma once
// tg::optim::LRScheduler: the base of learning-rate schedules, as LibTorch's. Each step() asks
// get_lrs() for the new rate of every param group and writes it into the groups' options.
// step_count_ is the number of step() calls made before the current one.
#include <vector>

#include "optim/optimizer.h"

namespace tg::optim {

class LRScheduler {
public:
  LRScheduler(Optimizer& optimizer); // NOLINT
  virtual ~LRScheduler() = default;

  void step();

protected:
  /// The learning rates to set, one per param group.
  virtual std::vector<double> get_lrs() = 0;
  /// The learning rates the param groups have now.
  std::vector<double> get_current_lrs() const;

  unsigned step_count_ = 0;

private:
  void set_optimizer_lrs(const std::vector<double>& learning_rates);

  Optimizer& optimizer_;
};

} // namespace tg::optim
