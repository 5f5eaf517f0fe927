#include "autograd/graph/engine.h"

#include <algorithm>
#include <atomic>
#include <queue>
#include <unordered_map>
#include <unordered_set>

#include "autograd/graph/anomaly_mode.h"
#include "autograd/graph/gradient_destination.h"
#include "autograd/ops/functions.h"
#include "autograd/ops/internal.h"

namespace tg::autograd {
namespace {

// The engine's bookkeeping lives in the small-object pool: a backward pass inserts and erases an
// entry per node, and through malloc that was a tenth of the time of backward over small ops.
template <typename K, typename V>
using NodeMap = std::unordered_map<K, V, std::hash<K>, std::equal_to<K>,
                                   tg::detail::PoolAllocator<std::pair<const K, V>>>;
template <typename K>
using NodeSet = std::unordered_set<K, std::hash<K>, std::equal_to<K>, tg::detail::PoolAllocator<K>>;

/// The gradients waiting for one node, one slot per node input. `owned[i]` says that slot i holds
/// a contiguous tensor this task allocated itself, which nothing else can see: later gradients
/// are added into it in place. A slot holding a tensor a node returned (its incoming gradient
/// passed on, a view of it, the caller's root gradient) is never written.
struct InputBuffer {
  variable_list grads;
  std::vector<bool> owned;
  bool is_owned(size_t i) const { return i < owned.size() && owned[i]; }
  void set_owned(size_t i) {
    if (owned.size() <= i) owned.resize(grads.size());
    owned[i] = true;
  }
};

struct ByLatestFirst {
  bool operator()(const Node* a, const Node* b) const { return a->sequence_nr() < b->sequence_nr(); }
};

class GraphTask;

/// The backward running on this thread and the node whose apply() it is running, for
/// gradient_destination(); current_apply is null when the task offers no destinations.
struct ApplyContext {
  const GraphTask* task;
  const Node* node;          ///< null between two apply() calls
  std::vector<size_t> taken; ///< the outputs whose destination this apply() asked for
};
thread_local ApplyContext* current_apply = nullptr;
std::atomic<size_t> destinations_taken{0};

/// Whether `window` lies inside a contiguous tensor of `numel` elements.
bool window_fits(const GradientWindow& window, int64_t numel) {
  int64_t last = window.offset;
  for (size_t d = 0; d < window.sizes.size(); ++d) {
    if (window.sizes[d] == 0) return false;
    last += (window.sizes[d] - 1) * window.strides[d];
  }
  return window.offset >= 0 && last < numel;
}

/// What grad() wants back: the gradient arriving at input `input_nr` of `node`.
struct Capture {
  Node* node;
  uint32_t input_nr;
  size_t slot;
};

class GraphTask {
public:
  GraphTask(bool keep_graph, bool create_graph) : keep_graph_(keep_graph), create_graph_(create_graph) {}

  void add_root(const Edge& edge, Tensor grad) {
    roots_.push_back(edge);
    buffer_for(edge.function.get()).grads[edge.input_nr] = std::move(grad);
  }

  /// In capture mode (grad()), leaf accumulators never run and only nodes on a path to a capture
  /// target execute.
  void set_captures(std::vector<Capture> captures, bool accumulate_captured) {
    captures_ = std::move(captures);
    capture_mode_ = true;
    accumulate_captured_ = accumulate_captured;
  }

  /// Records every visited node into `steps` and runs nothing but the nodes' backward functions
  /// (see trace_backward()).
  void set_trace(std::vector<BackwardStep>* steps) { trace_ = steps; }

  std::vector<Tensor> run() {
    discover();
    std::priority_queue<Node*, std::vector<Node*>, ByLatestFirst> ready;
    for (const Edge& r : roots_) {
      Node* n = r.function.get();
      if (dependencies_[n] == 0 && queued_.insert(n).second) ready.push(n);
    }
    std::vector<Tensor> captured(captures_.size());
    AutoGradMode mode(create_graph_);
    // gradient_destination() finds this task through one thread-local pointer, set once per
    // backward (per node it was a measurable share of a small op's backward) and put back after.
    ApplyContext context{this, nullptr, {}};
    struct Restore {
      ApplyContext* outer;
      ~Restore() { current_apply = outer; }
    } restore{current_apply};
    current_apply = offers_destinations() ? &context : nullptr;
    while (!ready.empty()) {
      Node* node = ready.top();
      ready.pop();
      variable_list inputs = take_buffer(node);
      if (!trace_) run_pre_hooks(*node, inputs);
      for (const Capture& c : captures_)
        if (c.node == node) captured[c.slot] = inputs[c.input_nr];
      bool run_it = !capture_mode_ || needed_.count(node);
      if (capture_mode_ && dynamic_cast<AccumulateGrad*>(node) && !accumulate_captured_) run_it = false;
      if (trace_) {
        if (dynamic_cast<AccumulateGrad*>(node)) run_it = false;
        // The record holds the incoming gradients, so no backward may reuse their buffers.
        trace_->push_back({node->shared_from_this(), inputs, variable_list(node->num_outputs())});
      }
      bool any_grad = std::any_of(inputs.begin(), inputs.end(), [](const Tensor& t) { return t.defined(); });
      variable_list outputs;
      if (run_it && any_grad && windowed(*node, inputs)) {
        add_into_windows(*node, inputs);
        if (!keep_graph_) node->release_variables();
      } else if (run_it && any_grad) {
        materialize_missing(*node, inputs);
        context.node = node;
        outputs = node->apply(std::move(inputs));
        context.node = nullptr;
        if (!context.taken.empty()) check_destinations(*node, context, outputs);
        if (!keep_graph_) node->release_variables();
        if (AnomalyMode::is_enabled()) check_finite(*node, outputs);
        TG_CHECK(outputs.empty() || outputs.size() == node->num_outputs(), "Function ",
                 node->name(), " returned ", outputs.size(), " gradients, expected ",
                 node->num_outputs());
      }
      for (size_t i = 0; i < node->num_outputs(); ++i) {
        const Edge& edge = node->next_edge(i);
        if (!edge.is_valid()) continue;
        Node* next = edge.function.get();
        if (i < outputs.size() && outputs[i].defined()) {
          Tensor g = validated(*node, i, std::move(outputs[i]), *next, edge.input_nr);
          if (trace_) trace_->back().grads_out[i] = g;
          accumulate(buffer_for(next), edge.input_nr, std::move(g));
        }
        if (--dependencies_[next] == 0 && queued_.insert(next).second) ready.push(next);
      }
    }
    return captured;
  }

  /// See gradient_destination(): the window of a leaf's .grad() that gradient `i` of `node` may
  /// be added into, or an undefined tensor.
  Tensor destination(const Node& node, size_t i) const {
    if (i >= node.num_outputs()) return {};
    const Edge& edge = node.next_edge(i);
    if (!edge.is_valid()) return {};
    Node* target = edge.function.get();
    const GradientWindow* window = nullptr;
    if (dynamic_cast<AccumulateGrad*>(target) == nullptr) {
      // one view on the way, whose gradient lands in a window of its input
      window = target->gradient_window(edge.input_nr);
      if (window == nullptr || target->num_outputs() != 1 || !target->pre_hooks.empty()) return {};
      const InputMetadata& view = target->input_metadata(edge.input_nr);
      if (!view.shape.ref().equals(window->sizes)) return {};
      const Edge& up = target->next_edge(0);
      if (!up.is_valid()) return {};
      target = up.function.get();
      if (target->input_metadata(up.input_nr).dtype != view.dtype) return {};
    }
    auto* accumulator = dynamic_cast<AccumulateGrad*>(target);
    if (accumulator == nullptr || !accumulator->pre_hooks.empty()) return {};
    std::shared_ptr<TensorImpl> leaf = accumulator->variable();
    if (!leaf || !leaf->hooks_.empty() || !leaf->grad_) return {};
    Tensor grad(leaf->grad_);
    const InputMetadata& m = accumulator->input_metadata(0);
    if (grad.scalar_type() != m.dtype || !grad.sizes().equals(m.shape) || !grad.is_contiguous() ||
        grad.requires_grad())
      return {};
    if (window == nullptr) return grad;
    if (!window_fits(*window, grad.numel())) return {};
    return ops::make_alias(grad, window->sizes, window->strides,
                           grad.storage_offset() + window->offset);
  }

private:
  /// Whether backward functions may add gradients into leaves' .grad() themselves (see
  /// gradient_destination.h for why only here).
  bool offers_destinations() const {
    return !create_graph_ && !trace_ && !capture_mode_ && !AnomalyMode::is_enabled();
  }

  /// A gradient whose destination apply() took must come back undefined (else it would be added
  /// twice).
  static void check_destinations(const Node& node, ApplyContext& context,
                                 const variable_list& outputs) {
    for (size_t i : context.taken)
      TG_CHECK(i >= outputs.size() || !outputs[i].defined(), "Function ", node.name(),
               " took the destination of its gradient ", i, " and also returned that gradient");
    context.taken.clear();
  }

  InputBuffer& buffer_for(Node* n) {
    auto it = buffers_.find(n);
    if (it == buffers_.end())
      it = buffers_.emplace(n, InputBuffer{variable_list(n->num_inputs()), {}}).first;
    return it->second;
  }
  variable_list take_buffer(Node* n) {
    auto it = buffers_.find(n);
    if (it == buffers_.end()) return variable_list(n->num_inputs());
    variable_list v = std::move(it->second.grads);
    buffers_.erase(it);
    return v;
  }

  /// Adds `g` into slot `i` of `buffer`: the first gradient is kept as it is, the second makes a
  /// sum this task owns, and the ones after it are added into that sum in place. With
  /// create_graph the sum is recorded instead, so it is a new tensor each time.
  void accumulate(InputBuffer& buffer, size_t i, Tensor g) {
    Tensor& slot = buffer.grads[i];
    if (!slot.defined()) {
      slot = std::move(g);
    } else if (create_graph_ || !buffer.is_owned(i)) {
      slot = slot + g;
      if (!create_graph_ && slot.is_contiguous()) buffer.set_owned(i);
    } else {
      slot.add_(g);
    }
  }

  /// Whether `node` is a view's backward whose gradients the engine can add into the windows of
  /// its input's slot itself (Node::gradient_window): every gradient that arrived has a window
  /// inside the input, of the input's dtype. Not when the backward must be a graph of its own
  /// (create_graph), when anomaly mode checks each backward's result, nor in a trace, which
  /// records the gradients apply() returns.
  bool windowed(const Node& node, const variable_list& inputs) const {
    if (create_graph_ || trace_ || AnomalyMode::is_enabled() || node.num_outputs() != 1)
      return false;
    const Edge& edge = node.next_edge(0);
    if (!edge.is_valid()) return false;
    const InputMetadata& m = edge.function->input_metadata(edge.input_nr);
    const int64_t numel = compute_numel(m.shape, "backward");
    for (size_t i = 0; i < inputs.size(); ++i) {
      if (!inputs[i].defined()) continue;
      const GradientWindow* w = node.gradient_window(i);
      if (w == nullptr || inputs[i].scalar_type() != m.dtype || !inputs[i].sizes().equals(w->sizes))
        return false;
      if (!window_fits(*w, numel)) return false;
      // A view covering all of its input (t(), transpose): apply() returns the gradient
      // re-strided, free, where a window would need a zero tensor and a pass over it.
      if (inputs.size() == 1 && compute_numel(w->sizes, "backward") == numel) return false;
    }
    return true;
  }

  /// A view's backward without a zero tensor per view: each incoming gradient is added into its
  /// window of the input's slot, which is made a contiguous tensor this task owns first (zeros
  /// when nothing arrived there yet, else a copy of what did).
  void add_into_windows(const Node& node, const variable_list& inputs) {
    const Edge& edge = node.next_edge(0);
    const InputMetadata& m = edge.function->input_metadata(edge.input_nr);
    InputBuffer& buffer = buffer_for(edge.function.get());
    Tensor& slot = buffer.grads[edge.input_nr];
    if (!slot.defined()) {
      slot = zeros(m.shape, TensorOptions(m.dtype));
      buffer.set_owned(edge.input_nr);
    } else if (!buffer.is_owned(edge.input_nr)) {
      Tensor copy = ops::empty_tensor(m.shape, m.dtype);
      copy.copy_(slot);
      slot = std::move(copy);
      buffer.set_owned(edge.input_nr);
    }
    for (size_t i = 0; i < inputs.size(); ++i) {
      if (!inputs[i].defined()) continue;
      const GradientWindow& w = *node.gradient_window(i);
      ops::make_alias(slot, w.sizes, w.strides, slot.storage_offset() + w.offset).add_(inputs[i]);
    }
  }

  /// Counts, for every node reachable from the roots, how many edges point at it. Iterative DFS;
  /// also collects a post-order so that "needed" (reaches a capture target) can be computed.
  void discover() {
    std::vector<std::pair<Node*, size_t>> stack;
    NodeSet<Node*> seen;
    std::vector<Node*> post_order;
    for (const Edge& r : roots_) {
      Node* n = r.function.get();
      if (seen.insert(n).second) stack.emplace_back(n, 0);
      while (!stack.empty()) {
        auto& [node, next_i] = stack.back();
        if (next_i < node->num_outputs()) {
          const Edge& e = node->next_edge(next_i++);
          if (!e.is_valid()) continue;
          Node* child = e.function.get();
          ++dependencies_[child];
          if (seen.insert(child).second) stack.emplace_back(child, 0);
        } else {
          post_order.push_back(node);
          stack.pop_back();
        }
      }
    }
    if (!capture_mode_) return;
    NodeSet<Node*> targets;
    for (const Capture& c : captures_) targets.insert(c.node);
    for (Node* n : post_order) { // children come before parents
      bool need = targets.count(n) > 0 && dynamic_cast<AccumulateGrad*>(n) == nullptr;
      if (dynamic_cast<AccumulateGrad*>(n) && accumulate_captured_ && targets.count(n)) need = true;
      for (const Edge& e : n->next_edges())
        if (e.is_valid() && (needed_.count(e.function.get()) || targets.count(e.function.get())))
          need = true;
      if (need) needed_.insert(n);
    }
  }

  void run_pre_hooks(Node& node, variable_list& inputs) {
    for (auto& [input_nr, hook] : node.pre_hooks) {
      if (input_nr >= inputs.size() || !inputs[input_nr].defined()) continue;
      Tensor replaced = hook(inputs[input_nr]);
      if (replaced.defined()) inputs[input_nr] = replaced;
    }
  }

  /// Nodes with several outputs may receive gradients for only some; the others are zeros.
  void materialize_missing(Node& node, variable_list& inputs) {
    for (size_t i = 0; i < inputs.size(); ++i) {
      if (inputs[i].defined()) continue;
      const InputMetadata& m = node.input_metadata(i);
      inputs[i] = zeros(m.shape, TensorOptions(m.dtype));
    }
  }

  /// Anomaly mode: the first backward function that returns NaN or Inf is named, with its place
  /// among the ops of this graph in the order the forward pass recorded them.
  void check_finite(const Node& node, const variable_list& outputs) const {
    for (size_t i = 0; i < outputs.size(); ++i) {
      const char* kind = detail::non_finite_kind(outputs[i]);
      if (kind == nullptr) continue;
      // Leaf accumulators are created when first used, so their numbers say nothing about order.
      size_t rank = 1, total = 0;
      auto count = [&](const Node* n) {
        if (dynamic_cast<const AccumulateGrad*>(n)) return;
        ++total;
        if (n->sequence_nr() < node.sequence_nr()) ++rank;
      };
      NodeSet<const Node*> seen;
      for (const Edge& r : roots_)
        if (seen.insert(r.function.get()).second) count(r.function.get());
      for (const auto& entry : dependencies_)
        if (seen.insert(entry.first).second) count(entry.first);
      throw Error(str("Function '", node.name(), "' (sequence number ", node.sequence_nr(), ", op ",
                      rank, " of ", total, " in this graph in forward order) returned ", kind,
                      " values in its ", i, "th output (anomaly detection is on)"));
    }
  }

  /// The one place where broadcasting is undone: a gradient in the broadcast shape is summed down
  /// to the shape its input had in the forward pass.
  Tensor validated(const Node& producer, size_t index, Tensor g, const Node& next, uint32_t input_nr) {
    const InputMetadata& m = next.input_metadata(input_nr);
    if (!g.sizes().equals(m.shape)) {
      TG_CHECK(is_expandable_to(m.shape, g.sizes()), "Function ", producer.name(),
               " returned an invalid gradient at index ", index, " - got ", g.sizes(),
               " but expected shape compatible with ", m.shape.ref());
      g = ops::sum_to(g, m.shape);
    }
    if (g.scalar_type() != m.dtype) g = g.to(m.dtype);
    return g;
  }

  bool keep_graph_;
  bool create_graph_;
  bool capture_mode_ = false;
  bool accumulate_captured_ = false;
  std::vector<BackwardStep>* trace_ = nullptr;
  std::vector<Edge> roots_;
  std::vector<Capture> captures_;
  NodeMap<Node*, int> dependencies_;
  NodeMap<Node*, InputBuffer> buffers_;
  NodeSet<Node*> queued_;
  NodeSet<Node*> needed_;
};

/// Root gradients: the given ones, or ones for one-element outputs.
void add_roots(GraphTask& task, const variable_list& tensors, const variable_list& grad_tensors,
               const char* op) {
  TG_CHECK(grad_tensors.empty() || grad_tensors.size() == tensors.size(), op, ": got ",
           tensors.size(), " tensors but ", grad_tensors.size(), " gradients");
  for (size_t i = 0; i < tensors.size(); ++i) {
    const Tensor& t = tensors[i];
    TG_CHECK(t.defined(), op, ": tensor ", i, " is undefined");
    TG_CHECK(t.requires_grad(), op, ": element ", i,
             " of tensors does not require grad and does not have a grad_fn");
    Tensor g = grad_tensors.empty() ? Tensor() : grad_tensors[i];
    if (!g.defined()) {
      TG_CHECK(t.numel() == 1, "grad can be implicitly created only for scalar outputs (got shape ",
               t.sizes(), "); pass a gradient of that shape to backward()");
      g = ones_like(t);
    } else {
      TG_CHECK(g.sizes().equals(t.sizes()), op, ": gradient has shape ", g.sizes(),
               " but the tensor has shape ", t.sizes());
    }
    task.add_root(gradient_edge(t), std::move(g));
  }
}

} // namespace

Tensor gradient_destination(const Node& node, size_t i, TensorList reads) {
  ApplyContext* context = current_apply;
  if (context == nullptr || context->node != &node) return {};
  Tensor destination = context->task->destination(node, i);
  for (const Tensor& r : reads)
    if (shares_memory(destination, r)) return {};
  if (destination.defined()) {
    context->taken.push_back(i);
    destinations_taken.fetch_add(1, std::memory_order_relaxed);
  }
  return destination;
}

bool shares_memory(const Tensor& a, const Tensor& b) {
  if (!a.defined() || !b.defined()) return false;
  const StorageImpl& x = *a.unsafeGetTensorImpl()->storage();
  const StorageImpl& y = *b.unsafeGetTensorImpl()->storage();
  if (&x == &y) return true;
  const auto* x0 = static_cast<const char*>(x.data);
  const auto* y0 = static_cast<const char*>(y.data);
  return x0 < y0 + y.nbytes && y0 < x0 + x.nbytes;
}

namespace detail {
size_t gradient_destinations_taken() { return destinations_taken.load(std::memory_order_relaxed); }
} // namespace detail

void backward(const variable_list& tensors, const variable_list& grad_tensors,
              std::optional<bool> retain_graph, bool create_graph, const variable_list& inputs) {
  GraphTask task(retain_graph.value_or(create_graph), create_graph);
  add_roots(task, tensors, grad_tensors, "backward");
  if (!inputs.empty()) {
    std::vector<Capture> caps;
    for (size_t i = 0; i < inputs.size(); ++i) {
      Edge e = gradient_edge(inputs[i]);
      TG_CHECK(e.is_valid(), "backward: input ", i, " does not require grad");
      caps.push_back(Capture{e.function.get(), e.input_nr, i});
    }
    task.set_captures(std::move(caps), /*accumulate_captured=*/true);
    std::vector<Tensor> got = task.run();
    // Non-leaf inputs get their gradient in .grad() too, as in LibTorch.
    for (size_t i = 0; i < inputs.size(); ++i) {
      if (inputs[i].is_leaf() || !got[i].defined()) continue;
      TensorImpl* impl = inputs[i].unsafeGetTensorImpl();
      impl->grad_ = impl->grad_ ? (Tensor(impl->grad_) + got[i]).impl() : got[i].detach().impl();
    }
    return;
  }
  task.run();
}

variable_list grad(const variable_list& outputs, const variable_list& inputs,
                   const variable_list& grad_outputs, std::optional<bool> retain_graph,
                   bool create_graph, bool allow_unused) {
  GraphTask task(retain_graph.value_or(create_graph), create_graph);
  add_roots(task, outputs, grad_outputs, "grad");
  std::vector<Capture> caps;
  for (size_t i = 0; i < inputs.size(); ++i) {
    TG_CHECK(inputs[i].defined() && inputs[i].requires_grad(), "grad: input ", i,
             " does not require grad");
    Edge e = gradient_edge(inputs[i]);
    caps.push_back(Capture{e.function.get(), e.input_nr, i});
  }
  task.set_captures(std::move(caps), /*accumulate_captured=*/false);
  variable_list result = task.run();
  for (size_t i = 0; i < result.size(); ++i) {
    TG_CHECK(result[i].defined() || allow_unused, "grad: input ", i,
             " was not used in the graph of the outputs; pass allow_unused=true if this is "
             "intended");
  }
  return result;
}

std::vector<BackwardStep> trace_backward(const variable_list& tensors,
                                         const variable_list& grad_tensors) {
  GraphTask task(/*keep_graph=*/true, /*create_graph=*/false);
  add_roots(task, tensors, grad_tensors, "trace_backward");
  std::vector<BackwardStep> steps;
  task.set_trace(&steps);
  task.run();
  return steps;
}

} // namespace tg::autograd
