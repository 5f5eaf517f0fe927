#include "optim/schedulers/lambda_lr.h"

#include "optim/schedulers/scheduler_state.h"

namespace tg::optim {

LambdaLR::LambdaLR(Optimizer& optimizer, Lambda lr_lambda)
    : LambdaLR(optimizer, std::vector<Lambda>(optimizer.param_groups().size(), lr_lambda)) {}

LambdaLR::LambdaLR(Optimizer& optimizer, std::vector<Lambda> lr_lambdas)
    : LRScheduler(optimizer), lr_lambdas_(std::move(lr_lambdas)), base_lrs_(get_current_lrs()) {
  TG_CHECK(lr_lambdas_.size() == base_lrs_.size(), "LambdaLR: expected ", base_lrs_.size(),
           " lr_lambdas (one per param group), but got ", lr_lambdas_.size());
  for (const auto& f : lr_lambdas_) TG_CHECK(f != nullptr, "LambdaLR: an lr_lambda is empty");
  set_optimizer_lrs(lrs_at(0));
}

std::vector<double> LambdaLR::lrs_at(int64_t epoch) const {
  std::vector<double> lrs(base_lrs_.size());
  for (size_t i = 0; i < lrs.size(); ++i) lrs[i] = base_lrs_[i] * lr_lambdas_[i](epoch);
  return lrs;
}

std::vector<double> LambdaLR::get_lrs() { return lrs_at(int64_t(step_count_) + 1); }

void LambdaLR::save(serialize::OutputArchive& archive) const {
  LRScheduler::save(archive);
  detail::write_doubles(archive, "base_lrs", base_lrs_);
}
void LambdaLR::load(serialize::InputArchive& archive) {
  auto base_lrs = detail::read_doubles(archive, "base_lrs", base_lrs_.size());
  LRScheduler::load(archive);
  base_lrs_ = std::move(base_lrs);
}

} // namespace tg::optim
