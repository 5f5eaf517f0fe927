#include "optim/adamw.h"

#include <cmath>

#include "autograd/ops/functions.h"
#include "autograd/graph/grad_mode.h"
#include "optim/serialize.h"

namespace tg::optim {

AdamWOptions::AdamWOptions(double lr) : lr_(lr) {}

bool operator==(const AdamWOptions& lhs, const AdamWOptions& rhs) {
  return lhs.lr() == rhs.lr() && lhs.betas() == rhs.betas() && lhs.eps() == rhs.eps() &&
         lhs.weight_decay() == rhs.weight_decay() && lhs.amsgrad() == rhs.amsgrad();
}
void AdamWOptions::serialize(serialize::OutputArchive& archive) const {
  archive.write_double("lr", lr());
  archive.write_double("betas.0", std::get<0>(betas()));
  archive.write_double("betas.1", std::get<1>(betas()));
  archive.write_double("eps", eps());
  archive.write_double("weight_decay", weight_decay());
  archive.write_int("amsgrad", amsgrad());
}
void AdamWOptions::serialize(serialize::InputArchive& archive) {
  lr(archive.read_double("lr"));
  betas(std::make_tuple(archive.read_double("betas.0"), archive.read_double("betas.1")));
  eps(archive.read_double("eps"));
  weight_decay(archive.read_double("weight_decay"));
  amsgrad(archive.read_int("amsgrad") != 0);
}

void AdamWParamState::serialize(serialize::OutputArchive& archive) const {
  archive.write_int("step", step());
  archive.write("exp_avg", exp_avg());
  archive.write("exp_avg_sq", exp_avg_sq());
  if (max_exp_avg_sq().defined()) archive.write("max_exp_avg_sq", max_exp_avg_sq());
}
void AdamWParamState::serialize(serialize::InputArchive& archive) {
  step(archive.read_int("step"));
  archive.read("exp_avg", exp_avg());
  archive.read("exp_avg_sq", exp_avg_sq());
  archive.try_read("max_exp_avg_sq", max_exp_avg_sq());
}

AdamW::AdamW(std::vector<OptimizerParamGroup> param_groups, AdamWOptions defaults)
    : Optimizer(std::move(param_groups), std::make_unique<AdamWOptions>(defaults)) {
  TG_CHECK(defaults.lr() >= 0, "AdamW: Invalid learning rate: ", defaults.lr());
  TG_CHECK(defaults.eps() >= 0, "AdamW: Invalid epsilon value: ", defaults.eps());
  auto [beta1, beta2] = defaults.betas();
  TG_CHECK(0 <= beta1 && beta1 < 1.0, "AdamW: Invalid beta parameter at index 0: ", beta1);
  TG_CHECK(0 <= beta2 && beta2 < 1.0, "AdamW: Invalid beta parameter at index 1: ", beta2);
  TG_CHECK(defaults.weight_decay() >= 0,
           "AdamW: Invalid weight_decay value: ", defaults.weight_decay());
}

Tensor AdamW::step(LossClosure closure) {
  check_learning_rates("AdamW");
  Tensor loss = run_closure(closure);
  NoGradGuard no_grad;
  for (auto& group : param_groups_) {
    const auto& options = static_cast<const AdamWOptions&>(group.options());
    const auto [beta1, beta2] = options.betas();
    for (const Tensor& p : group.params()) {
      if (!p.grad().defined()) continue;
      auto& slot = state_[state_key(p)];
      if (!slot) {
        auto fresh = std::make_unique<AdamWParamState>();
        fresh->exp_avg(zeros_like(p));
        fresh->exp_avg_sq(zeros_like(p));
        if (options.amsgrad()) fresh->max_exp_avg_sq(zeros_like(p));
        slot = std::move(fresh);
      }
      auto& state = static_cast<AdamWParamState&>(*slot);
      state.step(state.step() + 1);
      const double bias_correction1 = 1 - std::pow(beta1, double(state.step()));
      const double bias_correction2 = 1 - std::pow(beta2, double(state.step()));

      Tensor grad = p.grad();
      if (options.weight_decay() != 0) p.mul_(1 - options.lr() * options.weight_decay());
      state.exp_avg().mul_(beta1).add_(grad, 1 - beta1);
      state.exp_avg_sq().mul_(beta2).addcmul_(grad, grad, 1 - beta2);
      Tensor second_moment = state.exp_avg_sq();
      if (options.amsgrad()) {
        // The running maximum keeps the effective step size from growing back (AMSGrad).
        if (!state.max_exp_avg_sq().defined()) state.max_exp_avg_sq(zeros_like(p));
        state.max_exp_avg_sq(maximum(state.max_exp_avg_sq(), state.exp_avg_sq()));
        second_moment = state.max_exp_avg_sq();
      }
      Tensor denom = div(second_moment.sqrt(), std::sqrt(bias_correction2));
      denom.add_(options.eps());
      p.addcdiv_(state.exp_avg(), denom, -options.lr() / bias_correction1);
    }
  }
  return loss;
}

} // namespace tg::optim
