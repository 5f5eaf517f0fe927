#include "nn/parallel/reducer.h"

#include <algorithm>
#include <cstring>

#include "autograd/graph/custom_function.h"
#include "autograd/tensor/error.h"
#include "autograd/ops/functions.h"
#include "autograd/graph/grad_mode.h"
#include "nn/parallel/communicator.h"
#include "nn/parallel/distributed.h"

namespace tg::nn::parallel {

namespace {
struct Slot {
  size_t bucket;
  size_t offset; // in floats, inside the bucket
  int64_t numel;
};
struct Bucket {
  std::vector<float> send, recv;
  size_t waiting = 0; // gradients not yet copied in during this step
  size_t count = 0;   // parameters in the bucket
  MPI_Request request = MPI_REQUEST_NULL;
};
} // namespace

struct Reducer::State {
  std::vector<Tensor> params;
  std::vector<std::string> names;
  std::vector<Slot> slots;
  std::vector<bool> arrived;
  std::vector<Bucket> buckets;
  size_t next_to_start = 0;
  MPI_Comm comm = MPI_COMM_NULL;

  // Non-blocking collectives must be issued in the same order on every rank: start only the
  // longest prefix of complete buckets.
  void start_ready() {
    while (next_to_start < buckets.size() && buckets[next_to_start].waiting == 0) {
      Bucket& b = buckets[next_to_start++];
      distributed::detail::check(MPI_Iallreduce(b.send.data(), b.recv.data(), int(b.send.size()),
                                                MPI_FLOAT, MPI_SUM, comm, &b.request),
                                 "all_reduce (gradient bucket)");
    }
    // Open MPI advances non-blocking collectives only inside MPI calls; testing here lets earlier
    // buckets travel while backward computes the next ones.
    for (size_t i = 0; i < next_to_start; ++i) {
      if (buckets[i].request == MPI_REQUEST_NULL) continue;
      int done = 0;
      distributed::detail::check(MPI_Test(&buckets[i].request, &done, MPI_STATUS_IGNORE),
                                 "all_reduce (gradient bucket)");
    }
  }

  Tensor on_gradient(size_t i, const Tensor& grad) {
    TG_CHECK(!arrived[i], "DistributedDataParallel: parameter '", names[i],
             "' received a second gradient before sync_gradients(); call sync_gradients() after "
             "every backward");
    TG_CHECK(grad.scalar_type() == ScalarType::Float, "DistributedDataParallel: gradient of '",
             names[i], "' is ", grad.scalar_type(), ", only float32 is supported");
    const Slot& s = slots[i];
    Tensor g = grad.contiguous();
    std::memcpy(buckets[s.bucket].send.data() + s.offset, g.data_ptr<float>(),
                size_t(s.numel) * sizeof(float));
    arrived[i] = true;
    --buckets[s.bucket].waiting;
    start_ready();
    // The local gradient must not reach .grad(): finalize adds the mean over ranks instead, and
    // adding it to a zeroed .grad() gives the same bits on every rank.
    return zeros_like(grad);
  }
};

Reducer::Reducer(std::vector<Tensor> params, std::vector<std::string> names, size_t bucket_bytes)
    : state_(std::make_shared<State>()) {
  TG_CHECK(params.size() == names.size(), "Reducer: ", params.size(), " parameters but ",
           names.size(), " names");
  TG_CHECK(bucket_bytes > 0, "DistributedDataParallel: bucket size must be positive");
  State& st = *state_;
  st.comm = distributed::detail::communicator("DistributedDataParallel");
  st.params = std::move(params);
  st.names = std::move(names);
  st.slots.resize(st.params.size());
  st.arrived.assign(st.params.size(), false);
  size_t bucket_floats = 0;
  for (size_t k = st.params.size(); k-- > 0;) {
    const Tensor& p = st.params[k];
    TG_CHECK(p.scalar_type() == ScalarType::Float, "DistributedDataParallel: parameter '",
             st.names[k], "' is ", p.scalar_type(), ", only float32 is supported");
    TG_CHECK(p.requires_grad(), "DistributedDataParallel: parameter '", st.names[k],
             "' does not require grad");
    if (st.buckets.empty() || bucket_floats * sizeof(float) >= bucket_bytes) {
      st.buckets.emplace_back();
      bucket_floats = 0;
    }
    Bucket& b = st.buckets.back();
    st.slots[k] = Slot{st.buckets.size() - 1, bucket_floats, p.numel()};
    bucket_floats += size_t(p.numel());
    b.count += 1;
    b.send.resize(bucket_floats);
    b.recv.resize(bucket_floats);
  }
  for (Bucket& b : st.buckets) b.waiting = b.count;
  std::weak_ptr<State> weak = state_;
  for (size_t k = 0; k < st.params.size(); ++k) {
    st.params[k].register_hook([weak, k](const Tensor& g) -> Tensor {
      auto s = weak.lock();
      return s ? s->on_gradient(k, g) : Tensor();
    });
  }
}

Reducer::~Reducer() {
  // A reduction still in flight writes into our buffers: let it land before they are freed.
  for (Bucket& b : state_->buckets)
    if (b.request != MPI_REQUEST_NULL) MPI_Wait(&b.request, MPI_STATUS_IGNORE);
}

void Reducer::finalize() {
  State& st = *state_;
  for (size_t i = 0; i < st.params.size(); ++i) {
    if (st.arrived[i]) continue;
    const Slot& s = st.slots[i];
    std::fill_n(st.buckets[s.bucket].send.begin() + std::ptrdiff_t(s.offset), s.numel, 0.0f);
    st.arrived[i] = true;
    --st.buckets[s.bucket].waiting;
  }
  st.start_ready();
  for (Bucket& b : st.buckets)
    distributed::detail::check(MPI_Wait(&b.request, MPI_STATUS_IGNORE),
                               "all_reduce (gradient bucket)");

  const float world = float(distributed::world_size());
  NoGradGuard no_grad;
  for (size_t i = 0; i < st.params.size(); ++i) {
    const Tensor& p = st.params[i];
    if (!p.grad().defined()) p.set_grad(zeros_like(p));
    const Tensor& grad = p.grad();
    TG_CHECK(grad.is_contiguous(), "DistributedDataParallel: .grad() of '", st.names[i],
             "' is not contiguous");
    const Slot& s = st.slots[i];
    float* out = grad.data_ptr<float>();
    const float* mean_sum = st.buckets[s.bucket].recv.data() + s.offset;
    for (int64_t k = 0; k < s.numel; ++k) out[k] += mean_sum[k] / world;
  }
  std::fill(st.arrived.begin(), st.arrived.end(), false);
  for (Bucket& b : st.buckets) {
    b.waiting = b.count;
  }
  st.next_to_start = 0;
}

std::vector<int64_t> Reducer::bucket_numels() const {
  std::vector<int64_t> out;
  for (const Bucket& b : state_->buckets) out.push_back(int64_t(b.send.size()));
  return out;
}

} // namespace tg::nn::parallel
