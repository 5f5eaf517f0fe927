// Sums and means, extrema, statistics and softmax: gradient-check cases (full Jacobians for small outputs, random
// projections for big ones) and forward values checked against plain loops.
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <limits>
#include <vector>

#include "gradcheck_registry.h"

namespace tg::testing {
using autograd::variable_list;
using V = const variable_list&;

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();
/// A leaf from explicit values (for inputs with exact zeros).
Tensor leaf(std::vector<double> values, IntArrayRef shape) {
  return tensor(values, shape, dtype(kDouble)).requires_grad_(true);
}
} // namespace

// ---- reductions ----
TG_GRADCHECK_CASE({.name = "sum all and over dims",
                   .inputs = [] { return variable_list{input({2, 3, 4})}; },
                   .fn = [](V x) {
                     return variable_list{x[0].sum(), x[0].sum({0, 2}), x[0].sum(-1, true),
                                          x[0].sum(1)};
                   }});
TG_GRADCHECK_CASE({.name = "mean all and over dims",
                   .inputs = [] { return variable_list{input({3, 5})}; },
                   .fn = [](V x) {
                     return variable_list{x[0].mean(), x[0].mean(0), x[0].mean({1}, true)};
                   }});

// ---- max / min (distinct values: no ties, no kinks)
TG_GRADCHECK_CASE({.name = "max all",
                   .inputs = [] { return variable_list{distinct_input({3, 5})}; },
                   .fn = [](V x) { return variable_list{x[0].max()}; }});
TG_GRADCHECK_CASE({.name = "min all of a transposed view",
                   .inputs = [] { return variable_list{distinct_input({4, 3})}; },
                   .fn = [](V x) { return variable_list{x[0].t().min()}; }});
TG_GRADCHECK_CASE({.name = "max dim=1",
                   .inputs = [] { return variable_list{distinct_input({3, 5})}; },
                   .fn = [](V x) { return variable_list{std::get<0>(x[0].max(1))}; }});
TG_GRADCHECK_CASE({.name = "max dim=-3 keepdim",
                   .inputs = [] { return variable_list{distinct_input({4, 3, 2})}; },
                   .fn = [](V x) { return variable_list{std::get<0>(x[0].max(-3, true))}; }});
TG_GRADCHECK_CASE({.name = "min dim=0",
                   .inputs = [] { return variable_list{distinct_input({3, 5})}; },
                   .fn = [](V x) { return variable_list{std::get<0>(x[0].min(0))}; }});
TG_GRADCHECK_CASE({.name = "min dim=-1 keepdim of a permuted view",
                   .inputs = [] { return variable_list{distinct_input({2, 3, 4})}; },
                   .fn = [](V x) {
                     return variable_list{std::get<0>(x[0].permute({2, 0, 1}).min(-1, true))};
                   }});

// ---- prod
TG_GRADCHECK_CASE({.name = "prod",
                   .inputs = [] { return variable_list{input({3, 4}, 0.5, 1.5)}; },
                   .fn = [](V x) { return variable_list{x[0].prod()}; },
                   .second_order = true});
TG_GRADCHECK_CASE({.name = "prod negative values",
                   .inputs = [] { return variable_list{input({2, 3}, -1.5, -0.5)}; },
                   .fn = [](V x) { return variable_list{(x[0] * 1.5).prod()}; }});
TG_GRADCHECK_CASE({.name = "prod with one zero",
                   .inputs = [] {
                     return variable_list{leaf({1.3, -0.7, 0.0, 0.9, 1.1, -1.2}, {2, 3})};
                   },
                   .fn = [](V x) { return variable_list{x[0].prod()}; },
                   .second_order = true});
TG_GRADCHECK_CASE({.name = "prod with two zeros",
                   .inputs = [] { return variable_list{leaf({1.3, 0.0, 0.8, 0.0, 1.1}, {5})}; },
                   .fn = [](V x) { return variable_list{x[0].prod()}; }});

// ---- var / std
TG_GRADCHECK_CASE({.name = "var all",
                   .inputs = [] { return variable_list{input({3, 4})}; },
                   .fn = [](V x) { return variable_list{x[0].var()}; },
                   .second_order = true});
TG_GRADCHECK_CASE({.name = "var all biased",
                   .inputs = [] { return variable_list{input({5})}; },
                   .fn = [](V x) { return variable_list{x[0].var(false)}; }});
TG_GRADCHECK_CASE({.name = "var dim=1 keepdim",
                   .inputs = [] { return variable_list{input({3, 5})}; },
                   .fn = [](V x) { return variable_list{x[0].var({1}, true, true)}; }});
TG_GRADCHECK_CASE({.name = "var dims {0,-1} biased",
                   .inputs = [] { return variable_list{input({2, 3, 4})}; },
                   .fn = [](V x) { return variable_list{x[0].var({0, -1}, false, false)}; }});
TG_GRADCHECK_CASE({.name = "std all",
                   .inputs = [] { return variable_list{input({3, 4})}; },
                   .fn = [](V x) { return variable_list{x[0].std()}; },
                   .second_order = true});
TG_GRADCHECK_CASE({.name = "std dim=-1",
                   .inputs = [] { return variable_list{input({4, 5})}; },
                   .fn = [](V x) { return variable_list{x[0].std({-1}, true)}; }});
TG_GRADCHECK_CASE({.name = "std dims {0,2} biased keepdim",
                   .inputs = [] { return variable_list{input({3, 2, 4})}; },
                   .fn = [](V x) { return variable_list{x[0].std({0, 2}, false, true)}; }});

// ---- norm (offset inputs keep |x| away from 0 and from ties for p = 1 and inf)
TG_GRADCHECK_CASE({.name = "norm p=2",
                   .inputs = [] { return variable_list{input({3, 4})}; },
                   .fn = [](V x) { return variable_list{x[0].norm()}; }});
TG_GRADCHECK_CASE({.name = "norm p=1",
                   .inputs = [] { return variable_list{distinct_input({3, 4}, 0.1)}; },
                   .fn = [](V x) { return variable_list{(x[0] + 0.03).norm(1)}; }});
TG_GRADCHECK_CASE({.name = "norm p=inf",
                   .inputs = [] { return variable_list{distinct_input({3, 4}, 0.1)}; },
                   .fn = [](V x) { return variable_list{(x[0] + 0.03).norm(kInf)}; }});
TG_GRADCHECK_CASE({.name = "norm p=3",
                   .inputs = [] { return variable_list{input({2, 5})}; },
                   .fn = [](V x) { return variable_list{x[0].norm(3)}; }});
TG_GRADCHECK_CASE({.name = "norm p=2 of zeros is 0",
                   .inputs = [] { return variable_list{leaf({0.0, 0.0, 0.0, 0.0}, {2, 2})}; },
                   .fn = [](V x) { return variable_list{x[0].norm()}; }});
TG_GRADCHECK_CASE({.name = "norm default p dim=-1",
                   .inputs = [] { return variable_list{input({3, 5})}; },
                   .fn = [](V x) { return variable_list{x[0].norm(std::nullopt, {-1})}; },
                   .second_order = true});
TG_GRADCHECK_CASE({.name = "norm p=2 dim=1 with a zero row",
                   .inputs = [] {
                     return variable_list{leaf({0.5, -1.0, 2.0, 0.0, 0.0, 0.0}, {2, 3})};
                   },
                   .fn = [](V x) { return variable_list{x[0].norm(2, {1})}; }});
TG_GRADCHECK_CASE({.name = "norm p=3 dim=1 keepdim",
                   .inputs = [] { return variable_list{input({3, 4})}; },
                   .fn = [](V x) { return variable_list{x[0].norm(3, {1}, true)}; }});
TG_GRADCHECK_CASE({.name = "norm p=1.5 dims {0,2}",
                   .inputs = [] { return variable_list{input({2, 3, 4})}; },
                   .fn = [](V x) { return variable_list{x[0].norm(1.5, {0, 2})}; }});
TG_GRADCHECK_CASE({.name = "norm p=0.5 dim=-1",
                   .inputs = [] { return variable_list{input({2, 5}, 0.2, 1.0)}; },
                   .fn = [](V x) { return variable_list{x[0].norm(0.5, {-1})}; }});
TG_GRADCHECK_CASE({.name = "norm p=1 dim=0",
                   .inputs = [] { return variable_list{distinct_input({3, 4}, 0.1)}; },
                   .fn = [](V x) { return variable_list{(x[0] + 0.03).norm(1, {0})}; }});
TG_GRADCHECK_CASE({.name = "norm p=-inf dim=0 keepdim",
                   .inputs = [] { return variable_list{distinct_input({4, 3}, 0.1)}; },
                   .fn = [](V x) { return variable_list{(x[0] + 0.03).norm(-kInf, {0}, true)}; }});
TG_GRADCHECK_CASE({.name = "norm p=inf dim=-1",
                   .inputs = [] { return variable_list{distinct_input({3, 4}, 0.1)}; },
                   .fn = [](V x) { return variable_list{(x[0] + 0.03).norm(kInf, {-1})}; }});
TG_GRADCHECK_CASE({.name = "norm p=0 has zero gradient",
                   .inputs = [] { return variable_list{input({2, 3}, 0.2, 1)}; },
                   .fn = [](V x) { return variable_list{x[0].norm(0, {1}) + x[0].sum(1)}; }});

// ---- logsumexp
TG_GRADCHECK_CASE({.name = "logsumexp dim=1",
                   .inputs = [] { return variable_list{input({3, 5})}; },
                   .fn = [](V x) { return variable_list{x[0].logsumexp({1})}; },
                   .second_order = true});
TG_GRADCHECK_CASE({.name = "logsumexp dims {0,-1} keepdim",
                   .inputs = [] { return variable_list{input({2, 3, 4})}; },
                   .fn = [](V x) { return variable_list{x[0].logsumexp({0, -1}, true)}; }});
TG_GRADCHECK_CASE({.name = "logsumexp of large values",
                   .inputs = [] { return variable_list{input({4, 3})}; },
                   .fn = [](V x) { return variable_list{(x[0] * 30 + 500).logsumexp({-2})}; }});

// ---- cumsum
TG_GRADCHECK_CASE({.name = "cumsum dim=0",
                   .inputs = [] { return variable_list{input({4, 3})}; },
                   .fn = [](V x) { return variable_list{x[0].cumsum(0)}; },
                   .second_order = true});
TG_GRADCHECK_CASE({.name = "cumsum dim=-1",
                   .inputs = [] { return variable_list{input({2, 3, 5})}; },
                   .fn = [](V x) { return variable_list{x[0].cumsum(-1)}; }});
TG_GRADCHECK_CASE({.name = "cumsum dim=1 of a transposed view",
                   .inputs = [] { return variable_list{input({3, 4, 2})}; },
                   .fn = [](V x) { return variable_list{x[0].transpose(0, 2).cumsum(1)}; }});

// ---- softmax / log_softmax over every dim of a 3-D tensor (60 outputs: full Jacobians)
TG_GRADCHECK_CASE({.name = "softmax dim=0",
                   .inputs = [] { return variable_list{input({3, 4, 5}, -2, 2)}; },
                   .fn = [](V x) { return variable_list{x[0].softmax(0)}; }});
TG_GRADCHECK_CASE({.name = "softmax dim=1",
                   .inputs = [] { return variable_list{input({3, 4, 5}, -2, 2)}; },
                   .fn = [](V x) { return variable_list{x[0].softmax(1)}; },
                   .second_order = true});
TG_GRADCHECK_CASE({.name = "softmax dim=-1",
                   .inputs = [] { return variable_list{input({3, 4, 5}, -2, 2)}; },
                   .fn = [](V x) { return variable_list{x[0].softmax(-1)}; }});
TG_GRADCHECK_CASE({.name = "log_softmax dim=0",
                   .inputs = [] { return variable_list{input({3, 4, 5}, -2, 2)}; },
                   .fn = [](V x) { return variable_list{x[0].log_softmax(0)}; }});
TG_GRADCHECK_CASE({.name = "log_softmax dim=1",
                   .inputs = [] { return variable_list{input({3, 4, 5}, -2, 2)}; },
                   .fn = [](V x) { return variable_list{x[0].log_softmax(1)}; }});
TG_GRADCHECK_CASE({.name = "log_softmax dim=-1",
                   .inputs = [] { return variable_list{input({3, 4, 5}, -2, 2)}; },
                   .fn = [](V x) { return variable_list{x[0].log_softmax(-1)}; },
                   .second_order = true});
// 330 outputs: checked through random projections
TG_GRADCHECK_CASE({.name = "softmax dim=1 big",
                   .inputs = [] { return variable_list{input({5, 6, 11}, -3, 3)}; },
                   .fn = [](V x) { return variable_list{x[0].softmax(1)}; }});
TG_GRADCHECK_CASE({.name = "log_softmax dim=-1 big",
                   .inputs = [] { return variable_list{input({5, 6, 11}, -3, 3)}; },
                   .fn = [](V x) { return variable_list{x[0].log_softmax(-1)}; }});
TG_GRADCHECK_CASE({.name = "softmax of a transposed view, large offset",
                   .inputs = [] { return variable_list{input({4, 3, 2}, -2, 2)}; },
                   .fn = [](V x) {
                     return variable_list{(x[0] * 5 + 300).transpose(0, 2).softmax(1)};
                   }});
TG_GRADCHECK_CASE({.name = "log_softmax then softmax (second order)",
                   .inputs = [] { return variable_list{input({2, 7}, -2, 2)}; },
                   .fn = [](V x) { return variable_list{x[0].log_softmax(0).softmax(1)}; },
                   .second_order = true});

} // namespace tg::testing

// ---------------------------------------------------------------- forward values

namespace {
using namespace tg;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

std::vector<double> values_of(const Tensor& t) {
  Tensor c = t.to(kDouble).contiguous();
  const double* p = c.data_ptr<double>();
  return std::vector<double>(p, p + c.numel());
}
std::vector<int64_t> longs_of(const Tensor& t) {
  BOOST_REQUIRE(t.scalar_type() == kLong);
  Tensor c = t.contiguous();
  const int64_t* p = c.data_ptr<int64_t>();
  return std::vector<int64_t>(p, p + c.numel());
}
void check_close(const Tensor& got, const std::vector<double>& want, double tol) {
  std::vector<double> g = values_of(got);
  BOOST_REQUIRE_EQUAL(g.size(), want.size());
  for (size_t i = 0; i < g.size(); ++i)
    BOOST_TEST((g[i] == want[i] || std::abs(g[i] - want[i]) <= tol),
               "element " << i << ": " << g[i] << " vs " << want[i]);
}
/// Reference softmax over `dim` of a contiguous 3-D double tensor, by plain loops.
std::vector<double> loop_softmax(const Tensor& x, int64_t dim, bool log) {
  std::vector<double> v = values_of(x), out(v.size());
  int64_t s[3] = {x.size(0), x.size(1), x.size(2)};
  auto at = [&](int64_t i, int64_t j, int64_t k) { return size_t((i * s[1] + j) * s[2] + k); };
  for (int64_t i = 0; i < s[0]; ++i)
    for (int64_t j = 0; j < s[1]; ++j)
      for (int64_t k = 0; k < s[2]; ++k) {
        double denom = 0;
        for (int64_t r = 0; r < s[dim]; ++r) {
          int64_t idx[3] = {i, j, k};
          idx[dim] = r;
          denom += std::exp(v[at(idx[0], idx[1], idx[2])]);
        }
        double e = v[at(i, j, k)];
        out[at(i, j, k)] = log ? e - std::log(denom) : std::exp(e) / denom;
      }
  return out;
}
} // namespace

BOOST_AUTO_TEST_SUITE(extrema_softmax)

BOOST_AUTO_TEST_CASE(softmax_seed_example) {
  Tensor y = tensor({0.3, 2.9, 4.0}).softmax(0);
  BOOST_TEST(y.scalar_type() == kFloat);
  check_close(y, {0.01821127, 0.24519181, 0.73659691}, 1e-6);
}

BOOST_AUTO_TEST_CASE(softmax_of_large_values_stays_finite) {
  Tensor x = tensor({1010.0, 1000.0, 990.0});
  Tensor y = x.softmax(0), ly = x.log_softmax(0);
  double z = 1 + std::exp(-10.0) + std::exp(-20.0);
  check_close(y, {1 / z, std::exp(-10.0) / z, std::exp(-20.0) / z}, 1e-6);
  check_close(ly, {-std::log(z), -10 - std::log(z), -20 - std::log(z)}, 1e-4);
  check_close(tensor({-1010.0, -1000.0}).softmax(0), {std::exp(-10.0) / (1 + std::exp(-10.0)),
                                                      1 / (1 + std::exp(-10.0))}, 1e-6);
}

BOOST_AUTO_TEST_CASE(softmax_matches_loops_over_every_dim) {
  manual_seed(11);
  Tensor x = randn({3, 4, 5}, dtype(kDouble)) * 3;
  for (int64_t d = 0; d < 3; ++d) {
    check_close(x.softmax(d), loop_softmax(x, d, false), 1e-12);
    check_close(x.log_softmax(d - 3), loop_softmax(x, d, true), 1e-12);
    check_close(x.to(kFloat).softmax(d), loop_softmax(x, d, false), 1e-6);
  }
  // A non-contiguous input gives the same as its contiguous copy.
  Tensor t = randn({5, 4, 3}, dtype(kDouble)).transpose(0, 2);
  check_close(t.softmax(1), loop_softmax(t.contiguous(), 1, false), 1e-12);
}

BOOST_AUTO_TEST_CASE(softmax_big_tensor_runs_in_parallel_and_sums_to_one) {
  manual_seed(12);
  Tensor x = randn({96, 1000}) * 4;
  for (int64_t d : {0, 1}) {
    Tensor y = x.softmax(d);
    Tensor want = (x - std::get<0>(x.max(d, true))).exp();
    want = want / want.sum(d, true);
    BOOST_TEST(y.allclose(want, 1e-5, 1e-7));
    BOOST_TEST(y.sum(d).allclose(ones({x.size(1 - d)}), 1e-5, 1e-5));
    BOOST_TEST(x.log_softmax(d).allclose(want.log(), 1e-4, 1e-5));
  }
}

BOOST_AUTO_TEST_CASE(softmax_dtypes_and_errors) {
  BOOST_TEST(tensor({1, 2, 3}).softmax(0).scalar_type() == kFloat); // integer -> default float
  Tensor y = tensor({1.f, 2.f}).softmax(0, kDouble);
  BOOST_TEST(y.scalar_type() == kDouble);
  check_close(y, {1 / (1 + std::exp(1.0)), 1 / (1 + std::exp(-1.0))}, 1e-12);
  BOOST_CHECK_THROW(tensor({1.f, 2.f}).softmax(1), tg::Error);
  BOOST_CHECK_THROW(tensor({1.f, 2.f}).softmax(0, kLong), tg::Error);
  check_close(tensor(3.0).softmax(0), {1.0}, 0);
  // gradients flow back through the dtype conversion in the input's dtype
  Tensor x = tensor({0.5f, -1.f, 2.f}).requires_grad_(true);
  (x.log_softmax(0, kDouble) * tensor({1.0, 0.0, 0.0})).sum().backward();
  BOOST_TEST(x.grad().scalar_type() == kFloat);
  std::vector<double> p = values_of(x.softmax(0));
  check_close(x.grad(), {1 - p[0], -p[1], -p[2]}, 1e-6);
}

BOOST_AUTO_TEST_CASE(max_min_and_arg_with_ties_return_the_first_index) {
  Tensor x = tensor({1, 5, 3, 5, 1});
  BOOST_TEST(x.max().item<int64_t>() == 5);
  BOOST_TEST(x.min().item<int64_t>() == 1);
  BOOST_TEST(x.argmax().item<int64_t>() == 1);
  BOOST_TEST(x.argmin().item<int64_t>() == 0);
  auto [v, i] = x.max(0);
  BOOST_TEST(v.item<int64_t>() == 5);
  BOOST_TEST(i.item<int64_t>() == 1);
  Tensor m = tensor({{2.0, 7.0, 7.0}, {4.0, 4.0, 1.0}});
  auto [mv, mi] = m.max(1);
  check_close(mv, {7, 4}, 0);
  BOOST_TEST(longs_of(mi) == std::vector<int64_t>({1, 0}));
  auto [nv, ni] = m.min(0, true);
  BOOST_TEST(nv.sizes() == IntArrayRef({1, 3}));
  check_close(nv, {2, 4, 1}, 0);
  BOOST_TEST(longs_of(ni) == std::vector<int64_t>({0, 1, 1}));
  BOOST_TEST(m.argmax().item<int64_t>() == 1); // over the flattened tensor
  BOOST_TEST(m.argmax(std::nullopt, true).sizes() == IntArrayRef({1, 1}));
  BOOST_TEST(longs_of(m.argmin(-1)) == std::vector<int64_t>({0, 2}));
  BOOST_TEST(m.argmax(0, true).sizes() == IntArrayRef({1, 3}));
  BOOST_TEST(tensor({true, false}).max().item<bool>());
}

BOOST_AUTO_TEST_CASE(max_min_propagate_nan_and_reject_empty) {
  Tensor x = tensor({1.0, kNaN, 3.0, kNaN});
  BOOST_TEST(std::isnan(x.max().item<double>()));
  BOOST_TEST(std::isnan(x.min().item<double>()));
  BOOST_TEST(x.argmax().item<int64_t>() == 1);
  BOOST_TEST(x.argmin().item<int64_t>() == 1);
  BOOST_TEST(std::get<1>(x.max(0)).item<int64_t>() == 1);
  BOOST_CHECK_THROW(empty({0}).max(), tg::Error);
  BOOST_CHECK_THROW(empty({0, 3}).max(0), tg::Error);
  BOOST_TEST(std::get<0>(empty({0, 3}).max(1)).sizes() == IntArrayRef({0}));
  BOOST_CHECK_THROW(empty({0}).argmax(), tg::Error);
  BOOST_CHECK_THROW(tensor({true}).argmax(), tg::Error);
  BOOST_CHECK_THROW(ones({2, 3}).max(2), tg::Error);
}

BOOST_AUTO_TEST_CASE(max_min_match_loops_on_big_tensors) {
  manual_seed(13);
  Tensor x = randn({70, 1100}, dtype(kDouble));
  std::vector<double> v = values_of(x);
  for (int64_t d : {0, 1}) {
    auto [mv, mi] = x.max(d);
    std::vector<double> got = values_of(mv);
    std::vector<int64_t> idx = longs_of(mi);
    int64_t n = x.size(1 - d), r = x.size(d);
    for (int64_t j = 0; j < n; ++j) {
      double best = -kInf;
      int64_t at = -1;
      for (int64_t k = 0; k < r; ++k) {
        double e = d == 0 ? v[size_t(k * 1100 + j)] : v[size_t(j * 1100 + k)];
        if (e > best) best = e, at = k;
      }
      BOOST_TEST(got[size_t(j)] == best);
      BOOST_TEST(idx[size_t(j)] == at);
    }
  }
  // One long row, scanned in parallel chunks: a later tie must not win.
  std::vector<float> big(200000, 0.0f);
  big[150000] = big[190000] = 3.0f;
  big[70000] = -2.0f;
  Tensor flat = tensor(big, {200000});
  BOOST_TEST(flat.argmax().item<int64_t>() == 150000);
  BOOST_TEST(flat.argmin().item<int64_t>() == 70000);
  BOOST_TEST(flat.max().item<float>() == 3.0f);
}

BOOST_AUTO_TEST_CASE(max_gradient_is_shared_by_ties_and_scattered_by_index) {
  Tensor x = tensor({1.0, 3.0, 3.0}).requires_grad_(true);
  x.max().backward();
  check_close(x.grad(), {0, 0.5, 0.5}, 0);
  BOOST_TEST(x.max().grad_fn()->name() == "MaxBackward1");
  Tensor m = tensor({{2.0, 7.0, 5.0}, {4.0, 1.0, 6.0}}).requires_grad_(true);
  auto [v, i] = m.max(1);
  BOOST_TEST(v.grad_fn()->name() == "MaxBackward0");
  BOOST_TEST(!i.requires_grad());
  (v * tensor({10.0, 20.0})).sum().backward();
  check_close(m.grad(), {0, 10, 0, 0, 0, 20}, 0);
  BOOST_TEST(!m.argmax().requires_grad());
}

BOOST_AUTO_TEST_CASE(prod_values_and_zero_gradients) {
  BOOST_TEST(tensor({2, 3, 4}).prod().item<int64_t>() == 24);
  BOOST_TEST(tensor({2, 3, 4}).prod().scalar_type() == kLong);
  BOOST_TEST(tensor({true, true}).prod().scalar_type() == kLong);
  BOOST_TEST(tensor({2, 3}).prod(kDouble).item<double>() == 6.0);
  Tensor x = tensor({2.0, 0.0, 3.0}).requires_grad_(true);
  x.prod().backward();
  check_close(x.grad(), {0, 6, 0}, 0);
  Tensor y = tensor({2.0, 0.0, 0.0}).requires_grad_(true);
  y.prod().backward();
  check_close(y.grad(), {0, 0, 0}, 0);
  BOOST_TEST(y.prod().grad_fn()->name() == "ProdBackward0");
}

BOOST_AUTO_TEST_CASE(var_std_match_loops) {
  manual_seed(14);
  Tensor x = randn({4, 5}, dtype(kDouble));
  std::vector<double> v = values_of(x);
  std::vector<double> var_rows, std_rows_biased;
  for (int r = 0; r < 4; ++r) {
    double mean = 0;
    for (int c = 0; c < 5; ++c) mean += v[size_t(r * 5 + c)] / 5;
    double ss = 0;
    for (int c = 0; c < 5; ++c) ss += (v[size_t(r * 5 + c)] - mean) * (v[size_t(r * 5 + c)] - mean);
    var_rows.push_back(ss / 4);
    std_rows_biased.push_back(std::sqrt(ss / 5));
  }
  check_close(x.var({1}, true), var_rows, 1e-12);
  check_close(x.std({-1}, false, true), std_rows_biased, 1e-12);
  BOOST_TEST(x.std({-1}, false, true).sizes() == IntArrayRef({4, 1}));
  double mean = 0, ss = 0;
  for (double e : v) mean += e / 20;
  for (double e : v) ss += (e - mean) * (e - mean);
  check_close(x.var(), {ss / 19}, 1e-12);
  check_close(x.std(false), {std::sqrt(ss / 20)}, 1e-12);
  check_close(x.var({0, 1}), {ss / 19}, 1e-12);
  check_close(tensor({1.f, 2.f, 3.f, 4.f}).var(), {5.0 / 3}, 1e-6);
  BOOST_TEST(std::isnan(tensor({2.0}).var().item<double>())); // one sample, unbiased
  BOOST_CHECK_THROW(tensor({1, 2}).var(), tg::Error);
  BOOST_CHECK_THROW(x.var({0, 0}), tg::Error);
}

BOOST_AUTO_TEST_CASE(norm_values_and_gradient_at_zero) {
  Tensor x = tensor({3.0, -4.0}, dtype(kDouble));
  check_close(x.norm(), {5}, 1e-12);
  check_close(x.norm(1), {7}, 1e-12);
  check_close(x.norm(kInf), {4}, 0);
  check_close(x.norm(-kInf), {3}, 0);
  check_close(x.norm(0), {2}, 0);
  check_close(x.norm(3), {std::cbrt(27.0 + 64.0)}, 1e-12);
  Tensor m = tensor({{1.0, 2.0, 2.0}, {0.0, 3.0, 4.0}}, dtype(kDouble));
  check_close(m.norm(std::nullopt, {1}), {3, 5}, 1e-12);
  check_close(m.norm(1, {0}, true), {1, 5, 6}, 0);
  BOOST_TEST(m.norm(1, {0}, true).sizes() == IntArrayRef({1, 3}));
  BOOST_TEST(tensor({1.f, 2.f}).norm().scalar_type() == kFloat);
  BOOST_CHECK_THROW(tensor({1, 2}).norm(), tg::Error);
  Tensor z = zeros({2, 3}, dtype(kDouble)).requires_grad_(true);
  z.norm().backward();
  check_close(z.grad(), {0, 0, 0, 0, 0, 0}, 0);
  Tensor z2 = zeros({2, 3}, dtype(kDouble)).requires_grad_(true);
  z2.norm(2, {1}).sum().backward();
  check_close(z2.grad(), {0, 0, 0, 0, 0, 0}, 0);
  BOOST_TEST(z2.norm(2, {1}).grad_fn()->name() == "NormBackward1");
  BOOST_TEST(z2.norm().grad_fn()->name() == "NormBackward0");
}

BOOST_AUTO_TEST_CASE(logsumexp_is_stable) {
  check_close(tensor({1000.0, 1000.0}, dtype(kDouble)).logsumexp({0}), {1000 + std::log(2.0)}, 1e-9);
  check_close(tensor({-kInf, -kInf}).logsumexp({0}), {-kInf}, 0);
  Tensor m = tensor({{0.5, -1.0, 2.0}, {3.0, 0.0, 1.0}}, dtype(kDouble));
  check_close(m.logsumexp({1}), {std::log(std::exp(0.5) + std::exp(-1.0) + std::exp(2.0)),
                                 std::log(std::exp(3.0) + 1 + std::exp(1.0))}, 1e-12);
  BOOST_TEST(m.logsumexp({-2}, true).sizes() == IntArrayRef({1, 3}));
  BOOST_TEST(tensor({1, 2}).logsumexp({0}).scalar_type() == kFloat);
}

BOOST_AUTO_TEST_CASE(cumsum_values_and_gradient) {
  Tensor c = tensor({1, 2, 3, 4}).cumsum(0);
  BOOST_TEST(c.scalar_type() == kLong);
  BOOST_TEST(longs_of(c) == std::vector<int64_t>({1, 3, 6, 10}));
  BOOST_TEST(longs_of(tensor({true, false, true}).cumsum(0)) == std::vector<int64_t>({1, 1, 2}));
  Tensor m = tensor({{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}});
  check_close(m.cumsum(0), {1, 2, 3, 5, 7, 9}, 0);
  check_close(m.cumsum(-1), {1, 3, 6, 4, 9, 15}, 0);
  BOOST_TEST(tensor({1.5f, 2.f}).cumsum(0, kDouble).scalar_type() == kDouble);
  Tensor x = tensor({1.0, 2.0, 3.0, 4.0}).requires_grad_(true);
  x.cumsum(0).sum().backward();
  check_close(x.grad(), {4, 3, 2, 1}, 0);
  // big enough for the parallel path: compare with the sum of each prefix
  Tensor b = ones({40, 1000}, dtype(kDouble));
  check_close(b.cumsum(1).select(1, 999), std::vector<double>(40, 1000.0), 0);
  check_close(b.cumsum(0).select(0, 39), std::vector<double>(1000, 40.0), 0);
  BOOST_CHECK_THROW(m.cumsum(2), tg::Error);
}

BOOST_AUTO_TEST_CASE(zero_dim_inputs_accept_dim_0) {
  Tensor s = tensor(2.5, dtype(kDouble)).requires_grad_(true);
  check_close(s.cumsum(0), {2.5}, 0);
  check_close(s.logsumexp({0}), {2.5}, 0);
  check_close(std::get<0>(s.max(0)), {2.5}, 0);
  BOOST_TEST(std::get<1>(s.min(-1)).item<int64_t>() == 0);
  BOOST_TEST(s.argmax(0).item<int64_t>() == 0);
  (s.softmax(0) + s.log_softmax(-1) + s.cumsum(0) + std::get<0>(s.max(0))).backward();
  check_close(s.grad(), {2.0}, 1e-12);
}

BOOST_AUTO_TEST_SUITE_END()
