// trace_backward (the engine's own record of a backward pass) and to_html (the page built on it):
// the record follows the order backward() runs nodes in, adds up gradients at shared inputs as
// the engine does, and changes nothing; the page is one self-contained file.
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

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
bool error_mentions(const std::function<void()>& f, const std::string& what) {
  try {
    f();
  } catch (const tg::Error& e) {
    return contains(e.what(), what);
  }
  return false;
}
} // namespace

BOOST_AUTO_TEST_SUITE(to_html)

BOOST_AUTO_TEST_CASE(trace_follows_the_order_backward_runs_nodes_in) {
  // A diamond with a shared input: y = exp(x) * x + sin(x), so x receives three gradients.
  auto x = leaf(0.5, "x");
  auto e = tg::exp(x), s = tg::sin(x);
  auto p = e * x;
  auto y = p + s;
  // The order backward() really runs the nodes in: a hook on each intermediate result fires when
  // the node that made it runs.
  std::vector<std::string> ran;
  for (auto* t : {&y, &p, &e, &s}) {
    const std::string name = t->grad_fn()->name();
    t->register_hook([&ran, name](const tg::Tensor&) { ran.push_back(name); });
  }
  auto steps = tg::autograd::trace_backward({y});
  BOOST_TEST(ran.empty()); // the trace runs no hook
  std::vector<std::string> traced;
  for (const auto& step : steps)
    if (step.node->name() != "AccumulateGrad") traced.push_back(step.node->name());
  y.backward();
  BOOST_TEST(traced == ran, boost::test_tools::per_element());
  BOOST_REQUIRE(!steps.empty());
  // The leaf's accumulator comes last, with the sum of the three contributions = dy/dx.
  BOOST_TEST(steps.back().node->name() == "AccumulateGrad");
  const double want = std::exp(0.5) * 0.5 + std::exp(0.5) + std::cos(0.5);
  BOOST_TEST(steps.back().grads_in[0].item<double>() == want, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(x.grad().item<double>() == want, boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(trace_changes_no_gradient_and_keeps_the_graph) {
  auto a = leaf(2, "a"), b = leaf(3, "b");
  auto y = a * b;
  auto steps = tg::autograd::trace_backward({y});
  BOOST_TEST(!a.grad().defined());
  BOOST_TEST(!b.grad().defined());
  BOOST_REQUIRE(steps.size() == 3u); // Mul, then the two accumulators
  BOOST_TEST(steps[0].node->name() == "MulBackward0");
  BOOST_TEST(steps[0].grads_out[0].item<double>() == 3.0); // d(ab)/da = b
  BOOST_TEST(steps[0].grads_out[1].item<double>() == 2.0);
  BOOST_TEST(steps[1].grads_out.empty()); // an accumulator sends nothing
  y.backward();                           // the graph is still whole
  BOOST_TEST(a.grad().item<double>() == 3.0);
  // After backward() freed it, a trace says what went wrong.
  BOOST_TEST(error_mentions([&] { tg::autograd::trace_backward({y}); }, "second time"));
}

BOOST_AUTO_TEST_CASE(formulas_name_the_local_derivative) {
  BOOST_TEST(tg::autograd::local_derivative_formula("ExpBackward0") ==
             "d/dx eˣ = eˣ  (the output itself)");
  BOOST_TEST(
      contains(tg::autograd::local_derivative_formula("SigmoidBackward0"), "σ(x)·(1 − σ(x))"));
  BOOST_TEST(
      contains(tg::autograd::local_derivative_formula("NoSuchBackward0"), "NoSuchBackward0"));
}

BOOST_AUTO_TEST_CASE(page_is_one_self_contained_file) {
  if (std::system("command -v dot >/dev/null 2>&1") != 0) {
    BOOST_TEST_MESSAGE("SKIP: Graphviz's dot is not installed (apt-get install graphviz)");
    return;
  }
  auto x = leaf(1.5, "x");
  auto y = tg::exp(x) * x;
  y.set_name("y");
  const auto path = std::filesystem::temp_directory_path() / "tapegrad_test_to_html" / "page.html";
  std::filesystem::remove_all(path.parent_path());
  tg::autograd::to_html(y, path.string(), tg::autograd::DotOptions().title("e^x · x <b>"));
  BOOST_TEST(!x.grad().defined()); // to_html changed nothing
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string html = ss.str();
  BOOST_TEST(contains(html, "<!DOCTYPE html>"));
  BOOST_TEST(contains(html, "<svg"));
  BOOST_TEST(contains(html, "e^x · x &lt;b&gt;")); // the title is escaped
  BOOST_TEST(contains(html, "d/dx eˣ = eˣ"));
  BOOST_TEST(contains(html, "id=\"e_n0_0\"")); // arrows carry the ids the script steps through
  BOOST_TEST(!contains(html, " src="));
  BOOST_TEST(!std::filesystem::exists(path.string() + ".part"));
  // dy/dx = e^x·x + e^x, shown at x: the leaf's grad line as to_dot would write it.
  y.backward(/*gradient=*/{}, /*retain_graph=*/true);
  const std::string dot =
      tg::autograd::to_dot(y, tg::autograd::DotOptions().values(true).grads(true));
  const std::string g = tg::autograd::detail::dot_value_text(x.grad(), 4);
  BOOST_TEST(contains(html, "grad " + g));
  BOOST_TEST(contains(dot, "grad " + g));
}

BOOST_AUTO_TEST_CASE(bad_outputs_are_refused) {
  auto x = tg::ones({3}, tg::TensorOptions().requires_grad(true));
  BOOST_TEST(error_mentions([&] { tg::autograd::to_html(x * 2, "/tmp/never.html"); }, "shape [3]"));
  BOOST_TEST(error_mentions([&] { tg::autograd::to_html(tg::ones({1}), "/tmp/never.html"); },
                            "does not require grad"));
  auto y = (x * 2).sum();
  y.backward();
  BOOST_TEST(
      error_mentions([&] { tg::autograd::to_html(y, "/tmp/never.html"); }, "retain_graph=true"));
}

BOOST_AUTO_TEST_SUITE_END()
