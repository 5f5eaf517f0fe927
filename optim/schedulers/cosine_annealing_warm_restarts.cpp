#include "optim/schedulers/cosine_annealing_warm_restarts.h"

#include <cmath>
#include <numbers>

#include "optim/schedulers/scheduler_state.h"

namespace tg::optim {

CosineAnnealingWarmRestarts::CosineAnnealingWarmRestarts(Optimizer& optimizer, const unsigned T_0,
                                                         const unsigned T_mult,
                                                         const double eta_min)
    : LRScheduler(optimizer), T_0_(T_0), T_mult_(T_mult), eta_min_(eta_min),
      base_lrs_(get_current_lrs()), T_i_(T_0) {
  TG_CHECK(T_0 >= 1, "CosineAnnealingWarmRestarts: expected a positive T_0, but got ", T_0);
  TG_CHECK(T_mult >= 1, "CosineAnnealingWarmRestarts: expected T_mult >= 1, but got ", T_mult);
}

std::vector<double> CosineAnnealingWarmRestarts::lrs_now() const {
  const double factor = (1 + std::cos(std::numbers::pi * T_cur_ / T_i_)) / 2;
  std::vector<double> lrs(base_lrs_.size());
  for (size_t i = 0; i < lrs.size(); ++i) lrs[i] = eta_min_ + (base_lrs_[i] - eta_min_) * factor;
  return lrs;
}

std::vector<double> CosineAnnealingWarmRestarts::get_lrs() {
  T_cur_ += 1;
  if (T_cur_ >= T_i_) { // restart
    T_cur_ -= T_i_;
    T_i_ *= T_mult_;
  }
  return lrs_now();
}

void CosineAnnealingWarmRestarts::step(double epoch) {
  TG_CHECK(epoch >= 0, "CosineAnnealingWarmRestarts: expected a non-negative epoch, but got ",
           epoch);
  const double T_0 = T_0_;
  if (epoch >= T_0) {
    if (T_mult_ == 1) {
      T_cur_ = std::fmod(epoch, T_0);
    } else {
      // The period that epoch falls in: T_0·(T_mult^n − 1)/(T_mult − 1) ≤ epoch.
      const double m = T_mult_;
      const double n = std::floor(std::log(epoch / T_0 * (m - 1) + 1) / std::log(m));
      T_cur_ = epoch - T_0 * (std::pow(m, n) - 1) / (m - 1);
      T_i_ = T_0 * std::pow(m, n);
    }
  } else {
    T_i_ = T_0;
    T_cur_ = epoch;
  }
  step_count_ = unsigned(std::floor(epoch));
  set_optimizer_lrs(lrs_now());
}

void CosineAnnealingWarmRestarts::save(serialize::OutputArchive& archive) const {
  LRScheduler::save(archive);
  archive.write_double("T_cur", T_cur_);
  archive.write_double("T_i", T_i_);
  detail::write_doubles(archive, "base_lrs", base_lrs_);
}
void CosineAnnealingWarmRestarts::load(serialize::InputArchive& archive) {
  auto base_lrs = detail::read_doubles(archive, "base_lrs", base_lrs_.size());
  const double T_cur = archive.read_double("T_cur"), T_i = archive.read_double("T_i");
  LRScheduler::load(archive);
  base_lrs_ = std::move(base_lrs);
  T_cur_ = T_cur;
  T_i_ = T_i;
}

} // namespace tg::optim
