#pragma once
// The one way tapegrad's kernels run a loop on several threads. Normally oneTBB schedules it. In a
// ThreadSanitizer build a small fork-join pool of std::threads does instead: Debian's libtbb is not
// instrumented, so TSan cannot see oneTBB hand a task from one thread to another and reports its
// internals as races, while the ordering the kernels rely on stays invisible. The bodies, the
// ranges and the callers are the same in both builds, so what the TSan run checks is the kernels.
#include <cstdint>
#include <functional>

#if defined(__SANITIZE_THREAD__)
#define TG_PARALLEL_FORK_JOIN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define TG_PARALLEL_FORK_JOIN 1
#endif
#endif

#ifndef TG_PARALLEL_FORK_JOIN
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#endif

namespace tg::kernels {

#ifdef TG_PARALLEL_FORK_JOIN
namespace detail {
/// The TSan build's scheduler (autograd/tensor/parallel.cpp): body(b, e) over pieces of [begin, end) of
/// at least `grain` indices, on up to get_num_threads() threads, the caller among them.
void fork_join_for(int64_t begin, int64_t end, int64_t grain,
                   const std::function<void(int64_t, int64_t)>& body);
} // namespace detail
#endif

/// Calls body(b, e) on disjoint ranges that cover [begin, end), each of at least `grain` indices
/// (except a shorter last one), possibly on several threads at once. The first exception a body
/// throws reaches the caller after the others have finished.
template <typename Body>
void parallel_for(int64_t begin, int64_t end, int64_t grain, const Body& body) {
  if (begin >= end) return;
#ifdef TG_PARALLEL_FORK_JOIN
  detail::fork_join_for(begin, end, grain, body);
#else
  tbb::parallel_for(tbb::blocked_range<int64_t>(begin, end, grain),
                    [&](const tbb::blocked_range<int64_t>& r) { body(r.begin(), r.end()); });
#endif
}

/// Calls body(i) for each i in [begin, end), each index a task of its own: for loops over a few
/// large items (images of a batch, blocks of a GEMM).
template <typename Body> void parallel_for_each(int64_t begin, int64_t end, const Body& body) {
  if (begin >= end) return;
#ifdef TG_PARALLEL_FORK_JOIN
  detail::fork_join_for(begin, end, 1, [&](int64_t b, int64_t e) {
    for (int64_t i = b; i < e; ++i) body(i);
  });
#else
  tbb::parallel_for(begin, end, body);
#endif
}

} // namespace tg::kernels
