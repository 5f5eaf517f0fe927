#include "autograd/tools/to_dot.h"

#include <fmt/format.h>

#include <sstream>
#include <unordered_set>

#include "autograd/graph/grad_mode.h"
#include "autograd/graph/node.h"

namespace tg::autograd {

DotOptions& DotOptions::name(const Tensor& t, std::string n) {
  TG_CHECK(t.defined(), "to_dot: cannot name an undefined tensor");
  names_[t.unsafeGetTensorImpl()] = std::move(n);
  return *this;
}

std::string DotOptions::name_of(const Tensor& t) const {
  if (!t.defined()) return "";
  auto it = names_.find(t.unsafeGetTensorImpl());
  return it != names_.end() ? it->second : t.name();
}

namespace {

/// DOT string literal contents: quotes and backslashes escaped, newlines kept as \n.
std::string escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out.push_back('\\');
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out.push_back(c);
  }
  return out;
}

std::string shape_text(const Tensor& t) {
  std::string s = "[";
  for (int64_t d = 0; d < t.dim(); ++d) s += (d ? ", " : "") + std::to_string(t.size(d));
  return s + "]";
}

/// "715", "[1, 2.5]" for small tensors; the shape for larger ones.
std::string value_text(const Tensor& t, int64_t max_elements) {
  if (!t.defined()) return "";
  if (t.numel() > max_elements) return shape_text(t);
  NoGradGuard no_grad;
  Tensor flat = t.detach().to(kDouble).contiguous().view({-1});
  const double* p = flat.data_ptr<double>();
  std::string s = t.dim() == 0 ? "" : "[";
  for (int64_t i = 0; i < flat.numel(); ++i) s += fmt::format("{}{:.6g}", i ? ", " : "", p[i]);
  return t.dim() == 0 ? s : s + "]";
}

/// The gradient a drawing may show for `t`: what backward stored in it (leaves, retain_grad).
Tensor stored_grad(const Tensor& t) {
  if (!t.defined()) return {};
  const auto& g = t.unsafeGetTensorImpl()->grad_;
  return g ? Tensor(g) : Tensor();
}

/// "MulBackward0" -> "Mul": the forward op a backward node belongs to.
std::string op_label(const std::string& node_name) {
  auto pos = node_name.find("Backward");
  return pos == std::string::npos || pos == 0 ? node_name : node_name.substr(0, pos);
}

class DotWriter {
public:
  explicit DotWriter(const DotOptions& options, detail::DotAnnotations* annotations = nullptr)
      : options_(options), ann_(annotations) {}

  std::string draw(const std::vector<Tensor>& roots) {
    out_ << "digraph tape {\n  rankdir=LR;\n  node [fontname=\"Helvetica\", fontsize=11];\n"
         << "  edge [fontname=\"Helvetica\", fontsize=10];\n";
    if (!options_.title().empty())
      out_ << "  labelloc=t;\n  label=\"" << escape(options_.title()) << "\";\n";
    std::vector<Node*> stack;
    for (const Tensor& root : roots) {
      TG_CHECK(root.defined(), "to_dot: the tensor to draw is undefined");
      // The result itself, drawn as a final node the last op flows into.
      const std::string rid = fmt::format("r{}", result_count_++);
      out_ << "  " << rid << " [shape=ellipse, style=bold, label=\""
           << escape(tensor_label(root, "result")) << "\"];\n";
      if (Node* fn = root.grad_fn().get()) {
        edge(op_id(fn, stack), rid, root, nullptr, size_t(result_count_ - 1), rid);
      } else if (root.requires_grad()) {
        // A leaf drawn alone: the same node its AccumulateGrad would get.
        leaf_id(root);
      }
    }
    // Iterative walk toward the inputs; each node once.
    while (!stack.empty()) {
      Node* node = stack.back();
      stack.pop_back();
      const std::string nid = ids_.at(node);
      for (size_t i = 0; i < node->num_outputs(); ++i) {
        const Edge& e = node->next_edge(i);
        if (!e.function) continue; // an input that needs no gradient is not on the tape
        Node* next = e.function.get();
        if (auto* acc = dynamic_cast<AccumulateGrad*>(next)) {
          Tensor leaf = Tensor(acc->variable());
          if (!leaf.defined()) continue; // the leaf itself is gone
          edge(leaf_id(leaf), nid, leaf, node, i, nid);
        } else {
          edge(op_id(next, stack), nid, next->output(e.input_nr), node, i, nid);
        }
      }
    }
    out_ << "}\n";
    if (ann_) ann_->ids.insert(ids_.begin(), ids_.end());
    return out_.str();
  }

private:
  std::string tensor_label(const Tensor& t, const std::string& fallback) const {
    std::string name = options_.name_of(t);
    std::string label = name.empty() ? fallback : name;
    if (t.dim() > 0) label += "\n" + shape_text(t);
    if (t.is_leaf() && t.requires_grad()) label += "\nrequires_grad";
    return label;
  }

  std::string op_id(Node* node, std::vector<Node*>& stack) {
    auto [it, fresh] = ids_.emplace(node, fmt::format("n{}", ids_.size()));
    if (fresh) {
      Tensor out = node->output(0);
      std::string label = op_label(node->name());
      if (out.defined()) {
        std::string name = options_.name_of(out);
        if (!name.empty()) label += " → " + name;
      }
      label += "\n" + node->name();
      if (node->num_inputs() > 0 && !node->input_metadata(0).shape.empty()) { // scalars: no shape
        std::string shape = "[";
        const auto& md = node->input_metadata(0);
        for (size_t d = 0; d < md.shape.size(); ++d)
          shape += (d ? ", " : "") + std::to_string(md.shape[d]);
        label += "\n" + shape + "]";
      }
      out_ << "  " << it->second << " [" << svg_id(it->second)
           << "shape=box, style=\"rounded,filled\", fillcolor=\"#eef3fb\", label=\""
           << escape(label) << "\"];\n";
      stack.push_back(node);
    }
    return it->second;
  }

  std::string leaf_id(const Tensor& leaf) {
    const void* key = leaf.unsafeGetTensorImpl();
    auto [it, fresh] = ids_.emplace(key, fmt::format("n{}", ids_.size()));
    if (fresh) {
      std::string label = tensor_label(leaf, "leaf");
      if (ann_ && ann_->leaf_line) {
        const std::string extra = ann_->leaf_line(key);
        if (!extra.empty()) label += "\n" + extra;
      }
      out_ << "  " << it->second << " [" << svg_id(it->second)
           << "shape=ellipse, style=filled, fillcolor=\"#fdf6e3\", label=\"" << escape(label)
           << "\"];\n";
    }
    return it->second;
  }

  /// With annotations, the node or arrow keeps its DOT id in the SVG (`id="n3", `).
  std::string svg_id(const std::string& id) const { return ann_ ? "id=\"" + id + "\", " : ""; }

  /// An arrow from a producer to its consumer (`consumer`'s next edge `index`, or result `index`
  /// when `consumer` is null), labelled with the value that flowed forward and, below it, the
  /// gradient that flowed back.
  void edge(const std::string& from, const std::string& to, const Tensor& carried,
            const Node* consumer, size_t index, const std::string& consumer_id) {
    std::string label;
    if (options_.values() && carried.defined())
      label = value_text(carried, options_.max_elements());
    if (options_.grads()) {
      Tensor g = stored_grad(carried);
      if (g.defined())
        label += (label.empty() ? "" : "\n") + ("grad " + value_text(g, options_.max_elements()));
    }
    std::string attributes;
    if (ann_) {
      if (ann_->edge_line) {
        const std::string extra = ann_->edge_line(consumer, index);
        if (!extra.empty()) label += (label.empty() ? "" : "\n") + extra;
      }
      // Arrows into a result are "e_r0", ...: the result's own id says which.
      attributes = "id=\"" +
                   (consumer ? detail::dot_edge_id(consumer_id, index) : "e_" + consumer_id) + "\"";
    }
    if (!label.empty())
      attributes += (attributes.empty() ? "" : ", ") + ("label=\"" + escape(label) + "\"");
    out_ << "  " << from << " -> " << to;
    if (!attributes.empty()) out_ << " [" << attributes << "]";
    out_ << ";\n";
  }

  const DotOptions& options_;
  detail::DotAnnotations* ann_;
  std::ostringstream out_;
  std::unordered_map<const void*, std::string> ids_;
  int result_count_ = 0;
};

} // namespace

std::string to_dot(const Tensor& root, const DotOptions& options) {
  return to_dot(std::vector<Tensor>{root}, options);
}

std::string to_dot(const std::vector<Tensor>& roots, const DotOptions& options) {
  return DotWriter(options).draw(roots);
}

namespace detail {
std::string dot_value_text(const Tensor& t, int64_t max_elements) {
  return value_text(t, max_elements);
}
std::string dot_edge_id(const std::string& consumer_id, size_t index) {
  return fmt::format("e_{}_{}", consumer_id, index);
}
std::string to_dot_annotated(const std::vector<Tensor>& roots, const DotOptions& options,
                             DotAnnotations& annotations) {
  return DotWriter(options, &annotations).draw(roots);
}
} // namespace detail

void retain_grads(const Tensor& root) {
  TG_CHECK(root.defined(), "retain_grads: the tensor is undefined");
  if (root.grad_fn()) root.retain_grad();
  std::unordered_set<Node*> seen;
  std::vector<Node*> stack;
  if (root.grad_fn()) stack.push_back(root.grad_fn().get());
  while (!stack.empty()) {
    Node* node = stack.back();
    stack.pop_back();
    if (!seen.insert(node).second) continue;
    for (size_t i = 0; i < node->num_inputs(); ++i) {
      Tensor out = node->output(i);
      if (out.defined() && out.grad_fn().get() == node) out.retain_grad();
    }
    for (const Edge& e : node->next_edges())
      if (e.function && !dynamic_cast<AccumulateGrad*>(e.function.get()))
        stack.push_back(e.function.get());
  }
}

} // namespace tg::autograd
