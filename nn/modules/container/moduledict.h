#pragma once
// ModuleDict: submodules by name, in insertion order, registered under their keys.
//   ModuleDict heads({{"cls", Linear(64, 10).ptr()}, {"box", Linear(64, 4).ptr()}});
//   heads["cls"]->as<Linear>()->forward(x);  heads->at<LinearImpl>("box");
//   for (const auto& item : *heads) item.key(), item.value();
#include <memory>
#include <string>
#include <type_traits>
#include <typeinfo>
#include <utility>
#include <vector>

#include "nn/ordered_dict.h"
#include "nn/pimpl.h"

namespace tg::nn {

class ModuleDictImpl : public Cloneable<ModuleDictImpl> {
public:
  using Iterator = OrderedDict<std::string, std::shared_ptr<Module>>::Iterator;
  using ConstIterator = OrderedDict<std::string, std::shared_ptr<Module>>::ConstIterator;

  ModuleDictImpl() = default;
  explicit ModuleDictImpl(
      const std::vector<std::pair<std::string, std::shared_ptr<Module>>>& modules) {
    update(modules);
  }
  explicit ModuleDictImpl(const OrderedDict<std::string, std::shared_ptr<Module>>& modules) {
    update(modules);
  }

  std::vector<std::pair<std::string, std::shared_ptr<Module>>> items() const {
    return modules_.pairs();
  }
  std::vector<std::string> keys() const { return modules_.keys(); }
  std::vector<std::shared_ptr<Module>> values() const { return modules_.values(); }
  Iterator begin() { return modules_.begin(); }
  ConstIterator begin() const { return modules_.begin(); }
  Iterator end() { return modules_.end(); }
  ConstIterator end() const { return modules_.end(); }
  size_t size() const noexcept { return modules_.size(); }
  bool empty() const noexcept { return modules_.is_empty(); }
  bool contains(const std::string& key) const noexcept { return modules_.contains(key); }
  /// Empties the dict. As in LibTorch (and PyTorch), the modules stay registered as children.
  void clear() { modules_.clear(); }

  /// A deep copy: each module cloned, under the same keys.
  std::shared_ptr<Module> clone(const std::optional<Device>& device = std::nullopt) const override;
  void reset() override {}
  /// "tg::nn::ModuleDict", the children listed below it
  void pretty_print(std::ostream& stream) const override;

  /// tg::Error naming the key when it is missing.
  std::shared_ptr<Module> operator[](const std::string& key) const;
  /// The module under `key` as its concrete type: dict->at<LinearImpl>("fc").
  template <typename T> T& at(const std::string& key) { return *cast<T>(key); }
  template <typename T> const T& at(const std::string& key) const { return *cast<T>(key); }
  /// Removes `key` and returns its module (which, as in LibTorch, stays registered as a child).
  std::shared_ptr<Module> pop(const std::string& key);

  /// Inserts each (key, module); an existing key gets the new module.
  void update(const std::vector<std::pair<std::string, std::shared_ptr<Module>>>& modules) {
    for (const auto& item : modules) insert(item.first, item.second);
  }
  /// From anything iterating items with key() and value(): an OrderedDict, another ModuleDictImpl.
  template <typename Container> void update(const Container& container) {
    for (const auto& item : container) insert(item.key(), item.value());
  }

private:
  template <typename T> std::shared_ptr<T> cast(const std::string& key) const {
    static_assert(std::is_base_of_v<Module, T>, "ModuleDict::at<T> needs a module type (LinearImpl)");
    std::shared_ptr<Module> module = (*this)[key];
    auto p = std::dynamic_pointer_cast<T>(module);
    TG_CHECK(p != nullptr, "ModuleDict: module '", key, "' is a ", module->name(),
             ", which cannot be cast to the requested type ", typeid(T).name());
    return p;
  }
  void insert(const std::string& key, std::shared_ptr<Module> module);

  OrderedDict<std::string, std::shared_ptr<Module>> modules_{"Module"};
};
TG_MODULE(ModuleDict);

} // namespace tg::nn
