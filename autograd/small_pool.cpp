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
struct FreeList {
  void* head = nullptr;
  size_t count = 0;
};

struct FreeLists {
  FreeList lists[kClasses];
  ~FreeLists();
};

// Set when this thread's lists are gone: objects destroyed later in the thread's (or the
// program's) exit go straight back to malloc. A plain bool, so it outlives the lists.
thread_local bool lists_destroyed = false;
thread_local FreeLists free_lists;

FreeLists::~FreeLists() {
  lists_destroyed = true;
  for (FreeList& list : lists)
    while (list.head != nullptr) {
      void* next = *static_cast<void**>(list.head);
      std::free(list.head);
      list.head = next;
    }
}

} // namespace

void* small_pool_allocate(size_t nbytes) {
  if (nbytes == 0) nbytes = 1;
  if (kPooling && nbytes <= kSmallPoolMax && !lists_destroyed) {
    const size_t c = class_of(nbytes);
    FreeList& list = free_lists.lists[c];
    if (void* block = list.head) {
      list.head = *static_cast<void**>(block);
      --list.count;
      return block;
    }
    nbytes = (c + 1) * kGranule; // the whole class, so the block can serve any request in it
  }
  void* block = std::malloc(nbytes);
  if (block == nullptr) throw std::bad_alloc();
  return block;
}

void small_pool_free(void* block, size_t nbytes) noexcept {
  if (block == nullptr) return;
  if (nbytes == 0) nbytes = 1;
  if (kPooling && nbytes <= kSmallPoolMax && !lists_destroyed) {
    FreeList& list = free_lists.lists[class_of(nbytes)];
    if (list.count < kMaxBlocksPerClass) {
      *static_cast<void**>(block) = list.head;
      list.head = block;
      ++list.count;
      return;
    }
  }
  std::free(block);
}

} // namespace tg::detail
