#include "optim/schedulers/one_cycle_lr.h"

#include <cmath>
#include <numbers>
#include <tuple>

#include "optim/optim.h"

namespace tg::optim {

namespace {
/// Whether the options have a momentum PyTorch's OneCycleLR can cycle, and sets it if `value`.
bool set_momentum(OptimizerOptions& options, std::optional<double> value) {
  if (auto* o = dynamic_cast<SGDOptions*>(&options)) {
    if (value) o->momentum(*value);
    return true;
  }
  if (auto* o = dynamic_cast<RMSpropOptions*>(&options)) {
    if (value) o->momentum(*value);
    return true;
  }
  if (auto* o = dynamic_cast<AdamOptions*>(&options)) {
    if (value) o->betas(std::make_tuple(*value, std::get<1>(o->betas())));
    return true;
  }
  if (auto* o = dynamic_cast<AdamWOptions*>(&options)) {
    if (value) o->betas(std::make_tuple(*value, std::get<1>(o->betas())));
    return true;
  }
  return false;
}
} // namespace

OneCycleLR::OneCycleLR(Optimizer& optimizer, double max_lr, std::optional<int64_t> total_steps,
                       std::optional<int64_t> epochs, std::optional<int64_t> steps_per_epoch,
                       double pct_start, const std::string& anneal_strategy, bool cycle_momentum,
                       double base_momentum, double max_momentum, double div_factor,
                       double final_div_factor, bool three_phase)
    : OneCycleLR(optimizer, std::vector<double>(optimizer.param_groups().size(), max_lr),
                 total_steps, epochs, steps_per_epoch, pct_start, anneal_strategy, cycle_momentum,
                 base_momentum, max_momentum, div_factor, final_div_factor, three_phase) {}

OneCycleLR::OneCycleLR(Optimizer& optimizer, std::vector<double> max_lrs,
                       std::optional<int64_t> total_steps, std::optional<int64_t> epochs,
                       std::optional<int64_t> steps_per_epoch, double pct_start,
                       const std::string& anneal_strategy, bool cycle_momentum,
                       double base_momentum, double max_momentum, double div_factor,
                       double final_div_factor, bool three_phase)
    : LRScheduler(optimizer), cycle_momentum_(cycle_momentum), base_momentum_(base_momentum),
      max_momentum_(max_momentum), max_lrs_(std::move(max_lrs)) {
  if (total_steps) {
    TG_CHECK(*total_steps > 0, "OneCycleLR: expected a positive total_steps, but got ",
             *total_steps);
    total_steps_ = *total_steps;
  } else {
    TG_CHECK(epochs && steps_per_epoch, "OneCycleLR: you must define either total_steps OR "
                                        "(epochs AND steps_per_epoch)");
    TG_CHECK(*epochs > 0, "OneCycleLR: expected a positive epochs, but got ", *epochs);
    TG_CHECK(*steps_per_epoch > 0, "OneCycleLR: expected a positive steps_per_epoch, but got ",
             *steps_per_epoch);
    total_steps_ = *epochs * *steps_per_epoch;
  }
  TG_CHECK(pct_start >= 0 && pct_start <= 1,
           "OneCycleLR: expected a pct_start in [0, 1], but "
           "got ",
           pct_start);
  TG_CHECK(anneal_strategy == "cos" || anneal_strategy == "linear",
           "OneCycleLR: anneal_strategy "
           "must be one of 'cos' or 'linear', instead got ",
           anneal_strategy);
  linear_ = anneal_strategy == "linear";
  auto& groups = optimizer.param_groups();
  TG_CHECK(max_lrs_.size() == groups.size(), "OneCycleLR: expected ", groups.size(),
           " max_lr values (one per param group), got ", max_lrs_.size());

  enum { kInitial, kMax, kMin };
  const double total = double(total_steps_);
  if (three_phase)
    phases_ = {{pct_start * total - 1, kInitial, kMax, true, false},
               {2 * pct_start * total - 2, kMax, kInitial, false, false},
               {total - 1, kInitial, kMin, false, true}};
  else
    phases_ = {{pct_start * total - 1, kInitial, kMax, true, false},
               {total - 1, kMax, kMin, false, false}};

  for (size_t i = 0; i < groups.size(); ++i) {
    initial_lrs_.push_back(max_lrs_[i] / div_factor);
    min_lrs_.push_back(initial_lrs_[i] / final_div_factor);
    if (cycle_momentum)
      TG_CHECK(set_momentum(groups[i].options(), max_momentum),
               "OneCycleLR: optimizer must "
               "support momentum or betas with `cycle_momentum` enabled");
  }
  set_optimizer_lrs(values_at(0)); // PyTorch's constructor steps to epoch 0
}

double OneCycleLR::anneal(double start, double end, double pct) const {
  if (linear_) return (end - start) * pct + start;
  const double cos_out = std::cos(std::numbers::pi * pct) + 1;
  return end + (start - end) / 2.0 * cos_out;
}

std::vector<double> OneCycleLR::values_at(int64_t step_num) {
  TG_CHECK(step_num <= total_steps_, "OneCycleLR: tried to step ", step_num,
           " times. The specified number of total steps is ", total_steps_);
  auto& groups = optimizer().param_groups();
  std::vector<double> lrs;
  for (size_t g = 0; g < groups.size(); ++g) {
    const double values[] = {initial_lrs_[g], max_lrs_[g], min_lrs_[g]};
    double start_step = 0, lr = 0, momentum = 0;
    for (size_t i = 0; i < phases_.size(); ++i) {
      const Phase& phase = phases_[i];
      if (double(step_num) <= phase.end_step || i + 1 == phases_.size()) {
        const double pct = (double(step_num) - start_step) / (phase.end_step - start_step);
        lr = anneal(values[phase.start_lr], values[phase.end_lr], pct);
        if (phase.momentum_constant_max)
          momentum = anneal(max_momentum_, max_momentum_, pct);
        else if (phase.momentum_from_max_to_base)
          momentum = anneal(max_momentum_, base_momentum_, pct);
        else
          momentum = anneal(base_momentum_, max_momentum_, pct);
        break;
      }
      start_step = phase.end_step;
    }
    lrs.push_back(lr);
    if (cycle_momentum_) set_momentum(groups[g].options(), momentum);
  }
  return lrs;
}

std::vector<double> OneCycleLR::get_lrs() { return values_at(int64_t(step_count_) + 1); }

} // namespace tg::optim
