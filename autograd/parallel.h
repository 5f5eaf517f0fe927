#pragma once
// How many threads tapegrad's kernels use, as at::set_num_threads / at::get_num_threads. oneTBB
// runs the elementwise, reduction and batch loops; OpenBLAS runs GEMM. Both are limited together,
// so that one setting controls the whole machine and the two pools never oversubscribe it.
namespace tg {

/// Limits oneTBB's parallelism and OpenBLAS's threads to `n` (at least 1); throws tg::Error for
/// n < 1. Takes effect for work started afterwards.
void set_num_threads(int n);
/// The current limit: what set_num_threads set, else the number of hardware threads.
int get_num_threads();

} // namespace tg
