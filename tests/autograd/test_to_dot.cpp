// to_dot on the seeds' apple/orange shopping graph: 2 apples at 100, 3 oranges at 150, tax 1.1.
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <fstream>

#include <tapegrad/tapegrad.h>

namespace {
tg::Tensor leaf(double v, const char* name) {
  auto t = tg::tensor(v, tg::TensorOptions().dtype(tg::kDouble).requires_grad(true));
  t.set_name(name);
  return t;
}
bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}
} // namespace

BOOST_AUTO_TEST_SUITE(to_dot)

BOOST_AUTO_TEST_CASE(apple_orange_graph_carries_values_and_gradients) {
  auto apple = leaf(100, "apple"), n = leaf(2, "apple_num"), orange = leaf(150, "orange"),
       m = leaf(3, "orange_num"), tax = leaf(1.1, "tax");
  auto apple_price = apple * n, orange_price = orange * m;
  auto all_price = apple_price + orange_price;
  auto price = all_price * tax;
  price.set_name("price");
  tg::autograd::retain_grads(price);
  price.backward();

  const std::string dot = tg::autograd::to_dot(
      price, tg::autograd::DotOptions().values(true).grads(true).title("shopping"));
  BOOST_TEST_MESSAGE(dot);
  BOOST_TEST(contains(dot, "digraph tape {"));
  BOOST_TEST(contains(dot, "label=\"shopping\""));
  // Three Mul boxes and one Add box, five named leaves and the result.
  size_t muls = 0;
  for (size_t pos = 0; (pos = dot.find("\\nMulBackward0", pos)) != std::string::npos; ++pos) ++muls;
  BOOST_TEST(muls == 3u);
  BOOST_TEST(contains(dot, "\\nAddBackward0"));
  for (const char* name : {"apple", "apple_num", "orange", "orange_num", "tax", "price"})
    BOOST_TEST(contains(dot, std::string("label=\"") + name), name);
  // Forward values along the arrows, and the gradients the seeds derive by hand.
  for (const char* value : {"715", "650", "200", "450"})
    BOOST_TEST(contains(dot, std::string("\"") + value), value);
  for (const char* grad : {"grad 2.2\"", "grad 110\"", "grad 3.3\"", "grad 165\"", "grad 650\"",
                           "grad 1.1\"", "grad 1\""})
    BOOST_TEST(contains(dot, grad), grad);
}

BOOST_AUTO_TEST_CASE(names_from_a_module_and_shapes_of_large_tensors) {
  tg::nn::Linear fc(3, 2);
  auto x = tg::ones({4, 3});
  auto loss = fc(x).relu().sum();
  const std::string dot = tg::autograd::to_dot(
      loss, tg::autograd::DotOptions().names(fc->named_parameters(), "fc.").values(true));
  BOOST_TEST(contains(dot, "fc.weight\\n[2, 3]\\nrequires_grad"));
  BOOST_TEST(contains(dot, "fc.bias\\n[2]"));
  BOOST_TEST(contains(dot, "[4, 2]")); // the relu's input is shown by its shape, not 8 numbers
  BOOST_TEST(contains(dot, "ReluBackward0"));
  // Without values or grads the arrows carry no labels at all.
  const std::string bare = tg::autograd::to_dot(loss);
  BOOST_TEST(!contains(bare, "-> r0 [label"));
}

BOOST_AUTO_TEST_CASE(deep_graph_is_walked_without_recursion_and_renders) {
  auto x = tg::ones({2}, tg::requires_grad());
  auto y = x;
  for (int i = 0; i < 20000; ++i) y = y * 1.0001;
  const std::string dot = tg::autograd::to_dot(y);
  BOOST_TEST(dot.size() > 20000u * 20);
  // When Graphviz is installed, the output of a small graph must be valid DOT.
  if (std::system("command -v dot >/dev/null 2>&1") == 0) {
    auto a = tg::ones({2}, tg::requires_grad());
    std::ofstream("to_dot_test.dot") << tg::autograd::to_dot((a * 2).exp().sum());
    BOOST_TEST(std::system("dot -Tsvg to_dot_test.dot -o to_dot_test.svg") == 0);
    std::remove("to_dot_test.dot");
    std::remove("to_dot_test.svg");
  }
}

BOOST_AUTO_TEST_SUITE_END()
