#pragma once
// ModuleList: an indexable list of submodules, registered as "0", "1", ... so their parameters are
// found. Unlike Sequential it has no forward(): the owner decides how to call them.
//   ModuleList layers(Linear(4, 8), ReLU());
//   layers->push_back(Linear(8, 2));
//   for (const auto& m : *layers) ...;          // std::shared_ptr<Module>
//   layers[0]->as<Linear>()->forward(x);  layers->ptr<LinearImpl>(2);
#include <memory>
#include <type_traits>
#include <typeinfo>
#include <vector>

#include "nn/pimpl.h"

namespace tg::nn {

/// An indexable list of submodules, registered as "0", "1", ...; same as
/// torch::nn::ModuleList. It has no forward(): the owner decides how to call them.
class ModuleListImpl : public Cloneable<ModuleListImpl> {
public:
  /// Iterator over the modules (std::shared_ptr<Module>), in order.
  using Iterator = std::vector<std::shared_ptr<Module>>::iterator;
  /// Const iterator over the modules.
  using ConstIterator = std::vector<std::shared_ptr<Module>>::const_iterator;

  /// An empty list.
  ModuleListImpl() = default;
  /// A list of the given modules, in order; each may be a holder, a shared_ptr or a module by
  /// value (see push_back()).
  template <typename... Modules,
            typename = std::enable_if_t<!(sizeof...(Modules) == 1 &&
                                          (std::is_same_v<std::decay_t<Modules>, ModuleListImpl> &&
                                           ...))>>
  explicit ModuleListImpl(Modules&&... modules) {
    modules_.reserve(sizeof...(Modules));
    (push_back(std::forward<Modules>(modules)), ...);
  }

  /// A deep copy: each module cloned, in order.
  std::shared_ptr<Module> clone(const std::optional<Device>& device = std::nullopt) const override;
  void reset() override {}
  /// "tg::nn::ModuleList", the children listed below it
  void pretty_print(std::ostream& stream) const override;

  /// Appends `module`, registered under its index; throws tg::Error if it is null.
  void push_back(std::shared_ptr<Module> module);
  /// A module by value (LinearImpl(2, 3)): moved into a new shared_ptr.
  template <typename M, typename = std::enable_if_t<std::is_base_of_v<Module, std::decay_t<M>>>>
  void push_back(M&& module) {
    push_back(std::make_shared<std::decay_t<M>>(std::forward<M>(module)));
  }
  /// Same as above, taking a holder; throws tg::Error if it is empty.
  template <typename M> void push_back(const ModuleHolder<M>& module_holder) {
    push_back(module_holder.ptr());
  }
  /// Appends every module of a container of modules (another ModuleListImpl, a vector, ...).
  template <typename Container> void extend(const Container& container) {
    for (const auto& module : container) push_back(module);
  }
  /// Inserts before `index` (index == size() appends); later modules are renamed to stay in order.
  /// Throws tg::Error if index > size() or the module is null.
  void insert(size_t index, std::shared_ptr<Module> module);
  /// Same as above, taking a holder.
  template <typename M> void insert(size_t index, const ModuleHolder<M>& module_holder) {
    insert(index, module_holder.ptr());
  }
  /// Same as above, taking a module by value (moved into a new shared_ptr).
  template <typename M, typename = std::enable_if_t<std::is_base_of_v<Module, std::decay_t<M>>>>
  void insert(size_t index, M&& module) {
    insert(index, std::make_shared<std::decay_t<M>>(std::forward<M>(module)));
  }

  /// Iterator to the first module.
  Iterator begin() { return modules_.begin(); }
  /// Same as above, const.
  ConstIterator begin() const { return modules_.begin(); }
  /// Iterator past the last module.
  Iterator end() { return modules_.end(); }
  /// Same as above, const.
  ConstIterator end() const { return modules_.end(); }

  /// The module at `index` as its concrete type: list->at<LinearImpl>(0). Throws tg::Error if
  /// the index is out of range or the module is of another type.
  template <typename T> T& at(size_t index) { return *ptr<T>(index); }
  /// Same as above, const.
  template <typename T> const T& at(size_t index) const { return *ptr<T>(index); }
  /// The module at `index`; throws tg::Error if the index is out of range.
  std::shared_ptr<Module> ptr(size_t index) const {
    check_index(index);
    return modules_[index];
  }
  /// Same as above, cast to its concrete type T; throws tg::Error if it is another type.
  template <typename T> std::shared_ptr<T> ptr(size_t index) const {
    static_assert(std::is_base_of_v<Module, T>, "ModuleList::ptr<T> needs a module type (LinearImpl)");
    auto p = std::dynamic_pointer_cast<T>(ptr(index));
    TG_CHECK(p != nullptr, "ModuleList: module [", index, "] is a ", modules_[index]->name(),
             ", which cannot be cast to the requested type ", typeid(T).name());
    return p;
  }
  /// Same as ptr(index).
  std::shared_ptr<Module> operator[](size_t index) const { return ptr(index); }
  /// Number of modules.
  size_t size() const noexcept { return modules_.size(); }
  /// Whether the list holds no module.
  bool is_empty() const noexcept { return modules_.empty(); }

private:
  void check_index(size_t index) const;
  std::vector<std::shared_ptr<Module>> modules_;
};
/// The holder of ModuleListImpl (TORCH_MODULE(ModuleList)); copies share one module.
TG_MODULE(ModuleList);

} // namespace tg::nn
