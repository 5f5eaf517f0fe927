#pragma once
// ModuleHolder and TG_MODULE: `TG_MODULE(Linear)` turns `LinearImpl` into `Linear`, a shared handle
// used with `->`, exactly as TORCH_MODULE does.
//
// The empty state trips up many users: a holder member must be initialised with `nullptr` when the
// module is created later (`tg::nn::Linear fc{nullptr};` then `fc = register_module("fc", ...)`).
// A default-constructed holder instead constructs its module with no arguments, which only
// compiles for modules that have a default constructor.
#include <memory>
#include <ostream>
#include <type_traits>
#include <typeinfo>
#include <utility>

#include "nn/module.h"

namespace tg::nn {

/// A shared handle to a module of type `Contained`; same as torch::nn::ModuleHolder.
///
/// `TG_MODULE(Linear)` derives `Linear` from `ModuleHolder<LinearImpl>`. Copies of a holder share
/// one module. A holder may be empty (constructed from nullptr); every access to an empty holder
/// (->, *, get(), ptr(), calling it) throws tg::Error instead of dereferencing null.
template <typename Contained> class ModuleHolder {
public:
  /// The module type this holder wraps (LinearImpl for Linear).
  using ContainedType = Contained;

  /// Default-constructs the module (only for modules with a default constructor).
  ModuleHolder() : impl_(default_construct()) {}
  /// The empty state: no module yet.
  ModuleHolder(std::nullptr_t) : impl_(nullptr) {} // NOLINT
  /// Forwards the arguments to the module's constructor: Linear(784, 10).
  template <typename Head, typename... Tail,
            typename = std::enable_if_t<
                !(std::is_same_v<std::decay_t<Head>, ModuleHolder> && sizeof...(Tail) == 0) &&
                !std::is_same_v<std::decay_t<Head>, std::nullptr_t> &&
                !std::is_convertible_v<std::decay_t<Head>, std::shared_ptr<Contained>>>>
  explicit ModuleHolder(Head&& head, Tail&&... tail)
      : impl_(new Contained(std::forward<Head>(head), std::forward<Tail>(tail)...)) {}
  /// Wraps an existing module (implicit, so register_module()'s result can be assigned).
  ModuleHolder(std::shared_ptr<Contained> module) : impl_(std::move(module)) {} // NOLINT

  /// True unless the holder is empty.
  explicit operator bool() const noexcept { return !is_empty(); }
  /// Member access on the module: `fc->weight`. Throws tg::Error if empty.
  Contained* operator->() { return get(); }
  /// Same as above, const.
  const Contained* operator->() const { return get(); }
  /// The module by reference. Throws tg::Error if empty.
  Contained& operator*() { return *get(); }
  /// Same as above, const.
  const Contained& operator*() const { return *get(); }
  /// The shared pointer to the module. Throws tg::Error if empty.
  const std::shared_ptr<Contained>& ptr() const {
    if (is_empty()) throw_empty();
    return impl_;
  }
  /// The raw pointer to the module. Throws tg::Error if empty.
  Contained* get() {
    if (is_empty()) throw_empty();
    return impl_.get();
  }
  /// Same as above, const.
  const Contained* get() const {
    if (is_empty()) throw_empty();
    return impl_.get();
  }
  /// Calls the module's forward(): `fc(x)`.
  template <typename... Args> decltype(auto) operator()(Args&&... args) {
    return get()->forward(std::forward<Args>(args)...);
  }
  /// Forwards indexing to the module: `seq[0]`, `dict["fc"]` on containers.
  template <typename Arg> decltype(auto) operator[](Arg&& arg) {
    return (*get())[std::forward<Arg>(arg)];
  }
  /// Whether the holder is in the empty (nullptr) state.
  bool is_empty() const noexcept { return impl_ == nullptr; }
  /// Holders convert to their module pointer, so they can be passed as std::shared_ptr<Module>.
  operator std::shared_ptr<Module>() const { return ptr(); } // NOLINT

protected:
  /// The module; null in the empty state.
  std::shared_ptr<Contained> impl_;

private:
  static std::shared_ptr<Contained> default_construct() {
    if constexpr (std::is_default_constructible_v<Contained>) {
      return std::make_shared<Contained>();
    } else {
      static_assert(std::is_default_constructible_v<Contained>,
                    "This module has no default constructor: give its holder the empty state "
                    "with `= nullptr` or `{nullptr}` and assign it later.");
      return nullptr;
    }
  }
  // [[noreturn]], so the compiler knows that the pointer get() returns is not null: GCC 12 at -O3
  // otherwise follows a holder built from nullptr past the check and reports "'this' pointer is
  // null" at the forward call. It also keeps the error message out of every inlined get().
  [[noreturn]] void throw_empty() const {
    throw ::tg::Error(
        ::tg::str("Accessing empty ModuleHolder of ", typeid(Contained).name(),
                  ": construct it with arguments, or assign a module to a holder that was "
                  "initialised with nullptr, before using it"));
  }
};

/// Prints the held module's tree, as operator<<(std::ostream&, const Module&); throws tg::Error
/// if the holder is empty.
template <typename C> std::ostream& operator<<(std::ostream& stream, const ModuleHolder<C>& module) {
  return stream << *module;
}

} // namespace tg::nn

/// TG_MODULE(Name) defines `Name`, a holder of `NameImpl` (LibTorch's TORCH_MODULE).
#define TG_MODULE_IMPL(Name, ImplType)                                                             \
  class Name : public ::tg::nn::ModuleHolder<ImplType> {                                           \
  public:                                                                                          \
    using ::tg::nn::ModuleHolder<ImplType>::ModuleHolder;                                          \
    using ::tg::nn::ModuleHolder<ImplType>::get;                                                   \
  }
#define TG_MODULE(Name) TG_MODULE_IMPL(Name, Name##Impl)
