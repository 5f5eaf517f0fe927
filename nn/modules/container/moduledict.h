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

/// Submodules by string key, in insertion order; same as torch::nn::ModuleDict.
///
/// Each module is registered as a child under its key, so its parameters are found as
/// "key.weight". Like ModuleList it has no forward().
class ModuleDictImpl : public Cloneable<ModuleDictImpl> {
public:
  /// Iterator over the (key, module) items, in insertion order.
  using Iterator = OrderedDict<std::string, std::shared_ptr<Module>>::Iterator;
  /// Const iterator over the (key, module) items.
  using ConstIterator = OrderedDict<std::string, std::shared_ptr<Module>>::ConstIterator;

  /// An empty dict.
  ModuleDictImpl() = default;
  /// A dict of the given (key, module) pairs, in order; see update().
  explicit ModuleDictImpl(
      const std::vector<std::pair<std::string, std::shared_ptr<Module>>>& modules) {
    update(modules);
  }
  /// Same as above, from an OrderedDict.
  explicit ModuleDictImpl(const OrderedDict<std::string, std::shared_ptr<Module>>& modules) {
    update(modules);
  }

  /// The (key, module) pairs, in insertion order.
  std::vector<std::pair<std::string, std::shared_ptr<Module>>> items() const {
    return modules_.pairs();
  }
  /// The keys, in insertion order.
  std::vector<std::string> keys() const { return modules_.keys(); }
  /// The modules, in insertion order.
  std::vector<std::shared_ptr<Module>> values() const { return modules_.values(); }
  /// Iterator to the first item.
  Iterator begin() { return modules_.begin(); }
  /// Same as above, const.
  ConstIterator begin() const { return modules_.begin(); }
  /// Iterator past the last item.
  Iterator end() { return modules_.end(); }
  /// Same as above, const.
  ConstIterator end() const { return modules_.end(); }
  /// Number of modules.
  size_t size() const noexcept { return modules_.size(); }
  /// Whether the dict holds no module.
  bool empty() const noexcept { return modules_.is_empty(); }
  /// Whether a module is stored under `key`.
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
  /// Same as above, const.
  template <typename T> const T& at(const std::string& key) const { return *cast<T>(key); }
  /// Removes `key` and returns its module (which, as in LibTorch, stays registered as a child).
  std::shared_ptr<Module> pop(const std::string& key);

  /// Inserts each (key, module); an existing key gets the new module (which replaces the old
  /// child). Throws tg::Error on a null module.
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
/// The holder of ModuleDictImpl (TORCH_MODULE(ModuleDict)); copies share one module.
TG_MODULE(ModuleDict);

} // namespace tg::nn
