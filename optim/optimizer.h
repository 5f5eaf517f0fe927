#pragma once
// tg::optim::Optimizer: the base of SGD, Adam, ..., spelled as LibTorch 1.13's torch::optim.
//
//   tg::optim::SGD opt(model->parameters(), tg::optim::SGDOptions(0.1).momentum(0.9));
//   opt.zero_grad(); loss.backward(); opt.step();
//
// Parameters live in param groups, each with its own copy of the options (a group built without
// options takes the optimizer's defaults). Per-parameter state (momentum buffers, running averages)
// is created lazily on the first step() and keyed, as in LibTorch, by the address of the
// parameter's TensorImpl printed as a string (see state_key()).
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "autograd/tensor.h"
#include "nn/arg.h"

namespace tg::serialize {
class OutputArchive;
class InputArchive;
} // namespace tg::serialize

namespace tg::optim {

/// Per-parameter state of an optimizer (momentum buffer, running averages, step count).
class OptimizerParamState {
public:
  virtual std::unique_ptr<OptimizerParamState> clone() const;
  virtual void serialize(serialize::InputArchive& archive);
  virtual void serialize(serialize::OutputArchive& archive) const;
  virtual ~OptimizerParamState() = default;
};

template <typename Derived> class OptimizerCloneableParamState : public OptimizerParamState {
public:
  std::unique_ptr<OptimizerParamState> clone() const override {
    return std::make_unique<Derived>(static_cast<const Derived&>(*this));
  }
};

/// Hyper-parameters of one param group.
class OptimizerOptions {
public:
  virtual std::unique_ptr<OptimizerOptions> clone() const;
  virtual void serialize(serialize::InputArchive& archive);
  virtual void serialize(serialize::OutputArchive& archive) const;
  virtual ~OptimizerOptions() = default;
  virtual double get_lr() const;
  virtual void set_lr(const double lr);
  /// For code that only holds the base (`group.options().lr()`); a subclass's TG_ARG(lr) hides
  /// these with its own accessors.
  double lr() const { return get_lr(); }
  OptimizerOptions& lr(double lr) {
    set_lr(lr);
    return *this;
  }
};

template <typename Derived> class OptimizerCloneableOptions : public OptimizerOptions {
private:
  std::unique_ptr<OptimizerOptions> clone() const override {
    return std::make_unique<Derived>(static_cast<const Derived&>(*this));
  }
};

/// A list of parameters optimised with the same options.
class OptimizerParamGroup {
public:
  OptimizerParamGroup(const OptimizerParamGroup& param_group);
  OptimizerParamGroup& operator=(const OptimizerParamGroup& param_group);
  OptimizerParamGroup(OptimizerParamGroup&&) noexcept = default;
  OptimizerParamGroup& operator=(OptimizerParamGroup&&) noexcept = default;
  OptimizerParamGroup(std::vector<Tensor> params) : params_(std::move(params)) {} // NOLINT
  OptimizerParamGroup(std::vector<Tensor> params, std::unique_ptr<OptimizerOptions> options)
      : params_(std::move(params)), options_(std::move(options)) {}

  bool has_options() const { return options_ != nullptr; }
  OptimizerOptions& options();
  const OptimizerOptions& options() const;
  void set_options(std::unique_ptr<OptimizerOptions> options) { options_ = std::move(options); }
  std::vector<Tensor>& params() { return params_; }
  const std::vector<Tensor>& params() const { return params_; }

protected:
  std::vector<Tensor> params_;
  std::unique_ptr<OptimizerOptions> options_;
};

class Optimizer {
public:
  using StateMap = std::unordered_map<std::string, std::unique_ptr<OptimizerParamState>>;

  // Copying is deleted as in LibTorch: copy an optimizer through a checkpoint instead.
  Optimizer(const Optimizer& optimizer) = delete;
  Optimizer(Optimizer&& optimizer) = default;

  explicit Optimizer(std::vector<OptimizerParamGroup> param_groups,
                     std::unique_ptr<OptimizerOptions> defaults);
  explicit Optimizer(std::vector<Tensor> parameters, std::unique_ptr<OptimizerOptions> defaults);

  /// Adds a group; without options it gets a copy of the defaults. A parameter may belong to
  /// only one group, and must be a leaf.
  void add_param_group(const OptimizerParamGroup& param_group);

  virtual ~Optimizer() = default;

  using LossClosure = std::function<Tensor()>;
  /// One update of every parameter that has a gradient. The closure, if given, is called with
  /// grad mode on (it should zero the gradients, compute the loss and call backward) and its
  /// loss is returned.
  virtual Tensor step(LossClosure closure = nullptr) = 0;

  /// Appends parameters to the first group.
  void add_parameters(const std::vector<Tensor>& parameters);

  /// Zeroes the gradients in place (LibTorch 1.13 semantics), or with `set_to_none` resets them
  /// to undefined.
  void zero_grad(bool set_to_none = false);

  /// The parameters of the first group.
  const std::vector<Tensor>& parameters() const noexcept;
  std::vector<Tensor>& parameters() noexcept;

  /// The number of parameters over all groups.
  size_t size() const noexcept;

  OptimizerOptions& defaults() noexcept { return *defaults_; }
  const OptimizerOptions& defaults() const noexcept { return *defaults_; }

  std::vector<OptimizerParamGroup>& param_groups() noexcept { return param_groups_; }
  const std::vector<OptimizerParamGroup>& param_groups() const noexcept { return param_groups_; }

  StateMap& state() noexcept { return state_; }
  const StateMap& state() const noexcept { return state_; }

  /// Writes the param groups' options and every parameter's state (see tg::save(optimizer)).
  virtual void save(serialize::OutputArchive& archive) const;
  /// Reads what save() wrote. Everything is validated first (optimizer type, group and parameter
  /// counts, shapes); on any error the optimizer is left unchanged.
  virtual void load(serialize::InputArchive& archive);

  /// The state() key of a parameter: its TensorImpl's address, as LibTorch prints it.
  static std::string state_key(const Tensor& param);

protected:
  /// An empty per-parameter state of this optimizer's kind, filled by load(); optimizers
  /// without one cannot load a checkpoint that has state.
  virtual std::unique_ptr<OptimizerParamState> make_param_state() const { return nullptr; }
  /// LibTorch's step() preamble: the closure's loss, computed with grad mode enabled.
  static Tensor run_closure(const LossClosure& closure);

  std::vector<OptimizerParamGroup> param_groups_;
  StateMap state_;
  std::unique_ptr<OptimizerOptions> defaults_;
};

} // namespace tg::optim
