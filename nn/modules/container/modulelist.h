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

class ModuleListImpl : public Cloneable<ModuleListImpl> {
public:
  using Iterator = std::vector<std::shared_ptr<Module>>::iterator;
  using ConstIterator = std::vector<std::shared_ptr<Module>>::const_iterator;

  ModuleListImpl() = default;
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

  void push_back(std::shared_ptr<Module> module);
  /// A module by value (LinearImpl(2, 3)): moved into a new shared_ptr.
  template <typename M, typename = std::enable_if_t<std::is_base_of_v<Module, std::decay_t<M>>>>
  void push_back(M&& module) {
    push_back(std::make_shared<std::decay_t<M>>(std::forward<M>(module)));
  }
  template <typename M> void push_back(const ModuleHolder<M>& module_holder) {
    push_back(module_holder.ptr());
  }
  /// Appends every module of a container of modules (another ModuleListImpl, a vector, ...).
  template <typename Container> void extend(const Container& container) {
    for (const auto& module : container) push_back(module);
  }
  /// Inserts before `index` (index == size() appends); later modules are renamed to stay in order.
  void insert(size_t index, std::shared_ptr<Module> module);
  template <typename M> void insert(size_t index, const ModuleHolder<M>& module_holder) {
    insert(index, module_holder.ptr());
  }
  template <typename M, typename = std::enable_if_t<std::is_base_of_v<Module, std::decay_t<M>>>>
  void insert(size_t index, M&& module) {
    insert(index, std::make_shared<std::decay_t<M>>(std::forward<M>(module)));
  }

  Iterator begin() { return modules_.begin(); }
  ConstIterator begin() const { return modules_.begin(); }
  Iterator end() { return modules_.end(); }
  ConstIterator end() const { return modules_.end(); }

  /// The module at `index` as its concrete type: list->at<LinearImpl>(0).
  template <typename T> T& at(size_t index) { return *ptr<T>(index); }
  template <typename T> const T& at(size_t index) const { return *ptr<T>(index); }
  std::shared_ptr<Module> ptr(size_t index) const {
    check_index(index);
    return modules_[index];
  }
  template <typename T> std::shared_ptr<T> ptr(size_t index) const {
    static_assert(std::is_base_of_v<Module, T>, "ModuleList::ptr<T> needs a module type (LinearImpl)");
    auto p = std::dynamic_pointer_cast<T>(ptr(index));
    TG_CHECK(p != nullptr, "ModuleList: module [", index, "] is a ", modules_[index]->name(),
             ", which cannot be cast to the requested type ", typeid(T).name());
    return p;
  }
  std::shared_ptr<Module> operator[](size_t index) const { return ptr(index); }
  size_t size() const noexcept { return modules_.size(); }
  bool is_empty() const noexcept { return modules_.empty(); }

private:
  void check_index(size_t index) const;
  std::vector<std::shared_ptr<Module>> modules_;
};
TG_MODULE(ModuleList);

} // namespace tg::nn
