#include "optim/optimizer.h"

#include <cxxabi.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <typeinfo>
#include <unordered_set>

#include "autograd/ops/functions.h"
#include "autograd/graph/grad_mode.h"
#include "optim/serialize.h"

namespace tg::optim {

// ---------------------------------------------------------------- state and options
std::unique_ptr<OptimizerParamState> OptimizerParamState::clone() const {
  throw Error("clone() has not been implemented for this tg::optim::OptimizerParamState subclass: "
              "derive from OptimizerCloneableParamState<YourState> instead");
}
void OptimizerParamState::serialize(serialize::InputArchive&) {
  throw Error("serialize(InputArchive&) has not been implemented for this "
              "tg::optim::OptimizerParamState subclass");
}
void OptimizerParamState::serialize(serialize::OutputArchive&) const {
  throw Error("serialize(OutputArchive&) has not been implemented for this "
              "tg::optim::OptimizerParamState subclass");
}

std::unique_ptr<OptimizerOptions> OptimizerOptions::clone() const {
  throw Error("clone() has not been implemented for this tg::optim::OptimizerOptions subclass: "
              "derive from OptimizerCloneableOptions<YourOptions> instead");
}
void OptimizerOptions::serialize(serialize::InputArchive&) {
  throw Error("serialize(InputArchive&) has not been implemented for this "
              "tg::optim::OptimizerOptions subclass");
}
void OptimizerOptions::serialize(serialize::OutputArchive&) const {
  throw Error("serialize(OutputArchive&) has not been implemented for this "
              "tg::optim::OptimizerOptions subclass");
}
double OptimizerOptions::get_lr() const {
  throw Error("double get_lr() has not been overridden in this subclass of "
              "tg::optim::OptimizerOptions; override it to use learning-rate schedulers");
}
void OptimizerOptions::set_lr(const double) {
  throw Error("void set_lr(double) has not been overridden in this subclass of "
              "tg::optim::OptimizerOptions; override it to use learning-rate schedulers");
}

// ---------------------------------------------------------------- param groups
OptimizerParamGroup::OptimizerParamGroup(const OptimizerParamGroup& other)
    : params_(other.params_), options_(other.has_options() ? other.options().clone() : nullptr) {}
OptimizerParamGroup& OptimizerParamGroup::operator=(const OptimizerParamGroup& other) {
  if (this != &other) {
    params_ = other.params_;
    options_ = other.has_options() ? other.options().clone() : nullptr;
  }
  return *this;
}
OptimizerOptions& OptimizerParamGroup::options() {
  TG_CHECK(has_options(), "OptimizerParamGroup::options(): this param group has no options");
  return *options_;
}
const OptimizerOptions& OptimizerParamGroup::options() const {
  TG_CHECK(has_options(), "OptimizerParamGroup::options(): this param group has no options");
  return *options_;
}

// ---------------------------------------------------------------- optimizer
Optimizer::Optimizer(std::vector<OptimizerParamGroup> param_groups,
                     std::unique_ptr<OptimizerOptions> defaults)
    : defaults_(std::move(defaults)) {
  TG_CHECK(defaults_ != nullptr, "Optimizer: the default options must not be null");
  for (const auto& group : param_groups) add_param_group(group);
}
Optimizer::Optimizer(std::vector<Tensor> parameters, std::unique_ptr<OptimizerOptions> defaults)
    : Optimizer(std::vector<OptimizerParamGroup>{OptimizerParamGroup(std::move(parameters))},
                std::move(defaults)) {}

void Optimizer::add_param_group(const OptimizerParamGroup& param_group) {
  std::unordered_set<const TensorImpl*> seen;
  for (const auto& group : param_groups_)
    for (const auto& p : group.params()) seen.insert(p.unsafeGetTensorImpl());
  for (const auto& p : param_group.params()) {
    TG_CHECK(p.defined(), "Optimizer: can't optimize an undefined Tensor");
    TG_CHECK(p.is_leaf(), "Optimizer: can't optimize a non-leaf Tensor");
    TG_CHECK(seen.insert(p.unsafeGetTensorImpl()).second,
             "Optimizer: some parameters appear in more than one parameter group");
  }
  OptimizerParamGroup group(param_group.params());
  group.set_options(param_group.has_options() ? param_group.options().clone() : defaults_->clone());
  param_groups_.push_back(std::move(group));
}

void Optimizer::add_parameters(const std::vector<Tensor>& parameters) {
  if (param_groups_.empty()) {
    add_param_group(OptimizerParamGroup(parameters));
    return;
  }
  // Validate through a scratch group so a bad tensor leaves the first group untouched.
  std::unordered_set<const TensorImpl*> seen;
  for (const auto& group : param_groups_)
    for (const auto& p : group.params()) seen.insert(p.unsafeGetTensorImpl());
  for (const auto& p : parameters) {
    TG_CHECK(p.defined() && p.is_leaf(), "Optimizer::add_parameters: can't optimize an undefined "
             "or non-leaf Tensor");
    TG_CHECK(seen.insert(p.unsafeGetTensorImpl()).second,
             "Optimizer::add_parameters: some parameters appear in more than one parameter group");
  }
  auto& params = param_groups_.front().params();
  params.insert(params.end(), parameters.begin(), parameters.end());
}

void Optimizer::zero_grad(bool set_to_none) {
  for (auto& group : param_groups_) {
    for (auto& p : group.params()) {
      Tensor& g = p.mutable_grad();
      if (!g.defined()) continue;
      if (set_to_none) {
        g.reset();
        continue;
      }
      // A gradient built with create_graph has history; zeroing must not extend it.
      NoGradGuard no_grad;
      if (g.grad_fn()) g = g.detach();
      g.zero_();
    }
  }
}

const std::vector<Tensor>& Optimizer::parameters() const noexcept {
  static const std::vector<Tensor> empty;
  return param_groups_.empty() ? empty : param_groups_.front().params();
}
std::vector<Tensor>& Optimizer::parameters() noexcept {
  static std::vector<Tensor> empty;
  if (param_groups_.empty()) {
    empty.clear();
    return empty;
  }
  return param_groups_.front().params();
}

size_t Optimizer::size() const noexcept {
  size_t n = 0;
  for (const auto& group : param_groups_) n += group.params().size();
  return n;
}

std::string Optimizer::state_key(const Tensor& param) {
  // "0x" + hex address, as std::ostream prints a pointer; short enough for the small-string buffer.
  char buf[2 + 2 * sizeof(void*)] = {'0', 'x'};
  auto address = reinterpret_cast<uintptr_t>(param.unsafeGetTensorImpl());
  auto [end, ec] = std::to_chars(buf + 2, buf + sizeof(buf), address, 16);
  (void)ec;
  return std::string(buf, end);
}

void Optimizer::check_learning_rates(const char* optimizer) const {
  for (size_t i = 0; i < param_groups_.size(); ++i) {
    const double lr = param_groups_[i].options().get_lr();
    TG_CHECK(std::isfinite(lr) && lr >= 0, optimizer, ": invalid learning rate ", lr,
             " in parameter group ", i, "; expected a finite, non-negative number");
  }
}

Tensor Optimizer::run_closure(const LossClosure& closure) {
  if (!closure) return Tensor();
  AutoGradMode enable_grad(true);
  return closure();
}

// ---------------------------------------------------------------- checkpoints
namespace {
std::string type_name(const Optimizer& optimizer) {
  int status = 0;
  char* raw = abi::__cxa_demangle(typeid(optimizer).name(), nullptr, nullptr, &status);
  std::string name = status == 0 && raw ? raw : typeid(optimizer).name();
  std::free(raw);
  return name;
}
std::string group_key(size_t g) { return "param_groups." + std::to_string(g); }
std::string param_key(size_t g, size_t i) {
  return group_key(g) + ".params." + std::to_string(i);
}
} // namespace

void Optimizer::save(serialize::OutputArchive& archive) const {
  archive.write_string("optimizer", type_name(*this));
  archive.write_int("param_groups", int64_t(param_groups_.size()));
  for (size_t g = 0; g < param_groups_.size(); ++g) {
    const auto& group = param_groups_[g];
    serialize::OutputArchive options;
    group.options().serialize(options);
    archive.write(group_key(g) + ".options", options);
    archive.write_int(group_key(g) + ".size", int64_t(group.params().size()));
    for (size_t i = 0; i < group.params().size(); ++i) {
      const Tensor& p = group.params()[i];
      Tensor shape = empty({p.dim()}, kLong);
      std::copy(p.sizes().begin(), p.sizes().end(), shape.data_ptr<int64_t>());
      archive.write(param_key(g, i) + ".shape", shape);
      auto it = state_.find(state_key(p));
      if (it == state_.end() || !it->second) continue;
      serialize::OutputArchive state;
      it->second->serialize(state);
      archive.write(param_key(g, i) + ".state", state);
    }
  }
}

void Optimizer::check_loaded_state(const serialize::InputArchive& state, const Tensor& p,
                                   size_t g, size_t i) const {
  // Every floating-point state tensor of these optimizers is shaped and typed as its parameter.
  for (const auto& key : state.keys()) {
    const Tensor* t = state.find(key);
    if (!t->defined() || !t->is_floating_point()) continue;
    TG_CHECK(t->sizes().equals(p.sizes()) && t->scalar_type() == p.scalar_type(), "tg::load: '",
             state.source(), "': state '", key, "' of parameter ", i, " of param group ", g,
             " is ", t->scalar_type(), t->sizes(), " but the parameter is ", p.scalar_type(),
             p.sizes());
  }
}

void Optimizer::load(serialize::InputArchive& archive) {
  const std::string& src = archive.source();
  const std::string mine = type_name(*this);
  const std::string theirs = archive.read_string("optimizer");
  TG_CHECK(theirs == mine, "tg::load: '", src, "' holds the state of a ", theirs,
           ", which can't be loaded into a ", mine);
  const int64_t groups = archive.read_int("param_groups");
  TG_CHECK(groups == int64_t(param_groups_.size()), "tg::load: '", src, "' has ", groups,
           " param groups, but the optimizer has ", param_groups_.size());

  // Everything is read into temporaries first; the optimizer changes only once all of it is valid.
  std::vector<std::unique_ptr<OptimizerOptions>> new_options;
  StateMap new_state;
  for (size_t g = 0; g < param_groups_.size(); ++g) {
    const auto& params = param_groups_[g].params();
    const int64_t n = archive.read_int(group_key(g) + ".size");
    TG_CHECK(n == int64_t(params.size()), "tg::load: '", src, "': param group ", g, " has ", n,
             " parameters in the file, but ", params.size(), " in the optimizer");
    serialize::InputArchive options_archive;
    archive.read(group_key(g) + ".options", options_archive);
    auto options = param_groups_[g].options().clone();
    options->serialize(options_archive);
    new_options.push_back(std::move(options));

    for (size_t i = 0; i < params.size(); ++i) {
      const Tensor& p = params[i];
      Tensor shape;
      archive.read(param_key(g, i) + ".shape", shape);
      TG_CHECK(shape.defined() && shape.scalar_type() == kLong && shape.dim() == 1 &&
                   shape.numel() == p.dim() &&
                   std::equal(p.sizes().begin(), p.sizes().end(), shape.data_ptr<int64_t>()),
               "tg::load: '", src, "': parameter ", i, " of param group ", g,
               " has a different shape in the file than the optimizer's ", p.sizes());
      serialize::InputArchive state_archive;
      if (!archive.try_read(param_key(g, i) + ".state", state_archive)) continue;
      check_loaded_state(state_archive, p, g, i);
      auto state = make_param_state();
      TG_CHECK(state != nullptr, "tg::load: ", mine, " does not implement make_param_state(), so "
               "it can't load per-parameter state");
      state->serialize(state_archive);
      new_state[state_key(p)] = std::move(state);
    }
  }
  for (size_t g = 0; g < param_groups_.size(); ++g)
    param_groups_[g].set_options(std::move(new_options[g]));
  state_ = std::move(new_state);
}

} // namespace tg::optim
