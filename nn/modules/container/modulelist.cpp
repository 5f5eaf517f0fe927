#include "nn/modules/container/modulelist.h"

#include <ostream>
#include <string>

namespace tg::nn {

std::shared_ptr<Module> ModuleListImpl::clone(const std::optional<Device>& device) const {
  auto copy = std::make_shared<ModuleListImpl>();
  for (const auto& module : modules_) copy->push_back(module->clone(device));
  copy->train(is_training());
  return copy;
}

void ModuleListImpl::pretty_print(std::ostream& stream) const { stream << "tg::nn::ModuleList"; }

void ModuleListImpl::push_back(std::shared_ptr<Module> module) {
  TG_CHECK(module != nullptr, "ModuleList::push_back: the module is empty (nullptr)");
  modules_.push_back(std::move(module));
  register_module(std::to_string(modules_.size() - 1), modules_.back());
}

void ModuleListImpl::insert(size_t index, std::shared_ptr<Module> module) {
  TG_CHECK(index <= size(), "ModuleList::insert: index ", index, " is out of range (size ",
           size(), ")");
  TG_CHECK(module != nullptr, "ModuleList::insert: the module is empty (nullptr)");
  if (index == size()) return push_back(std::move(module));
  modules_.insert(modules_.begin() + std::ptrdiff_t(index), std::move(module));
  // The names are positions: every module from `index` on moves one name down.
  for (size_t i = index; i + 1 < modules_.size(); ++i)
    replace_module(std::to_string(i), modules_[i]);
  register_module(std::to_string(modules_.size() - 1), modules_.back());
}

void ModuleListImpl::check_index(size_t index) const {
  TG_CHECK(index < size(), "ModuleList: index ", index, " is out of range (expected to be within "
           "[0, ", size(), "))");
}

} // namespace tg::nn
