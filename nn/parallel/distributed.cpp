#include "nn/parallel/distributed.h"

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

#include "autograd/tensor/error.h"
#include "autograd/graph/grad_mode.h"
#include "nn/parallel/communicator.h"

namespace tg::distributed {
namespace {

MPI_Comm g_comm = MPI_COMM_NULL;
int g_rank = 0;
int g_world_size = 1;

void finalize_at_exit() {
  int finalized = 0;
  MPI_Finalized(&finalized);
  if (finalized) return;
  if (g_comm != MPI_COMM_NULL) MPI_Comm_free(&g_comm);
  MPI_Finalize();
}

// An exception that escapes main on one rank would otherwise end only that process while the
// others wait forever inside their next collective.
void abort_on_terminate() {
  std::string what = "terminate called without an active exception";
  if (auto e = std::current_exception()) {
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& ex) {
      what = std::string("uncaught exception: ") + ex.what();
    } catch (...) {
      what = "uncaught exception of unknown type";
    }
  }
  abort(what, 1);
}

} // namespace

namespace detail {

MPI_Comm communicator(std::string_view op) {
  TG_CHECK(g_comm != MPI_COMM_NULL, "tg::distributed::", op,
           ": call tg::distributed::init() first (and launch with mpirun)");
  return g_comm;
}

void check(int rc, std::string_view op) {
  if (rc == MPI_SUCCESS) return;
  char text[MPI_MAX_ERROR_STRING];
  int len = 0;
  MPI_Error_string(rc, text, &len);
  throw Error(str("tg::distributed::", op, ": MPI error on rank ", g_rank, ": ",
                  std::string_view(text, size_t(len))));
}

MPI_Datatype mpi_type(const Tensor& t, std::string_view op) {
  TG_CHECK(t.defined(), "tg::distributed::", op, ": the tensor is undefined");
  TG_CHECK(t.is_contiguous(), "tg::distributed::", op,
           ": the tensor must be contiguous (call .contiguous() and copy back)");
  switch (t.scalar_type()) {
  case ScalarType::Float:
    return MPI_FLOAT;
  case ScalarType::Double:
    return MPI_DOUBLE;
  case ScalarType::Long:
    return MPI_INT64_T;
  case ScalarType::Int:
    return MPI_INT32_T;
  case ScalarType::Byte:
    return MPI_UINT8_T;
  case ScalarType::Bool:
    return MPI_C_BOOL;
  }
  throw Error(str("tg::distributed::", op, ": unsupported dtype ", t.scalar_type()));
}

} // namespace detail

void init() {
  if (g_comm != MPI_COMM_NULL) return;
  int initialized = 0;
  MPI_Initialized(&initialized);
  if (!initialized) {
    int provided = 0;
    detail::check(MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided), "init");
  }
  detail::check(MPI_Comm_dup(MPI_COMM_WORLD, &g_comm), "init");
  detail::check(MPI_Comm_set_errhandler(g_comm, MPI_ERRORS_RETURN), "init");
  detail::check(MPI_Comm_rank(g_comm, &g_rank), "init");
  detail::check(MPI_Comm_size(g_comm, &g_world_size), "init");
  std::atexit(finalize_at_exit);
  std::set_terminate(abort_on_terminate);
}

bool is_initialized() noexcept { return g_comm != MPI_COMM_NULL; }

int rank() {
  detail::communicator("rank");
  return g_rank;
}

int world_size() {
  detail::communicator("world_size");
  return g_world_size;
}

void broadcast(const Tensor& tensor, int root) {
  MPI_Comm comm = detail::communicator("broadcast");
  MPI_Datatype type = detail::mpi_type(tensor, "broadcast");
  TG_CHECK(root >= 0 && root < g_world_size, "tg::distributed::broadcast: root ", root,
           " is not a rank of a job of ", g_world_size);
  detail::check(MPI_Bcast(tensor.data_ptr(), int(tensor.numel()), type, root, comm), "broadcast");
}

void all_reduce(const Tensor& tensor, ReduceOp op) {
  MPI_Comm comm = detail::communicator("all_reduce");
  MPI_Datatype type = detail::mpi_type(tensor, "all_reduce");
  const bool floating =
      tensor.scalar_type() == ScalarType::Float || tensor.scalar_type() == ScalarType::Double;
  TG_CHECK(op == ReduceOp::Sum || floating,
           "tg::distributed::all_reduce: Average needs a floating-point tensor, got ",
           tensor.scalar_type());
  detail::check(MPI_Allreduce(MPI_IN_PLACE, tensor.data_ptr(), int(tensor.numel()), type,
                              tensor.scalar_type() == ScalarType::Bool ? MPI_LOR : MPI_SUM, comm),
                "all_reduce");
  if (op == ReduceOp::Average) {
    NoGradGuard no_grad;
    tensor.div_(double(g_world_size));
  }
}

std::vector<uint64_t> all_gather(uint64_t value) {
  MPI_Comm comm = detail::communicator("all_gather");
  std::vector<uint64_t> out(static_cast<size_t>(g_world_size));
  detail::check(MPI_Allgather(&value, 1, MPI_UINT64_T, out.data(), 1, MPI_UINT64_T, comm),
                "all_gather");
  return out;
}

void barrier() { detail::check(MPI_Barrier(detail::communicator("barrier")), "barrier"); }

void abort(std::string_view message, int exit_code) {
  std::fprintf(stderr, "[rank %d] %.*s\n", g_rank, int(message.size()), message.data());
  std::fflush(stderr);
  int initialized = 0, finalized = 0;
  MPI_Initialized(&initialized);
  MPI_Finalized(&finalized);
  if (initialized && !finalized) MPI_Abort(MPI_COMM_WORLD, exit_code);
  std::_Exit(exit_code);
}

} // namespace tg::distributed
