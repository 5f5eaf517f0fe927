#include "autograd/tensor/small_pool.h"

#include <cstdlib>
#include <new>

namespace tg::detail::pool {

thread_local constinit ThreadLists thread_lists{};

namespace {

// Gives the thread's pooled blocks back to malloc when the thread ends.
struct Cleanup {
  ~Cleanup() {
    ThreadLists& t = thread_lists;
    t.state = State::gone;
    for (FreeList& list : t.lists)
      while (list.head != nullptr) {
        void* next = *static_cast<void**>(list.head);
        std::free(list.head);
        list.head = next;
      }
  }
};

// The first block a thread gives back makes its lists active and registers their cleanup.
void activate(ThreadLists& t) {
  t.state = State::active;
  static thread_local Cleanup cleanup;
  (void)cleanup;
}

} // namespace

void* allocate_slow(size_t nbytes) {
  if (nbytes == 0) nbytes = 1;
  // Always the whole class, even on a thread whose lists are gone: the block may be freed on
  // another thread, join its list and later serve any request of the class.
  if (kPooling && nbytes <= kSmallPoolMax) nbytes = (class_of(nbytes) + 1) * kGranule;
  void* block = std::malloc(nbytes);
  if (block == nullptr) throw std::bad_alloc();
  return block;
}

void free_slow(void* block, size_t nbytes) noexcept {
  if (block == nullptr) return;
  if (nbytes == 0) nbytes = 1;
  ThreadLists& t = thread_lists;
  if (kPooling && nbytes <= kSmallPoolMax && t.state != State::gone) {
    if (t.state == State::fresh) activate(t);
    FreeList& list = t.lists[class_of(nbytes)];
    if (list.count < kMaxBlocksPerClass) {
      *static_cast<void**>(block) = list.head;
      list.head = block;
      ++list.count;
      return;
    }
  }
  std::free(block);
}

} // namespace tg::detail::pool
