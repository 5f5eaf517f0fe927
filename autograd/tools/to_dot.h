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
#include <functional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "autograd/tensor/tensor.h"

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

namespace detail {
/// How to_dot() writes a tensor on an arrow: "715", "[1, 2.5]", or the shape when it has more
/// than `max_elements` elements.
std::string dot_value_text(const Tensor& t, int64_t max_elements);
/// What to_html() adds to to_dot's drawing, and learns back from it: the same graph, the same
/// node ids, with an SVG id on every node and arrow and an extra label line on each.
struct DotAnnotations {
  /// Filled by the writer: each drawn node's DOT id ("n3"), keyed by its Node* for an op and by
  /// its TensorImpl* for a leaf.
  std::unordered_map<const void*, std::string> ids;
  /// An extra label line for the arrow that carries `consumer`'s next edge `index` (consumer null:
  /// the arrow into result `index`); "" for none.
  std::function<std::string(const Node* consumer, size_t index)> edge_line;
  /// An extra label line for a leaf, keyed as `ids`; "" for none.
  std::function<std::string(const void* leaf)> leaf_line;
};
/// The arrow's SVG id: "e_n3_1" for next edge 1 of node n3 (the arrow into result 0 is "e_r0").
std::string dot_edge_id(const std::string& consumer_id, size_t index);
/// to_dot() with `annotations` applied and filled in.
std::string to_dot_annotated(const std::vector<Tensor>& roots, const DotOptions& options,
                             DotAnnotations& annotations);
} // namespace detail

/// Calls retain_grad() on every intermediate result of `root`'s graph that is still alive, so
/// that after backward() a drawing shows the gradient on every arrow, not only at the leaves.
void retain_grads(const Tensor& root);

} // namespace tg::autograd
