#include "autograd/graph/node.h"

#include <atomic>
#include <mutex>
#include <set>
#include <string_view>

#include "autograd/graph/anomaly_mode.h"
#include "autograd/graph/teardown.h"
#include "autograd/ops/functions.h"
#include "autograd/tensor/small_pool.h"

namespace tg::autograd {

namespace {
std::atomic<uint64_t> next_sequence_nr{0};
} // namespace

Node::Node() : sequence_nr_(next_sequence_nr.fetch_add(1, std::memory_order_relaxed)) {
  detail::count_node(1);
}

Node::~Node() {
  detail::count_node(-1);
  detail::TeardownScope scope;
  for (Edge& e : next_edges_) scope.release(e.function);
}

uint32_t Node::add_input_metadata(const Tensor& t) {
  return add_input_metadata(t.sizes(), t.scalar_type());
}

uint32_t Node::add_input_metadata(IntArrayRef shape, ScalarType dtype) {
  forward_outputs_.push_back(ForwardOutput{InputMetadata{DimVector(shape), dtype}, {}});
  return static_cast<uint32_t>(forward_outputs_.size() - 1);
}

AccumulateGrad::AccumulateGrad(const std::shared_ptr<TensorImpl>& leaf) : leaf_(leaf) {
  add_input_metadata(leaf->sizes(), leaf->dtype());
}

variable_list AccumulateGrad::apply(variable_list&& grads) {
  std::shared_ptr<TensorImpl> leaf = leaf_.lock();
  if (!leaf || !grads[0].defined()) return {};
  Tensor grad = std::move(grads[0]);
  for (auto& hook : leaf->hooks_) {
    Tensor replaced = hook(grad);
    if (replaced.defined()) grad = replaced;
  }
  if (!leaf->grad_) {
    // Steal the incoming buffer when nothing else can see it; otherwise copy, because another leaf
    // may have received the very same tensor and a later in-place accumulation would corrupt it.
    bool sole_owner =
        grad.use_count() == 1 && grad.impl()->storage().use_count() == 1 && grad.is_contiguous();
    if (GradMode::is_enabled()) {
      leaf->grad_ = grad.impl(); // create_graph: keep the graph of the gradient itself
    } else if (sole_owner) {
      leaf->grad_ = grad.impl();
    } else {
      leaf->grad_ = grad.clone().impl();
    }
  } else if (GradMode::is_enabled()) {
    leaf->grad_ = (Tensor(leaf->grad_) + grad).impl();
  } else {
    Tensor(leaf->grad_).add_(grad);
  }
  return {};
}

Edge gradient_edge(const Tensor& t) {
  if (!t.defined()) return {};
  TensorImpl* impl = t.unsafeGetTensorImpl();
  if (const auto& fn = impl->grad_fn()) return Edge{fn, impl->output_nr_};
  if (!impl->requires_grad_) return {};
  // Threads recording ops on one shared leaf (a model's parameters, each thread with its own
  // graph) all reach this weak_ptr; it is read and created under a lock, or two threads racing
  // here would corrupt it. One spin lock for all leaves: the section is a weak_ptr lock (and, once
  // per leaf and graph, an allocation), and a pthread mutex's lock and unlock were 2.4% of a
  // recorded op's instructions (callgrind, a chain of 8-element adds and muls).
  static std::atomic_flag accumulator_lock = ATOMIC_FLAG_INIT;
  while (accumulator_lock.test_and_set(std::memory_order_acquire))
    while (accumulator_lock.test(std::memory_order_relaxed)) {
    }
  struct Unlock {
    ~Unlock() { accumulator_lock.clear(std::memory_order_release); }
  } unlock;
  std::shared_ptr<Node> acc = impl->grad_accumulator_.lock();
  if (!acc) {
    acc = tg::detail::make_pooled<AccumulateGrad>(t.impl());
    impl->grad_accumulator_ = acc;
  }
  return Edge{std::move(acc), 0};
}

bool compute_requires_grad_list(TensorList ts) {
  if (!GradMode::is_enabled()) return false;
  for (const Tensor& t : ts)
    if (t.defined() && t.requires_grad()) return true;
  return false;
}

namespace {
void connect_inputs(Node& node, TensorList inputs) {
  // Appended in place: a list built aside and moved in copies edges that sit inside the node.
  if (!node.next_edges().empty()) node.set_next_edges({});
  for (const Tensor& in : inputs) node.add_next_edge(gradient_edge(in));
  if (detail::track_node_names()) detail::note_node_name(node.name());
}
void attach_output(const std::shared_ptr<Node>& node, Tensor& out) {
  TensorImpl* impl = out.unsafeGetTensorImpl();
  impl->output_nr_ = node->add_input_metadata(out);
  impl->grad_fn_ = node;
  node->set_output(impl->output_nr_, out.impl());
}

/// Anomaly mode: a recorded op whose inputs hold no NaN but whose output does is reported at once,
/// while the forward pass is still at the culprit. (Inf is not: log(0) = -inf is often intended.)
bool has_nan(const Tensor& t) {
  const char* kind = detail::non_finite_kind(t);
  return kind != nullptr && std::string_view(kind) == "nan";
}
void check_forward(const Node& node, TensorList inputs, const Tensor& out, size_t index) {
  if (has_nan(out)) {
    for (const Tensor& in : inputs)
      if (has_nan(in)) return;
    throw Error(str("anomaly detected in forward: the op recorded as '", node.name(),
                    "' (sequence number ", node.sequence_nr(),
                    ") produced nan values in its output ", index, " from inputs without nan"));
  }
}
} // namespace

void set_history(const std::shared_ptr<Node>& node, TensorList inputs,
                 std::initializer_list<Tensor*> outputs) {
  connect_inputs(*node, inputs);
  for (Tensor* out : outputs) attach_output(node, *out);
  if (AnomalyMode::is_enabled()) {
    size_t i = 0;
    for (Tensor* out : outputs) check_forward(*node, inputs, *out, i++);
  }
}

void set_history_list(const std::shared_ptr<Node>& node, TensorList inputs,
                      const std::vector<Tensor*>& outputs) {
  connect_inputs(*node, inputs);
  for (Tensor* out : outputs) {
    if (out == nullptr || !out->defined()) {
      node->add_input_metadata({}, kFloat); // keeps output numbering aligned
      continue;
    }
    attach_output(node, *out);
  }
  if (AnomalyMode::is_enabled())
    for (size_t i = 0; i < outputs.size(); ++i)
      if (outputs[i] != nullptr && outputs[i]->defined())
        check_forward(*node, inputs, *outputs[i], i);
}

namespace detail {
namespace {
std::atomic<bool> tracking{false};
std::mutex names_mutex;
std::set<std::string>& names() {
  static std::set<std::string> s;
  return s;
}
} // namespace
void set_track_node_names(bool on) { tracking = on; }
bool track_node_names() { return tracking.load(std::memory_order_relaxed); }
void note_node_name(const std::string& name) {
  std::lock_guard<std::mutex> lock(names_mutex);
  names().insert(name);
}
std::vector<std::string> tracked_node_names() {
  std::lock_guard<std::mutex> lock(names_mutex);
  return {names().begin(), names().end()};
}
} // namespace detail

} // namespace tg::autograd
