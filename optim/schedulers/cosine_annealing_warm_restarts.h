#pragma once
// CosineAnnealingWarmRestarts (SGDR): anneals each group's learning rate from its initial rate to
// eta_min along a half cosine over T_i steps, then restarts, with T_0 steps in the first period
// and each next period T_mult times longer, as PyTorch's
// torch.optim.lr_scheduler.CosineAnnealingWarmRestarts (LibTorch 1.13 has no C++ version):
//   eta_min + (base − eta_min)·(1 + cos(π·T_cur / T_i)) / 2.
// step() advances T_cur by one; step(epoch) sets it from a (possibly fractional) epoch, as
// PyTorch's `scheduler.step(epoch + i / iters)`.
#include "optim/schedulers/lr_scheduler.h"

namespace tg::optim {

/// Cosine annealing with warm restarts, as PyTorch's CosineAnnealingWarmRestarts.
class CosineAnnealingWarmRestarts : public LRScheduler {
public:
  /// T_0 ≥ 1 steps in the first period, each next one T_mult ≥ 1 times longer (else tg::Error);
  /// eta_min is the minimum rate. The base rates are the groups' rates now (the constructor
  /// leaves them there: epoch 0). The optimizer must outlive the scheduler.
  CosineAnnealingWarmRestarts(Optimizer& optimizer, const unsigned T_0, const unsigned T_mult = 1,
                              const double eta_min = 0);

  using LRScheduler::step;
  /// Sets the rates for a given epoch (≥ 0, fractional allowed), as PyTorch's step(epoch); later
  /// step() calls go on from floor(epoch).
  void step(double epoch);

  /// The step count, T_cur, T_i and the base rates.
  void save(serialize::OutputArchive& archive) const override;
  /// Reads what save() wrote; throws tg::Error if the number of groups differs.
  void load(serialize::InputArchive& archive) override;

private:
  std::vector<double> get_lrs() override;
  std::vector<double> lrs_now() const;

  const unsigned T_0_;
  const unsigned T_mult_;
  const double eta_min_;
  std::vector<double> base_lrs_;
  double T_cur_ = 0;
  double T_i_;
};

} // namespace tg::optim
