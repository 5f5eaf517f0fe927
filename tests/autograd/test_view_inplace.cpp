// Views and in-place ops, against LibTorch 1.13: every view kind x every in-place op family
// (view_inplace_cases.inc) gives the values, gradients and refusals LibTorch recorded in
// tests/fixtures/view_inplace_reference.txt; the whole function leaf -> base -> view -> in-place
// -> (base, earlier views) passes gradcheck and gradgradcheck; each refusal leaves everything as
// it was; and the make-grid idiom writes images into a grid with gradients flowing back.
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <tapegrad/tapegrad.h>

namespace T = tg;
#include "view_inplace_cases.inc"

using namespace tg;
using namespace tg::autograd;

namespace {

using view_inplace::Outcome;

std::map<std::string, Outcome> load_fixture() {
  const char* root = std::getenv("TG_SOURCE_ROOT");
  BOOST_REQUIRE_MESSAGE(root != nullptr, "TG_SOURCE_ROOT must point at the source tree");
  const std::string path = std::string(root) + "/tests/fixtures/view_inplace_reference.txt";
  std::ifstream in(path);
  BOOST_REQUIRE_MESSAGE(in.good(), "cannot open " << path);
  std::map<std::string, Outcome> cases;
  std::string line, name;
  auto numbers = [](const std::string& l) {
    std::istringstream is(l);
    std::string tag;
    is >> tag;
    std::vector<double> v;
    double x;
    while (is >> x) v.push_back(x);
    return v;
  };
  while (std::getline(in, line)) {
    if (line.rfind("### ", 0) != 0) continue;
    name = line.substr(4);
    Outcome r;
    std::getline(in, r.status);
    std::getline(in, line);
    r.base = numbers(line);
    std::getline(in, line);
    r.leaf_grad = numbers(line);
    std::getline(in, line);
    r.operand_grad = numbers(line);
    cases[name] = r;
  }
  return cases;
}

/// "" when equal within 1e-9 (relative) or 1e-10 (absolute), else what differs.
std::string compare(const char* what, const std::vector<double>& got,
                    const std::vector<double>& want) {
  if (got.size() != want.size())
    return str(what, ": ", got.size(), " values, LibTorch ", want.size());
  for (size_t i = 0; i < got.size(); ++i) {
    const double tol = 1e-10 + 1e-9 * std::abs(want[i]);
    if (!(std::abs(got[i] - want[i]) <= tol))
      return str(what, "[", i, "] = ", got[i], ", LibTorch ", want[i]);
  }
  return "";
}

std::string message_of(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const tg::Error& e) {
    return e.what();
  }
  return "";
}
bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

Tensor dvalues(std::vector<int64_t> shape, double phase) {
  return view_inplace::values(shape, phase);
}

} // namespace

BOOST_AUTO_TEST_SUITE(view_inplace_table)

BOOST_AUTO_TEST_CASE(every_view_kind_times_every_inplace_op_matches_libtorch) {
  const auto reference = load_fixture();
  size_t checked = 0, refused = 0;
  Tensor placeholder = dvalues({4, 6}, 0.0);
  for (auto& [view_name, view_of] : view_inplace::view_kinds(placeholder)) {
    for (auto& [op_name, op] : view_inplace::inplace_ops()) {
      const std::string name = view_name + "/" + op_name;
      auto it = reference.find(name);
      BOOST_REQUIRE_MESSAGE(it != reference.end(), "no LibTorch record for " << name);
      const Outcome& want = it->second;
      Outcome got = view_inplace::run(view_name, op);
      BOOST_CHECK_MESSAGE(got.status == want.status,
                          name << ": " << got.status << ", LibTorch " << want.status);
      if (got.status != want.status) continue;
      for (auto [what, g, w] :
           {std::tuple{"base", &got.base, &want.base},
            std::tuple{"leaf grad", &got.leaf_grad, &want.leaf_grad},
            std::tuple{"operand grad", &got.operand_grad, &want.operand_grad}}) {
        const std::string diff = compare(what, *g, *w);
        BOOST_CHECK_MESSAGE(diff.empty(), name << ": " << diff);
      }
      ++checked;
      if (want.status != "ok") ++refused;
    }
  }
  BOOST_TEST_MESSAGE("view x in-place table: " << checked << " cases, " << refused << " refused");
  BOOST_CHECK_EQUAL(checked, reference.size());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(view_inplace)

// The three idioms that gave a silently wrong gradient before views knew their base.
BOOST_AUTO_TEST_CASE(masked_fill_through_a_slice_reaches_the_base) {
  Tensor leaf = ones({4}, kDouble).requires_grad_();
  Tensor x = leaf * 1;
  x.slice(0, 0, 2).masked_fill_(tg::tensor({true, false}), 0.0);
  (x * arange(1, 5, kDouble)).sum().backward();
  // d/dleaf = [0, 2, 3, 4]: the masked element no longer depends on the leaf
  BOOST_CHECK(allclose(leaf.grad(), tg::tensor({0.0, 2.0, 3.0, 4.0}, kDouble)));
}

BOOST_AUTO_TEST_CASE(index_put_through_a_slice_reaches_base_and_values) {
  Tensor leaf = ones({4}, kDouble).requires_grad_();
  Tensor value = full({1}, 5.0, kDouble).requires_grad_();
  Tensor x = leaf * 1;
  x.slice(0, 0, 2).index_put_({tg::tensor({int64_t(0)})}, value);
  (x * arange(1, 5, kDouble)).sum().backward();
  BOOST_CHECK(allclose(leaf.grad(), tg::tensor({0.0, 2.0, 3.0, 4.0}, kDouble)));
  BOOST_REQUIRE(value.grad().defined());
  BOOST_CHECK_CLOSE(value.grad().item<double>(), 1.0, 1e-12);
}

BOOST_AUTO_TEST_CASE(view_taken_before_the_base_was_modified_sees_the_write) {
  Tensor leaf = tg::tensor({1.0, 2.0, 3.0}, kDouble).requires_grad_();
  Tensor x = leaf * 1;
  Tensor v = x.slice(0, 0, 2);
  x.mul_(tg::tensor({2.0, 3.0, 4.0}, kDouble));
  BOOST_CHECK_EQUAL(v.grad_fn()->name(), "AsStridedBackward0");
  v.exp().sum().backward();
  // v = 2 leaf[0], 3 leaf[1]: d/dleaf = [2 e^2, 3 e^6, 0]
  BOOST_CHECK(
      allclose(leaf.grad(), tg::tensor({2 * std::exp(2.0), 3 * std::exp(6.0), 0.0}, kDouble)));
}

BOOST_AUTO_TEST_CASE(base_history_becomes_copy_slices_and_the_view_is_rederived) {
  Tensor leaf = ones({4}, kDouble).requires_grad_();
  Tensor x = leaf * 2;
  Tensor v = x.narrow(0, 1, 2);
  BOOST_CHECK(v.is_view());
  BOOST_CHECK(v._base().is_same(x));
  BOOST_CHECK(x.narrow(0, 0, 3).narrow(0, 1, 1)._base().is_same(x)); // views of views: the root
  BOOST_CHECK(!x.detach().is_view());
  v.mul_(3);
  BOOST_CHECK_EQUAL(x.grad_fn()->name(), "CopySlices");
  BOOST_CHECK_EQUAL(v.grad_fn()->name(), "AsStridedBackward0");
}

BOOST_AUTO_TEST_CASE(writing_a_grad_into_a_view_of_a_plain_tensor_makes_the_base_require_grad) {
  Tensor grid = zeros({2, 3}, kDouble);
  Tensor row = tg::tensor({1.0, 2.0, 3.0}, kDouble).requires_grad_();
  Tensor earlier = grid.select(0, 1);
  BOOST_CHECK(!grid.requires_grad());
  grid[1] = row;
  BOOST_CHECK(grid.requires_grad());
  BOOST_CHECK(earlier.requires_grad()); // taken before the write, it sees it
  (earlier * tg::tensor({1.0, 10.0, 100.0}, kDouble)).sum().backward();
  BOOST_CHECK(allclose(row.grad(), tg::tensor({1.0, 10.0, 100.0}, kDouble)));
}

BOOST_AUTO_TEST_CASE(fill_and_zero_on_a_non_leaf_keep_the_graph) {
  Tensor leaf = ones({3}, kDouble).requires_grad_();
  Tensor x = leaf * 2;
  x.fill_(5);
  BOOST_CHECK_EQUAL(x.grad_fn()->name(), "FillBackward2");
  Tensor y = leaf * 2;
  y.zero_();
  BOOST_CHECK_EQUAL(y.grad_fn()->name(), "ZeroBackward0");
  (x.sum() + y.sum()).backward();
  BOOST_REQUIRE(leaf.grad().defined()); // LibTorch: zeros, not undefined
  BOOST_CHECK(allclose(leaf.grad(), zeros({3}, kDouble)));
  // fill_ with a 0-dim tensor value differentiates into the value
  Tensor value = full({}, 2.0, kDouble).requires_grad_();
  Tensor z = leaf * 1;
  z.narrow(0, 0, 2).fill_(value);
  (z * tg::tensor({1.0, 2.0, 3.0}, kDouble)).sum().backward();
  BOOST_CHECK_CLOSE(value.grad().item<double>(), 3.0, 1e-12);
}

namespace {
/// LibTorch's mark_dirty example: multiplies its input in place by n.
struct ScaleInPlace : public Function<ScaleInPlace> {
  static variable_list forward(AutogradContext* ctx, int n, Variable var) {
    ctx->saved_data["n"] = n;
    var.mul_(n);
    ctx->mark_dirty({var});
    return {var};
  }
  static variable_list backward(AutogradContext* ctx, variable_list grad_output) {
    return {Variable(), grad_output[0] * ctx->saved_data["n"].toInt()};
  }
};
} // namespace

BOOST_AUTO_TEST_CASE(custom_function_marking_a_view_dirty_rewrites_the_base_history) {
  Tensor leaf = tg::tensor({1.0, 2.0, 3.0}, kDouble).requires_grad_();
  Tensor x = leaf * 1;
  ScaleInPlace::apply(3, x.narrow(0, 1, 2));
  BOOST_CHECK_EQUAL(x.grad_fn()->name(), "CopySlices");
  (x * tg::tensor({1.0, 10.0, 100.0}, kDouble)).sum().backward();
  BOOST_CHECK(allclose(leaf.grad(), tg::tensor({1.0, 30.0, 300.0}, kDouble)));
}

// ---------------------------------------------------------------------------- refusals
namespace {
/// Runs `write`, expects a tg::Error containing `part`, and checks nothing changed: values and
/// version of `watched`.
void expect_refused(const Tensor& watched, const std::function<void()>& write,
                    const std::string& part) {
  Tensor before = watched.detach().clone();
  const int64_t version = watched._version();
  const std::string msg = message_of(write);
  BOOST_CHECK_MESSAGE(contains(msg, part),
                      "expected an error containing '" << part << "', got '" << msg << "'");
  BOOST_CHECK(equal(watched.detach(), before));
  BOOST_CHECK_EQUAL(watched._version(), version);
}
} // namespace

BOOST_AUTO_TEST_CASE(inplace_on_a_view_of_a_leaf_is_refused) {
  Tensor w = ones({4}, kDouble).requires_grad_();
  expect_refused(
      w, [&] { w.narrow(0, 0, 2).mul_(2); },
      "a view of a leaf Variable that requires grad is being used in an in-place");
  // without grad mode it is how parameters are initialised
  {
    NoGradGuard no_grad;
    w.narrow(0, 0, 2).fill_(3);
  }
  BOOST_CHECK_EQUAL(w[0].item<double>(), 3.0);
}

BOOST_AUTO_TEST_CASE(inplace_on_one_of_several_views_is_refused_unless_in_no_grad) {
  Tensor x = ones({4, 2}, kDouble).requires_grad_() * 1;
  expect_refused(
      x, [&] { x.unbind(0)[1].mul_(2); },
      "Output 1 of UnbindBackward0 is a view and is being modified inplace");
  expect_refused(
      x, [&] { x.chunk(2, 0)[0].add_(1); },
      "Output 0 of SplitBackward0 is a view and is being modified inplace");
  expect_refused(
      x,
      [&] {
        x.split({1, 3}, 0)[1].zero_();
      },
      "Output 1 of SplitWithSizesBackward0 is a view");
  {
    NoGradGuard no_grad;
    x.chunk(2, 0)[1].fill_(7);
  }
  BOOST_CHECK_EQUAL(x[3][0].item<double>(), 7.0);
}

BOOST_AUTO_TEST_CASE(view_made_in_no_grad_mode_is_refused_in_grad_mode) {
  Tensor x = ones({4}, kDouble).requires_grad_() * 1;
  Tensor v;
  {
    NoGradGuard no_grad;
    v = x.narrow(0, 0, 2);
  }
  expect_refused(
      x, [&] { v.mul_(2); }, "A view was created in no_grad mode");
}

BOOST_AUTO_TEST_CASE(writing_into_an_expanded_tensor_is_refused) {
  Tensor x = zeros({1, 3}, kDouble);
  expect_refused(
      x,
      [&] {
        x.expand({4, 3}).add_(1);
      },
      "more than one element of the written-to tensor refers to a single memory");
}

BOOST_AUTO_TEST_CASE(saved_tensor_modified_through_an_alias_is_detected) {
  for (const std::string alias : {"detach", "data", "view"}) {
    Tensor leaf = tg::tensor({1.0, 2.0}, kDouble).requires_grad_();
    Tensor x = leaf * 1;
    Tensor y = x.exp(); // saves its result
    Tensor a = alias == "detach" ? y.detach() : alias == "data" ? y.data() : y.view({2});
    {
      NoGradGuard no_grad;
      a.mul_(2);
    }
    const std::string msg = message_of([&] { y.sum().backward(); });
    BOOST_CHECK_MESSAGE(contains(msg, "modified by an inplace operation"), alias << ": " << msg);
  }
}

// ---------------------------------------------------------------------------- derivatives
namespace {
/// leaf -> base -> view -> in-place -> (base, a view taken before the write, the written view).
variable_list through_a_written_view(const variable_list& in) {
  Tensor base = in[0] * in[0]; // a non-linear history, so second order sees something
  Tensor earlier = base.t().narrow(0, 1, 3);
  Tensor v = base.narrow(1, 1, 3).select(0, 1); // a view of a view
  v.mul_(in[1]);
  v.add_(in[1] * in[1]);
  base.diagonal().sigmoid_();
  return {base, earlier, v};
}
} // namespace

BOOST_AUTO_TEST_CASE(gradcheck_of_the_whole_function_through_written_views) {
  Tensor L = dvalues({4, 5}, 0.3).requires_grad_();
  Tensor O = dvalues({3}, 1.1).requires_grad_();
  BOOST_CHECK(gradcheck(through_a_written_view, {L, O}));
}

BOOST_AUTO_TEST_CASE(second_order_through_copy_slices) {
  Tensor L = dvalues({4, 5}, 0.3).requires_grad_();
  Tensor O = dvalues({3}, 1.1).requires_grad_();
  BOOST_CHECK(gradgradcheck(through_a_written_view, {L, O}));
  // and explicitly: create_graph through CopySlices gives a differentiable gradient
  Tensor x = L * L;
  x.narrow(0, 0, 2).mul_(O.sum());
  auto g = autograd::grad({x.sum()}, {L}, {}, true, true);
  BOOST_REQUIRE(g[0].requires_grad());
  g[0].sum().backward();
  BOOST_REQUIRE(O.grad().defined());
  // d/dO sum(d/dL sum(x)) = d/dO [2L * (1 + (s - 1) [row < 2])] summed = 2 sum(L[:2]) per element
  const double want = 2 * L.narrow(0, 0, 2).sum().item<double>();
  BOOST_CHECK(allclose(O.grad(), full({3}, want, kDouble)));
}

BOOST_AUTO_TEST_CASE(new_view_ops_pass_gradcheck) {
  Tensor x = dvalues({4, 5}, 0.2).requires_grad_();
  BOOST_CHECK(
      gradcheck([](const variable_list& in) { return variable_list{in[0].diagonal(1)}; }, {x}));
  BOOST_CHECK(
      gradcheck([](const variable_list& in) { return variable_list{in[0].unfold(1, 3, 1)}; }, {x}));
  BOOST_CHECK(gradcheck(
      [](const variable_list& in) {
        return variable_list{in[0].as_strided({3, 3}, {1, 2}, 2)};
      },
      {x}));
  BOOST_CHECK(gradgradcheck(
      [](const variable_list& in) { return variable_list{in[0].unfold(0, 2, 1)}; }, {x}));
}

// ---------------------------------------------------------------------------- make_grid
namespace {
/// Writes N images [C, H, W] into one padded grid [C, rows (H + pad) + pad, cols (W + pad) + pad],
/// as the GAN/VAE tutorials' make_grid does: narrowed views of the grid, copy_ into each.
Tensor make_grid(const Tensor& images, int64_t cols, int64_t pad) {
  const int64_t n = images.size(0), c = images.size(1), h = images.size(2), w = images.size(3);
  const int64_t rows = (n + cols - 1) / cols;
  Tensor grid = full({c, rows * (h + pad) + pad, cols * (w + pad) + pad}, 0.5, kDouble);
  for (int64_t k = 0; k < n; ++k) {
    const int64_t y = pad + (k / cols) * (h + pad), x = pad + (k % cols) * (w + pad);
    grid.narrow(1, y, h).narrow(2, x, w).copy_(images[k]);
  }
  return grid;
}
} // namespace

BOOST_AUTO_TEST_CASE(make_grid_writes_images_and_gradients_flow_back) {
  Tensor images = dvalues({5, 1, 3, 2}, 0.0).requires_grad_();
  Tensor grid = make_grid(images, 3, 1);
  BOOST_CHECK_EQUAL(grid.sizes(), IntArrayRef({1, 9, 10}));
  BOOST_CHECK(equal(grid.narrow(1, 5, 3).narrow(2, 4, 2), images[4][0].unsqueeze(0)));
  BOOST_CHECK_EQUAL(grid[0][0][0].item<double>(), 0.5); // padding untouched
  Tensor weights = dvalues({1, 9, 10}, 2.0);
  (grid * weights).sum().backward();
  // each image's gradient is the weights of the window it was written to
  for (int64_t k = 0; k < 5; ++k) {
    const int64_t y = 1 + (k / 3) * 4, x = 1 + (k % 3) * 3;
    BOOST_CHECK(allclose(images.grad()[k], weights.narrow(1, y, 3).narrow(2, x, 2)));
  }
  BOOST_CHECK(
      gradcheck([](const variable_list& in) { return variable_list{make_grid(in[0], 2, 1)}; },
                {images.detach().requires_grad_()}));
}

BOOST_AUTO_TEST_SUITE_END()
