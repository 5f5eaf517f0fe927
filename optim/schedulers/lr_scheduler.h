#pragma once
// tg::optim::LRScheduler: the base of learning-rate schedules, as LibTorch's. Each step() asks
// get_lrs() for the new rate of every param group and writes it into the groups' options.
// step_count_ is the number of step() calls made before the current one.
#include <vector>

#include "optim/optimizer.h"

namespace tg::serialize {
class OutputArchive;
class InputArchive;
} // namespace tg::serialize

namespace tg::optim {

/// The abstract base of the learning-rate schedulers, as torch::optim::LRScheduler.
class LRScheduler {
public:
  /// Schedules the optimizer's param groups; the scheduler keeps a reference, so the optimizer
  /// must outlive it. Implicit, as in LibTorch.
  LRScheduler(Optimizer& optimizer); // NOLINT
  virtual ~LRScheduler() = default;

  /// Sets every param group's lr to get_lrs(), then counts the step. Call it once per epoch
  /// (or per iteration), after optimizer.step(). Throws tg::Error if get_lrs() does not return
  /// one rate per group (e.g. after a group was added).
  void step();

  /// Writes the scheduler's state (the step count, and what a subclass adds) for
  /// tg::save(optimizer, scheduler, path); the learning rates themselves are in the optimizer's.
  virtual void save(serialize::OutputArchive& archive) const;
  /// Reads what save() wrote.
  virtual void load(serialize::InputArchive& archive);

protected:
  /// The learning rates to set, one per param group.
  virtual std::vector<double> get_lrs() = 0;
  /// The learning rates the param groups have now.
  std::vector<double> get_current_lrs() const;

  unsigned step_count_ = 0; ///< The number of step() calls completed before the current one.

  /// Writes one rate per param group into the groups' options.
  void set_optimizer_lrs(const std::vector<double>& learning_rates);
  /// The scheduled optimizer.
  Optimizer& optimizer() { return optimizer_; }

private:
  Optimizer& optimizer_;
};

} // namespace tg::optim
