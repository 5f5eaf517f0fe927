#include "autograd/small_pool.h"

#include <cstdlib>
#include <new>

namespace tg::detail {
namespace {

#if defined(__SANITIZE_ADDRESS__)
// Under AddressSanitizer every block goes to malloc and back, so that a use after free or an
// overflow of a small object is still caught instead of landing in a pooled block.
constexpr bool kPooling = false;
#else
constexpr bool kPooling = true;
#endif

constexpr size_t kGranule = 32;
constexpr size_t kClasses = kSmallPoolMax / kGranule;
constexpr size_t kMaxBlocksPerClass = 4096; // at most 2 MiB per class per thread stays idle

size_t class_of(size_t nbytes) { return (nbytes + kGranule - 1) / kGranule - 1; }

// A free block holds the pointer to the next free block of its class: no memory besides the
// blocks themselves, and a push or pop is a few instructions.
// No member initialisers: thread_locals of a trivial type start zeroed without a guard.
struct FreeList {
  void* head;
  size_t count;
};

// One plain-data struct per thread: reaching it is one TLS lookup, while a thread_local with a
// destructor is reached through a call that checks whether it has been constructed (that, and a
// lookup per variable, doubled the cost of a push or pop).
struct ThreadLists {
  FreeList lists[kClasses];
  bool destroyed;          // emptied at thread exit: later frees go straight to malloc
  bool cleanup_registered; // the Cleanup below exists for this thread
};
thread_local ThreadLists thread_lists;

// Gives the thread's pooled blocks back to malloc when the thread ends.
struct Cleanup {
  ~Cleanup() {
    ThreadLists& t = thread_lists;
    t.destroyed = true;
    for (FreeList& list : t.lists)
      while (list.head != nullptr) {
        void* next = *static_cast<void**>(list.head);
        std::free(list.head);
        list.head = next;
      }
  }
};

void register_cleanup(ThreadLists& t) {
  t.cleanup_registered = true;
  static thread_local Cleanup cleanup;
  (void)cleanup;
}

} // namespace

void* small_pool_allocate(size_t nbytes) {
  if (nbytes == 0) nbytes = 1;
  if (kPooling && nbytes <= kSmallPoolMax) {
    const size_t c = class_of(nbytes);
    ThreadLists& t = thread_lists;
    if (!t.destroyed) {
      FreeList& list = t.lists[c];
      if (void* block = list.head) {
        list.head = *static_cast<void**>(block);
        --list.count;
        return block;
      }
    }
    // Always the whole class, even on a thread whose lists are gone: the block may be freed on
    // another thread, join its list and later serve any request of the class.
    nbytes = (c + 1) * kGranule;
  }
  void* block = std::malloc(nbytes);
  if (block == nullptr) throw std::bad_alloc();
  return block;
}

void small_pool_free(void* block, size_t nbytes) noexcept {
  if (block == nullptr) return;
  if (nbytes == 0) nbytes = 1;
  ThreadLists& t = thread_lists;
  if (kPooling && nbytes <= kSmallPoolMax && !t.destroyed) {
    FreeList& list = t.lists[class_of(nbytes)];
    if (list.count < kMaxBlocksPerClass) {
      if (!t.cleanup_registered) register_cleanup(t);
      *static_cast<void**>(block) = list.head;
      list.head = block;
      ++list.count;
      return;
    }
  }
  std::free(block);
}

} // namespace tg::detail
