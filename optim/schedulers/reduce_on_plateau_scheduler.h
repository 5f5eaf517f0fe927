#pragma once
// ReduceLROnPlateauScheduler: multiplies every group's learning rate by factor once a metric
// has stopped improving for more than patience calls to step(metric), as LibTorch's
// torch::optim::ReduceLROnPlateauScheduler (in LibTorch from 2.0; 1.13 has none) and PyTorch's
// torch.optim.lr_scheduler.ReduceLROnPlateau, whose semantics and numbers it follows:
//   - a metric is better than the best so far if it is below best·(1 − threshold) (mode min,
//     threshold_mode rel), below best − threshold (min, abs), above best·(1 + threshold) (max,
//     rel) or above best + threshold (max, abs);
//   - after a reduction, cooldown calls pass in which bad epochs are not counted;
//   - a rate never goes below its min_lr, and a change smaller than eps is not made.
// LibTorch declares factor, the metric and min_lr as float; they are double here, so the numbers
// are PyTorch's (0.1, not 0.1f).
#include <vector>

#include "optim/optimizer.h"

namespace tg::serialize {
class OutputArchive;
class InputArchive;
} // namespace tg::serialize

namespace tg::optim {

/// Reduces the learning rate when a metric has stopped improving, as LibTorch's
/// ReduceLROnPlateauScheduler and PyTorch's ReduceLROnPlateau.
class ReduceLROnPlateauScheduler {
public:
  /// Whether a lower (min) or a higher (max) metric is better.
  enum SchedulerMode { min, max };
  /// Whether threshold is relative to the best metric (rel) or absolute (abs).
  enum ThresholdMode { rel, abs };

  /// LibTorch's argument order and PyTorch's defaults. factor must be below 1 (else tg::Error);
  /// min_lr is empty (0 for every group), one value (for every group) or one per group. verbose
  /// prints each reduction to std::cout, as LibTorch does. The optimizer must outlive the
  /// scheduler.
  ReduceLROnPlateauScheduler(Optimizer& optimizer, SchedulerMode mode = min, double factor = 0.1,
                             int patience = 10, double threshold = 1e-4,
                             ThresholdMode threshold_mode = rel, int cooldown = 0,
                             const std::vector<double>& min_lr = std::vector<double>(),
                             double eps = 1e-8, bool verbose = false);
  virtual ~ReduceLROnPlateauScheduler() = default;

  /// Records the epoch's metric and reduces the rates if it is the (patience + 1)-th bad epoch
  /// in a row outside cooldown. A NaN metric is never better.
  void step(double metric);

  /// Writes the best metric, the counters and the epoch (for tg::save(optimizer, scheduler)).
  virtual void save(serialize::OutputArchive& archive) const;
  /// Reads what save() wrote.
  virtual void load(serialize::InputArchive& archive);

  /// The best metric so far (+inf in min mode, −inf in max mode before the first step).
  double best() const { return best_; }
  /// The bad epochs counted since the last improvement or reduction.
  int num_bad_epochs() const { return num_bad_epochs_; }
  /// The cooldown calls left.
  int cooldown_counter() const { return cooldown_counter_; }
  /// The number of step() calls.
  int last_epoch() const { return last_epoch_; }

private:
  bool is_better(double a) const;
  void reduce_lr();

  Optimizer& optimizer_;
  const SchedulerMode mode_;
  const double factor_;
  const int patience_;
  const double threshold_;
  const ThresholdMode threshold_mode_;
  const int cooldown_;
  std::vector<double> min_lrs_;
  const double eps_;
  const bool verbose_;
  double best_;
  int cooldown_counter_ = 0;
  int num_bad_epochs_ = 0;
  int last_epoch_ = 0;
};

} // namespace tg::optim
