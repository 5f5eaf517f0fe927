#include "autograd/tensor/storage.h"

#include <cstdint>
#include <cstdlib>
#include <map>
#include <mutex>
#include <new>
#include <vector>

#include "autograd/tensor/error.h"
#include "autograd/tensor/memory.h"
#include "autograd/tensor/small_pool.h"

namespace tg {
namespace {

constexpr size_t kAlignment = 64;
constexpr size_t kSmall = 448;                 // below this: small_allocate (the small pool)
constexpr size_t kMaxCached = size_t(2) << 30; // never hold more than 2 GiB idle
// Larger blocks go back to the system at once: they are one-off (a data set being loaded, a big
// evaluation batch), and keeping them idle would only raise the peak resident memory. The blocks
// a training step reuses every iteration are smaller: the largest are the column matrices conv2d
// keeps for its weight gradient, up to 64 MiB (kernels/conv.cpp).
constexpr size_t kMaxCachedBlock = size_t(64) << 20;

// Size classes: round up to a multiple of 1/8 of the next power of two, so reuse across slightly
// different sizes works and the waste stays under 12.5%.
size_t size_class(size_t n) {
  size_t p = 1;
  while (p < n) p <<= 1;
  size_t step = std::max<size_t>(p / 8, kAlignment);
  return (n + step - 1) / step * step;
}

struct Cache {
  std::mutex mutex;
  std::map<size_t, std::vector<void*>> free_blocks;
  size_t cached = 0;
  ~Cache() {
    for (auto& [size, blocks] : free_blocks)
      for (void* p : blocks) std::free(p);
  }
};

Cache& cache() {
  static Cache* c = new Cache(); // leaked on purpose: tensors may die during static destruction
  return *c;
}

} // namespace

namespace {
// Small blocks come from the per-thread pool (autograd/tensor/small_pool.h), over-allocated by kAlignment
// bytes and aligned by hand, with the pool's pointer kept just below the aligned one. Through
// aligned_alloc, which always takes glibc's slow path, they were a fifth of the time of an op on
// an 8-element tensor.
void* small_allocate(size_t nbytes) {
  void* raw = detail::small_pool_allocate(nbytes + kAlignment);
  auto aligned = (reinterpret_cast<uintptr_t>(raw) + kAlignment) & ~uintptr_t(kAlignment - 1);
  reinterpret_cast<void**>(aligned)[-1] = raw;
  return reinterpret_cast<void*>(aligned);
}
void small_free(void* ptr, size_t nbytes) {
  detail::small_pool_free(static_cast<void**>(ptr)[-1], nbytes + kAlignment);
}
} // namespace

void* cpu_allocate(size_t nbytes) {
  if (nbytes == 0) return nullptr;
  if (nbytes < kSmall) return small_allocate(nbytes);
  size_t cls = size_class(nbytes);
  if (nbytes <= kMaxCachedBlock) {
    Cache& c = cache();
    std::lock_guard<std::mutex> lock(c.mutex);
    auto it = c.free_blocks.find(cls);
    if (it != c.free_blocks.end() && !it->second.empty()) {
      void* p = it->second.back();
      it->second.pop_back();
      c.cached -= cls;
      return p;
    }
  }
  void* p = std::aligned_alloc(kAlignment, cls);
  if (p == nullptr) throw std::bad_alloc();
  return p;
}

void cpu_free(void* ptr, size_t nbytes) {
  if (ptr == nullptr) return;
  if (nbytes < kSmall) return small_free(ptr, nbytes);
  if (nbytes <= kMaxCachedBlock) {
    size_t cls = size_class(nbytes);
    Cache& c = cache();
    std::lock_guard<std::mutex> lock(c.mutex);
    if (c.cached + cls <= kMaxCached) {
      c.free_blocks[cls].push_back(ptr);
      c.cached += cls;
      return;
    }
  }
  std::free(ptr);
}

void empty_cache() {
  Cache& c = cache();
  std::lock_guard<std::mutex> lock(c.mutex);
  for (auto& [size, blocks] : c.free_blocks)
    for (void* p : blocks) std::free(p);
  c.free_blocks.clear();
  c.cached = 0;
}

size_t cached_bytes() {
  Cache& c = cache();
  std::lock_guard<std::mutex> lock(c.mutex);
  return c.cached;
}

// memory_stats() counts the bytes a tensor asked for while its storage lives. A block that goes
// back to the cache leaves live_bytes at once (it is reported as cached_bytes instead), so a loop
// that reuses cached blocks shows the same live_bytes every iteration, and the rounding up to a
// size class is not counted either: the figure is what the program holds, not what malloc holds.
StorageImpl::StorageImpl(size_t n, Device d) : nbytes(n), device(d) {
  check_device_supported(d, "allocate");
  try {
    data = cpu_allocate(n);
  } catch (const std::bad_alloc&) {
    throw Error(str("allocate: out of memory: cannot allocate ", n, " bytes"));
  }
  autograd::detail::count_storage_bytes(int64_t(n));
}

StorageImpl::StorageImpl(void* p, size_t n, Device d, std::function<void(void*)> del)
    : data(p), nbytes(n), device(d), owned(false), deleter(std::move(del)) {}

StorageImpl::~StorageImpl() {
  if (owned) {
    autograd::detail::count_storage_bytes(-int64_t(nbytes));
    cpu_free(data, nbytes);
  } else if (deleter) {
    deleter(data);
  }
}

} // namespace tg
