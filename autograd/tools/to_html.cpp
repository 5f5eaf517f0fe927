#include "autograd/tools/to_html.h"

#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <unordered_map>

#include "autograd/graph/engine.h"
#include "autograd/graph/grad_mode.h"
#include "autograd/graph/node.h"

namespace tg::autograd {

std::string local_derivative_formula(const std::string& node_name) {
  // One line per node type, for the gradient G arriving at the node's output; keyed by the
  // name without its overload number where all overloads share the rule.
  static const std::map<std::string, std::string> formulas = {
      {"AddBackward0", "z = x + y:  ∂z/∂x = 1,  ∂z/∂y = 1  (both inputs get G unchanged)"},
      {"AddBackward1", "z = x + c:  ∂z/∂x = 1  (x gets G unchanged)"},
      {"SubBackward0", "z = x − y:  ∂z/∂x = 1,  ∂z/∂y = −1"},
      {"SubBackward1", "z = x − c:  ∂z/∂x = 1"},
      {"RsubBackward1", "z = c − x:  ∂z/∂x = −1"},
      {"MulBackward0", "z = x · y:  ∂z/∂x = y,  ∂z/∂y = x  (each input gets G times the other)"},
      {"MulBackward1", "z = x · c:  ∂z/∂x = c"},
      {"DivBackward0", "z = x / y:  ∂z/∂x = 1/y,  ∂z/∂y = −x/y²"},
      {"DivBackward1", "z = x / c:  ∂z/∂x = 1/c"},
      {"NegBackward0", "z = −x:  ∂z/∂x = −1"},
      {"ExpBackward0", "d/dx eˣ = eˣ  (the output itself)"},
      {"LogBackward0", "d/dx ln x = 1/x"},
      {"PowBackward0", "d/dx xⁿ = n·xⁿ⁻¹"},
      {"PowBackward1", "z = xʸ:  ∂z/∂x = y·xʸ⁻¹,  ∂z/∂y = xʸ·ln x"},
      {"PowBackward2", "z = cˣ:  ∂z/∂x = cˣ·ln c"},
      {"SqrtBackward0", "d/dx √x = 1 / (2√x)"},
      {"AbsBackward0", "d/dx |x| = sign(x)"},
      {"SinBackward0", "d/dx sin x = cos x"},
      {"CosBackward0", "d/dx cos x = −sin x"},
      {"SigmoidBackward0", "σ(x) = 1/(1 + e⁻ˣ):  σ′(x) = σ(x)·(1 − σ(x))"},
      {"TanhBackward0", "d/dx tanh x = 1 − tanh²x"},
      {"ReluBackward0",
       "relu′(x) = 1 where x > 0, 0 elsewhere  (G passes where the input was positive)"},
      {"MmBackward0", "Z = X·W:  ∂L/∂X = G·Wᵀ,  ∂L/∂W = Xᵀ·G"},
      {"AddmmBackward0",
       "Z = b + X·W (linear):  ∂L/∂b = G summed over rows,  ∂L/∂X = G·Wᵀ,  ∂L/∂W = Xᵀ·G"},
      {"BmmBackward0", "Z = X·W per batch:  ∂L/∂X = G·Wᵀ,  ∂L/∂W = Xᵀ·G"},
      {"TBackward0", "Z = Xᵀ:  ∂L/∂X = Gᵀ"},
      {"TransposeBackward0", "Z = X with two dims swapped:  ∂L/∂X = G with them swapped back"},
      {"PermuteBackward0", "Z = X with dims permuted:  ∂L/∂X = G with the inverse permutation"},
      {"SumBackward0", "z = Σᵢ xᵢ:  ∂z/∂xᵢ = 1  (G is copied to every element)"},
      {"SumBackward1", "z = Σ over a dim:  ∂z/∂xᵢ = 1  (G is copied along that dim)"},
      {"MeanBackward0", "z = (1/n) Σᵢ xᵢ:  ∂z/∂xᵢ = 1/n"},
      {"MeanBackward1", "z = (1/n) Σ over a dim:  ∂z/∂xᵢ = 1/n along that dim"},
      {"ViewBackward0", "only the shape changed:  ∂L/∂X = G reshaped back"},
      {"UnsqueezeBackward0", "only the shape changed:  ∂L/∂X = G with the new dim removed"},
      {"SqueezeBackward0", "only the shape changed:  ∂L/∂X = G with the dim put back"},
      {"SqueezeBackward1", "only the shape changed:  ∂L/∂X = G with the dim put back"},
      {"ExpandBackward0", "Z = X repeated along new dims:  ∂L/∂X = G summed over them"},
      {"CloneBackward0", "a copy:  ∂L/∂X = G"},
      {"ToCopyBackward0", "a dtype or device copy:  ∂L/∂X = G converted back"},
      {"LogSoftmaxBackward0", "y = x − log Σ eˣ:  ∂L/∂x = G − softmax(x)·Σ G"},
      {"SoftmaxBackward0", "y = softmax(x):  ∂L/∂x = y ⊙ (G − Σ G ⊙ y)"},
      {"NllLossBackward0", "L = −mean of x[target]:  ∂L/∂x = −1/N at each target, 0 elsewhere"},
      {"AccumulateGrad", "a leaf: the engine adds what arrived into .grad (leaf.grad += G)"},
  };
  auto it = formulas.find(node_name);
  if (it != formulas.end()) return it->second;
  return "the backward function of " + node_name +
         ": G times this op's derivative for each input (see autograd/ops/)";
}

namespace {

/// Text that is safe inside HTML element content and attribute values.
std::string html_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
    case '&':
      out += "&amp;";
      break;
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '"':
      out += "&quot;";
      break;
    default:
      out.push_back(c);
    }
  }
  return out;
}

/// A JSON string literal that is also safe inside a <script> element ("</" is written "<\/").
std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(char(c));
    } else if (c == '\n') {
      out += "\\n";
    } else if (c < 0x20) {
      out += fmt::format("\\u{:04x}", int(c));
    } else if (c == '/' && i > 0 && s[i - 1] == '<') {
      out += "\\/";
    } else {
      out.push_back(char(c));
    }
  }
  return out + "\"";
}

/// "MulBackward0" -> "Mul", as to_dot labels its boxes.
std::string op_label(const std::string& node_name) {
  auto pos = node_name.find("Backward");
  return pos == std::string::npos || pos == 0 ? node_name : node_name.substr(0, pos);
}

/// Runs Graphviz's dot on `dot_text` and returns the <svg> element it draws.
std::string render_svg(const std::string& dot_text, const std::string& path) {
  namespace fs = std::filesystem;
  TG_CHECK(std::system("command -v dot >/dev/null 2>&1") == 0, "to_html: writing ", path,
           " needs Graphviz's dot to lay out the graph (apt-get install graphviz)");
  const fs::path base =
      fs::path(path).parent_path() / (fs::path(path).filename().string() + ".tmp");
  const std::string dot_file = base.string() + ".dot", svg_file = base.string() + ".svg";
  std::ofstream(dot_file, std::ios::trunc) << dot_text;
  const int status = std::system(("dot -Tsvg '" + dot_file + "' -o '" + svg_file + "'").c_str());
  std::ifstream in(svg_file);
  std::stringstream svg;
  svg << in.rdbuf();
  fs::remove(dot_file);
  fs::remove(svg_file);
  const std::string text = svg.str();
  const size_t start = text.find("<svg");
  TG_CHECK(status == 0 && start != std::string::npos, "to_html: dot -Tsvg failed on the graph of ",
           path);
  return text.substr(start); // without the XML prolog and doctype, which HTML does not take
}

/// What the page shows for one step, built from the engine's record.
struct StepView {
  std::string id, title, formula, arrived;
  std::vector<std::string> highlight_in;                ///< arrows the arriving gradient came along
  std::vector<std::string> sends;                       ///< one sentence per gradient sent
  std::vector<std::string> sent_edges;                  ///< the arrows those gradients go along
  std::vector<std::pair<std::string, std::string>> set; ///< (SVG element id, new grad line)
};

} // namespace

void to_html(const Tensor& output, const std::string& path, const DotOptions& options) {
  to_html(std::vector<Tensor>{output}, path, options);
}

void to_html(const std::vector<Tensor>& outputs, const std::string& path,
             const DotOptions& options) {
  TG_CHECK(!outputs.empty(), "to_html: no output to draw");
  for (size_t k = 0; k < outputs.size(); ++k) {
    TG_CHECK(outputs[k].defined(), "to_html: output ", k, " is undefined");
    TG_CHECK(outputs[k].requires_grad(), "to_html: output ", k,
             " does not require grad, so there is no backward pass to show");
    TG_CHECK(outputs[k].numel() == 1, "to_html: output ", k, " has shape ", outputs[k].sizes(),
             "; backward starts from one-element outputs (reduce it first, e.g. .sum())");
  }
  namespace fs = std::filesystem;
  if (fs::path(path).has_parent_path()) fs::create_directories(fs::path(path).parent_path());
  NoGradGuard no_grad;
  const int64_t max_elements = options.max_elements();
  auto text_of = [&](const Tensor& t) { return detail::dot_value_text(t, max_elements); };

  // 1. Ask the engine: every node it runs, in its order, with what arrived and what left.
  std::vector<BackwardStep> steps;
  try {
    steps = trace_backward(outputs);
  } catch (const Error& e) {
    throw Error(str("to_html: replaying backward for ", path, " failed: ", e.what(),
                    " (call to_html before backward(), or use backward with retain_graph=true)"));
  }

  // 2. The final gradient on every arrow (what its consumer sent) and at every leaf (what its
  // accumulator received): the layout makes room for these, the script hides and reveals them.
  std::unordered_map<const Node*, std::vector<Tensor>> sent; // consumer -> per next edge
  std::unordered_map<const void*, Tensor> leaf_total;        // leaf impl -> summed gradient
  for (const BackwardStep& s : steps) {
    sent[s.node.get()] = s.grads_out;
    if (auto* acc = dynamic_cast<AccumulateGrad*>(s.node.get()))
      if (auto leaf = acc->variable(); leaf && !s.grads_in.empty() && s.grads_in[0].defined())
        leaf_total[leaf.get()] = s.grads_in[0];
  }
  detail::DotAnnotations ann;
  ann.edge_line = [&](const Node* consumer, size_t index) -> std::string {
    if (!consumer) return "grad 1"; // the seed of backward: d output / d output
    auto it = sent.find(consumer);
    if (it == sent.end() || index >= it->second.size() || !it->second[index].defined()) return "";
    return "grad " + text_of(it->second[index]);
  };
  ann.leaf_line = [&](const void* leaf) -> std::string {
    auto it = leaf_total.find(leaf);
    return it == leaf_total.end() ? "" : "grad " + text_of(it->second);
  };
  DotOptions drawing = options;
  drawing.values(true).grads(false);
  const std::string svg = render_svg(detail::to_dot_annotated(outputs, drawing, ann), path);

  // 3. The steps as the page shows them.
  auto id_of = [&](const Node* node) -> std::string {
    const void* key = node;
    if (auto* acc = dynamic_cast<const AccumulateGrad*>(node)) key = acc->variable().get();
    auto it = ann.ids.find(key);
    return it == ann.ids.end() ? "" : it->second;
  };
  auto describe = [&](const Node* node) -> std::string {
    const std::string id = id_of(node);
    if (auto* acc = dynamic_cast<const AccumulateGrad*>(node)) {
      auto leaf = acc->variable();
      const std::string name = leaf ? drawing.name_of(Tensor(leaf)) : "";
      return (name.empty() ? "leaf" : name) + (id.empty() ? "" : " (" + id + ")");
    }
    std::string label = op_label(node->name());
    Tensor out = node->output(0);
    if (out.defined() && !drawing.name_of(out).empty()) label += " → " + drawing.name_of(out);
    return label + (id.empty() ? "" : " (" + id + ")");
  };
  // Arrivals so far at each node input: (arrow, sender, gradient), and their running sums.
  struct Arrival {
    std::string edge, from, text;
  };
  std::unordered_map<const Node*, std::vector<std::vector<Arrival>>> arrivals;
  std::unordered_map<const Node*, std::vector<Tensor>> running;
  for (size_t k = 0; k < outputs.size(); ++k) {
    Edge root = gradient_edge(outputs[k]);
    auto& a = arrivals[root.function.get()];
    a.resize(root.function->num_inputs());
    a[root.input_nr].push_back({"e_r" + std::to_string(k), "the start", "1"});
  }
  std::vector<StepView> views;
  for (const BackwardStep& s : steps) {
    const Node* node = s.node.get();
    StepView v;
    v.id = id_of(node);
    v.title = describe(node) + " — " + node->name();
    v.formula = local_derivative_formula(node->name());
    // What arrived, input by input, with where it came from and the engine's sum.
    std::string arrived;
    const auto& came = arrivals[node];
    for (size_t i = 0; i < s.grads_in.size(); ++i) {
      if (!s.grads_in[i].defined()) continue;
      std::string parts;
      if (i < came.size()) {
        for (size_t j = 0; j < came[i].size(); ++j) {
          parts += (j ? " + " : "") + came[i][j].text + " (from " + came[i][j].from + ")";
          v.highlight_in.push_back(came[i][j].edge);
        }
      }
      if (i < came.size() && came[i].size() > 1) parts += " = " + text_of(s.grads_in[i]);
      if (parts.empty()) parts = text_of(s.grads_in[i]);
      arrived += (arrived.empty() ? "" : "; ") +
                 (s.grads_in.size() > 1 ? "output " + std::to_string(i) + ": " : "") + parts;
    }
    v.arrived = arrived.empty() ? "nothing (no gradient reached this node)" : arrived;
    // What it sends, and how the receiving end adds it up.
    for (size_t i = 0; i < s.grads_out.size(); ++i) {
      const Tensor& g = s.grads_out[i];
      const Edge& e = node->next_edge(i);
      if (!g.defined() || !e.is_valid()) continue;
      const Node* to = e.function.get();
      const std::string edge_id = detail::dot_edge_id(v.id, i);
      auto& a = arrivals[to];
      a.resize(to->num_inputs());
      a[e.input_nr].push_back({edge_id, describe(node), text_of(g)});
      auto& r = running[to];
      r.resize(to->num_inputs());
      const bool shared = r[e.input_nr].defined();
      r[e.input_nr] = shared ? r[e.input_nr] + g : g;
      std::string sentence =
          "input " + std::to_string(i) + " → " + describe(to) + ": " + text_of(g);
      if (shared)
        sentence += "; it already held some, so the engine adds: now " + text_of(r[e.input_nr]);
      v.sends.push_back(sentence);
      v.sent_edges.push_back(edge_id);
      v.set.emplace_back(edge_id, "grad " + text_of(g));
      if (auto* acc = dynamic_cast<const AccumulateGrad*>(to)) {
        const std::string leaf_id = id_of(acc);
        if (!leaf_id.empty()) v.set.emplace_back(leaf_id, "grad " + text_of(r[e.input_nr]));
      }
    }
    if (dynamic_cast<const AccumulateGrad*>(node))
      v.sends.push_back(s.grads_in.empty() || !s.grads_in[0].defined()
                            ? "nothing to store"
                            : "stored: .grad = " + text_of(s.grads_in[0]) +
                                  " (backward() adds it to .grad)");
    else if (v.sends.empty())
      v.sends.push_back("nothing (no input needs a gradient)");
    views.push_back(std::move(v));
  }

  // 4. The page.
  std::string json = "[";
  for (size_t k = 0; k < views.size(); ++k) {
    const StepView& v = views[k];
    auto list = [](const std::vector<std::string>& xs) {
      std::string out = "[";
      for (size_t i = 0; i < xs.size(); ++i) out += (i ? "," : "") + json_string(xs[i]);
      return out + "]";
    };
    std::string set = "[";
    for (size_t i = 0; i < v.set.size(); ++i)
      set += (i ? "," : "") +
             ("[" + json_string(v.set[i].first) + "," + json_string(v.set[i].second) + "]");
    set += "]";
    json += fmt::format("{}\n{{\"id\":{},\"title\":{},\"formula\":{},\"arrived\":{},\"in\":{},"
                        "\"sends\":{},\"out\":{},\"set\":{}}}",
                        k ? "," : "", json_string(v.id), json_string(v.title),
                        json_string(v.formula), json_string(v.arrived), list(v.highlight_in),
                        list(v.sends), list(v.sent_edges), set);
  }
  json += "]";
  const std::string title = options.title().empty() ? "backward, step by step" : options.title();

  std::ostringstream html;
  html << R"(<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>)"
       << html_escape(title) << R"(</title>
<style>
body { font-family: Helvetica, Arial, sans-serif; margin: 16px; color: #222; }
h1 { font-size: 18px; margin: 0 0 8px 0; }
#controls button { font-size: 15px; margin-right: 4px; padding: 3px 10px; }
#panel { border: 1px solid #ccc; border-radius: 6px; padding: 8px 12px; margin: 10px 0;
         background: #fafafa; min-height: 7em; max-width: 1100px; }
#panel .k { color: #666; display: inline-block; min-width: 9.5em; vertical-align: top; }
#panel div { margin: 3px 0; }
#formula { font-family: "DejaVu Sans", sans-serif; color: #1a5fb4; }
#graph { overflow-x: auto; } /* a long graph keeps Graphviz's size and scrolls */
g.current > ellipse, g.current > polygon, g.current > path { stroke: #e01b24; stroke-width: 3px; }
g.arriving > path, g.arriving > polygon { stroke: #e66100; stroke-width: 3px; }
g.arriving text { fill: #e66100; font-weight: bold; }
g.sent > path, g.sent > polygon { stroke: #26a269; stroke-width: 3px; }
g.sent text { fill: #26a269; font-weight: bold; }
text.pending { fill: #bbb; }
.hint { color: #777; font-size: 13px; }
</style></head>
<body>
<h1>)" << html_escape(title)
       << R"(</h1>
<div id="controls"><button id="first" title="Home">« start</button><button id="prev" title="←">◀ back</button><button id="next" title="→">step ▶</button><button id="last" title="End">end »</button>
<span id="where"></span> <span class="hint">(keys: ← → Home End)</span></div>
<div id="panel"></div>
<div id="graph">
)" << svg
       << R"(
</div>
<p class="hint">Each arrow carries the value that flowed forward along it and, once backward reaches it, the gradient
sent back along it: d output / d (that value). The steps follow the order in which tapegrad's engine runs the
nodes (a node runs when every consumer of its output has sent its gradient; the newest such node first).</p>
<script>
"use strict";
const steps = )"
       << json << R"(;
// The SVG text line that shows a gradient: the line starting "grad " in a node or an arrow.
const lines = new Map();
function gradLine(id) {
  if (!lines.has(id)) {
    const g = document.getElementById(id);
    let found = null;
    if (g) for (const t of g.querySelectorAll("text")) if (t.textContent.startsWith("grad ")) found = t;
    lines.set(id, found);
  }
  return lines.get(id);
}
// Graphviz sizes the drawing in points; drawn in as many pixels it is 3/4 as large, which keeps
// a long graph readable with less scrolling.
const svg = document.querySelector("#graph svg");
for (const a of ["width", "height"]) {
  const v = parseFloat(svg.getAttribute(a));
  if (v > 0) svg.setAttribute(a, v + "px");
}
const shownIds = new Set();
for (const s of steps) for (const [id] of s.set) shownIds.add(id);
let pos = 0; // 0: forward done, nothing run yet; k: steps 1..k have run, step k is highlighted
function clearMarks() {
  for (const c of ["current", "arriving", "sent"])
    for (const e of document.querySelectorAll("g." + c)) e.classList.remove(c);
}
function mark(id, cls) { const e = id && document.getElementById(id); if (e) e.classList.add(cls); }
function row(key, value, id) {
  const d = document.createElement("div");
  const k = document.createElement("span");
  k.className = "k";
  k.textContent = key;
  const v = document.createElement("span");
  v.textContent = value;
  if (id) v.id = id;
  d.append(k, v);
  return d;
}
function render() {
  for (const id of shownIds) {
    const t = gradLine(id);
    if (t) { t.textContent = "grad ?"; t.classList.add("pending"); }
  }
  for (let k = 0; k < pos; ++k)
    for (const [id, text] of steps[k].set) {
      const t = gradLine(id);
      if (t) { t.textContent = text; t.classList.remove("pending"); }
    }
  clearMarks();
  const panel = document.getElementById("panel");
  panel.replaceChildren();
  document.getElementById("where").textContent = "step " + pos + " of " + steps.length;
  document.body.dataset.step = String(pos);
  document.body.dataset.steps = String(steps.length);
  if (pos === 0) {
    panel.append(row("forward", "done: the values are on the arrows. Press → (or step ▶) to run backward one node at a time."));
    return;
  }
  const s = steps[pos - 1];
  mark(s.id, "current");
  const node = s.id && document.getElementById(s.id);
  if (node) node.scrollIntoView({ block: "nearest", inline: "center" }); // a wide graph scrolls
  for (const e of s.in) mark(e, "arriving");
  for (const e of s.out) mark(e, "sent");
  panel.append(row("running", s.title, "step-title"), row("gradient arriving", s.arrived, "step-arrived"),
               row("local derivative", s.formula, "formula"));
  s.sends.forEach((text, i) => panel.append(row(i === 0 ? "sends" : "", text)));
  if (pos === steps.length)
    panel.append(row("", "backward is complete: every leaf holds its gradient."));
}
function go(p) { pos = Math.max(0, Math.min(steps.length, p)); render(); }
document.getElementById("first").onclick = () => go(0);
document.getElementById("prev").onclick = () => go(pos - 1);
document.getElementById("next").onclick = () => go(pos + 1);
document.getElementById("last").onclick = () => go(steps.length);
document.addEventListener("keydown", (e) => {
  const to = { ArrowRight: pos + 1, ArrowLeft: pos - 1, Home: 0, End: steps.length }[e.key];
  if (to !== undefined) { go(to); e.preventDefault(); }
});
render();
</script>
</body></html>
)";
  const std::string part = path + ".part";
  {
    std::ofstream out(part, std::ios::trunc | std::ios::binary);
    TG_CHECK(out.good(), "to_html: cannot write ", part);
    out << html.str();
    TG_CHECK(out.good(), "to_html: writing ", part, " failed");
  }
  fs::rename(part, path);
}

} // namespace tg::autograd
