#pragma once
// The backward engine: dependency counts, a ready queue ordered by sequence number (deterministic),
// one gradient buffer per node input. Iterative: a graph of 100,000 chained ops is an ordinary graph.
#include <optional>
#include <vector>

#include "autograd/node.h"

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

} // namespace tg::autograd
