#pragma once
// A Node is one recorded operation's backward. It points only toward its inputs (next_edges), so a
// graph is a DAG owned from the outputs back to the leaves and can never form a reference cycle.
#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include <boost/container/small_vector.hpp>

#include "autograd/graph/grad_mode.h"
#include "autograd/tensor/small_pool.h"
#include "autograd/tensor/tensor.h"

namespace tg::autograd {

/// A list of tensors taking part in autograd (torch::autograd::variable_list).
using variable_list = std::vector<Tensor>;
/// Same type as variable_list, under LibTorch's other name (torch::autograd::tensor_list).
using tensor_list = std::vector<Tensor>;

class Node;

/// Where a gradient goes: input `input_nr` of `function`.
struct Edge {
  std::shared_ptr<Node> function; ///< The node receiving the gradient (null: no gradient wanted).
  uint32_t input_nr = 0;          ///< Which of that node's gradient inputs it feeds.
  /// False for the empty edge of an input that does not require grad.
  bool is_valid() const { return function != nullptr; }
};

/// A node's edges (torch::autograd::edge_list): room for two inside the node, so the usual unary or
/// binary op allocates no list (on a chain of recorded 8-element adds and muls, this list's and the
/// outputs' list's blocks and growth were about 8% of each op's instructions); longer lists spill
/// to the small-object pool, like the node itself.
using edge_list = boost::container::small_vector<Edge, 2, tg::detail::PoolAllocator<Edge>>;

/// The shape and dtype of a gradient a node expects on one of its inputs (= one forward output).
/// The engine sums every incoming gradient down to this shape: broadcasting is undone in one place.
struct InputMetadata {
  DimVector shape;           ///< Shape of the forward output.
  ScalarType dtype = kFloat; ///< Dtype of the forward output.
};

/// Where the gradient of a view lands in the view's input: the view's sizes and strides, and the
/// offset of its first element, within a contiguous tensor of the input's shape.
struct GradientWindow {
  DimVector sizes;    ///< The view's shape.
  DimVector strides;  ///< Its strides within the contiguous input, in elements.
  int64_t offset = 0; ///< Its first element's position within the contiguous input.
};

/// One recorded operation's backward function (torch::autograd::Node). Naming follows LibTorch:
/// the node's *inputs* are gradients of the forward op's outputs (described by input_metadata),
/// and its *outputs* are gradients for the forward op's inputs (sent along next_edges).
class Node : public std::enable_shared_from_this<Node> {
public:
  Node();
  virtual ~Node();
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;

  /// Computes the gradients for the inputs (one per next edge) from the gradients of the outputs.
  virtual variable_list apply(variable_list&& grads) = 0;
  /// LibTorch-like name: "AddBackward0", "MulBackward0", "AccumulateGrad".
  virtual std::string name() const = 0;
  /// For the backward of a view op (select, slice, narrow, split, chunk, unbind), whose gradient
  /// for its one input is each incoming gradient `i` placed into window `i` of zeros of the
  /// input's shape: that window. The engine then adds the incoming gradient straight into its
  /// buffer for the input, in place, instead of apply() making a zero tensor as large as the input
  /// per view, so a loop over x[t] costs its steps, not steps times the length of x. nullptr (the
  /// default, and for a node whose saved state was released): the engine calls apply().
  virtual const GradientWindow* gradient_window(size_t i) const {
    (void)i;
    return nullptr;
  }
  /// Frees saved tensors; a later apply() throws. Called after backward unless retain_graph.
  virtual void release_variables() {}

  /// Same as apply().
  variable_list operator()(variable_list&& grads) { return apply(std::move(grads)); }

  /// One edge per forward input, in argument order.
  const edge_list& next_edges() const { return next_edges_; }
  /// Edge `i` (unchecked).
  const Edge& next_edge(size_t i) const { return next_edges_[i]; }
  /// Number of gradients apply() returns (= forward inputs = next edges).
  size_t num_outputs() const { return next_edges_.size(); }
  /// Number of gradients apply() receives (= forward outputs).
  size_t num_inputs() const { return forward_outputs_.size(); }
  /// Shape and dtype expected for incoming gradient `i` (unchecked).
  const InputMetadata& input_metadata(size_t i) const { return forward_outputs_[i].metadata; }
  /// Whether input i of the forward op wants a gradient (skip computing the others).
  bool needs_input_grad(size_t i) const {
    return i < next_edges_.size() && next_edges_[i].function != nullptr;
  }
  /// LibTorch's name for needs_input_grad().
  bool should_compute_output(size_t i) const { return needs_input_grad(i); }
  /// Creation order, process-wide increasing. The engine runs ready nodes newest first, and
  /// anomaly messages use it to place the node on the tape.
  uint64_t sequence_nr() const { return sequence_nr_; }

  /// Replaces the edges to the forward inputs (done by set_history).
  void set_next_edges(edge_list edges) { next_edges_ = std::move(edges); }
  /// Appends an edge for the next forward input.
  void add_next_edge(Edge e) { next_edges_.push_back(std::move(e)); }
  /// Registers a forward output with `t`'s shape and dtype; returns its index (the output_nr).
  uint32_t add_input_metadata(const Tensor& t);
  /// Same as above, from an explicit shape and dtype.
  uint32_t add_input_metadata(IntArrayRef shape, ScalarType dtype);

  /// Forward output `i` of the op, if something still holds it; otherwise an undefined tensor.
  /// Held weakly, only so that a drawing of the graph (to_dot) can show values and gradients.
  Tensor output(size_t i) const {
    return i < forward_outputs_.size() ? Tensor(forward_outputs_[i].tensor.lock()) : Tensor();
  }
  /// Remembers forward output `i` weakly (see output()); `i` comes from add_input_metadata.
  void set_output(size_t i, const std::shared_ptr<TensorImpl>& impl) {
    if (i < forward_outputs_.size()) forward_outputs_[i].tensor = impl;
  }

  /// Hooks run on this node's incoming gradients before apply (Tensor::register_hook on non-leaves).
  std::vector<std::pair<uint32_t, std::function<Tensor(const Tensor&)>>> pre_hooks;

protected:
  /// One forward output's shape and dtype, and the output itself, held weakly.
  struct ForwardOutput {
    InputMetadata metadata;           ///< Shape and dtype of the output.
    std::weak_ptr<TensorImpl> tensor; ///< The output itself, while something holds it.
  };
  edge_list next_edges_; ///< See next_edges().
  /// See input_metadata() and output(): one list for both, with room for the usual single output
  /// inside the node (ops with more outputs spill to the pool).
  boost::container::small_vector<ForwardOutput, 1, tg::detail::PoolAllocator<ForwardOutput>>
      forward_outputs_;
  uint64_t sequence_nr_; ///< See sequence_nr().
};

/// Sums gradients into a leaf's .grad(). Holds the leaf weakly: the leaf caches this node weakly
/// too, so neither keeps the other alive.
class AccumulateGrad final : public Node {
public:
  /// Created on first use by gradient_edge() and cached weakly on the leaf.
  explicit AccumulateGrad(const std::shared_ptr<TensorImpl>& leaf);
  variable_list apply(variable_list&& grads) override;
  std::string name() const override { return "AccumulateGrad"; }
  /// The leaf, or null if it has been destroyed.
  std::shared_ptr<TensorImpl> variable() const { return leaf_.lock(); }

private:
  std::weak_ptr<TensorImpl> leaf_;
};

/// The edge a gradient for `t` must flow into (its grad_fn, or its leaf accumulator), or an empty
/// edge when `t` does not require grad.
Edge gradient_edge(const Tensor& t);

/// True when grad mode is on and any of the tensors requires grad: the op must be recorded.
inline bool any_requires_grad(std::initializer_list<const Tensor*> ts) {
  if (!GradMode::is_enabled()) return false;
  for (const Tensor* t : ts)
    if (t->defined() && t->requires_grad()) return true;
  return false;
}
/// Same as any_requires_grad, taking the tensors as arguments: `compute_requires_grad(a, b)`.
template <typename... Ts> bool compute_requires_grad(const Ts&... ts) {
  return any_requires_grad({&ts...});
}
/// Same as above, for a list of tensors (undefined entries are skipped).
bool compute_requires_grad_list(TensorList ts);

/// Makes `node` the grad_fn of `outputs` (output i gets output_nr i) and connects it to `inputs`.
void set_history(const std::shared_ptr<Node>& node, TensorList inputs,
                 std::initializer_list<Tensor*> outputs);
/// Same as set_history for a runtime-sized output list. A null or undefined entry (an output
/// that is not differentiable) keeps its slot, so the numbering of the others is unchanged.
void set_history_list(const std::shared_ptr<Node>& node, TensorList inputs,
                      const std::vector<Tensor*>& outputs);

namespace detail {
/// When enabled, every created node's name is recorded, so a test can prove that each
/// differentiable op was exercised by a gradient check.
void set_track_node_names(bool on);
bool track_node_names();
void note_node_name(const std::string& name);
std::vector<std::string> tracked_node_names();
} // namespace detail

} // namespace tg::autograd
