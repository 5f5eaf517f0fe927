// Numbers and names a ported LibTorch program prints: seeded random draws and grad_fn names, as
// LibTorch 1.13.1 (Debian's libtorch, x86-64) printed them for the same calls.
#include <boost/test/unit_test.hpp>

#include <tapegrad/tapegrad.h>

#include <cmath>
#include <vector>

namespace {
// `expected` is what LibTorch printed (4 decimals), so the tolerance is absolute.
void check_values(const tg::Tensor& t, const std::vector<double>& expected, double tol = 6e-5) {
  BOOST_REQUIRE_EQUAL(t.numel(), int64_t(expected.size()));
  tg::Tensor flat = t.to(tg::kDouble).contiguous().view({-1});
  for (size_t i = 0; i < expected.size(); ++i)
    BOOST_TEST(std::abs(flat[int64_t(i)].item<double>() - expected[i]) <= tol,
               "element " << i << ": " << flat[int64_t(i)].item<double>() << " vs " << expected[i]);
}
void check_exact(const tg::Tensor& t, const std::vector<int64_t>& expected) {
  BOOST_REQUIRE_EQUAL(t.numel(), int64_t(expected.size()));
  tg::Tensor flat = t.to(tg::kLong).contiguous().view({-1});
  for (size_t i = 0; i < expected.size(); ++i) BOOST_TEST(flat[int64_t(i)].item<int64_t>() == expected[i]);
}
} // namespace

BOOST_AUTO_TEST_SUITE(libtorch_parity)

// After manual_seed(1) every sampler draws what LibTorch's CPU generator draws, call after call:
// the one-by-one Box-Muller path (< 16 values, with its cached second value), the 16-at-a-time
// path, float and double uniforms, randint, randperm, bernoulli, dropout and Linear's init.
BOOST_AUTO_TEST_CASE(seeded_draws_match_libtorch) {
  tg::manual_seed(1);
  check_values(tg::randn({3}), {0.6614, 0.2669, 0.0617});
  check_values(tg::randn({20}), {-1.1660, -1.0748, 1.3168, -0.6818, 0.1394, -1.5785, -0.3206,
                                 -0.2993, 1.8793, -0.0721, 0.1578, -0.7735, -0.0561, 0.9107,
                                 -1.3924, 2.6891, -0.1110, 0.2927, -0.1578, -0.0288});
  check_values(tg::randn({3}, tg::kDouble), {0.6213, 1.5987, -1.2770});
  check_values(tg::randn({17}, tg::kDouble),
               {0.0941, -0.2241, -0.4792, -0.0352, -0.8777, 0.4378, -0.0925, -0.2003, 0.2531,
                0.7122, -0.7936, 1.0830, 0.5238, -0.6942, -1.8018, 0.8581, -0.9169});
  check_values(tg::rand({3}), {0.5625, 0.8731, 0.8622});
  check_values(tg::rand({2}, tg::kDouble), {0.4850, 0.1196});
  check_exact(tg::randint(10, {5}), {1, 9, 7, 9, 9});
  check_exact(tg::randperm(10), {3, 6, 2, 1, 7, 0, 5, 4, 8, 9});
  check_exact(tg::empty({6}).bernoulli_(0.3), {0, 1, 0, 0, 0, 1});
  check_exact(tg::bernoulli(tg::full({5}, 0.5)), {0, 0, 0, 1, 0});
  check_exact(tg::dropout(tg::ones({8}), 0.5, true), {0, 2, 0, 0, 2, 2, 0, 0});
  check_values(tg::normal(2.0, 3.0, {3}), {3.9776, -2.7892, 0.8694});
  check_values(tg::empty({4}).uniform_(-2, 3), {2.2051, 0.5796, -1.2295, 2.4538});
  tg::nn::Linear fc(4, 3);
  check_values(fc->weight, {-0.1250, -0.0404, -0.4307, -0.0988, -0.3225, 0.4595, -0.4323,
                            -0.3897, -0.0170, -0.2704, 0.1789, -0.1925});
  check_values(fc->bias, {-0.2348, 0.0283, 0.3619});
}

// exponential_ and multinomial (without replacement by the exponential race, with replacement by
// binary search in the cumulative distribution) draw what LibTorch 1.13 draws after manual_seed(0).
BOOST_AUTO_TEST_CASE(exponential_and_multinomial_match_libtorch) {
  tg::manual_seed(0);
  check_values(tg::empty({4}, tg::kDouble).exponential_(), {3.5083, 1.2304, 0.6150, 2.5351});
  tg::manual_seed(0);
  check_values(tg::empty({4}).exponential_(), {3.5083, 1.2304, 0.6150, 2.5351});
  tg::manual_seed(0);
  tg::Tensor p = tg::tensor({0.1, 0.2, 0.3, 0.4});
  check_exact(p.multinomial(1), {2});
  check_exact(p.multinomial(2), {2, 3});
  check_exact(p.multinomial(5, true), {2, 1, 2, 1, 2});
  tg::Tensor rows = tg::tensor({{0.5f, 0.5f}, {0.9f, 0.1f}}).multinomial(3, true);
  BOOST_TEST(rows.sizes().vec() == std::vector<int64_t>({2, 3}));
  check_exact(rows, {1, 0, 0, 0, 0, 0});
  BOOST_CHECK_THROW(tg::tensor({0.0, 0.0}).multinomial(1), tg::Error);
  BOOST_CHECK_THROW(tg::tensor({-1.0, 2.0}).multinomial(1), tg::Error);
  BOOST_CHECK_THROW(tg::tensor({1.0, 1.0}).multinomial(3), tg::Error);
}

// manual_seed also drops the cached second Box-Muller value, so a reseed replays exactly.
BOOST_AUTO_TEST_CASE(reseeding_replays_the_stream) {
  tg::manual_seed(5);
  tg::Tensor a = tg::randn({3});
  tg::manual_seed(5);
  tg::Tensor b = tg::randn({3});
  BOOST_TEST(tg::equal(a, b));
}

// LibTorch's linear on a batch of vectors with a bias is one addmm (recorded with torch 1.13:
// AddmmBackward0 with edges to the bias's AccumulateGrad, nothing for the input, TBackward0).
BOOST_AUTO_TEST_CASE(linear_records_addmm_as_libtorch_does) {
  tg::Tensor x = tg::randn({3, 4});
  tg::Tensor w = tg::randn({2, 4}, tg::requires_grad()), b = tg::randn({2}, tg::requires_grad());
  tg::Tensor y = tg::linear(x, w, b);
  BOOST_TEST(y.grad_fn()->name() == "AddmmBackward0");
  const auto& edges = y.grad_fn()->next_edges();
  BOOST_REQUIRE_EQUAL(edges.size(), 3u);
  BOOST_TEST(edges[0].function->name() == "AccumulateGrad");
  BOOST_TEST(!edges[1].is_valid());
  BOOST_TEST(edges[2].function->name() == "TBackward0");
  BOOST_TEST(tg::allclose(y, x.mm(w.t()) + b, 1e-6, 1e-6));
}

// LibTorch names the node of a Tensor-Scalar op after its Scalar overload.
BOOST_AUTO_TEST_CASE(grad_fn_names_of_scalar_overloads) {
  auto x = tg::rand({3}, tg::requires_grad());
  auto name = [](const tg::Tensor& t) { return t.grad_fn()->name(); };
  BOOST_TEST(name(x + 2) == "AddBackward1");
  BOOST_TEST(name(2 + x) == "AddBackward1");
  BOOST_TEST(name(x + x) == "AddBackward0");
  BOOST_TEST(name(x - 1) == "SubBackward1");
  BOOST_TEST(name(1 - x) == "SubBackward0");
  BOOST_TEST(name(tg::rsub(x, 1)) == "RsubBackward1");
  BOOST_TEST(name(2 / x) == "DivBackward0");
  BOOST_TEST(name(x - x) == "SubBackward0");
  BOOST_TEST(name(x * 3) == "MulBackward1");
  BOOST_TEST(name(x * x) == "MulBackward0");
  BOOST_TEST(name(x / 2) == "DivBackward1");
  BOOST_TEST(name(x / x) == "DivBackward0");
  BOOST_TEST(name(tg::pow(x, 2)) == "PowBackward0");
  BOOST_TEST(name(x.pow(x)) == "PowBackward1");
  BOOST_TEST(name(tg::pow(2, x)) == "PowBackward2");
  BOOST_TEST(name(x.clamp(0, 1)) == "ClampBackward1");
  BOOST_TEST(name(x.clamp_min(0.5)) == "ClampMinBackward0");
  BOOST_TEST(name(x.clamp_max(0.5)) == "ClampMaxBackward0");
  BOOST_TEST(name(x.unsqueeze(0).t()) == "TBackward0");
  BOOST_TEST(name(x.unsqueeze(0).transpose(0, 1)) == "TransposeBackward0");
}

BOOST_AUTO_TEST_SUITE_END()
