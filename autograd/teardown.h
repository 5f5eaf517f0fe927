#pragma once
// Freeing a long graph without recursion. Dropping the last handle to a chain of N nodes would
// destroy node N, which destroys node N-1 from inside its destructor, and so on: N nested frames,
// a stack overflow for a 100,000-op loop. Destructors of Node and TensorImpl call
// release_node_deferred instead of letting the member die: past a small nesting depth the node is
// parked on a thread-local list, and the outermost destructor frees the list in a flat loop.
#include <cstdint>
#include <memory>

namespace tg::autograd {
class Node;
namespace detail {

class TeardownScope {
public:
  TeardownScope();
  ~TeardownScope();
  TeardownScope(const TeardownScope&) = delete;
  TeardownScope& operator=(const TeardownScope&) = delete;
  /// Drops `node` now if the nesting is shallow, else parks it for the outermost scope.
  void release(std::shared_ptr<Node>& node);
};

/// Debug counts of live Node and TensorImpl objects, so tests can prove a training loop or a
/// dropped graph leaks nothing.
int64_t live_nodes();
int64_t live_tensor_impls();
void count_node(int64_t delta);
void count_tensor_impl(int64_t delta);

} // namespace detail
} // namespace tg::autograd
