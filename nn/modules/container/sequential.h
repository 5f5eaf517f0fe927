#pragma once
// Sequential: a list of modules whose forward() feeds each one's output to the next. Children are
// named "0", "1", ... (or as given), so parameters read "0.weight", "2.bias".
//   Sequential net(Linear(2, 3), ReLU(), Linear(3, 1));
//   Sequential named({{"fc", Linear(2, 3)}, {"act", Functional(tg::relu)}});
//   net->push_back(Sigmoid());
#include <initializer_list>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include "nn/modules/container/any.h"
#include "nn/pimpl.h"

namespace tg::nn {

/// A chain of modules, each fed the previous one's output; same as torch::nn::Sequential.
///
/// Every module must take one Tensor and return a Tensor (they are stored as AnyModule).
/// Children are named "0", "1", ... unless names are given.
class SequentialImpl : public Cloneable<SequentialImpl> {
public:
  /// Iterator over the modules (AnyModule), in order.
  using Iterator = std::vector<AnyModule>::iterator;
  /// Const iterator over the modules.
  using ConstIterator = std::vector<AnyModule>::const_iterator;

  /// An empty Sequential (forward() on it throws tg::Error).
  SequentialImpl() = default;
  /// The given modules in order, named by position; each may be a holder, a shared_ptr, a
  /// module by value or an AnyModule (see push_back()).
  template <typename... Modules,
            typename = std::enable_if_t<!(sizeof...(Modules) == 1 &&
                                          (std::is_same_v<std::decay_t<Modules>, SequentialImpl> &&
                                           ...))>>
  explicit SequentialImpl(Modules&&... modules) {
    modules_.reserve(sizeof...(Modules));
    (push_back(std::forward<Modules>(modules)), ...);
  }
  /// The dict's modules in order, each named by its key.
  explicit SequentialImpl(OrderedDict<std::string, AnyModule>&& ordered_dict);
  /// Named modules: SequentialImpl({{"fc", Linear(2, 3)}, {"act", ReLU()}}).
  explicit SequentialImpl(std::initializer_list<NamedAnyModule> named_modules);

  /// A deep copy: each module cloned, under the same names.
  std::shared_ptr<Module> clone(const std::optional<Device>& device = std::nullopt) const override;
  void reset() override {}
  void pretty_print(std::ostream& stream) const override;

  /// Runs the modules in order, each on the previous one's output.
  template <typename ReturnType = Tensor> ReturnType forward(const Tensor& input) {
    TG_CHECK(!is_empty(), "Cannot call forward() on an empty Sequential");
    Tensor x = input;
    for (AnyModule& m : modules_) x = m.forward(x);
    return x;
  }

  /// Appends a shared module, named by its position; throws tg::Error if it is null.
  template <typename ModuleType> void push_back(std::shared_ptr<ModuleType> module_ptr) {
    push_back(std::to_string(modules_.size()), std::move(module_ptr));
  }
  /// Same as above, named `name`; throws tg::Error if the name is taken, empty or dotted.
  template <typename ModuleType>
  void push_back(std::string name, std::shared_ptr<ModuleType> module_ptr) {
    push_back(std::move(name), AnyModule(std::move(module_ptr)));
  }
  /// Appends a module by value (LinearImpl(2, 3)), moved into a new shared_ptr.
  template <typename M, typename = std::enable_if_t<std::is_base_of_v<Module, std::decay_t<M>>>>
  void push_back(M&& module) {
    push_back(std::to_string(modules_.size()), std::forward<M>(module));
  }
  /// Same as above, named `name`.
  template <typename M, typename = std::enable_if_t<std::is_base_of_v<Module, std::decay_t<M>>>>
  void push_back(std::string name, M&& module) {
    push_back(std::move(name), AnyModule(std::forward<M>(module)));
  }
  /// Appends a holder's module (`push_back(Linear(3, 1))`); throws tg::Error if it is empty.
  template <typename M> void push_back(const ModuleHolder<M>& module_holder) {
    push_back(std::to_string(modules_.size()), module_holder);
  }
  /// Same as above, named `name`.
  template <typename M> void push_back(std::string name, const ModuleHolder<M>& module_holder) {
    push_back(std::move(name), AnyModule(module_holder.ptr()));
  }
  /// Appends an AnyModule, named by its position; throws tg::Error if it is empty.
  void push_back(AnyModule any_module);
  /// Same as above, named `name`.
  void push_back(std::string name, AnyModule any_module);

  /// Appends every module of another Sequential or container of modules.
  template <typename Container> void extend(const Container& container) {
    for (const auto& module : container) push_back(module);
  }

  /// Iterator to the first module.
  Iterator begin() { return modules_.begin(); }
  /// Same as above, const.
  ConstIterator begin() const { return modules_.begin(); }
  /// Iterator past the last module.
  Iterator end() { return modules_.end(); }
  /// Same as above, const.
  ConstIterator end() const { return modules_.end(); }

  /// The module at `index` as its concrete type: seq->at<LinearImpl>(0). Throws tg::Error if
  /// the index is out of range or the module is of another type.
  template <typename T> T& at(size_t index) {
    check_index(index);
    return modules_[index].get<T>();
  }
  /// The module at `index`; throws tg::Error if the index is out of range.
  std::shared_ptr<Module> ptr(size_t index) const {
    check_index(index);
    return modules_[index].ptr();
  }
  /// Same as above, cast to its concrete type T; throws tg::Error if it is another type.
  template <typename T> std::shared_ptr<T> ptr(size_t index) const {
    check_index(index);
    return modules_[index].ptr<T>();
  }
  /// Same as ptr(index).
  std::shared_ptr<Module> operator[](size_t index) const { return ptr(index); }
  /// Number of modules.
  size_t size() const noexcept { return modules_.size(); }
  /// Whether the Sequential holds no module.
  bool is_empty() const noexcept { return modules_.empty(); }

private:
  void check_index(size_t index) const;
  std::vector<AnyModule> modules_;
};

/// The holder of SequentialImpl; also constructible from {name, module} pairs.
class Sequential : public ModuleHolder<SequentialImpl> {
public:
  using ModuleHolder<SequentialImpl>::ModuleHolder;
  /// A holder of a new, empty SequentialImpl (not the empty holder state).
  Sequential() : ModuleHolder() {}
  /// A holder of SequentialImpl(named_modules): Sequential({{"fc", Linear(2, 3)}}).
  Sequential(std::initializer_list<NamedAnyModule> named_modules)
      : ModuleHolder(std::make_shared<SequentialImpl>(named_modules)) {}
};

} // namespace tg::nn
