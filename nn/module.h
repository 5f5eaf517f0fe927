#pragma once
// tg::nn::Module: the base of every layer and model, spelled as torch::nn::Module. A module owns
// named parameters, buffers and child modules; parameters() and friends walk the tree.
//
//   struct Net : tg::nn::Module {
//     Net() { fc = register_module("fc", tg::nn::Linear(784, 10)); }
//     tg::Tensor forward(tg::Tensor x) { return fc(x); }
//     tg::nn::Linear fc{nullptr};   // a holder in its empty state until registered
//   };
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "autograd/graph/grad_mode.h"
#include "autograd/tensor/tensor.h"
#include "nn/ordered_dict.h"

namespace tg::serialize {
class OutputArchive;
class InputArchive;
} // namespace tg::serialize

namespace tg::nn {

template <typename Contained> class ModuleHolder;

/// What Module::load_state_dict did not match (Python's `_IncompatibleKeys`).
struct LoadStateDictResult {
  /// The module's parameter and buffer names the state dict had no entry for.
  std::vector<std::string> missing_keys;
  /// The state dict's names the module has no parameter or buffer for.
  std::vector<std::string> unexpected_keys;
};

/// Renames a state dict's key to the module's name for it before matching; returning an empty
/// string drops the entry (neither loaded nor reported as unexpected).
using StateDictKeyMap = std::function<std::string(const std::string&)>;

/// The base class of every layer and model; same as torch::nn::Module.
///
/// A module owns named parameters, buffers and child modules, each kept in registration order.
/// parameters(), named_modules() and friends walk the tree parents-first; train()/eval() and
/// to() recurse into children. Subclass Cloneable<Derived> rather than Module directly if the
/// module must support clone().
class Module : public std::enable_shared_from_this<Module> {
public:
  /// Visitor for apply() that may modify each module.
  using ModuleApplyFunction = std::function<void(Module&)>;
  /// Visitor for apply() on a const module tree.
  using ConstModuleApplyFunction = std::function<void(const Module&)>;
  /// Visitor for apply() that also receives the module's dotted name ("features.0").
  using NamedModuleApplyFunction = std::function<void(const std::string&, Module&)>;
  /// Visitor for apply() that receives each module as a shared pointer.
  using ModulePointerApplyFunction = std::function<void(const std::shared_ptr<Module>&)>;

  /// A module whose name() is `name` instead of the demangled class name.
  explicit Module(std::string name);
  /// A module named after its dynamic type (LinearImpl prints as "Linear").
  Module();
  /// Shallow copy: parameter, buffer and child handles are shared with `other`, not deep-copied
  /// (use clone() for a deep copy).
  Module(const Module&) = default;
  /// Shallow copy-assignment; see the copy constructor.
  Module& operator=(const Module&) = default;
  /// Move constructor.
  Module(Module&&) noexcept = default;
  /// Move assignment.
  Module& operator=(Module&&) noexcept = default;
  virtual ~Module() = default;

  /// The module's class name ("Linear" for LinearImpl), used when printing.
  const std::string& name() const noexcept;

  /// A deep copy (Cloneable modules only; a plain Module subclass throws).
  virtual std::shared_ptr<Module> clone(const std::optional<Device>& device = std::nullopt) const;

  /// Calls `function` on this module, then recursively on every descendant (parents first).
  void apply(const ModuleApplyFunction& function);
  /// Same as above, on a const tree.
  void apply(const ConstModuleApplyFunction& function) const;
  /// Same as above, also passing each module's dotted name; this module gets `name_prefix`.
  void apply(const NamedModuleApplyFunction& function, const std::string& name_prefix = std::string());
  /// Same as above, passing each module as a shared pointer (this module must itself be owned
  /// by a std::shared_ptr, as every holder's module is).
  void apply(const ModulePointerApplyFunction& function) const;

  /// All defined parameters, this module's first, then each child's in registration order.
  /// With `recurse = false`, only this module's own. Undefined ones (e.g. bias=false) are skipped.
  std::vector<Tensor> parameters(bool recurse = true) const;
  /// Same as parameters(), keyed by dotted names: "features.0.weight".
  OrderedDict<std::string, Tensor> named_parameters(bool recurse = true) const;
  /// All defined buffers (e.g. BatchNorm's running_mean), in the same order as parameters().
  std::vector<Tensor> buffers(bool recurse = true) const;
  /// Same as buffers(), keyed by dotted names: "bn1.running_var".
  OrderedDict<std::string, Tensor> named_buffers(bool recurse = true) const;
  /// This module (unless `include_self` is false) and all its descendants, parents first.
  std::vector<std::shared_ptr<Module>> modules(bool include_self = true) const;
  /// Same as modules(), keyed by dotted names prefixed with `name_prefix`; this module's own key
  /// is `name_prefix` itself (the empty string by default).
  OrderedDict<std::string, std::shared_ptr<Module>> named_modules(
      const std::string& name_prefix = std::string(), bool include_self = true) const;
  /// The direct submodules, in registration order.
  std::vector<std::shared_ptr<Module>> children() const;
  /// The direct submodules keyed by the names they were registered under.
  OrderedDict<std::string, std::shared_ptr<Module>> named_children() const;

  /// Sets training mode (`on`) or evaluation mode on this module and all descendants; it changes
  /// what Dropout and BatchNorm do.
  virtual void train(bool on = true);
  /// Same as train(false).
  void eval();
  /// Whether the module is in training mode (the default after construction).
  virtual bool is_training() const noexcept;

  /// Moves to `device` and converts floating-point parameters and buffers to `dtype`. Only the
  /// CPU exists: any other device throws tg::Error.
  virtual void to(Device device, ScalarType dtype, bool non_blocking = false);
  /// Converts floating-point parameters, buffers (and their gradients) to `dtype`, in place, so
  /// that handles already held (e.g. by an optimizer or a member) see the converted values.
  /// Integer tensors are left alone; `non_blocking` is accepted and ignored.
  virtual void to(ScalarType dtype, bool non_blocking = false);
  /// Moves to `device`: a no-op for the CPU; any other device throws tg::Error (no CUDA backend).
  virtual void to(Device device, bool non_blocking = false);
  /// Same as to(Device(device), non_blocking).
  void to(DeviceType device, bool non_blocking = false) { to(Device(device), non_blocking); }

  /// Clears the gradients of all parameters (zeroed, or undefined with set_to_none).
  virtual void zero_grad(bool set_to_none = false);

  /// Casts to the concrete module type, or nullptr.
  template <typename ModuleType> typename ModuleType::ContainedType* as() noexcept;
  /// Same as above, on a const module: as<Linear>() gives a `const LinearImpl*` or nullptr.
  template <typename ModuleType> const typename ModuleType::ContainedType* as() const noexcept;
  /// Same as above, naming the Module subclass itself (as<LinearImpl>()) rather than its holder.
  template <typename ModuleType, typename = std::enable_if_t<std::is_base_of_v<Module, ModuleType>>>
  ModuleType* as() noexcept {
    return dynamic_cast<ModuleType*>(this);
  }

  /// Every defined parameter and buffer under Python's name for it ("fc1.weight",
  /// "features.0.bias", "bn.running_mean", "bn.num_batches_tracked"), in Python's order: each
  /// module's parameters, then its buffers, then its children's. The tensors are detached but
  /// share the module's data, as in Python.
  ///
  ///   for (const auto& item : net->state_dict()) std::cout << item.key() << "\n";
  OrderedDict<std::string, Tensor> state_dict() const;
  /// Copies `state_dict` into the parameters and buffers of the same names (after `key_map`, if
  /// given, renamed each of its keys). Shapes must match and dtypes must be compatible (floating
  /// to floating, integer to integer); any mismatch throws tg::Error listing every problem, as
  /// does, when `strict`, any missing or unexpected key. Nothing is changed unless everything
  /// matches. Returns the missing and unexpected keys (both empty when `strict`).
  LoadStateDictResult load_state_dict(const OrderedDict<std::string, Tensor>& state_dict,
                                      bool strict = true, const StateDictKeyMap& key_map = nullptr);

  /// Archive-based saving is not implemented: always throws tg::Error; use tg::save(module, path).
  virtual void save(serialize::OutputArchive& archive) const;
  /// Archive-based loading is not implemented: always throws tg::Error; use tg::load(module, path).
  virtual void load(serialize::InputArchive& archive);

  /// One line describing this module ("Linear(in_features=784, out_features=10, bias=true)").
  virtual void pretty_print(std::ostream& stream) const;
  /// Whether tg::save should include this module; true unless a subclass says otherwise.
  virtual bool is_serializable() const { return true; }

  /// Registers `tensor` as parameter `name` and returns a reference to the stored handle.
  /// Sets requires_grad on it (as `requires_grad`). An undefined tensor may be registered (e.g. a
  /// missing bias) and is skipped by parameters(). Throws tg::Error if `name` is empty, contains
  /// a dot, or is already registered.
  Tensor& register_parameter(std::string name, Tensor tensor, bool requires_grad = true);
  /// Registers `tensor` as buffer `name`: state that is saved and converted by to() but is not
  /// trained. Same name rules as register_parameter().
  Tensor& register_buffer(std::string name, Tensor tensor);
  /// Registers `module` as child `name` and returns it. Throws tg::Error if `module` is null, or
  /// `name` is empty, contains a dot, or is already taken.
  template <typename ModuleType>
  std::shared_ptr<ModuleType> register_module(std::string name, std::shared_ptr<ModuleType> module);
  /// Same as above, taking a holder (`register_module("fc", Linear(4, 2))`); an empty holder
  /// throws tg::Error.
  template <typename ModuleType>
  std::shared_ptr<ModuleType> register_module(std::string name, ModuleHolder<ModuleType> holder);
  /// Replaces the child registered as `name` with `module` and returns it. Throws tg::Error if
  /// there is no such child. Members that still point at the old child are not updated.
  template <typename ModuleType>
  std::shared_ptr<ModuleType> replace_module(const std::string& name, std::shared_ptr<ModuleType> module);
  /// Same as above, taking a holder.
  template <typename ModuleType>
  std::shared_ptr<ModuleType> replace_module(const std::string& name, ModuleHolder<ModuleType> holder);
  /// Removes the child `name`; throws tg::Error if there is none.
  void unregister_module(const std::string& name);

protected:
  /// Subclasses clone by copy-constructing and re-registering; see Cloneable.
  OrderedDict<std::string, Tensor> parameters_{"Parameter"};
  /// This module's own buffers, by name, in registration order.
  OrderedDict<std::string, Tensor> buffers_{"Buffer"};
  /// This module's direct submodules, by name, in registration order.
  OrderedDict<std::string, std::shared_ptr<Module>> children_{"Submodule"};
  template <typename Derived> friend class Cloneable;
  friend std::ostream& operator<<(std::ostream& stream, const Module& module);

private:
  void collect_state_recursive(const std::string& prefix,
                               std::vector<std::pair<std::string, Tensor>>& out) const;
  void pretty_print_recursive(std::ostream& stream, const std::string& indentation) const;
  void register_child(const std::string& name, std::shared_ptr<Module> module);

  mutable std::optional<std::string> name_;
  bool is_training_ = true;
};

/// Prints the module tree, as LibTorch does:
///   Net(
///     (fc): Linear(in_features=784, out_features=10, bias=true)
///   )
std::ostream& operator<<(std::ostream& stream, const Module& module);

template <typename ModuleType>
std::shared_ptr<ModuleType> Module::register_module(std::string name,
                                                    std::shared_ptr<ModuleType> module) {
  TG_CHECK(module != nullptr, "register_module: submodule '", name, "' is empty (nullptr)");
  register_child(name, module);
  return module;
}
template <typename ModuleType>
std::shared_ptr<ModuleType> Module::register_module(std::string name, ModuleHolder<ModuleType> holder) {
  return register_module(std::move(name), holder.ptr());
}
template <typename ModuleType>
std::shared_ptr<ModuleType> Module::replace_module(const std::string& name,
                                                   std::shared_ptr<ModuleType> module) {
  TG_CHECK(children_.contains(name), "replace_module: no submodule named '", name, "'");
  children_[name] = module;
  return module;
}
template <typename ModuleType>
std::shared_ptr<ModuleType> Module::replace_module(const std::string& name,
                                                   ModuleHolder<ModuleType> holder) {
  return replace_module(name, holder.ptr());
}
template <typename ModuleType> typename ModuleType::ContainedType* Module::as() noexcept {
  return dynamic_cast<typename ModuleType::ContainedType*>(this);
}
template <typename ModuleType>
const typename ModuleType::ContainedType* Module::as() const noexcept {
  return dynamic_cast<const typename ModuleType::ContainedType*>(this);
}

/// Modules that can be deep-copied: they implement reset(), which (re)creates their parameters.
template <typename Derived> class Cloneable : public Module {
public:
  /// Inherits Module's constructors.
  using Module::Module;
  /// (Re)creates and registers all parameters, buffers and submodules.
  virtual void reset() = 0;

  /// A deep copy: copy-constructs Derived, calls reset() on the copy to give it fresh tensors,
  /// then copies this module's parameter and buffer values into them (moved to `device` if
  /// given). Throws tg::Error if reset() registers a different set of parameters.
  std::shared_ptr<Module> clone(const std::optional<Device>& device = std::nullopt) const override {
    NoGradGuard no_grad;
    auto copy = std::make_shared<Derived>(static_cast<const Derived&>(*this));
    copy->parameters_.clear();
    copy->buffers_.clear();
    copy->children_.clear();
    copy->reset();
    // reset() made fresh tensors; give them this module's values, all the way down the tree.
    auto src_params = named_parameters(), dst_params = copy->named_parameters();
    TG_CHECK(src_params.size() == dst_params.size(),
             "clone: reset() registered a different set of parameters");
    for (const auto& p : src_params) dst_params[p.key()].copy_(p.value());
    auto src_buffers = named_buffers(), dst_buffers = copy->named_buffers();
    for (const auto& b : src_buffers)
      if (Tensor* dst = dst_buffers.find(b.key())) dst->copy_(b.value());
    if (device) copy->to(*device);
    return copy;
  }

};

} // namespace tg::nn
