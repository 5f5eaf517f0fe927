#pragma once
// ParameterList: parameters by position, registered as "0", "1", ... (torch::nn::ParameterList).
//   ParameterList params(tg::randn({3}, tg::requires_grad()), tg::zeros({2, 2}));
//   params->append(tg::ones({4}));  params[1];  for (const auto& item : *params) item.value();
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "nn/ordered_dict.h"
#include "nn/pimpl.h"

namespace tg::nn {

/// Parameters by index, in order; same as torch::nn::ParameterList. Each is registered under its
/// index ("0", "1", ...) with its own requires_grad, so named_parameters() and the optimizers
/// find them. Like ModuleList it has no forward().
class ParameterListImpl : public Cloneable<ParameterListImpl> {
public:
  /// Iterator over the ("0", tensor), ("1", tensor), ... items.
  using Iterator = OrderedDict<std::string, Tensor>::Iterator;
  /// Const iterator over the items.
  using ConstIterator = OrderedDict<std::string, Tensor>::ConstIterator;

  /// An empty list.
  ParameterListImpl() = default;
  /// A list of the given tensors, in order.
  template <typename... Tensors> explicit ParameterListImpl(const Tensors&... params) {
    (append(params), ...);
  }

  void reset() override {}
  /// A deep copy: each parameter cloned (moved to `device` if given) under the same key, with the
  /// same requires_grad. (LibTorch's generic clone() throws for this container, whose reset()
  /// registers nothing.)
  std::shared_ptr<Module> clone(const std::optional<Device>& device = std::nullopt) const override {
    NoGradGuard no_grad;
    auto copy = std::make_shared<ParameterListImpl>();
    for (const auto& item : parameters_) {
      Tensor t = item.value().clone();
      if (device) t = t.to(*device);
      copy->register_parameter(item.key(), t, item.value().requires_grad());
    }
    copy->train(is_training());
    return copy;
  }
  /// "tg::nn::ParameterList(", then "(0): Parameter containing: [Float of size [2]]" per item
  void pretty_print(std::ostream& stream) const override {
    stream << "tg::nn::ParameterList(" << std::endl;
    for (const auto& item : parameters_)
      stream << "(" << item.key() << "): Parameter containing: [" << item.value().scalar_type()
             << " of size " << item.value().sizes() << "]" << std::endl;
    stream << ")";
  }

  /// Registers `param` under the next index, keeping its requires_grad (as LibTorch does).
  void append(const Tensor& param) {
    register_parameter(std::to_string(parameters_.size()), param, param.requires_grad());
  }
  /// Registers an item's tensor (e.g. from another module's named_parameters()) under the next
  /// index; its key is not kept.
  void append(const OrderedDict<std::string, Tensor>::Item& pair) { append(pair.value()); }
  /// Appends every tensor (or item) of `container`, in order.
  template <typename Container> void extend(const Container& container) {
    for (const auto& param : container) append(param);
  }
  /// Same as extend().
  template <typename Container> Container& operator+=(const Container& other) {
    extend(other);
    return *this;
  }

  /// Iterator to the first item.
  Iterator begin() { return parameters_.begin(); }
  /// Same as above, const.
  ConstIterator begin() const { return parameters_.begin(); }
  /// Iterator past the last item.
  Iterator end() { return parameters_.end(); }
  /// Same as above, const.
  ConstIterator end() const { return parameters_.end(); }

  /// The parameter at `idx`; tg::Error "Index out of range" past the end.
  Tensor& at(size_t idx) {
    TG_CHECK(idx < size(), "ParameterList: Index out of range: index ", idx, " of ", size());
    return parameters_[std::to_string(idx)];
  }
  /// Same as above, const.
  const Tensor& at(size_t idx) const {
    TG_CHECK(idx < size(), "ParameterList: Index out of range: index ", idx, " of ", size());
    return parameters_[std::to_string(idx)];
  }
  /// Same as at().
  Tensor& operator[](size_t idx) { return at(idx); }
  /// Same as at(), const.
  const Tensor& operator[](size_t idx) const { return at(idx); }
  /// Number of parameters.
  size_t size() const noexcept { return parameters_.size(); }
  /// Whether the list holds no parameter.
  bool is_empty() const noexcept { return parameters_.is_empty(); }
};
/// The holder of ParameterListImpl (TORCH_MODULE(ParameterList)); copies share one module.
TG_MODULE(ParameterList);

} // namespace tg::nn
