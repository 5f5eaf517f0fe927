#include "optim/adagrad.h"

#include "autograd/ops/functions.h"
#include "autograd/graph/grad_mode.h"
#include "optim/serialize.h"

namespace tg::optim {

AdagradOptions::AdagradOptions(double lr) : lr_(lr) {}

bool operator==(const AdagradOptions& lhs, const AdagradOptions& rhs) {
  return lhs.lr() == rhs.lr() && lhs.lr_decay() == rhs.lr_decay() &&
         lhs.weight_decay() == rhs.weight_decay() &&
         lhs.initial_accumulator_value() == rhs.initial_accumulator_value() &&
         lhs.eps() == rhs.eps();
}
void AdagradOptions::serialize(serialize::OutputArchive& archive) const {
  archive.write_double("lr", lr());
  archive.write_double("lr_decay", lr_decay());
  archive.write_double("weight_decay", weight_decay());
  archive.write_double("initial_accumulator_value", initial_accumulator_value());
  archive.write_double("eps", eps());
}
void AdagradOptions::serialize(serialize::InputArchive& archive) {
  lr(archive.read_double("lr"));
  lr_decay(archive.read_double("lr_decay"));
  weight_decay(archive.read_double("weight_decay"));
  initial_accumulator_value(archive.read_double("initial_accumulator_value"));
  eps(archive.read_double("eps"));
}

void AdagradParamState::serialize(serialize::OutputArchive& archive) const {
  archive.write("sum", sum());
  archive.write_int("step", step());
}
void AdagradParamState::serialize(serialize::InputArchive& archive) {
  archive.read("sum", sum());
  step(archive.read_int("step"));
}

Adagrad::Adagrad(std::vector<OptimizerParamGroup> param_groups, AdagradOptions defaults)
    : Optimizer(std::move(param_groups), std::make_unique<AdagradOptions>(defaults)) {
  TG_CHECK(defaults.lr() >= 0, "Adagrad: Invalid learning rate: ", defaults.lr());
  TG_CHECK(defaults.lr_decay() >= 0, "Adagrad: Invalid lr_decay value: ", defaults.lr_decay());
  TG_CHECK(defaults.weight_decay() >= 0,
           "Adagrad: Invalid weight_decay value: ", defaults.weight_decay());
  TG_CHECK(
      defaults.initial_accumulator_value() >= 0,
      "Adagrad: Invalid initial_accumulator_value value: ", defaults.initial_accumulator_value());
  TG_CHECK(defaults.eps() >= 0, "Adagrad: Invalid epsilon value: ", defaults.eps());
  for (auto& group : param_groups_)
    for (const Tensor& p : group.params())
      state_for(p, static_cast<const AdagradOptions&>(group.options()));
}

AdagradParamState& Adagrad::state_for(const Tensor& p, const AdagradOptions& options) {
  auto& slot = state_[state_key(p)];
  if (!slot) {
    auto state = std::make_unique<AdagradParamState>();
    state->sum(full_like(p, options.initial_accumulator_value()).detach());
    slot = std::move(state);
  }
  return static_cast<AdagradParamState&>(*slot);
}

Tensor Adagrad::step(LossClosure closure) {
  check_learning_rates("Adagrad");
  Tensor loss = run_closure(closure);
  NoGradGuard no_grad;
  for (auto& group : param_groups_) {
    const auto& options = static_cast<const AdagradOptions&>(group.options());
    for (const Tensor& p : group.params()) {
      if (!p.grad().defined()) continue;
      // Parameters added after construction get their state on their first step.
      AdagradParamState& state = state_for(p, options);
      state.step(state.step() + 1);
      Tensor grad = p.grad();
      if (options.weight_decay() != 0) grad = grad.add(p, options.weight_decay());
      const double clr = options.lr() / (1 + double(state.step() - 1) * options.lr_decay());
      state.sum().addcmul_(grad, grad, 1.0);
      Tensor std = state.sum().sqrt().add_(options.eps());
      p.addcdiv_(grad, std, -clr);
    }
  }
  return loss;
}

} // namespace tg::optim
