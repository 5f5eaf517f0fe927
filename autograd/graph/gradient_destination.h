#pragma once
// A backward function may add a gradient straight into the leaf's .grad() it is headed for,
// instead of returning it for the engine to add there. For a weight whose .grad() already holds a
// tensor (every step after the first, zero_grad() filling it with zeros), that turns "compute the
// gradient into a new buffer, then read both and write .grad()" into one product that accumulates
// in place (a GEMM with beta = 1): the mlp's 784×128 weight was a 400 KB zero pass in OpenBLAS, a
// 1.2 MB add, and a temporary per step. The result is what AccumulateGrad would have produced
// (it too adds in place into a defined .grad() outside create_graph), up to the order of float
// additions. embedding's, index_select's and indexing's backward scatter their rows into the
// destination, so a step costs the rows picked instead of a zero tensor as large as the source
// (nn::Embedding(50000, 256), 2,048 tokens: zero_grad + forward + backward 21.5 ms -> 9.7 ms;
// index_select of 2,048 rows of a [50000, 256] leaf, forward + backward: 12.0 ms -> 0.9 ms).
//
// The engine offers a destination only where that is exactly equivalent:
//  - a plain backward: not create_graph (the sum must be recorded then), not grad() or
//    backward(inputs=) (they capture gradients instead), not anomaly mode (which inspects every
//    returned gradient), not trace_backward (which records them);
//  - the edge leads to a leaf's AccumulateGrad, directly or through one view whose gradient lands
//    in a window of its input (Node::gradient_window: t(), transpose, select, slice, narrow, ...),
//    then the destination is that window of .grad();
//  - the leaf is alive, has no hooks (they must see the whole gradient), and its .grad() is
//    defined, contiguous, of the expected shape and dtype, and does not require grad; neither node
//    on the way has pre-hooks.
// The backward function names the tensors it will read while writing the destination; none is
// offered when one of them shares memory with it (a product reading .grad() itself). Once it has
// a destination it must add its gradient into it, whatever the destination's strides, bump its
// version (ops::bump_version) and return an undefined tensor in that slot; the engine checks the
// latter.
#include <cstddef>

#include "autograd/graph/node.h"

namespace tg::autograd {

/// Inside `node`'s apply() during backward: where gradient `i` (for forward input i) may be added
/// in place, or an undefined tensor (the gradient is returned as usual). `reads`: the tensors the
/// backward reads while it writes there. See the file comment.
Tensor gradient_destination(const Node& node, size_t i, TensorList reads);

/// Whether the bytes of `a` and `b` overlap (any two windows onto one buffer).
bool shares_memory(const Tensor& a, const Tensor& b);

namespace detail {
/// How many destinations backward functions have taken in this process (tests check that a path
/// is, or is not, taken).
size_t gradient_destinations_taken();
} // namespace detail

} // namespace tg::autograd
