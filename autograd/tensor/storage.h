#pragma once
// Storage: the bytes behind one or more tensors (views share it). It records its device, and the
// in-place version counter that autograd checks, because every view of the bytes must see one count.
#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>

#include "autograd/tensor/device.h"

namespace tg {

/// Caching CPU allocator. Freed blocks are kept by size class and reused, because returning large
/// blocks to the kernel and faulting them in again costs more than the arithmetic in a training step.
void* cpu_allocate(size_t nbytes);
/// Gives back a block from cpu_allocate. `nbytes` must be the size it was allocated with: it picks
/// the size class the block is cached under. A null `ptr` is ignored.
void cpu_free(void* ptr, size_t nbytes);
/// Returns every cached block to the system.
void empty_cache();
/// Bytes currently held in the cache (not in use by any tensor).
size_t cached_bytes();

/// The buffer shared by a tensor and its views (c10::StorageImpl), held through Storage.
struct StorageImpl {
  /// Allocates `nbytes` uninitialised bytes from the caching allocator. Throws tg::Error for a
  /// non-CPU device or when the allocation fails.
  StorageImpl(size_t nbytes, Device device);
  /// Wraps memory the caller owns; `deleter` (if any) runs when the last tensor goes away.
  StorageImpl(void* data, size_t nbytes, Device device, std::function<void(void*)> deleter);
  ~StorageImpl();
  StorageImpl(const StorageImpl&) = delete;
  StorageImpl& operator=(const StorageImpl&) = delete;

  void* data = nullptr;                 ///< Start of the buffer.
  size_t nbytes = 0;                    ///< Size of the buffer in bytes.
  Device device{kCPU};                  ///< Where the bytes live (always CPU in this build).
  bool owned = true;                    ///< True when allocated here; freed to the cache on drop.
  std::function<void(void*)> deleter;   ///< For borrowed memory: called on drop, if set.
  /// In-place version counter shared by all views; SavedVariable compares it at unpack time.
  std::atomic<uint32_t> version{0};
};

/// Shared ownership of a StorageImpl: every tensor and view on the bytes holds one.
using Storage = std::shared_ptr<StorageImpl>;

} // namespace tg
