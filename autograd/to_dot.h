#pragma once
// Draws the tape behind a tensor as a Graphviz DOT graph, in the direction the forward pass ran:
// leaves (ellipses) flow through op nodes (boxes) into the result. With values() and grads() on,
// each arrow carries the number that flowed forward along it and, after backward(), the gradient
// that flowed back (the pictures the seed documents draw by hand for the apple/orange problem).
//
//   auto price = (apple * n + orange * m) * tax;
//   price.backward();
//   std::ofstream("price.dot") << tg::autograd::to_dot(price,
//   tg::autograd::DotOptions().values(true).grads(true));
//   // dot -Tsvg price.dot -o price.svg
//
// Leaves are labelled by Tensor::set_name, or by names given here (a module's named_parameters()).
// An intermediate result shows its gradient when retain_grad() was called on it before backward.
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "autograd/tensor.h"

namespace tg::autograd {

/// Builder-style options for to_dot(); all drawing extras are off by default.
class DotOptions {
public:
  /// Label arrows with the forward values of tensors of at most max_elements() elements.
  DotOptions& values(bool on) {
    values_ = on;
    return *this;
  }
  /// Whether forward values are drawn (default false).
  bool values() const { return values_; }
  /// Label arrows with the gradients (leaves' .grad(), retained grads of intermediates).
  DotOptions& grads(bool on) {
    grads_ = on;
    return *this;
  }
  /// Whether gradients are drawn (default false).
  bool grads() const { return grads_; }
  /// Larger tensors are shown by their shape only.
  DotOptions& max_elements(int64_t n) {
    max_elements_ = n;
    return *this;
  }
  /// Largest tensor whose values are printed (default 4).
  int64_t max_elements() const { return max_elements_; }
  /// A title drawn above the graph.
  DotOptions& title(std::string t) {
    title_ = std::move(t);
    return *this;
  }
  /// The title (default empty: none drawn).
  const std::string& title() const { return title_; }
  /// Names a tensor on the drawing (overrides Tensor::set_name).
  DotOptions& name(const Tensor& t, std::string n);
  /// Names every tensor of a list of (name, tensor) pairs: `module->named_parameters()`.
  template <typename Named> DotOptions& names(const Named& named, const std::string& prefix = "") {
    for (const auto& item : named) name(item.value(), prefix + item.key());
    return *this;
  }
  /// The name given for `t` here, else its Tensor::name(), else "".
  std::string name_of(const Tensor& t) const;

private:
  bool values_ = false, grads_ = false;
  int64_t max_elements_ = 4;
  std::string title_;
  std::unordered_map<const TensorImpl*, std::string> names_;
};

/// DOT text for the graph that produced `root` (a leaf alone is drawn as one node).
std::string to_dot(const Tensor& root, const DotOptions& options = {});
/// One drawing for several results that share parts of their graph.
std::string to_dot(const std::vector<Tensor>& roots, const DotOptions& options = {});

/// Calls retain_grad() on every intermediate result of `root`'s graph that is still alive, so
/// that after backward() a drawing shows the gradient on every arrow, not only at the leaves.
void retain_grads(const Tensor& root);

} // namespace tg::autograd
