// Gradient checks and forward-value tests for pooling: max_pool2d (with indices, and its
// branch-free 2x2 fast path against a plain loop), avg_pool2d and adaptive_avg_pool2d. The pools
// are checked to second order too: their backwards are recorded ops of their own. The pools are
// linear, so their second-order cases square the output: that makes the gradient flowing into the
// pool's backward depend on the input, which records (and checks) the backward-of-backward.
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <limits>
#include <vector>

#include "gradcheck_registry.h"

namespace tg::testing {
using autograd::variable_list;
using V = const variable_list&;

// ---- max pooling ----
TG_GRADCHECK_CASE({.name = "max_pool2d kernel 2",
                   .inputs = [] {
                     return variable_list{distinct_input({2, 3, 7, 6})};
                   },
                   .fn = [](V x) { return variable_list{max_pool2d(x[0], 2)}; }});
TG_GRADCHECK_CASE({.name = "max_pool2d kernel 3 stride 2 padding 1 ceil_mode, squared",
                   .inputs = [] {
                     return variable_list{distinct_input({2, 2, 7, 6})};
                   },
                   .fn = [](V x) {
                     return variable_list{max_pool2d(x[0], 3, 2, 1, 1, true).square()};
                   },
                   .second_order = true});
TG_GRADCHECK_CASE({.name = "max_pool2d non-square stride (2,1) dilation (1,2) unbatched",
                   .inputs = [] {
                     return variable_list{distinct_input({3, 7, 8})};
                   },
                   .fn = [](V x) {
                     return variable_list{max_pool2d(x[0], {3, 2}, {2, 1}, {1, 0}, {1, 2})};
                   }});
TG_GRADCHECK_CASE({.name = "max_pool2d_with_indices overlapping windows",
                   .inputs = [] {
                     return variable_list{distinct_input({1, 2, 5, 6})};
                   },
                   .fn = [](V x) {
                     return variable_list{std::get<0>(max_pool2d_with_indices(x[0], 3, 1))};
                   }});

// ---- average pooling ----
TG_GRADCHECK_CASE({.name = "avg_pool2d kernel 3 stride 2 padding 1, squared",
                   .inputs = [] {
                     return variable_list{input({2, 3, 7, 6})};
                   },
                   .fn = [](V x) { return variable_list{avg_pool2d(x[0], 3, 2, 1).square()}; },
                   .second_order = true});
TG_GRADCHECK_CASE({.name = "avg_pool2d count_include_pad false ceil_mode non-square",
                   .inputs = [] {
                     return variable_list{input({2, 2, 7, 6})};
                   },
                   .fn = [](V x) {
                     return variable_list{avg_pool2d(x[0], {3, 2}, {2, 2}, {1, 1}, true, false)};
                   }});
TG_GRADCHECK_CASE({.name = "avg_pool2d divisor_override unbatched",
                   .inputs = [] {
                     return variable_list{input({3, 5, 6})};
                   },
                   .fn = [](V x) {
                     return variable_list{avg_pool2d(x[0], 2, 1, 0, false, true, 3)};
                   }});
TG_GRADCHECK_CASE({.name = "adaptive_avg_pool2d non-divisible, squared",
                   .inputs = [] {
                     return variable_list{input({2, 3, 7, 6})};
                   },
                   .fn = [](V x) {
                     return variable_list{adaptive_avg_pool2d(x[0], {3, 4}).square()};
                   },
                   .second_order = true});
TG_GRADCHECK_CASE({.name = "adaptive_avg_pool2d upsampling and global",
                   .inputs = [] {
                     return variable_list{input({3, 4, 5})};
                   },
                   .fn = [](V x) {
                     return variable_list{adaptive_avg_pool2d(x[0], {5, 7}), adaptive_avg_pool2d(x[0], {1, 1})};
                   }});

BOOST_AUTO_TEST_SUITE(pool)

BOOST_AUTO_TEST_CASE(max_pool2d_values_and_indices) {
  Tensor x =
      tensor({1.f, 5.f, 2.f, 0.f, 3.f, 4.f, 9.f, 8.f, 7.f, 6.f, 0.f, 1.f, 2.f, 8.f, 3.f, 5.f})
          .view({1, 1, 4, 4});
  auto [v, i] = max_pool2d_with_indices(x, 2);
  BOOST_TEST(v.equal(tensor({5.f, 9.f, 8.f, 5.f}).view({1, 1, 2, 2})));
  BOOST_TEST(i.scalar_type() == kLong);
  BOOST_TEST(
      i.equal(tensor({int64_t(1), int64_t(6), int64_t(13), int64_t(15)}).view({1, 1, 2, 2})));
  BOOST_TEST(max_pool2d(x, 2).equal(v));
  // ceil_mode with padding (values checked against LibTorch 1.13)
  Tensor a = arange(25, dtype(kFloat)).view({1, 5, 5});
  auto [v2, i2] = max_pool2d_with_indices(a, 2, 2, 1, 1, true);
  Tensor want = tensor({0.f, 2.f, 4.f, 10.f, 12.f, 14.f, 20.f, 22.f, 24.f}).view({1, 3, 3});
  BOOST_TEST(v2.equal(want));
  BOOST_TEST(i2.equal(want.to(kLong)));
  // the ceil-mode rule: a last window starting past the input is dropped (4 -> 2 not 3 with k2 s3)
  BOOST_TEST(max_pool2d(zeros({1, 4, 4}), 2, 3, 0, 1, true).sizes() == IntArrayRef({1, 2, 2}));
  BOOST_TEST(max_pool2d(zeros({1, 5, 5}), 2, 3, 0, 1, true).sizes() == IntArrayRef({1, 2, 2}));
  BOOST_TEST(max_pool2d(zeros({1, 6, 6}), 2, 3, 0, 1, true).sizes() == IntArrayRef({1, 2, 2}));
  BOOST_TEST(max_pool2d(zeros({1, 6, 6}), 2, 3, 0, 1, false).sizes() == IntArrayRef({1, 2, 2}));
  BOOST_TEST(max_pool2d(zeros({1, 7, 7}), 2, 3, 0, 1, true).sizes() == IntArrayRef({1, 3, 3}));
  // gradient goes to the argmax only
  Tensor g = x.clone().requires_grad_();
  max_pool2d(g, 2).sum().backward();
  Tensor gw = zeros({16});
  for (int64_t k : {1, 6, 13, 15}) gw[k] = 1.f;
  BOOST_TEST(g.grad().equal(gw.view({1, 1, 4, 4})));
}

// The 2x2 / stride 2 window has a branch-free fast path; it must agree with a plain loop on ties
// (the first maximum wins), on odd sizes (the last row and column are dropped), in both dtypes.
BOOST_AUTO_TEST_CASE(max_pool2d_two_by_two_matches_a_plain_loop) {
  manual_seed(5);
  for (ScalarType t : {kFloat, kDouble}) {
    // few distinct values, so most windows hold ties
    Tensor x = randint(0, 3, {3, 4, 7, 9}, dtype(t));
    auto [v, i] = max_pool2d_with_indices(x, 2);
    BOOST_TEST(v.sizes() == IntArrayRef({3, 4, 3, 4}));
    Tensor xd = x.to(kDouble);
    for (int64_t n = 0; n < 3; ++n)
      for (int64_t c = 0; c < 4; ++c)
        for (int64_t oh = 0; oh < 3; ++oh)
          for (int64_t ow = 0; ow < 4; ++ow) {
            double best = -1;
            int64_t at = -1;
            for (int64_t dh = 0; dh < 2; ++dh)
              for (int64_t dw = 0; dw < 2; ++dw) {
                const int64_t h = 2 * oh + dh, w = 2 * ow + dw;
                const double val = xd[n][c][h][w].item<double>();
                if (val > best) best = val, at = h * 9 + w;
              }
            BOOST_TEST(v.to(kDouble)[n][c][oh][ow].item<double>() == best);
            BOOST_TEST(i[n][c][oh][ow].item<int64_t>() == at);
          }
  }
}

// A NaN anywhere in a window wins (the last NaN's index, as LibTorch's CPU kernel gives), also on
// the 2x2 fast path; other windows of the same plane are unaffected.
BOOST_AUTO_TEST_CASE(max_pool2d_two_by_two_nan_wins) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  Tensor x = tensor({1.f, nan, 5.f, 6.f, 3.f, nan, 7.f, 2.f}).view({1, 1, 2, 4});
  auto [v, i] = max_pool2d_with_indices(x, 2);
  BOOST_TEST(std::isnan(v[0][0][0][0].item<float>()));
  BOOST_TEST(i[0][0][0][0].item<int64_t>() == 5);
  BOOST_TEST(v[0][0][0][1].item<float>() == 7.f);
  BOOST_TEST(i[0][0][0][1].item<int64_t>() == 6);
}

BOOST_AUTO_TEST_CASE(pool_errors) {
  Tensor x = zeros({1, 1, 4, 4});
  BOOST_TEST(throws_with([&] { max_pool2d(x, 3, 1, 2); }, "pad should be at most half of kernel"));
  BOOST_TEST(throws_with([&] { max_pool2d(x, 5); }, "Output size is too small"));
  BOOST_TEST(throws_with([&] { max_pool2d(zeros({4, 4}), 2); }, "3-D or 4-D"));
  BOOST_TEST(throws_with([&] { max_pool2d(x, {2, 2, 2}); }, "kernel_size"));
  BOOST_TEST(throws_with([&] { max_pool2d(x.to(kLong), 2); }, "not implemented for 'Long'"));
  BOOST_TEST(
      throws_with([&] { avg_pool2d(x, 2, 2, 0, false, true, 0); }, "divisor must be not zero"));
  BOOST_TEST(throws_with([&] { adaptive_avg_pool2d(x, {2}); }, "output_size must be 2"));
}

BOOST_AUTO_TEST_CASE(avg_pool2d_values) {
  // values checked against LibTorch 1.13
  Tensor a = arange(25, dtype(kFloat)).view({1, 5, 5});
  Tensor no_pad_count = avg_pool2d(a, 2, 2, 1, true, false);
  BOOST_TEST(no_pad_count.allclose(
      tensor({0.f, 1.5f, 3.5f, 7.5f, 9.f, 11.f, 17.5f, 19.f, 21.f}).view({1, 3, 3})));
  Tensor with_pad = avg_pool2d(a, 3, 2, 1, true, true);
  BOOST_TEST(with_pad.allclose(
      tensor({4.f / 3, 3.f, 8.f / 3, 7.f, 12.f, 9.f, 8.f, 13.f, 28.f / 3}).view({1, 3, 3})));
  Tensor longs = avg_pool2d(arange(16).view({1, 1, 4, 4}), 2);
  BOOST_TEST(longs.scalar_type() == kLong);
  BOOST_TEST(
      longs.equal(tensor({int64_t(2), int64_t(4), int64_t(10), int64_t(12)}).view({1, 1, 2, 2})));
  BOOST_TEST(avg_pool2d(a, 2, 1, 0, false, true, 1).allclose(avg_pool2d(a, 2, 1) * 4));
  // adaptive: windows [floor(i*in/out), ceil((i+1)*in/out))
  Tensor r = arange(5, dtype(kDouble)).view({1, 1, 5});
  Tensor ad = adaptive_avg_pool2d(r, {1, 3});
  BOOST_TEST(ad.allclose(tensor({0.5, 2.0, 3.5}).view({1, 1, 3})));
  BOOST_TEST(adaptive_avg_pool2d(a, {1, 1}).allclose(a.mean({1, 2}, true)));
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace tg::testing
