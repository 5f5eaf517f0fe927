#include "nn/utils/convert_parameters.h"

#include "autograd/tensor/error.h"
#include "autograd/ops/functions.h"
#include "autograd/graph/grad_mode.h"

namespace tg::nn::utils {

Tensor parameters_to_vector(const std::vector<Tensor>& parameters) {
  std::vector<Tensor> flat;
  flat.reserve(parameters.size());
  for (const auto& p : parameters) flat.push_back(p.view(-1));
  return cat(flat);
}

void vector_to_parameters(const Tensor& vec, const std::vector<Tensor>& parameters) {
  TG_CHECK(vec.dim() == 1, "vector_to_parameters: expected a 1-D vector, got shape ", vec.sizes());
  int64_t total = 0;
  for (const auto& p : parameters) total += p.numel();
  TG_CHECK(total == vec.numel(), "vector_to_parameters: the vector has ", vec.numel(),
           " elements but the parameters have ", total);
  NoGradGuard no_grad;
  int64_t offset = 0;
  for (const auto& p : parameters) {
    p.copy_(vec.slice(0, offset, offset + p.numel()).view_as(p));
    offset += p.numel();
  }
}

} // namespace tg::nn::utils
