#include "autograd/tensor/memory.h"

#include <atomic>

#include "autograd/tensor/storage.h"

namespace tg {
namespace {
// Relaxed ordering: the counts are statistics, read after the work they describe has finished on
// the reading thread (or joined into it), never used to synchronise anything.
std::atomic<int64_t> node_count{0};
std::atomic<int64_t> tensor_impl_count{0};
std::atomic<int64_t> storage_bytes{0};
std::atomic<int64_t> peak_storage_bytes{0};
} // namespace

namespace autograd::detail {

void count_node(int64_t delta) { node_count.fetch_add(delta, std::memory_order_relaxed); }

void count_tensor_impl(int64_t delta) {
  tensor_impl_count.fetch_add(delta, std::memory_order_relaxed);
}

void count_storage_bytes(int64_t delta) {
  const int64_t now = storage_bytes.fetch_add(delta, std::memory_order_relaxed) + delta;
  if (delta <= 0) return;
  int64_t peak = peak_storage_bytes.load(std::memory_order_relaxed);
  while (now > peak &&
         !peak_storage_bytes.compare_exchange_weak(peak, now, std::memory_order_relaxed)) {
  }
}

int64_t live_nodes() { return node_count.load(std::memory_order_relaxed); }
int64_t live_tensor_impls() { return tensor_impl_count.load(std::memory_order_relaxed); }

} // namespace autograd::detail

MemoryStats memory_stats() {
  MemoryStats s;
  s.live_tensors = tensor_impl_count.load(std::memory_order_relaxed);
  s.live_bytes = storage_bytes.load(std::memory_order_relaxed);
  s.peak_bytes = peak_storage_bytes.load(std::memory_order_relaxed);
  s.live_nodes = node_count.load(std::memory_order_relaxed);
  s.cached_bytes = int64_t(cached_bytes());
  return s;
}

void reset_peak_memory_stats() {
  peak_storage_bytes.store(storage_bytes.load(std::memory_order_relaxed),
                           std::memory_order_relaxed);
}

} // namespace tg
