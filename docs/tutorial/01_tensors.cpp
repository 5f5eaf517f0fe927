// Tutorial part 1: tensors, shapes, dtypes and broadcasting. Run by the test suite.
#include <iostream>

#include <tapegrad/tapegrad.h>

int main() {
  // >>> create
  auto a = tg::tensor({{1., 2., 3.}, {4., 5., 6.}}); // float32, shape [2, 3]
  auto b = tg::arange(3);                            // int64: 0, 1, 2
  auto z = tg::zeros({2, 3}, tg::dtype(tg::kFloat64));
  std::cout << a.sizes() << " " << a.dtype() << "\n"; // [2, 3] Float
  std::cout << (a + b).dtype() << "\n";               // Float: int64 promotes to float32
  std::cout << (a + z).dtype() << "\n";               // Double: the wider float wins
  // <<<
  TG_CHECK((a + b).dtype() == tg::kFloat && (a + z).dtype() == tg::kDouble, "promotion");

  // >>> broadcast
  // Sizes are compared from the right; a dimension of size 1 (or a missing one) is stretched.
  auto column = tg::tensor({{10.}, {20.}}); // [2, 1]
  auto row = tg::tensor({1., 2., 3.});      // [3], read as [1, 3]
  auto grid = column + row;                 // [2, 3]: {{11, 12, 13}, {21, 22, 23}}
  std::cout << grid << "\n";
  // The seeds' Affine layer X W + b: the bias [M] is added to every row of [N, M].
  auto X = tg::randn({4, 2}), W = tg::randn({2, 3}), bias = tg::zeros({3});
  auto H = tg::matmul(X, W) + bias; // [4, 3]
  // <<<
  TG_CHECK(grid.sizes() == tg::IntArrayRef({2, 3}) && grid[1][2].item<float>() == 23.f, "grid");
  TG_CHECK(H.sizes() == tg::IntArrayRef({4, 3}), "affine");

  // >>> views
  auto m = tg::arange(12).reshape({3, 4});
  auto second_row = m[1];                                              // a view, no copy
  auto last_column = m.index({tg::indexing::Slice(), -1});             // m[:, -1] = 3, 7, 11
  std::cout << m.sum(0) << m.sum(1, /*keepdim=*/true).sizes() << "\n"; // [12, 15, 18, 21] [3, 1]
  // <<<
  TG_CHECK(last_column[2].item<int64_t>() == 11 && second_row[0].item<int64_t>() == 4, "views");
  return 0;
}
