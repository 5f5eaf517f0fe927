#pragma once
// Memory for the small objects every op creates and destroys: tensor and storage headers, graph
// nodes, the buffers of tiny tensors. A chain of ops on small tensors frees a whole graph of them
// at once; glibc's per-thread cache holds only 7 blocks per size and sent the rest down its slow
// path, which was over a third of the time of a recorded op. Here each thread keeps its own free
// lists (32-byte size classes up to 512 bytes, a few thousand blocks each), so allocating and
// freeing is a vector push/pop without locks. A block freed on another thread joins that thread's
// lists; everything pooled is malloc'd memory and goes back to malloc when its thread ends.
#include <cstddef>
#include <memory>
#include <utility>

namespace tg::detail {

/// The largest request the pool serves; larger ones go to malloc directly.
constexpr size_t kSmallPoolMax = 512;

/// A block of at least `nbytes` bytes, aligned like malloc's; throws std::bad_alloc.
void* small_pool_allocate(size_t nbytes);
/// Gives back a block from small_pool_allocate; `nbytes` must be the size asked for.
void small_pool_free(void* block, size_t nbytes) noexcept;

/// A standard allocator over the pool, for std::allocate_shared.
template <typename T> struct PoolAllocator {
  using value_type = T; ///< What it allocates.
  PoolAllocator() = default;
  /// Rebinding (allocate_shared allocates its control block with the object inside).
  template <typename U> PoolAllocator(const PoolAllocator<U>&) noexcept {} // NOLINT: rebind
  /// Memory for n objects.
  T* allocate(size_t n) { return static_cast<T*>(small_pool_allocate(n * sizeof(T))); }
  /// Gives back memory from allocate(n).
  void deallocate(T* p, size_t n) noexcept { small_pool_free(p, n * sizeof(T)); }
  /// All pool allocators are interchangeable.
  template <typename U> bool operator==(const PoolAllocator<U>&) const noexcept { return true; }
};

/// std::make_shared, with the object and its reference counts in one pooled block.
template <typename T, typename... Args> std::shared_ptr<T> make_pooled(Args&&... args) {
  return std::allocate_shared<T>(PoolAllocator<T>(), std::forward<Args>(args)...);
}

} // namespace tg::detail
