#pragma once
// AnyModule: holds any module whose forward takes one Tensor and returns a Tensor, behind one type,
// so that Sequential can store a list of different layers (torch::nn::AnyModule, restricted to the
// Tensor -> Tensor signature that Sequential chains).
#include <memory>
#include <string>
#include <type_traits>
#include <typeinfo>
#include <utility>

#include "nn/pimpl.h"

namespace tg::nn {

/// A type-erased module whose forward takes a Tensor and returns a Tensor; same as
/// torch::nn::AnyModule restricted to that signature.
///
/// It shares ownership of the module and remembers how to call its forward(), so Sequential can
/// hold different layer types in one vector. A default-constructed AnyModule is empty: forward(),
/// clone(), ptr() and type_info() on it throw tg::Error.
class AnyModule {
public:
  /// An empty AnyModule.
  AnyModule() = default;
  /// Shares `module`; throws tg::Error if it is null. ModuleType must have forward(Tensor)
  /// returning a Tensor (checked at compile time).
  template <typename ModuleType>
  explicit AnyModule(std::shared_ptr<ModuleType> module)
      : module_(std::move(module)), forward_(&call_forward<ModuleType>),
        type_(&typeid(ModuleType)) {
    TG_CHECK(module_ != nullptr, "AnyModule: the module is empty (nullptr)");
  }
  /// A module by value (LinearImpl(2, 3)): moved into a new shared_ptr.
  template <typename ModuleType,
            typename = std::enable_if_t<std::is_base_of_v<Module, std::decay_t<ModuleType>>>>
  explicit AnyModule(ModuleType&& module)
      : AnyModule(std::make_shared<std::decay_t<ModuleType>>(std::forward<ModuleType>(module))) {}
  /// Shares the holder's module; throws tg::Error if the holder is empty.
  template <typename ModuleType>
  explicit AnyModule(const ModuleHolder<ModuleType>& holder) : AnyModule(holder.ptr()) {}

  /// Calls the held module's forward().
  Tensor forward(const Tensor& input) {
    TG_CHECK(!is_empty(), "Cannot call forward() on an empty AnyModule");
    return forward_(*module_, input);
  }
  /// A deep copy of the held module (Cloneable modules only).
  AnyModule clone(std::optional<Device> device = std::nullopt) const {
    TG_CHECK(!is_empty(), "Cannot clone() an empty AnyModule");
    AnyModule copy;
    copy.module_ = module_->clone(device);
    copy.forward_ = forward_;
    copy.type_ = type_;
    return copy;
  }
  /// The held module as a Module pointer.
  const std::shared_ptr<Module>& ptr() const {
    TG_CHECK(!is_empty(), "Cannot call ptr() on an empty AnyModule");
    return module_;
  }
  /// The held module as its concrete type; tg::Error if it is another type.
  template <typename T, typename = std::enable_if_t<std::is_base_of_v<Module, T>>>
  std::shared_ptr<T> ptr() const {
    auto p = std::dynamic_pointer_cast<T>(ptr());
    TG_CHECK(p != nullptr, "AnyModule: attempted to cast a module of type ", module_->name(),
             " to a different type");
    return p;
  }
  /// The held module by reference as its concrete type T (LinearImpl); tg::Error if it is
  /// another type or the AnyModule is empty.
  template <typename T, typename = std::enable_if_t<std::is_base_of_v<Module, T>>> T& get() {
    return *ptr<T>();
  }
  /// Whether no module is held.
  bool is_empty() const noexcept { return module_ == nullptr; }
  /// The static type the module was stored as (LinearImpl, not Module).
  const std::type_info& type_info() const {
    TG_CHECK(!is_empty(), "Cannot call type_info() on an empty AnyModule");
    return *type_;
  }

private:
  template <typename ModuleType> static Tensor call_forward(Module& module, const Tensor& input) {
    if constexpr (requires(ModuleType & m) { m.forward(input); }) {
      static_assert(
          std::is_convertible_v<decltype(std::declval<ModuleType&>().forward(input)), Tensor>,
          "Sequential/AnyModule hold modules whose forward(Tensor) returns a Tensor");
      return static_cast<ModuleType&>(module).forward(input);
    } else {
      // A module whose forward needs more than one Tensor (TransformerDecoder, held as
      // Transformer's decoder as in LibTorch) is stored, but only its owner can call it.
      throw Error(str("AnyModule: the forward() of ", module.name(),
                      " takes more than one Tensor; call it through ptr<", module.name(), ">()"));
    }
  }

  std::shared_ptr<Module> module_;
  Tensor (*forward_)(Module&, const Tensor&) = nullptr;
  const std::type_info* type_ = nullptr;
};

/// A (name, module) pair: Sequential({{"conv", Conv2d(1, 8, 3)}, {"relu", ReLU()}}).
class NamedAnyModule {
public:
  /// `name` and a shared module; throws tg::Error if it is null.
  template <typename ModuleType>
  NamedAnyModule(std::string name, std::shared_ptr<ModuleType> module_ptr)
      : name_(std::move(name)), module_(std::move(module_ptr)) {}
  /// `name` and a module by value (LinearImpl(2, 3)), moved into a new shared_ptr.
  template <typename M, typename = std::enable_if_t<std::is_base_of_v<Module, std::decay_t<M>>>>
  NamedAnyModule(std::string name, M&& module)
      : name_(std::move(name)), module_(std::forward<M>(module)) {}
  /// `name` and a holder's module (`{"fc", Linear(2, 3)}`); throws tg::Error if it is empty.
  template <typename M>
  NamedAnyModule(std::string name, const ModuleHolder<M>& module_holder)
      : name_(std::move(name)), module_(module_holder) {}
  /// `name` and an AnyModule.
  NamedAnyModule(std::string name, AnyModule any_module)
      : name_(std::move(name)), module_(std::move(any_module)) {}

  /// The name the module will be registered under.
  const std::string& name() const noexcept { return name_; }
  /// The module.
  AnyModule& module() noexcept { return module_; }
  /// Same as above, const.
  const AnyModule& module() const noexcept { return module_; }

private:
  std::string name_;
  AnyModule module_;
};

} // namespace tg::nn
