#pragma once
// Freeing a long graph without recursion. Dropping the last handle to a chain of N nodes would
// destroy node N, which destroys node N-1 from inside its destructor, and so on: N nested frames,
// a stack overflow for a 100,000-op loop. Destructors of Node and TensorImpl call
// release_node_deferred instead of letting the member die: past a small nesting depth the node is
// parked on a thread-local list, and the outermost destructor frees the list in a flat loop.
#include <cstdint>
#include <memory>

#include "autograd/tensor/memory.h" // live_nodes(), live_tensor_impls(): the counts tests check

namespace tg::autograd {
class Node;
namespace detail {

/// RAII depth counter for destructor nesting. Node and TensorImpl destructors open one; the
/// outermost scope on the thread frees every node parked by deeper scopes in a flat loop, so
/// dropping a long graph never recurses more than a fixed depth.
class TeardownScope {
public:
  TeardownScope();
  ~TeardownScope();
  TeardownScope(const TeardownScope&) = delete;
  TeardownScope& operator=(const TeardownScope&) = delete;
  /// Drops `node` now if the nesting is shallow, else parks it for the outermost scope.
  void release(std::shared_ptr<Node>& node);
};

} // namespace detail
} // namespace tg::autograd
