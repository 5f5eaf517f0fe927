#pragma once
// The backward engine: dependency counts, a ready queue ordered by sequence number (deterministic),
// one gradient buffer per node input. Iterative: a graph of 100,000 chained ops is an ordinary graph.
#include <optional>
#include <vector>

#include "autograd/graph/node.h"

namespace tg::autograd {

/// Backpropagates from `tensors` (gradients `grad_tensors`, or ones for one-element roots) into the
/// leaves' .grad(). `retain_graph` defaults to `create_graph`.
void backward(const variable_list& tensors, const variable_list& grad_tensors = {},
              std::optional<bool> retain_graph = std::nullopt, bool create_graph = false,
              const variable_list& inputs = {});

/// Returns d(outputs)/d(inputs) weighted by grad_outputs, without touching any .grad().
/// `allow_unused`: an input the outputs do not depend on gets an undefined tensor instead of an error.
variable_list grad(const variable_list& outputs, const variable_list& inputs,
                   const variable_list& grad_outputs = {},
                   std::optional<bool> retain_graph = std::nullopt, bool create_graph = false,
                   bool allow_unused = false);

/// One node as the engine ran it, recorded by trace_backward().
struct BackwardStep {
  std::shared_ptr<Node> node; ///< The node (kept alive by the trace).
  /// The gradients that arrived at its inputs, each the sum of what every consumer sent (the
  /// engine's buffer); undefined where none arrived.
  variable_list grads_in;
  /// What it sent along each next edge, after the engine summed broadcast dimensions away and
  /// cast to the input's dtype; undefined where nothing was sent. A leaf's AccumulateGrad, which
  /// the trace does not run, sends nothing.
  variable_list grads_out;
};

/// Runs backward from `tensors` (gradients `grad_tensors`, or ones for one-element roots) in the
/// very order backward() would, and returns each node it visits with the gradients that arrived
/// and left: a record for drawing backward step by step (to_html). Nothing else changes: no
/// .grad() is written (leaf accumulators are visited, not run), hooks are not run (a hook that
/// changes gradients is not reflected), and the graph is kept, so backward() can follow. Throws
/// tg::Error if the graph was already freed by a backward() without retain_graph.
std::vector<BackwardStep> trace_backward(const variable_list& tensors,
                                         const variable_list& grad_tensors = {});

} // namespace tg::autograd
