#include "nn/modules/container/moduledict.h"

#include <ostream>

namespace tg::nn {

std::shared_ptr<Module> ModuleDictImpl::clone(const std::optional<Device>& device) const {
  auto copy = std::make_shared<ModuleDictImpl>();
  for (const auto& item : modules_) copy->insert(item.key(), item.value()->clone(device));
  copy->train(is_training());
  return copy;
}

void ModuleDictImpl::pretty_print(std::ostream& stream) const { stream << "tg::nn::ModuleDict"; }

std::shared_ptr<Module> ModuleDictImpl::operator[](const std::string& key) const {
  const std::shared_ptr<Module>* module = modules_.find(key);
  if (module == nullptr) {
    std::string known;
    for (const auto& item : modules_) known += (known.empty() ? "'" : ", '") + item.key() + "'";
    throw Error(str("ModuleDict: no module under the key '", key, "' (keys: ",
                    known.empty() ? "none" : known, ")"));
  }
  return *module;
}

std::shared_ptr<Module> ModuleDictImpl::pop(const std::string& key) {
  std::shared_ptr<Module> module = (*this)[key];
  modules_.erase(key);
  return module;
}

void ModuleDictImpl::insert(const std::string& key, std::shared_ptr<Module> module) {
  TG_CHECK(module != nullptr, "ModuleDict: the module for key '", key, "' is empty (nullptr)");
  if (std::shared_ptr<Module>* existing = modules_.find(key)) {
    *existing = module;
    replace_module(key, std::move(module));
  } else {
    modules_.insert(key, module);
    // pop() keeps the child registered, so a key may come back as a child already.
    if (children_.contains(key)) replace_module(key, std::move(module));
    else register_module(key, std::move(module));
  }
}

} // namespace tg::nn
