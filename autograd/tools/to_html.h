#pragma once
// A page that steps through backward: the graph to_dot() draws (laid out by Graphviz's `dot`,
// inlined as SVG) plus a small script that replays the backward pass node by node, in the order
// the engine runs it (trace_backward() asks the engine itself). At each step the page highlights
// the node being run, the gradient arriving at it (summed, as the engine sums, when several
// consumers sent one), the local derivative of that node type (d/dx e^x = e^x) and the
// gradients it sends to its inputs, which appear on the arrows; a leaf's grad line adds up
// what arrives until its accumulator runs. Buttons and the arrow keys step; the file needs
// nothing else (no network, no other files).
//
//   auto price = (apple * n + orange * m) * tax;
//   tg::autograd::to_html(price, "runs/price.html");   // before backward(): nothing is changed
//   price.backward();
#include <string>
#include <vector>

#include "autograd/tools/to_dot.h"

namespace tg::autograd {

/// Writes the step-through page of backward from `output` (a one-element tensor) to `path`.
/// Forward values are always drawn; `options` names tensors, sets the title and how many
/// elements a value may have before only its shape is shown. The graph must still be whole:
/// call it before backward(), or after backward(retain_graph=true). No .grad() changes. Needs
/// Graphviz's `dot` on the PATH; tg::Error says so, or names what else went wrong. The file is
/// written to a temporary name and renamed.
void to_html(const Tensor& output, const std::string& path, const DotOptions& options = {});
/// Same, for several one-element outputs backpropagated together (as backward({a, b})).
void to_html(const std::vector<Tensor>& outputs, const std::string& path,
             const DotOptions& options = {});

/// The local derivative the page shows for a node named `node_name` ("ExpBackward0" ->
/// "d/dx e^x = e^x"), in plain Unicode text; a general sentence for nodes it does not know.
std::string local_derivative_formula(const std::string& node_name);

} // namespace tg::autograd
