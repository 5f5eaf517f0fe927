// Dropout: in training, each element is kept with probability 1 - p and scaled by 1 / (1 - p) so
// the expected value is unchanged. Composed as input * mask (mask drawn from the global generator
// and not requiring grad), so the backward is MulBackward0's grad * mask, as in LibTorch's CPU
// path. Feature dropout (Dropout2d) draws one mask value per channel of each sample, so whole
// feature maps are zeroed: neighbouring pixels are correlated, and dropping them one by one would
// hardly regularise.
#include <random>

#include "autograd/ops/internal.h"
#include "autograd/tensor/random.h"

namespace tg {

namespace {

void check_dropout(const Tensor& input, double p, const char* op) {
  TG_CHECK(p >= 0 && p <= 1, op, ": dropout probability has to be between 0 and 1, but got ", p);
  TG_CHECK(input.defined(), op, ": input is undefined");
  TG_CHECK(isFloatingType(input.scalar_type()), op,
           ": expected a floating point input (Float or "
           "Double), got ",
           input.scalar_type());
}

/// A mask of `sizes`: 1/(1-p) with probability 1 - p, else 0 (0 < p < 1). Drawn as LibTorch's
/// CPU dropout draws its noise (bernoulli_(1 - p): one 53-bit uniform per element, in order).
Tensor dropout_mask(IntArrayRef sizes, ScalarType dtype, double p) {
  Tensor mask = ops::empty_tensor(sizes, dtype);
  Generator& gen = default_generator();
  std::lock_guard<std::mutex> lock(gen.mutex());
  const double keep = 1.0 - p, scale = 1.0 / keep;
  dispatch_floating(dtype, "dropout", [&]<typename T>() {
    T* m = mask.data_ptr<T>();
    const T kept = T(scale);
    for (int64_t i = 0; i < mask.numel(); ++i) m[i] = gen.uniform_double(0, 1) < keep ? kept : T(0);
  });
  return mask;
}
Tensor dropout_mask(const Tensor& input, double p) {
  return dropout_mask(input.sizes(), input.scalar_type(), p);
}

/// One mask value per (sample, channel), broadcast over the remaining dims.
Tensor feature_dropout_mask(const Tensor& input, double p) {
  std::vector<int64_t> shape(size_t(input.dim()), 1);
  shape[0] = input.size(0);
  shape[1] = input.size(1);
  return dropout_mask(shape, input.scalar_type(), p);
}

void check_feature_dropout(const Tensor& input, double p, const char* op) {
  check_dropout(input, p, op);
  TG_CHECK(input.dim() >= 2, op, ": Feature dropout requires at least 2 dimensions in the input "
           "([N, C, *]), got input of size ", input.sizes());
}

} // namespace

// d/dx (x · mask) = mask
Tensor dropout(const Tensor& input, double p, bool train) {
  check_dropout(input, p, "dropout");
  if (p == 0 || !train || input.numel() == 0) return input;
  if (p == 1) return input * zeros({}, input.options().requires_grad(false));
  return input * dropout_mask(input, p);
}

Tensor& dropout_(Tensor& input, double p, bool train) {
  check_dropout(input, p, "dropout_");
  if (p == 0 || !train || input.numel() == 0) return input;
  if (p == 1) return input.mul_(zeros({}, input.options().requires_grad(false)));
  return input.mul_(dropout_mask(input, p));
}

// d/dx (x · mask) = mask, the mask constant over each (n, c) slice
Tensor feature_dropout(const Tensor& input, double p, bool train) {
  check_feature_dropout(input, p, "feature_dropout");
  if (p == 0 || !train || input.numel() == 0) return input;
  if (p == 1) return input * zeros({}, input.options().requires_grad(false));
  return input * feature_dropout_mask(input, p);
}

Tensor& feature_dropout_(Tensor& input, double p, bool train) {
  check_feature_dropout(input, p, "feature_dropout_");
  if (p == 0 || !train || input.numel() == 0) return input;
  if (p == 1) return input.mul_(zeros({}, input.options().requires_grad(false)));
  return input.mul_(feature_dropout_mask(input, p));
}

} // namespace tg
