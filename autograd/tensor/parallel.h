#pragma once
// How many threads tapegrad's kernels use, as at::set_num_threads / at::get_num_threads. oneTBB
// is the only thread pool: it runs the elementwise, reduction and batch loops and the blocks of a
// large GEMM, while OpenBLAS itself stays single-threaded (autograd/kernels/blas.h). So this one
// setting controls the whole machine and two pools never oversubscribe it.
namespace tg {

/// Limits oneTBB's parallelism (and so every kernel's) to `n` (at least 1); throws tg::Error for
/// n < 1. Takes effect for work started afterwards.
void set_num_threads(int n);
/// The current limit: what set_num_threads set, else the number of hardware threads.
int get_num_threads();

} // namespace tg
