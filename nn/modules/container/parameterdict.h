#pragma once
// ParameterDict: parameters by name, in insertion order (torch::nn::ParameterDict).
//   ParameterDict params;  params->insert("scale", tg::ones({3}, tg::requires_grad()));
//   params["scale"];  params->get("scale");  for (const auto& item : *params) item.key();
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "nn/ordered_dict.h"
#include "nn/pimpl.h"

namespace tg::nn {

/// Parameters by string key, in insertion order; same as torch::nn::ParameterDict. Each is
/// registered under its key with its own requires_grad. Like ModuleDict it has no forward().
class ParameterDictImpl : public Cloneable<ParameterDictImpl> {
public:
  /// Iterator over the (key, tensor) items, in insertion order.
  using Iterator = OrderedDict<std::string, Tensor>::Iterator;
  /// Const iterator over the items.
  using ConstIterator = OrderedDict<std::string, Tensor>::ConstIterator;

  /// An empty dict.
  ParameterDictImpl() = default;
  /// The given (key, tensor) items, in order, each registered with its own requires_grad.
  explicit ParameterDictImpl(const OrderedDict<std::string, Tensor>& params) { update(params); }

  void reset() override {}
  /// A deep copy: each parameter cloned (moved to `device` if given) under the same key, with the
  /// same requires_grad. (LibTorch's generic clone() throws for this container, whose reset()
  /// registers nothing.)
  std::shared_ptr<Module> clone(const std::optional<Device>& device = std::nullopt) const override {
    NoGradGuard no_grad;
    auto copy = std::make_shared<ParameterDictImpl>();
    for (const auto& item : parameters_) {
      Tensor t = item.value().clone();
      if (device) t = t.to(*device);
      copy->register_parameter(item.key(), t, item.value().requires_grad());
    }
    copy->train(is_training());
    return copy;
  }
  /// "tg::nn::ParameterDict(", then "(key): Parameter containing: [Float of size [2]]" per item
  void pretty_print(std::ostream& stream) const override {
    stream << "tg::nn::ParameterDict(" << std::endl;
    for (const auto& item : parameters_)
      stream << "(" << item.key() << "): Parameter containing: [" << item.value().scalar_type()
             << " of size " << item.value().sizes() << "]" << std::endl;
    stream << ")";
  }

  /// Registers `param` under `key` (keeping its requires_grad) and returns the stored handle;
  /// tg::Error if `key` is taken, empty or contains a dot.
  Tensor& insert(std::string key, Tensor param) {
    const bool requires_grad = param.requires_grad();
    return register_parameter(std::move(key), std::move(param), requires_grad);
  }
  /// Removes `key` and returns its tensor; tg::Error naming the key when it is missing.
  Tensor pop(const std::string& key) {
    Tensor v = get(key);
    parameters_.erase(key);
    return v;
  }
  /// The keys, in insertion order.
  std::vector<std::string> keys() const { return parameters_.keys(); }
  /// The tensors, in insertion order.
  std::vector<Tensor> values() const { return parameters_.values(); }

  /// Iterator to the first item.
  Iterator begin() { return parameters_.begin(); }
  /// Same as above, const.
  ConstIterator begin() const { return parameters_.begin(); }
  /// Iterator past the last item.
  Iterator end() { return parameters_.end(); }
  /// Same as above, const.
  ConstIterator end() const { return parameters_.end(); }
  /// Number of parameters.
  size_t size() const noexcept { return parameters_.size(); }
  /// Whether the dict holds no parameter.
  bool empty() const noexcept { return parameters_.is_empty(); }

  /// Sets every (key, tensor) item of `container`: an existing key's tensor is replaced (as in
  /// LibTorch), a new key is registered.
  template <typename Container> void update(const Container& container) {
    for (const auto& item : container) {
      if (parameters_.contains(item.key()))
        parameters_[item.key()] = item.value();
      else
        insert(item.key(), item.value());
    }
  }
  /// Removes every parameter.
  void clear() { parameters_.clear(); }
  /// Whether a parameter is stored under `key`.
  bool contains(const std::string& key) const noexcept { return parameters_.contains(key); }

  /// The tensor under `key`; tg::Error naming the key when it is missing.
  const Tensor& get(const std::string& key) const { return parameters_[key]; }
  /// Same as above, mutable.
  Tensor& get(const std::string& key) { return parameters_[key]; }
  /// Same as get().
  Tensor& operator[](const std::string& key) { return parameters_[key]; }
  /// Same as get(), const.
  const Tensor& operator[](const std::string& key) const { return parameters_[key]; }
};
/// The holder of ParameterDictImpl (TORCH_MODULE(ParameterDict)); copies share one module.
TG_MODULE(ParameterDict);

} // namespace tg::nn
