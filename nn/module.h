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

#include "autograd/grad_mode.h"
#include "autograd/tensor.h"
#include "nn/ordered_dict.h"

namespace tg::serialize {
class OutputArchive;
class InputArchive;
} // namespace tg::serialize

namespace tg::nn {

template <typename Contained> class ModuleHolder;

class Module : public std::enable_shared_from_this<Module> {
public:
  using ModuleApplyFunction = std::function<void(Module&)>;
  using ConstModuleApplyFunction = std::function<void(const Module&)>;
  using NamedModuleApplyFunction = std::function<void(const std::string&, Module&)>;
  using ModulePointerApplyFunction = std::function<void(const std::shared_ptr<Module>&)>;

  explicit Module(std::string name);
  Module();
  Module(const Module&) = default;
  Module& operator=(const Module&) = default;
  Module(Module&&) noexcept = default;
  Module& operator=(Module&&) noexcept = default;
  virtual ~Module() = default;

  /// The module's class name ("Linear" for LinearImpl), used when printing.
  const std::string& name() const noexcept;

  /// A deep copy (Cloneable modules only; a plain Module subclass throws).
  virtual std::shared_ptr<Module> clone(const std::optional<Device>& device = std::nullopt) const;

  void apply(const ModuleApplyFunction& function);
  void apply(const ConstModuleApplyFunction& function) const;
  void apply(const NamedModuleApplyFunction& function, const std::string& name_prefix = std::string());
  void apply(const ModulePointerApplyFunction& function) const;

  std::vector<Tensor> parameters(bool recurse = true) const;
  /// Dotted names: "features.0.weight".
  OrderedDict<std::string, Tensor> named_parameters(bool recurse = true) const;
  std::vector<Tensor> buffers(bool recurse = true) const;
  OrderedDict<std::string, Tensor> named_buffers(bool recurse = true) const;
  std::vector<std::shared_ptr<Module>> modules(bool include_self = true) const;
  OrderedDict<std::string, std::shared_ptr<Module>> named_modules(
      const std::string& name_prefix = std::string(), bool include_self = true) const;
  std::vector<std::shared_ptr<Module>> children() const;
  OrderedDict<std::string, std::shared_ptr<Module>> named_children() const;

  virtual void train(bool on = true);
  void eval();
  virtual bool is_training() const noexcept;

  virtual void to(Device device, ScalarType dtype, bool non_blocking = false);
  virtual void to(ScalarType dtype, bool non_blocking = false);
  virtual void to(Device device, bool non_blocking = false);
  void to(DeviceType device, bool non_blocking = false) { to(Device(device), non_blocking); }

  /// Clears the gradients of all parameters (zeroed, or undefined with set_to_none).
  virtual void zero_grad(bool set_to_none = false);

  /// Casts to the concrete module type, or nullptr.
  template <typename ModuleType> typename ModuleType::ContainedType* as() noexcept;
  template <typename ModuleType> const typename ModuleType::ContainedType* as() const noexcept;
  template <typename ModuleType, typename = std::enable_if_t<std::is_base_of_v<Module, ModuleType>>>
  ModuleType* as() noexcept {
    return dynamic_cast<ModuleType*>(this);
  }

  virtual void save(serialize::OutputArchive& archive) const;
  virtual void load(serialize::InputArchive& archive);

  /// One line describing this module ("Linear(in_features=784, out_features=10, bias=true)").
  virtual void pretty_print(std::ostream& stream) const;
  virtual bool is_serializable() const { return true; }

  Tensor& register_parameter(std::string name, Tensor tensor, bool requires_grad = true);
  Tensor& register_buffer(std::string name, Tensor tensor);
  template <typename ModuleType>
  std::shared_ptr<ModuleType> register_module(std::string name, std::shared_ptr<ModuleType> module);
  template <typename ModuleType>
  std::shared_ptr<ModuleType> register_module(std::string name, ModuleHolder<ModuleType> holder);
  template <typename ModuleType>
  std::shared_ptr<ModuleType> replace_module(const std::string& name, std::shared_ptr<ModuleType> module);
  template <typename ModuleType>
  std::shared_ptr<ModuleType> replace_module(const std::string& name, ModuleHolder<ModuleType> holder);
  void unregister_module(const std::string& name);

protected:
  /// Subclasses clone by copy-constructing and re-registering; see Cloneable.
  OrderedDict<std::string, Tensor> parameters_{"Parameter"};
  OrderedDict<std::string, Tensor> buffers_{"Buffer"};
  OrderedDict<std::string, std::shared_ptr<Module>> children_{"Submodule"};
  template <typename Derived> friend class Cloneable;
  friend std::ostream& operator<<(std::ostream& stream, const Module& module);

private:
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
  using Module::Module;
  /// (Re)creates and registers all parameters, buffers and submodules.
  virtual void reset() = 0;

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
