#pragma once
// Memory for the small objects every op creates and destroys: tensor and storage headers, graph
// nodes, the buffers of tiny tensors. A chain of ops on small tensors frees a whole graph of them
// at once; glibc's per-thread cache holds only 7 blocks per size and sent the rest down its slow
// path, which was over a third of the time of a recorded op. Here each thread keeps its own free
// lists (32-byte size classes up to 512 bytes, a few thousand blocks each): a free block holds the
// pointer to the next one, so taking or giving back a block is a few instructions without locks.
// Those fast paths are inline below, because a recorded op makes about seven of each and the calls
// and their thread-local lookups were an eighth of its instructions. A block freed on another
// thread joins that thread's lists; everything pooled is malloc'd memory and goes back to malloc
// when its thread ends.
#include <cstddef>
#include <memory>
#include <utility>

namespace tg::detail {

/// The largest request the pool serves; larger ones go to malloc directly.
constexpr size_t kSmallPoolMax = 512;

namespace pool {
constexpr size_t kGranule = 32;
constexpr size_t kClasses = kSmallPoolMax / kGranule;
constexpr size_t kMaxBlocksPerClass = 4096; // at most 2 MiB per class per thread stays idle

/// The size class of a request of 1 to kSmallPoolMax bytes.
constexpr size_t class_of(size_t nbytes) { return (nbytes + kGranule - 1) / kGranule - 1; }

/// One class's free blocks, linked through their first word.
struct FreeList {
  void* head;
  size_t count;
};
/// Where a thread's lists stand: new (nothing pooled yet, no cleanup registered), active, or gone
/// (emptied at thread exit; later frees go straight to malloc).
enum class State : unsigned char { fresh, active, gone };
/// One plain-data struct per thread, zero-initialised without a guard (a thread_local with a
/// constructor or destructor is reached through a call that checks whether it has been built).
struct ThreadLists {
  FreeList lists[kClasses];
  State state;
};
extern thread_local constinit ThreadLists thread_lists;

/// The paths that call malloc/free or set the thread's lists up, out of line.
void* allocate_slow(size_t nbytes);
void free_slow(void* block, size_t nbytes) noexcept;

#if defined(__SANITIZE_ADDRESS__)
// Under AddressSanitizer every block goes to malloc and back, so that a use after free or an
// overflow of a small object is still caught instead of landing in a pooled block.
constexpr bool kPooling = false;
#else
constexpr bool kPooling = true;
#endif
} // namespace pool

/// A block of at least `nbytes` bytes, aligned like malloc's; throws std::bad_alloc.
inline void* small_pool_allocate(size_t nbytes) {
  // nbytes - 1 < kSmallPoolMax: 1 to 512 bytes (0 wraps around and takes the slow path)
  if (pool::kPooling && nbytes - 1 < kSmallPoolMax) {
    pool::FreeList& list = pool::thread_lists.lists[pool::class_of(nbytes)];
    if (void* block = list.head) {
      list.head = *static_cast<void**>(block);
      --list.count;
      return block;
    }
  }
  return pool::allocate_slow(nbytes);
}

/// Gives back a block from small_pool_allocate; `nbytes` must be the size asked for.
inline void small_pool_free(void* block, size_t nbytes) noexcept {
  if (pool::kPooling && block != nullptr && nbytes - 1 < kSmallPoolMax) {
    pool::ThreadLists& t = pool::thread_lists;
    pool::FreeList& list = t.lists[pool::class_of(nbytes)];
    if (t.state == pool::State::active && list.count < pool::kMaxBlocksPerClass) {
      *static_cast<void**>(block) = list.head;
      list.head = block;
      ++list.count;
      return;
    }
  }
  pool::free_slow(block, nbytes);
}

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
