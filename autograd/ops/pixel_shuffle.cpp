// pixel_shuffle and pixel_unshuffle: a reshape, a permute and a reshape, so the gradient of each
// is the other (through the views' own backwards).
#include "autograd/ops/internal.h"

namespace tg {

Tensor pixel_shuffle(const Tensor& self, int64_t upscale_factor) {
  TG_CHECK(self.defined() && self.dim() >= 3,
           "pixel_shuffle expects input to have at least 3 "
           "dimensions, but got input with ",
           self.defined() ? self.dim() : 0, " dimension(s)");
  const int64_t r = upscale_factor;
  TG_CHECK(r > 0, "pixel_shuffle expects a positive upscale_factor, but got ", r);
  const int64_t c = self.size(-3), h = self.size(-2), w = self.size(-1);
  TG_CHECK(c % (r * r) == 0,
           "pixel_shuffle expects its input's 'channel' dimension to be "
           "divisible by the square of upscale_factor, but input.size(-3)=",
           c, " is not divisible by ", r * r);
  const int64_t nb = self.dim() - 3;
  std::vector<int64_t> batch(self.sizes().begin(), self.sizes().begin() + nb);
  // [*, c, r, r, h, w] -> [*, c, h, r, w, r]
  std::vector<int64_t> split = batch, out = batch;
  split.insert(split.end(), {c / (r * r), r, r, h, w});
  out.insert(out.end(), {c / (r * r), h * r, w * r});
  std::vector<int64_t> perm;
  for (int64_t d = 0; d < nb; ++d) perm.push_back(d);
  perm.insert(perm.end(), {nb, nb + 3, nb + 1, nb + 4, nb + 2});
  return self.reshape(split).permute(perm).reshape(out);
}

Tensor pixel_unshuffle(const Tensor& self, int64_t downscale_factor) {
  TG_CHECK(self.defined() && self.dim() >= 3,
           "pixel_unshuffle expects input to have at least 3 "
           "dimensions, but got input with ",
           self.defined() ? self.dim() : 0, " dimension(s)");
  const int64_t r = downscale_factor;
  TG_CHECK(r > 0, "pixel_unshuffle expects a positive downscale_factor, but got ", r);
  const int64_t c = self.size(-3), h = self.size(-2), w = self.size(-1);
  TG_CHECK(h % r == 0,
           "pixel_unshuffle expects height to be divisible by downscale_factor, but "
           "input.size(-2)=",
           h, " is not divisible by ", r);
  TG_CHECK(w % r == 0,
           "pixel_unshuffle expects width to be divisible by downscale_factor, but "
           "input.size(-1)=",
           w, " is not divisible by ", r);
  const int64_t nb = self.dim() - 3;
  std::vector<int64_t> batch(self.sizes().begin(), self.sizes().begin() + nb);
  // [*, c, h, r, w, r] -> [*, c, r, r, h, w]
  std::vector<int64_t> split = batch, out = batch;
  split.insert(split.end(), {c, h / r, r, w / r, r});
  out.insert(out.end(), {c * r * r, h / r, w / r});
  std::vector<int64_t> perm;
  for (int64_t d = 0; d < nb; ++d) perm.push_back(d);
  perm.insert(perm.end(), {nb, nb + 2, nb + 4, nb + 1, nb + 3});
  return self.reshape(split).permute(perm).reshape(out);
}

} // namespace tg
