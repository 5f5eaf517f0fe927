#pragma once
// Live-object and byte counts, so a program can prove its training loop holds memory flat:
//
//   auto before = tg::memory_stats();
//   train_one_step();
//   auto after = tg::memory_stats();   // after.live_bytes == before.live_bytes once warmed up
//
// The counts are relaxed atomic increments in the constructors and destructors of StorageImpl,
// TensorImpl and autograd::Node: a few nanoseconds per tensor, always on, no build flag.
#include <cstdint>

namespace tg {

/// A snapshot of what tapegrad holds right now (torch.cuda.memory_stats in spirit, for the CPU).
struct MemoryStats {
  /// TensorImpl objects alive: every tensor handle's target, views and gradients included.
  int64_t live_tensors = 0;
  /// Bytes of tensor storage alive, as requested by the tensors (each storage counted once, however
  /// many views share it). Memory wrapped with from_blob belongs to the caller and is not counted.
  int64_t live_bytes = 0;
  /// The highest live_bytes since the program started or reset_peak_memory_stats() was called.
  int64_t peak_bytes = 0;
  /// Autograd nodes alive (recorded ops whose graph something still holds, and leaf accumulators).
  int64_t live_nodes = 0;
  /// Bytes the caching allocator keeps idle for reuse. They belong to no tensor, so they are not
  /// part of live_bytes; empty_cache() returns them to the system.
  int64_t cached_bytes = 0;
};

/// The current counts. Cheap (a few atomic loads and one mutex for the cache size).
MemoryStats memory_stats();

/// Starts peak_bytes afresh from the current live_bytes.
void reset_peak_memory_stats();

namespace autograd::detail {
/// The counters behind memory_stats(); the constructors and destructors call these.
void count_node(int64_t delta);
void count_tensor_impl(int64_t delta);
void count_storage_bytes(int64_t delta);
int64_t live_nodes();
int64_t live_tensor_impls();
} // namespace autograd::detail

} // namespace tg
