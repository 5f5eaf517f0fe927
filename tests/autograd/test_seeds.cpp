// Known values from the seed documents: what users try first.
#include <boost/test/unit_test.hpp>

#include <tapegrad/tapegrad.h>

BOOST_AUTO_TEST_SUITE(seeds)

// The 3-layer network of the activation-function notes: x = [1.0, 0.5] through two sigmoid layers
// and an identity output gives [0.31682708, 0.69627909].
BOOST_AUTO_TEST_CASE(three_layer_forward) {
  auto W1 = tg::tensor({{0.1, 0.3, 0.5}, {0.2, 0.4, 0.6}}, tg::kDouble);
  auto b1 = tg::tensor({0.1, 0.2, 0.3}, tg::kDouble);
  auto W2 = tg::tensor({{0.1, 0.4}, {0.2, 0.5}, {0.3, 0.6}}, tg::kDouble);
  auto b2 = tg::tensor({0.1, 0.2}, tg::kDouble);
  auto W3 = tg::tensor({{0.1, 0.3}, {0.2, 0.4}}, tg::kDouble);
  auto b3 = tg::tensor({0.1, 0.2}, tg::kDouble);
  auto x = tg::tensor({1.0, 0.5}, tg::kDouble);
  auto z1 = tg::sigmoid(tg::matmul(x, W1) + b1);
  auto z2 = tg::sigmoid(tg::matmul(z1, W2) + b2);
  auto y = tg::matmul(z2, W3) + b3;
  BOOST_REQUIRE(y.sizes() == tg::IntArrayRef({2}));
  BOOST_TEST(y[0].item<double>() == 0.31682708, boost::test_tools::tolerance(1e-7));
  BOOST_TEST(y[1].item<double>() == 0.69627909, boost::test_tools::tolerance(1e-7));
}

// Gradient of f(x) = x0² + x1² at (3, 4) is (6, 8): by autograd and by central differences.
BOOST_AUTO_TEST_CASE(gradient_of_sum_of_squares) {
  auto x = tg::tensor({3.0, 4.0}, tg::TensorOptions(tg::kDouble).requires_grad(true));
  auto f = x.pow(2).sum();
  f.backward();
  BOOST_TEST(x.grad()[0].item<double>() == 6.0, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(x.grad()[1].item<double>() == 8.0, boost::test_tools::tolerance(1e-12));

  // The seeds' numerical_gradient with h = 1e-4.
  double h = 1e-4;
  auto fn = [](double a, double b) { return a * a + b * b; };
  double g0 = (fn(3 + h, 4) - fn(3 - h, 4)) / (2 * h);
  double g1 = (fn(3, 4 + h) - fn(3, 4 - h)) / (2 * h);
  BOOST_TEST(g0 == x.grad()[0].item<double>(), boost::test_tools::tolerance(1e-6));
  BOOST_TEST(g1 == x.grad()[1].item<double>(), boost::test_tools::tolerance(1e-6));
}

// The shopping graph: 2 apples at 100, 3 oranges at 150, tax 1.1 → 715, and its backward pass.
BOOST_AUTO_TEST_CASE(apple_orange_with_autograd) {
  auto opts = tg::TensorOptions(tg::kDouble).requires_grad(true);
  auto apple = tg::tensor(100.0, opts), apple_num = tg::tensor(2.0, opts);
  auto orange = tg::tensor(150.0, opts), orange_num = tg::tensor(3.0, opts);
  auto tax = tg::tensor(1.1, opts);
  auto price = (apple * apple_num + orange * orange_num) * tax;
  BOOST_TEST(price.item<double>() == 715.0, boost::test_tools::tolerance(1e-9));
  price.backward();
  BOOST_TEST(apple_num.grad().item<double>() == 110.0, boost::test_tools::tolerance(1e-9));
  BOOST_TEST(apple.grad().item<double>() == 2.2, boost::test_tools::tolerance(1e-9));
  BOOST_TEST(orange.grad().item<double>() == 3.3, boost::test_tools::tolerance(1e-9));
  BOOST_TEST(orange_num.grad().item<double>() == 165.0, boost::test_tools::tolerance(1e-9));
  BOOST_TEST(tax.grad().item<double>() == 650.0, boost::test_tools::tolerance(1e-9));
}

// Step functions and the perceptron gates of the first notes: AND with w = (0.5, 0.5), b = -0.7.
BOOST_AUTO_TEST_CASE(and_gate_perceptron) {
  auto X = tg::tensor({{0.0, 0.0}, {1.0, 0.0}, {0.0, 1.0}, {1.0, 1.0}});
  auto w = tg::tensor({0.5, 0.5});
  auto y = (tg::matmul(X, w) - 0.7).gt(0).to(tg::kLong);
  BOOST_TEST(tg::equal(y, tg::tensor({0, 0, 0, 1})));
}

BOOST_AUTO_TEST_SUITE_END()
