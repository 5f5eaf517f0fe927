#pragma once
// Storage: the bytes behind one or more tensors (views share it). It records its device, and the
// in-place version counter that autograd checks, because every view of the bytes must see one count.
#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>

#include "autograd/device.h"

namespace tg {

/// Caching CPU allocator. Freed blocks are kept by size class and reused, because returning large
/// blocks to the kernel and faulting them in again costs more than the arithmetic in a training step.
void* cpu_allocate(size_t nbytes);
void cpu_free(void* ptr, size_t nbytes);
/// Returns every cached block to the system.
void empty_cache();
/// Bytes currently held in the cache (not in use by any tensor).
size_t cached_bytes();

struct StorageImpl {
  StorageImpl(size_t nbytes, Device device);
  /// Wraps memory the caller owns; `deleter` (if any) runs when the last tensor goes away.
  StorageImpl(void* data, size_t nbytes, Device device, std::function<void(void*)> deleter);
  ~StorageImpl();
  StorageImpl(const StorageImpl&) = delete;
  StorageImpl& operator=(const StorageImpl&) = delete;

  void* data = nullptr;
  size_t nbytes = 0;
  Device device{kCPU};
  bool owned = true;
  std::function<void(void*)> deleter;
  std::atomic<uint32_t> version{0};
};

using Storage = std::shared_ptr<StorageImpl>;

} // namespace tg
