#pragma once
// tg::nn::functional, spelled as torch::nn::functional. Programs write
//   namespace F = tg::nn::functional;
//   auto y = F::relu(F::linear(x, w, b));
#include "autograd/functions.h"
#include "nn/functional/activation.h"
#include "nn/functional/batchnorm.h"
#include "nn/functional/conv.h"
#include "nn/functional/dropout.h"
#include "nn/functional/linear.h"
#include "nn/functional/loss.h"
#include "nn/functional/pooling.h"

namespace tg::nn::functional {

/// F::one_hot(labels, num_classes), as in LibTorch's functional/embedding.h.
inline Tensor one_hot(const Tensor& tensor, int64_t num_classes = -1) {
  return tg::one_hot(tensor, num_classes);
}

} // namespace tg::nn::functional
