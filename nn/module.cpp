#include "nn/module.h"

#include <cxxabi.h>

#include <cstdlib>
#include <ostream>
#include <unordered_map>

#include "autograd/ops/functions.h"

namespace tg::nn {

namespace {
std::string demangled_module_name(const std::type_info& type) {
  int status = 0;
  char* raw = abi::__cxa_demangle(type.name(), nullptr, nullptr, &status);
  std::string name = status == 0 && raw ? raw : type.name();
  std::free(raw);
  // LinearImpl prints as Linear: the holder's name is the one users write.
  if (name.size() > 4 && name.compare(name.size() - 4, 4, "Impl") == 0) name.resize(name.size() - 4);
  return name;
}
} // namespace

Module::Module(std::string name) : name_(std::move(name)) {}
Module::Module() = default;

const std::string& Module::name() const noexcept {
  if (!name_) name_ = demangled_module_name(typeid(*this));
  return *name_;
}

std::shared_ptr<Module> Module::clone(const std::optional<Device>&) const {
  throw Error(str("clone() has not been implemented for ", name(),
                  ". Subclass tg::nn::Cloneable<", name(), "> instead of tg::nn::Module to "
                  "inherit the ability to clone."));
}

void Module::apply(const ModuleApplyFunction& function) {
  function(*this);
  for (auto& child : children_) child.value()->apply(function);
}
void Module::apply(const ConstModuleApplyFunction& function) const {
  function(*this);
  for (const auto& child : children_)
    static_cast<const Module&>(*child.value()).apply(function);
}
void Module::apply(const NamedModuleApplyFunction& function, const std::string& name_prefix) {
  function(name_prefix, *this);
  for (auto& child : children_)
    child.value()->apply(function,
                         name_prefix.empty() ? child.key() : name_prefix + "." + child.key());
}
void Module::apply(const ModulePointerApplyFunction& function) const {
  function(std::const_pointer_cast<Module>(shared_from_this()));
  for (const auto& child : children_) static_cast<const Module&>(*child.value()).apply(function);
}

std::vector<Tensor> Module::parameters(bool recurse) const {
  return named_parameters(recurse).values();
}
OrderedDict<std::string, Tensor> Module::named_parameters(bool recurse) const {
  OrderedDict<std::string, Tensor> out;
  if (!recurse) {
    for (const auto& p : parameters_)
      if (p.value().defined()) out.insert(p.key(), p.value());
    return out;
  }
  // Iterative walk (an explicit stack), parents before children, in registration order.
  std::vector<std::pair<std::string, const Module*>> stack{{"", this}};
  while (!stack.empty()) {
    auto [prefix, m] = stack.back();
    stack.pop_back();
    for (const auto& p : m->parameters_)
      if (p.value().defined()) out.insert(prefix + p.key(), p.value());
    for (auto it = m->children_.items().rbegin(); it != m->children_.items().rend(); ++it)
      stack.emplace_back(prefix + it->key() + ".", it->value().get());
  }
  return out;
}
std::vector<Tensor> Module::buffers(bool recurse) const { return named_buffers(recurse).values(); }
OrderedDict<std::string, Tensor> Module::named_buffers(bool recurse) const {
  OrderedDict<std::string, Tensor> out;
  std::vector<std::pair<std::string, const Module*>> stack{{"", this}};
  while (!stack.empty()) {
    auto [prefix, m] = stack.back();
    stack.pop_back();
    for (const auto& b : m->buffers_)
      if (b.value().defined()) out.insert(prefix + b.key(), b.value());
    if (!recurse) break;
    for (auto it = m->children_.items().rbegin(); it != m->children_.items().rend(); ++it)
      stack.emplace_back(prefix + it->key() + ".", it->value().get());
  }
  return out;
}
std::vector<std::shared_ptr<Module>> Module::modules(bool include_self) const {
  return named_modules("", include_self).values();
}
OrderedDict<std::string, std::shared_ptr<Module>> Module::named_modules(const std::string& prefix,
                                                                        bool include_self) const {
  OrderedDict<std::string, std::shared_ptr<Module>> out;
  if (include_self) out.insert(prefix, std::const_pointer_cast<Module>(shared_from_this()));
  std::vector<std::pair<std::string, std::shared_ptr<Module>>> stack;
  for (auto it = children_.items().rbegin(); it != children_.items().rend(); ++it)
    stack.emplace_back(prefix.empty() ? it->key() : prefix + "." + it->key(), it->value());
  while (!stack.empty()) {
    auto [name, m] = stack.back();
    stack.pop_back();
    out.insert(name, m);
    for (auto it = m->children_.items().rbegin(); it != m->children_.items().rend(); ++it)
      stack.emplace_back(name + "." + it->key(), it->value());
  }
  return out;
}
std::vector<std::shared_ptr<Module>> Module::children() const { return children_.values(); }
OrderedDict<std::string, std::shared_ptr<Module>> Module::named_children() const { return children_; }

void Module::train(bool on) {
  is_training_ = on;
  for (auto& child : children_) child.value()->train(on);
}
void Module::eval() { train(false); }
bool Module::is_training() const noexcept { return is_training_; }

void Module::to(Device device, ScalarType dtype, bool non_blocking) {
  check_device_supported(device, "Module::to");
  to(dtype, non_blocking);
}
void Module::to(ScalarType dtype, bool) {
  // Converts in place so that handles held by the module's members see the new values.
  NoGradGuard no_grad;
  auto convert = [dtype](Tensor& t) {
    if (!t.defined() || t.scalar_type() == dtype || !t.is_floating_point()) return;
    Tensor converted = t.to(dtype);
    TensorImpl* impl = t.unsafeGetTensorImpl();
    impl->set_storage(converted.unsafeGetTensorImpl()->storage());
    impl->set_dtype(dtype);
    impl->set_sizes_and_strides(converted.sizes(), converted.strides(), 0);
    if (Tensor g = t.grad(); g.defined()) t.mutable_grad() = g.to(dtype);
  };
  for (auto& p : parameters_) convert(p.value());
  for (auto& b : buffers_) convert(b.value());
  for (auto& child : children_) child.value()->to(dtype);
}
void Module::to(Device device, bool) {
  check_device_supported(device, "Module::to");
}

void Module::zero_grad(bool set_to_none) {
  for (auto& p : parameters()) {
    Tensor& g = p.mutable_grad();
    if (!g.defined()) continue;
    if (set_to_none) {
      g.reset();
    } else {
      NoGradGuard no_grad;
      g = g.detach();
      g.zero_();
    }
  }
}

void Module::save(serialize::OutputArchive&) const {
  throw Error("Module::save(archive): use tg::save(module, path)");
}
// ---------------------------------------------------------------- state dicts
void Module::collect_state_recursive(const std::string& prefix,
                                     std::vector<std::pair<std::string, Tensor>>& out) const {
  // Python's order: this module's own parameters, its own buffers, then each child's.
  for (const auto& p : parameters_)
    if (p.value().defined()) out.emplace_back(prefix + p.key(), p.value());
  for (const auto& b : buffers_)
    if (b.value().defined()) out.emplace_back(prefix + b.key(), b.value());
  for (const auto& child : children_)
    child.value()->collect_state_recursive(prefix + child.key() + ".", out);
}

OrderedDict<std::string, Tensor> Module::state_dict() const {
  std::vector<std::pair<std::string, Tensor>> state;
  collect_state_recursive("", state);
  OrderedDict<std::string, Tensor> out("Key");
  for (auto& [name, tensor] : state)
    if (!out.contains(name)) out.insert(name, tensor.detach());
  return out;
}

LoadStateDictResult Module::load_state_dict(const OrderedDict<std::string, Tensor>& state_dict,
                                            bool strict, const StateDictKeyMap& key_map) {
  // The state dict under the module's names.
  std::unordered_map<std::string, std::pair<std::string, Tensor>> given; // name -> (key, tensor)
  std::vector<std::string> given_order;
  for (const auto& item : state_dict) {
    const std::string name = key_map ? key_map(item.key()) : item.key();
    if (name.empty()) continue;
    auto [it, fresh] = given.emplace(name, std::make_pair(item.key(), item.value()));
    TG_CHECK(fresh, "load_state_dict: '", it->second.first, "' and '", item.key(),
             "' both map to '", name, "'");
    given_order.push_back(name);
  }

  std::vector<std::pair<std::string, Tensor>> targets;
  collect_state_recursive("", targets);
  LoadStateDictResult result;
  std::vector<std::string> problems;
  std::vector<std::pair<Tensor, Tensor>> plan; // (destination, source)
  std::unordered_map<std::string, bool> known;
  for (const auto& [name, dst] : targets) {
    if (!known.emplace(name, true).second) continue; // a module registered twice
    auto it = given.find(name);
    if (it == given.end()) {
      result.missing_keys.push_back(name);
      continue;
    }
    const Tensor& src = it->second.second;
    const std::string shown = it->second.first == name
                                  ? "'" + name + "'"
                                  : "'" + it->second.first + "' (as '" + name + "')";
    if (!src.defined()) {
      problems.push_back(str("the state dict's ", shown, " is an undefined tensor"));
      continue;
    }
    if (!src.sizes().equals(dst.sizes())) {
      problems.push_back(str("size mismatch for ", shown, ": copying a param with shape ",
                             src.sizes(), " from checkpoint, the shape in current model is ",
                             dst.sizes()));
      continue;
    }
    const ScalarType from = src.scalar_type(), to = dst.scalar_type();
    const bool compatible = from == to || (isFloatingType(from) && isFloatingType(to)) ||
                            (isIntegralType(from, false) && isIntegralType(to, false));
    if (!compatible) {
      problems.push_back(str("dtype mismatch for ", shown, ": ", from, " in the state dict, ", to,
                             " in the model"));
      continue;
    }
    plan.emplace_back(dst, src);
  }
  for (const std::string& name : given_order)
    if (!known.count(name)) result.unexpected_keys.push_back(given.at(name).first);

  auto quoted = [](const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "\"" : ", \"") + n + "\"";
    return out;
  };
  if (strict && !result.unexpected_keys.empty())
    problems.insert(problems.begin(),
                    "Unexpected key(s) in state_dict: " + quoted(result.unexpected_keys) + ".");
  if (strict && !result.missing_keys.empty())
    problems.insert(problems.begin(),
                    "Missing key(s) in state_dict: " + quoted(result.missing_keys) + ".");
  if (!problems.empty()) {
    std::string message = "Error(s) in loading state_dict for " + name() + ":";
    for (const auto& p : problems) message += "\n\t" + p;
    throw Error(message);
  }
  NoGradGuard no_grad;
  for (auto& [dst, src] : plan) dst.copy_(src);
  return result;
}

void Module::load(serialize::InputArchive&) {
  throw Error("Module::load(archive): use tg::load(module, path)");
}

void Module::pretty_print(std::ostream& stream) const { stream << name(); }

void Module::pretty_print_recursive(std::ostream& stream, const std::string& indentation) const {
  pretty_print(stream);
  if (children_.is_empty()) return;
  stream << "(\n";
  const std::string next = indentation + "  ";
  for (const auto& child : children_) {
    stream << next << "(" << child.key() << "): ";
    child.value()->pretty_print_recursive(stream, next);
    stream << '\n';
  }
  stream << indentation << ")";
}

std::ostream& operator<<(std::ostream& stream, const Module& module) {
  module.pretty_print_recursive(stream, "");
  return stream;
}

Tensor& Module::register_parameter(std::string name, Tensor tensor, bool requires_grad) {
  TG_CHECK(!name.empty(), "register_parameter: parameter name must not be empty");
  TG_CHECK(name.find('.') == std::string::npos, "register_parameter: parameter name must not "
           "contain a dot (got \"", name, "\")");
  if (!tensor.defined()) {
    // LibTorch allows an undefined parameter (e.g. bias=false) and skips it when listing.
    return parameters_.insert(std::move(name), std::move(tensor));
  }
  tensor.set_requires_grad(requires_grad);
  return parameters_.insert(std::move(name), std::move(tensor));
}
Tensor& Module::register_buffer(std::string name, Tensor tensor) {
  TG_CHECK(!name.empty(), "register_buffer: buffer name must not be empty");
  TG_CHECK(name.find('.') == std::string::npos, "register_buffer: buffer name must not contain a "
           "dot (got \"", name, "\")");
  return buffers_.insert(std::move(name), std::move(tensor));
}
void Module::register_child(const std::string& name, std::shared_ptr<Module> module) {
  TG_CHECK(!name.empty(), "register_module: submodule name must not be empty");
  TG_CHECK(name.find('.') == std::string::npos, "register_module: submodule name must not "
           "contain a dot (got \"", name, "\")");
  children_.insert(name, std::move(module));
}
void Module::unregister_module(const std::string& name) {
  TG_CHECK(children_.contains(name), "unregister_module: no Module with name '", name, "' exists");
  children_.erase(name);
}

} // namespace tg::nn
