#include "nn/modules/container/sequential.h"

#include <ostream>

namespace tg::nn {

SequentialImpl::SequentialImpl(OrderedDict<std::string, AnyModule>&& ordered_dict) {
  modules_.reserve(ordered_dict.size());
  for (auto& item : ordered_dict) push_back(item.key(), std::move(item.value()));
}

SequentialImpl::SequentialImpl(std::initializer_list<NamedAnyModule> named_modules) {
  modules_.reserve(named_modules.size());
  for (const auto& named : named_modules) push_back(named.name(), named.module());
}

std::shared_ptr<Module> SequentialImpl::clone(const std::optional<Device>& device) const {
  auto copy = std::make_shared<SequentialImpl>();
  for (const auto& child : children_) {
    // children_ and modules_ are in the same order; the AnyModule knows how to call forward.
    const size_t i = copy->modules_.size();
    copy->push_back(child.key(), modules_.at(i).clone(device));
  }
  copy->train(is_training());
  return copy;
}

void SequentialImpl::pretty_print(std::ostream& stream) const { stream << "tg::nn::Sequential"; }

void SequentialImpl::push_back(AnyModule any_module) {
  push_back(std::to_string(modules_.size()), std::move(any_module));
}

void SequentialImpl::push_back(std::string name, AnyModule any_module) {
  TG_CHECK(!any_module.is_empty(), "Sequential::push_back: the module '", name, "' is empty");
  register_module(std::move(name), any_module.ptr());
  modules_.push_back(std::move(any_module));
}

void SequentialImpl::check_index(size_t index) const {
  TG_CHECK(index < size(), "Index out of range (expected to be within [0, ", size(), "), but got ",
           index, ")");
}

} // namespace tg::nn
