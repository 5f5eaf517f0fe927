#include "nn/functional/padding.h"

#include <algorithm>

#include "autograd/tensor/error.h"
#include "autograd/ops/functions.h"
#include "autograd/tensor/tensor_data.h"

namespace tg::nn::functional {

namespace {
enum class Mode { Reflect, Replicate, Circular };

/// For each output position along a padded dim, the input position it copies. Gathering with
/// index_select makes the gradient of every non-constant mode come from index_select's backward,
/// which adds up the contributions of an input element copied several times.
Tensor source_positions(int64_t size, int64_t before, int64_t after, Mode mode) {
  std::vector<int64_t> index;
  index.reserve(size_t(size + before + after));
  for (int64_t o = -before; o < size + after; ++o) {
    int64_t i = o;
    if (mode == Mode::Reflect) {
      if (i < 0) i = -i;
      if (i >= size) i = 2 * (size - 1) - i;
    } else if (mode == Mode::Replicate) {
      i = std::clamp<int64_t>(i, 0, size - 1);
    } else {
      i = ((i % size) + size) % size;
    }
    index.push_back(i);
  }
  return tensor(TensorData(index), kLong);
}

const char* mode_name(Mode mode) {
  return mode == Mode::Reflect ? "reflect" : mode == Mode::Replicate ? "replicate" : "circular";
}
} // namespace

Tensor pad(const Tensor& input, const PadFuncOptions& options) {
  const auto& amounts = options.pad();
  if (std::holds_alternative<enumtype::kConstant>(options.mode()))
    return constant_pad_nd(input, amounts, options.value());
  const Mode mode = std::holds_alternative<enumtype::kReflect>(options.mode())     ? Mode::Reflect
                    : std::holds_alternative<enumtype::kReplicate>(options.mode()) ? Mode::Replicate
                                                                                   : Mode::Circular;
  TG_CHECK(amounts.size() % 2 == 0, "pad: padding length must be divisible by 2, got ",
           amounts.size());
  const int64_t padded_dims = int64_t(amounts.size()) / 2;
  // As LibTorch: the non-constant modes pad the last 1-3 dims of a batched (or unbatched) input.
  TG_CHECK(padded_dims >= 1 && padded_dims <= 3 && input.dim() >= padded_dims + 1 &&
               input.dim() <= padded_dims + 2,
           "pad: ", mode_name(mode), " padding of ", padded_dims, " dims needs a ", padded_dims + 1,
           "-D or ", padded_dims + 2, "-D input, got shape ", input.sizes());
  Tensor out = input;
  for (int64_t i = 0; i < padded_dims; ++i) {
    const int64_t d = input.dim() - 1 - i, before = amounts[size_t(2 * i)],
                  after = amounts[size_t(2 * i + 1)];
    const int64_t size = input.size(d);
    TG_CHECK(before >= 0 && after >= 0, "pad: ", mode_name(mode),
             " padding amounts must be non-negative, got ", IntArrayRef(amounts));
    TG_CHECK(size > 0, "pad: cannot ", mode_name(mode), "-pad an empty dim ", d, " of shape ",
             input.sizes());
    if (mode == Mode::Reflect)
      TG_CHECK(before < size && after < size, "pad: reflection padding (", before, ", ", after,
               ") must be smaller than the input size ", size, " in dim ", d);
    if (mode == Mode::Circular)
      TG_CHECK(before <= size && after <= size, "pad: circular padding (", before, ", ", after,
               ") must be at most the input size ", size, " in dim ", d);
    if (before == 0 && after == 0) continue;
    out = out.index_select(d, source_positions(size, before, after, mode));
  }
  return out;
}

} // namespace tg::nn::functional
