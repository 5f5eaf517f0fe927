#include "optim/schedulers/lr_scheduler.h"

#include <string>
#include <typeinfo>

#include "optim/serialize.h"

namespace tg::optim {

LRScheduler::LRScheduler(Optimizer& optimizer) : optimizer_(optimizer) {}

void LRScheduler::step() {
  set_optimizer_lrs(get_lrs());
  ++step_count_;
}

std::vector<double> LRScheduler::get_current_lrs() const {
  std::vector<double> lrs;
  lrs.reserve(optimizer_.param_groups().size());
  for (const auto& group : optimizer_.param_groups()) lrs.push_back(group.options().get_lr());
  return lrs;
}

void LRScheduler::set_optimizer_lrs(const std::vector<double>& learning_rates) {
  auto& groups = optimizer_.param_groups();
  TG_CHECK(learning_rates.size() == groups.size(), "LRScheduler: ", learning_rates.size(),
           " learning rates for ", groups.size(), " param groups");
  for (size_t i = 0; i < groups.size(); ++i) groups[i].options().set_lr(learning_rates[i]);
}

void LRScheduler::save(serialize::OutputArchive& archive) const {
  // The type, so that a checkpoint of one schedule is not resumed as another.
  archive.write_string("scheduler", typeid(*this).name());
  archive.write_int("step_count", step_count_);
}
void LRScheduler::load(serialize::InputArchive& archive) {
  const std::string theirs = archive.read_string("scheduler"), mine = typeid(*this).name();
  TG_CHECK(theirs == mine, "tg::load: '", archive.source(),
           "' holds the state of a scheduler of "
           "type ",
           theirs, ", which can't be loaded into a ", mine);
  const int64_t n = archive.read_int("step_count");
  TG_CHECK(n >= 0, "tg::load: '", archive.source(), "': negative scheduler step count ", n);
  step_count_ = unsigned(n);
}

} // namespace tg::optim
