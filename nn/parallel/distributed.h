#pragma once
// tg::distributed: the process group of an MPI job (mpirun -np N program). Every rank runs the
// same program; collectives here must be called by all ranks in the same order, as in MPI.
//
//   tg::distributed::init();                       // reads rank and world size from mpirun
//   tg::distributed::broadcast(w, /*root=*/0);     // w now holds rank 0's values everywhere
//   tg::distributed::all_reduce(g, tg::distributed::ReduceOp::Average);
//
// Built only when meson finds MPI (link tapegrad_distributed_dep). This header does not include
// <mpi.h>, so programs that use it need no MPI compiler wrapper.
#include <cstdint>
#include <string_view>
#include <vector>

#include "autograd/tensor/tensor.h"

namespace tg::distributed {

/// How all_reduce combines the ranks' tensors: Sum, or Average (the sum divided by world_size(),
/// floating tensors only).
enum class ReduceOp { Sum, Average };

/// Joins the MPI job (MPI_Init_thread, FUNNELED: only the calling thread talks to MPI). Idempotent.
/// Registers MPI_Finalize at exit, and a terminate handler that aborts the whole job on an uncaught
/// exception, so one failing rank never leaves the others waiting in a collective.
void init();
/// Whether init() has run in this process; rank(), world_size() and the collectives throw
/// tg::Error until it has.
bool is_initialized() noexcept;
/// This process's index in [0, world_size()).
int rank();
/// The number of processes in the job (mpirun -np N gives N).
int world_size();

/// Overwrites `tensor` (contiguous, on every rank the same shape and dtype) with root's values.
void broadcast(const Tensor& tensor, int root = 0);
/// Replaces `tensor` in place by the element-wise sum (or mean) over all ranks.
void all_reduce(const Tensor& tensor, ReduceOp op = ReduceOp::Sum);
/// Returns every rank's `value`, indexed by rank (MPI_Allgather of one 64-bit word).
std::vector<uint64_t> all_gather(uint64_t value);
/// Blocks until every rank has called barrier() (MPI_Barrier).
void barrier();

/// Prints "[rank r] message" to stderr and ends every rank of the job (MPI_Abort). Use it where a
/// rank cannot go on: returning would leave the others blocked in their next collective.
[[noreturn]] void abort(std::string_view message, int exit_code = 1);

} // namespace tg::distributed
