#include "optim/rmsprop.h"

#include "autograd/ops/functions.h"
#include "autograd/graph/grad_mode.h"
#include "optim/serialize.h"

namespace tg::optim {

RMSpropOptions::RMSpropOptions(double lr) : lr_(lr) {}

bool operator==(const RMSpropOptions& lhs, const RMSpropOptions& rhs) {
  return lhs.lr() == rhs.lr() && lhs.alpha() == rhs.alpha() && lhs.eps() == rhs.eps() &&
         lhs.weight_decay() == rhs.weight_decay() && lhs.momentum() == rhs.momentum() &&
         lhs.centered() == rhs.centered();
}
void RMSpropOptions::serialize(serialize::OutputArchive& archive) const {
  archive.write_double("lr", lr());
  archive.write_double("alpha", alpha());
  archive.write_double("eps", eps());
  archive.write_double("weight_decay", weight_decay());
  archive.write_double("momentum", momentum());
  archive.write_int("centered", centered());
}
void RMSpropOptions::serialize(serialize::InputArchive& archive) {
  lr(archive.read_double("lr"));
  alpha(archive.read_double("alpha"));
  eps(archive.read_double("eps"));
  weight_decay(archive.read_double("weight_decay"));
  momentum(archive.read_double("momentum"));
  centered(archive.read_int("centered") != 0);
}

// Undefined buffers are skipped, as LibTorch skips them.
void RMSpropParamState::serialize(serialize::OutputArchive& archive) const {
  archive.write_int("step", step());
  archive.write("square_avg", square_avg());
  if (momentum_buffer().defined()) archive.write("momentum_buffer", momentum_buffer());
  if (grad_avg().defined()) archive.write("grad_avg", grad_avg());
}
void RMSpropParamState::serialize(serialize::InputArchive& archive) {
  step(archive.read_int("step"));
  archive.read("square_avg", square_avg());
  archive.try_read("momentum_buffer", momentum_buffer());
  archive.try_read("grad_avg", grad_avg());
}

RMSprop::RMSprop(std::vector<OptimizerParamGroup> param_groups, RMSpropOptions defaults)
    : Optimizer(std::move(param_groups), std::make_unique<RMSpropOptions>(defaults)) {
  TG_CHECK(defaults.lr() >= 0, "RMSprop: Invalid learning rate: ", defaults.lr());
  TG_CHECK(defaults.eps() >= 0, "RMSprop: Invalid epsilon value: ", defaults.eps());
  TG_CHECK(defaults.momentum() >= 0, "RMSprop: Invalid momentum value: ", defaults.momentum());
  TG_CHECK(defaults.weight_decay() >= 0,
           "RMSprop: Invalid weight_decay value: ", defaults.weight_decay());
  TG_CHECK(defaults.alpha() >= 0, "RMSprop: Invalid alpha value: ", defaults.alpha());
}

Tensor RMSprop::step(LossClosure closure) {
  check_learning_rates("RMSprop");
  Tensor loss = run_closure(closure);
  NoGradGuard no_grad;
  for (auto& group : param_groups_) {
    const auto& options = static_cast<const RMSpropOptions&>(group.options());
    const double alpha = options.alpha();
    for (const Tensor& p : group.params()) {
      if (!p.grad().defined()) continue;
      auto& slot = state_[state_key(p)];
      if (!slot) {
        auto fresh = std::make_unique<RMSpropParamState>();
        fresh->square_avg(zeros_like(p));
        if (options.momentum() > 0) fresh->momentum_buffer(zeros_like(p));
        if (options.centered()) fresh->grad_avg(zeros_like(p));
        slot = std::move(fresh);
      }
      auto& state = static_cast<RMSpropParamState&>(*slot);
      state.step(state.step() + 1);
      Tensor grad = p.grad();
      if (options.weight_decay() != 0) grad = grad.add(p, options.weight_decay());
      state.square_avg().mul_(alpha).addcmul_(grad, grad, 1 - alpha);
      Tensor avg;
      if (options.centered()) {
        // Options may change between steps (param-group edits): create what is missing.
        if (!state.grad_avg().defined()) state.grad_avg(zeros_like(p));
        state.grad_avg().mul_(alpha).add_(grad, 1 - alpha);
        Tensor centered = state.square_avg().clone();
        centered.addcmul_(state.grad_avg(), state.grad_avg(), -1);
        avg = centered.sqrt().add_(options.eps());
      } else {
        avg = state.square_avg().sqrt().add_(options.eps());
      }
      if (options.momentum() > 0) {
        if (!state.momentum_buffer().defined()) state.momentum_buffer(zeros_like(p));
        state.momentum_buffer().mul_(options.momentum()).addcdiv_(grad, avg);
        p.add_(state.momentum_buffer(), -options.lr());
      } else {
        p.addcdiv_(grad, avg, -options.lr());
      }
    }
  }
  return loss;
}

} // namespace tg::optim
