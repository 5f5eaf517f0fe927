#include "nn/parallel/data_parallel.h"

#include <string>

#include "autograd/tensor/error.h"
#include "autograd/graph/grad_mode.h"
#include "nn/parallel/distributed.h"

namespace tg::nn::parallel {
namespace {

// FNV-1a over names, shapes and dtypes: equal on all ranks exactly when the models agree.
struct Fingerprint {
  uint64_t h = 14695981039346656037ULL;
  void add(const void* data, size_t n) {
    const auto* p = static_cast<const unsigned char*>(data);
    for (size_t i = 0; i < n; ++i) h = (h ^ p[i]) * 1099511628211ULL;
  }
  void add(const std::string& name, const Tensor& t) {
    add(name.data(), name.size());
    const int64_t dim = t.dim();
    add(&dim, sizeof dim);
    for (int64_t s : t.sizes()) add(&s, sizeof s);
    const auto dtype = int(t.scalar_type());
    add(&dtype, sizeof dtype);
  }
};

} // namespace

DistributedDataParallel::DistributedDataParallel(std::shared_ptr<Module> module,
                                                 DistributedDataParallelOptions options)
    : module_(std::move(module)), options_(options) {
  TG_CHECK(module_ != nullptr, "DistributedDataParallel: the module is empty (nullptr holder)");
  TG_CHECK(options_.bucket_cap_mb() > 0,
           "DistributedDataParallel: bucket_cap_mb must be "
           "positive, got ",
           options_.bucket_cap_mb());
  Fingerprint fp;
  std::vector<Tensor> params;
  std::vector<std::string> names;
  int64_t numel = 0;
  for (const auto& item : module_->named_parameters()) {
    fp.add(item.key(), item.value());
    numel += item.value().numel();
    if (!item.value().requires_grad()) continue; // frozen: broadcast, never reduced
    params.push_back(item.value());
    names.push_back(item.key());
  }
  for (const auto& item : module_->named_buffers()) fp.add(item.key(), item.value());

  const auto all = distributed::all_gather(fp.h);
  for (size_t r = 1; r < all.size(); ++r) {
    if (all[r] == all[0]) continue;
    // Every rank sees the same gathered list, so every rank throws here: nobody is left waiting.
    const auto counts = distributed::all_gather(uint64_t(params.size()));
    const auto sizes = distributed::all_gather(uint64_t(numel));
    throw Error(str("DistributedDataParallel: the model differs across ranks (parameter names, "
                    "shapes or dtypes): rank 0 has ",
                    counts[0], " parameters (", sizes[0], " values), rank ", r, " has ", counts[r],
                    " (", sizes[r], ")"));
  }
  broadcast_state();
  reducer_ = std::make_unique<Reducer>(std::move(params), std::move(names),
                                       size_t(options_.bucket_cap_mb() * 1024.0 * 1024.0));
}

void DistributedDataParallel::broadcast_state() {
  NoGradGuard no_grad;
  for (const Tensor& p : module_->parameters()) distributed::broadcast(p, 0);
  for (const Tensor& b : module_->buffers())
    if (b.defined()) distributed::broadcast(b, 0);
}

void DistributedDataParallel::sync_gradients() {
  reducer_->finalize();
  if (options_.broadcast_buffers()) {
    NoGradGuard no_grad;
    for (const Tensor& b : module_->buffers())
      if (b.defined()) distributed::broadcast(b, 0);
  }
}

} // namespace tg::nn::parallel
