// Tutorial part 5: convolution as im2col + matrix product, and max pooling, with tapegrad's own
// kernel (autograd/kernels/im2col.h), compared against tg::conv2d and max_pool2d.
#include <iostream>

#include <tapegrad/tapegrad.h>

#include "autograd/kernels/im2col.h"

namespace F = tg::nn::functional;

int main() {
  tg::manual_seed(0);
  // >>> im2col
  // The seeds' example: one 3-channel 7x7 image and a 5x5 kernel give 3x3 = 9 output positions,
  // each seeing 3*5*5 = 75 input values: the column matrix is [9, 75].
  auto x = tg::randn({1, 3, 7, 7});
  auto cols = tg::kernels::im2col_rows(x, /*kernel_size=*/5); // [9, 75]
  std::cout << cols.sizes() << "\n";
  // 10 filters of 3x5x5 become a [75, 10] matrix; one product computes every output at once.
  auto w = tg::randn({10, 3, 5, 5}), b = tg::randn({10});
  auto out = tg::matmul(cols, w.reshape({10, -1}).t()) + b; // [9, 10]: positions x filters
  out = out.reshape({1, 3, 3, 10}).permute({0, 3, 1, 2});   // [N, C_out, OH, OW]
  std::cout << (out - tg::conv2d(x, w, b)).abs().max().item<float>() << "\n"; // ~1e-6
  // <<<
  TG_CHECK(cols.sizes() == tg::IntArrayRef({9, 75}), "im2col shape");
  TG_CHECK(tg::allclose(out, tg::conv2d(x, w, b), 1e-4, 1e-4), "im2col + matmul == conv2d");

  // >>> pool
  // 2x2 max pooling with stride 2 is im2col per channel followed by a max over each row.
  auto img = tg::randn({1, 1, 4, 4});
  auto patches = tg::kernels::im2col_rows(img, 2, /*stride=*/2); // [4, 4]: 4 windows of 4
  auto pooled = std::get<0>(patches.max(1)).reshape({1, 1, 2, 2});
  std::cout << pooled << F::max_pool2d(img, F::MaxPool2dFuncOptions(2)) << "\n"; // equal
  // <<<
  TG_CHECK(tg::equal(pooled, F::max_pool2d(img, F::MaxPool2dFuncOptions(2))), "pooling");
  return 0;
}
