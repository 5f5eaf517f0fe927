#include "autograd/graph/teardown.h"

#include <vector>

#include "autograd/graph/node.h"

namespace tg::autograd::detail {
namespace {
constexpr int kMaxDepth = 64;
thread_local int depth = 0;
thread_local std::vector<std::shared_ptr<Node>>* parked = nullptr;
} // namespace

TeardownScope::TeardownScope() { ++depth; }

TeardownScope::~TeardownScope() {
  --depth;
  if (depth != 0 || parked == nullptr) return;
  // Outermost scope: free the parked nodes one at a time. Each may park more; keep going.
  std::vector<std::shared_ptr<Node>>* list = parked;
  ++depth; // nodes freed here are at depth 1, so their children are parked again, not recursed
  while (!list->empty()) {
    std::shared_ptr<Node> n = std::move(list->back());
    list->pop_back();
    n.reset();
  }
  --depth;
  parked = nullptr;
  delete list;
}

void TeardownScope::release(std::shared_ptr<Node>& node) {
  if (!node) return;
  if (depth < kMaxDepth || node.use_count() > 1) {
    node.reset();
    return;
  }
  if (parked == nullptr) parked = new std::vector<std::shared_ptr<Node>>();
  parked->push_back(std::move(node));
}

} // namespace tg::autograd::detail
