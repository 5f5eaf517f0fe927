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

#include "autograd/tensor/tensor.h"
#include "tapegrad/arg.h"

namespace tg::serialize {
class OutputArchive;
class InputArchive;
} // namespace tg::serialize

namespace tg::optim {

/// Per-parameter state of an optimizer (momentum buffer, running averages, step count).
class OptimizerParamState {
public:
  /// A deep copy; the base throws tg::Error (derive from OptimizerCloneableParamState).
  virtual std::unique_ptr<OptimizerParamState> clone() const;
  /// Reads the state's fields from a checkpoint; the base throws tg::Error.
  virtual void serialize(serialize::InputArchive& archive);
  /// Writes the state's fields to a checkpoint; the base throws tg::Error.
  virtual void serialize(serialize::OutputArchive& archive) const;
  virtual ~OptimizerParamState() = default;
};

/// CRTP base that implements clone() by copy-constructing Derived, as LibTorch's
/// OptimizerCloneableParamState.
template <typename Derived> class OptimizerCloneableParamState : public OptimizerParamState {
public:
  /// A copy of *this as a Derived (Tensor members are handles: the copy shares their data).
  std::unique_ptr<OptimizerParamState> clone() const override {
    return std::make_unique<Derived>(static_cast<const Derived&>(*this));
  }
};

/// Hyper-parameters of one param group.
class OptimizerOptions {
public:
  /// A copy; the base throws tg::Error (derive from OptimizerCloneableOptions).
  virtual std::unique_ptr<OptimizerOptions> clone() const;
  /// Reads the options from a checkpoint; the base throws tg::Error.
  virtual void serialize(serialize::InputArchive& archive);
  /// Writes the options to a checkpoint; the base throws tg::Error.
  virtual void serialize(serialize::OutputArchive& archive) const;
  virtual ~OptimizerOptions() = default;
  /// The learning rate, for the schedulers; the base throws tg::Error.
  virtual double get_lr() const;
  /// Sets the learning rate, for the schedulers; the base throws tg::Error.
  virtual void set_lr(const double lr);
  /// For code that only holds the base (`group.options().lr()`); a subclass's TG_ARG(lr) hides
  /// these with its own accessors.
  double lr() const { return get_lr(); }
  /// Sets the learning rate through set_lr() and returns *this.
  OptimizerOptions& lr(double lr) {
    set_lr(lr);
    return *this;
  }
};

/// CRTP base that implements clone() by copy-constructing Derived, as LibTorch's
/// OptimizerCloneableOptions.
template <typename Derived> class OptimizerCloneableOptions : public OptimizerOptions {
private:
  std::unique_ptr<OptimizerOptions> clone() const override {
    return std::make_unique<Derived>(static_cast<const Derived&>(*this));
  }
};

/// A list of parameters optimised with the same options.
class OptimizerParamGroup {
public:
  /// Copies the parameter handles (not the tensors) and clones the options.
  OptimizerParamGroup(const OptimizerParamGroup& param_group);
  /// Same as the copy constructor.
  OptimizerParamGroup& operator=(const OptimizerParamGroup& param_group);
  /// Moves the parameters and the options.
  OptimizerParamGroup(OptimizerParamGroup&&) noexcept = default;
  /// Moves the parameters and the options.
  OptimizerParamGroup& operator=(OptimizerParamGroup&&) noexcept = default;
  /// A group without options: the optimizer gives it a copy of its defaults. Implicit, as in
  /// LibTorch, so that a braced list of groups can hold plain parameter vectors.
  OptimizerParamGroup(std::vector<Tensor> params) : params_(std::move(params)) {} // NOLINT
  /// A group with its own options, e.g. std::make_unique<SGDOptions>(0.01).
  OptimizerParamGroup(std::vector<Tensor> params, std::unique_ptr<OptimizerOptions> options)
      : params_(std::move(params)), options_(std::move(options)) {}

  /// Whether options were given (groups inside an optimizer always have them).
  bool has_options() const { return options_ != nullptr; }
  /// The group's options; throws tg::Error if it has none. Downcast to the optimizer's options
  /// type (static_cast<SGDOptions&>) to reach its specific fields.
  OptimizerOptions& options();
  /// Same as above, const.
  const OptimizerOptions& options() const;
  /// Replaces the group's options.
  void set_options(std::unique_ptr<OptimizerOptions> options) { options_ = std::move(options); }
  /// The group's parameters.
  std::vector<Tensor>& params() { return params_; }
  /// Same as above, const.
  const std::vector<Tensor>& params() const { return params_; }

protected:
  std::vector<Tensor> params_;                ///< The parameters (handles sharing the tensors).
  std::unique_ptr<OptimizerOptions> options_; ///< The group's options, or null.
};

/// The abstract base of the optimizers, as torch::optim::Optimizer: param groups, lazily
/// created per-parameter state, zero_grad(), and checkpoints through save()/load().
class Optimizer {
public:
  /// Per-parameter state, keyed by state_key() of the parameter.
  using StateMap = std::unordered_map<std::string, std::unique_ptr<OptimizerParamState>>;

  /// Copying is deleted as in LibTorch: copy an optimizer through a checkpoint instead.
  Optimizer(const Optimizer& optimizer) = delete;
  /// Moves the groups, the state and the defaults.
  Optimizer(Optimizer&& optimizer) = default;

  /// Adds each group with add_param_group(); throws tg::Error if defaults is null or a parameter
  /// is undefined, not a leaf, or in two groups.
  explicit Optimizer(std::vector<OptimizerParamGroup> param_groups,
                     std::unique_ptr<OptimizerOptions> defaults);
  /// One group holding parameters, with the defaults as its options.
  explicit Optimizer(std::vector<Tensor> parameters, std::unique_ptr<OptimizerOptions> defaults);

  /// Adds a group; without options it gets a copy of the defaults. A parameter may belong to
  /// only one group, and must be a leaf.
  void add_param_group(const OptimizerParamGroup& param_group);

  virtual ~Optimizer() = default;

  /// A function that recomputes the loss (zero_grad, forward, backward) and returns it.
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
  /// Same as above, mutable (an empty vector if there is no group).
  std::vector<Tensor>& parameters() noexcept;

  /// The number of parameters over all groups.
  size_t size() const noexcept;

  /// The options that groups added without their own get a copy of. Changing them later does
  /// not change the existing groups (as in LibTorch).
  OptimizerOptions& defaults() noexcept { return *defaults_; }
  /// Same as above, const.
  const OptimizerOptions& defaults() const noexcept { return *defaults_; }

  /// The param groups, each with its own options (e.g. to change a group's lr by hand).
  std::vector<OptimizerParamGroup>& param_groups() noexcept { return param_groups_; }
  /// Same as above, const.
  const std::vector<OptimizerParamGroup>& param_groups() const noexcept { return param_groups_; }

  /// The per-parameter state, keyed by state_key(); empty until the first step().
  StateMap& state() noexcept { return state_; }
  /// Same as above, const.
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
  /// Called by load() for each parameter's state before anything changes: throws tg::Error if
  /// the state read from the file can't belong to `param` (parameter `index` of group `group`).
  /// The default requires every floating-point tensor to have the parameter's shape and dtype;
  /// optimizers whose state is shaped otherwise (LBFGS) override it.
  virtual void check_loaded_state(const serialize::InputArchive& state, const Tensor& param,
                                  size_t group, size_t index) const;
  /// LibTorch's step() preamble: the closure's loss, computed with grad mode enabled.
  static Tensor run_closure(const LossClosure& closure);
  /// Throws tg::Error naming `optimizer` and the group when a group's learning rate is NaN,
  /// infinite or negative: the constructor checks it, but a scheduler or the user may set it on
  /// a group later, and a step would then silently fill every parameter with NaN. Called at the
  /// start of step(), before anything changes.
  void check_learning_rates(const char* optimizer) const;

  std::vector<OptimizerParamGroup> param_groups_; ///< The groups, in the order added.
  StateMap state_;                                ///< Per-parameter state, see state().
  std::unique_ptr<OptimizerOptions> defaults_;    ///< See defaults(); never null.
};

} // namespace tg::optim
