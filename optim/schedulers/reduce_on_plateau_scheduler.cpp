#include "optim/schedulers/reduce_on_plateau_scheduler.h"

#include <algorithm>
#include <cmath>
#include <iostream>
#include <limits>

#include "optim/serialize.h"

namespace tg::optim {

ReduceLROnPlateauScheduler::ReduceLROnPlateauScheduler(Optimizer& optimizer, SchedulerMode mode,
                                                       double factor, int patience,
                                                       double threshold,
                                                       ThresholdMode threshold_mode, int cooldown,
                                                       const std::vector<double>& min_lr,
                                                       double eps, bool verbose)
    : optimizer_(optimizer), mode_(mode), factor_(factor), patience_(patience),
      threshold_(threshold), threshold_mode_(threshold_mode), cooldown_(cooldown), eps_(eps),
      verbose_(verbose) {
  TG_CHECK(factor < 1.0, "ReduceLROnPlateauScheduler: factor should be < 1.0, got ", factor);
  const size_t groups = optimizer.param_groups().size();
  if (min_lr.empty())
    min_lrs_.assign(groups, 0.0);
  else if (min_lr.size() == 1)
    min_lrs_.assign(groups, min_lr[0]);
  else
    min_lrs_ = min_lr;
  TG_CHECK(min_lrs_.size() == groups, "ReduceLROnPlateauScheduler: expected ", groups,
           " min_lrs (one per param group), got ", min_lr.size());
  best_ = mode == min ? std::numeric_limits<double>::infinity()
                      : -std::numeric_limits<double>::infinity();
}

bool ReduceLROnPlateauScheduler::is_better(double a) const {
  if (mode_ == min && threshold_mode_ == rel) return a < best_ * (1. - threshold_);
  if (mode_ == min) return a < best_ - threshold_;
  if (threshold_mode_ == rel) return a > best_ * (threshold_ + 1.);
  return a > best_ + threshold_;
}

void ReduceLROnPlateauScheduler::step(double metric) {
  ++last_epoch_;
  if (is_better(metric)) {
    best_ = metric;
    num_bad_epochs_ = 0;
  } else {
    ++num_bad_epochs_;
  }
  if (cooldown_counter_ > 0) { // bad epochs during cooldown are ignored
    --cooldown_counter_;
    num_bad_epochs_ = 0;
  }
  if (num_bad_epochs_ > patience_) {
    reduce_lr();
    cooldown_counter_ = cooldown_;
    num_bad_epochs_ = 0;
  }
}

void ReduceLROnPlateauScheduler::reduce_lr() {
  auto& groups = optimizer_.param_groups();
  for (size_t i = 0; i < groups.size(); ++i) {
    const double old_lr = groups[i].options().get_lr();
    const double new_lr = std::max(old_lr * factor_, min_lrs_[i]);
    if (old_lr - new_lr > eps_) {
      groups[i].options().set_lr(new_lr);
      if (verbose_)
        std::cout << "Epoch " << last_epoch_ << ": reducing learning rate of group " << i << " to "
                  << new_lr << ".\n";
    }
  }
}

void ReduceLROnPlateauScheduler::save(serialize::OutputArchive& archive) const {
  archive.write_double("best", best_);
  archive.write_int("cooldown_counter", cooldown_counter_);
  archive.write_int("num_bad_epochs", num_bad_epochs_);
  archive.write_int("last_epoch", last_epoch_);
}
void ReduceLROnPlateauScheduler::load(serialize::InputArchive& archive) {
  const double best = archive.read_double("best");
  const int64_t cooldown_counter = archive.read_int("cooldown_counter");
  const int64_t num_bad_epochs = archive.read_int("num_bad_epochs");
  const int64_t last_epoch = archive.read_int("last_epoch");
  best_ = best;
  cooldown_counter_ = int(cooldown_counter);
  num_bad_epochs_ = int(num_bad_epochs);
  last_epoch_ = int(last_epoch);
}

} // namespace tg::optim
