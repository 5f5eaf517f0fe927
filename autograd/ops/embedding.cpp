// embedding: a row lookup. The forward copies rows; the backward scatters the output gradient back
// onto the rows it came from (summing repeats), skipping padding_idx, so that row never trains.
// The backward is built from scatter_add, so it is differentiable again in the output gradient.
#include <cmath>
#include <cstring>
#include <vector>

#include "autograd/graph/gradient_destination.h"
#include "autograd/ops/internal.h"

namespace tg {

using autograd::variable_list;

namespace {

/// The indices as a flat contiguous int64 tensor, each checked against [0, num_embeddings).
Tensor checked_indices(const Tensor& indices, int64_t num, const Tensor& weight, const char* op) {
  TG_CHECK(indices.scalar_type() == kLong || indices.scalar_type() == kInt, op,
           ": expected indices of dtype Long or Int, got ", indices.scalar_type());
  Tensor flat = indices.to(kLong).contiguous().view({indices.numel()});
  const int64_t* ip = flat.data_ptr<int64_t>();
  for (int64_t i = 0; i < flat.numel(); ++i)
    TG_CHECK(ip[i] >= 0 && ip[i] < num, op, ": index ", ip[i], " is out of range for a weight of ",
             weight.sizes(), " (num_embeddings=", num, "; indices must lie in [0, ", num, "))");
  return flat;
}

} // namespace

// d/dweight[r] = Σ over the positions i with indices[i] = r of grad[i] (none for padding_idx),
// divided by the count of r when scale_grad_by_freq
Tensor embedding(const Tensor& weight, const Tensor& indices, int64_t padding_idx,
                 bool scale_grad_by_freq, bool) {
  TG_CHECK(weight.defined() && indices.defined(), "embedding: weight and indices must be defined");
  TG_CHECK(weight.dim() == 2, "embedding: 'weight' must be 2-D [num_embeddings, embedding_dim], "
           "got ", weight.sizes());
  const int64_t num = weight.size(0), dim = weight.size(1);
  Tensor flat = checked_indices(indices, num, weight, "embedding");
  const int64_t M = flat.numel();
  DimVector out_sizes(indices.sizes());
  out_sizes.push_back(dim);
  Tensor out = ops::empty_tensor(out_sizes, weight.scalar_type());
  {
    Tensor w = weight.contiguous();
    const size_t row_bytes = size_t(dim) * w.element_size();
    const char* src = static_cast<const char*>(w.unsafeGetTensorImpl()->data());
    char* dst = static_cast<char*>(out.unsafeGetTensorImpl()->data());
    const int64_t* ip = flat.data_ptr<int64_t>();
    for (int64_t i = 0; i < M; ++i)
      if (row_bytes > 0) std::memcpy(dst + size_t(i) * row_bytes, src + size_t(ip[i]) * row_bytes, row_bytes);
  }
  if (autograd::compute_requires_grad(weight)) {
    ops::check_floating_for_grad(weight, "embedding");
    // The per-position factor is a constant: 0 at padding_idx, 1 / count with scale_grad_by_freq.
    Tensor coef;
    if (padding_idx >= 0 || scale_grad_by_freq) {
      std::vector<int64_t> counts(size_t(scale_grad_by_freq ? num : 0), 0);
      const int64_t* ip = flat.data_ptr<int64_t>();
      for (int64_t i = 0; i < M && scale_grad_by_freq; ++i) ++counts[size_t(ip[i])];
      coef = ops::empty_tensor({M, 1}, weight.scalar_type());
      dispatch_floating(weight.scalar_type(), "embedding_backward", [&]<typename T>() {
        T* cp = coef.data_ptr<T>();
        for (int64_t i = 0; i < M; ++i)
          cp[i] = ip[i] == padding_idx ? T(0)
                  : scale_grad_by_freq ? T(1) / T(counts[size_t(ip[i])])
                                       : T(1);
      });
    }
    // When the engine offers weight.grad() itself (gradient_destination.h), the rows are added
    // there: the step then costs the looked-up rows, not a zero tensor of the whole vocabulary.
    Tensor index = flat.view({M, 1}).expand({M, dim}).contiguous();
    autograd::record("EmbeddingBackward0", {weight}, out,
                     [index, coef, num, dim, M](const Tensor& grad, autograd::Node& node) {
                       Tensor g = grad.reshape({M, dim});
                       if (coef.defined()) g = g * coef;
                       Tensor into = autograd::gradient_destination(node, 0, {g});
                       if (into.defined()) {
                         into.scatter_add_(0, index, g);
                         return variable_list{Tensor()};
                       }
                       return variable_list{
                           zeros({num, dim}, grad.scalar_type()).scatter_add(0, index, g)};
                     });
  }
  return out;
}

Tensor& embedding_renorm_(Tensor& self, const Tensor& indices, double max_norm, double norm_type) {
  TG_CHECK(self.defined() && self.dim() == 2, "embedding_renorm_: expected a 2-D weight, got ",
           self.defined() ? ops::shape_str(self) : "undefined");
  TG_CHECK(max_norm >= 0, "embedding_renorm_: max_norm must be non-negative, got ", max_norm);
  Tensor flat = checked_indices(indices, self.size(0), self, "embedding_renorm_");
  NoGradGuard no_grad;
  std::vector<bool> seen(size_t(self.size(0)), false);
  const int64_t* ip = flat.data_ptr<int64_t>();
  for (int64_t i = 0; i < flat.numel(); ++i) {
    if (seen[size_t(ip[i])]) continue;
    seen[size_t(ip[i])] = true;
    Tensor row = self.select(0, ip[i]);
    const double norm = row.norm(norm_type).item<double>();
    // the 1e-7 keeps the rescaled norm just below max_norm, as LibTorch does
    if (norm > max_norm) row.mul_(max_norm / (norm + 1e-7));
  }
  return self;
}

} // namespace tg
