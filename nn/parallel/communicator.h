#pragma once
// Internal to nn/parallel: the MPI communicator tg::distributed works on, and the error check
// every MPI call goes through. Includes <mpi.h>, so only .cpp files of this folder include it.
#include <mpi.h>
#include <string_view>

#include "autograd/tensor/tensor.h"

namespace tg::distributed::detail {

/// A duplicate of MPI_COMM_WORLD with MPI_ERRORS_RETURN, so failures become tg::Error, not exits.
MPI_Comm communicator(std::string_view op);
/// Throws tg::Error "<op>: MPI error: <MPI's text>" when rc is not MPI_SUCCESS.
void check(int rc, std::string_view op);
/// The MPI datatype of a tensor's elements; tg::Error naming `op` for dtypes MPI cannot reduce.
MPI_Datatype mpi_type(const Tensor& t, std::string_view op);

} // namespace tg::distributed::detail
