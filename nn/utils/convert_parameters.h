#pragma once
// Parameters as one flat vector and back, as torch::nn::utils (used by second-order methods and
// by code that averages or perturbs all weights at once).
#include <vector>

#include "autograd/tensor/tensor.h"

namespace tg::nn::utils {

/// All parameters flattened and concatenated, in order, as one 1-D tensor (a copy).
Tensor parameters_to_vector(const std::vector<Tensor>& parameters);
/// Copies consecutive slices of `vec` into `parameters` (numel must match exactly).
void vector_to_parameters(const Tensor& vec, const std::vector<Tensor>& parameters);

} // namespace tg::nn::utils
