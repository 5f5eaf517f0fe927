#pragma once
// LambdaLR: sets each group's learning rate to its initial rate times a function of the epoch,
// as PyTorch's torch.optim.lr_scheduler.LambdaLR (LibTorch 1.13 has no C++ version). As in
// PyTorch the constructor already applies lr_lambda(0), and after k calls to step() the rate is
// base_lr·lr_lambda(k), base_lr being the group's rate when the scheduler was built.
#include <cstdint>
#include <functional>
#include <vector>

#include "optim/schedulers/lr_scheduler.h"

namespace tg::optim {

/// base_lr·lr_lambda(epoch), as PyTorch's LambdaLR.
class LambdaLR : public LRScheduler {
public:
  /// The factor as a function of the number of step() calls.
  using Lambda = std::function<double(int64_t)>;
  /// One function for every param group. Sets the rates for epoch 0 at once, as PyTorch does.
  LambdaLR(Optimizer& optimizer, Lambda lr_lambda);
  /// One function per param group (else tg::Error), as PyTorch's list of lambdas.
  LambdaLR(Optimizer& optimizer, std::vector<Lambda> lr_lambdas);

  /// The base rates and the step count (the functions can't be saved; PyTorch saves only
  /// callable objects' attributes, never plain functions).
  void save(serialize::OutputArchive& archive) const override;
  /// Reads what save() wrote; throws tg::Error if the number of groups differs.
  void load(serialize::InputArchive& archive) override;

private:
  std::vector<double> get_lrs() override;
  std::vector<double> lrs_at(int64_t epoch) const;

  std::vector<Lambda> lr_lambdas_;
  std::vector<double> base_lrs_;
};

} // namespace tg::optim
