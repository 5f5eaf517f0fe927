// Gradient checks and forward-value tests for convolution, pooling and dropout. Convolution and the
// pools are checked to second order too: their backwards are recorded ops of their own. The pools
// are linear, so their second-order cases square the output: that makes the gradient flowing into
// the pool's backward depend on the input, which records (and checks) the backward-of-backward.
#include <boost/test/unit_test.hpp>
#include <cmath>
#include <limits>

#include <string>
#include <vector>

#include "autograd/kernels/im2col.h"
#include "gradcheck_registry.h"

namespace tg::testing {
using autograd::variable_list;
using V = const variable_list&;

// ---- conv2d ----
TG_GRADCHECK_CASE({"conv2d bias",
                   [] {
                     return variable_list{input({2, 3, 7, 6}), input({4, 3, 3, 2}), input({4})};
                   },
                   [](V x) { return variable_list{conv2d(x[0], x[1], x[2])}; }, 1e-5, 1e-3, 1e-6,
                   true});
TG_GRADCHECK_CASE({"conv2d no bias stride 2 padding 1",
                   [] {
                     return variable_list{input({2, 3, 7, 6}), input({4, 3, 3, 2})};
                   },
                   [](V x) { return variable_list{conv2d(x[0], x[1], {}, 2, 1)}; }, 1e-5, 1e-3,
                   1e-6, true});
TG_GRADCHECK_CASE({"conv2d stride (2,1) padding (1,0) dilation (2,1) non-square",
                   [] {
                     return variable_list{input({3, 2, 8, 5}), input({5, 2, 2, 3}), input({5})};
                   },
                   [](V x) {
                     return variable_list{conv2d(x[0], x[1], x[2], {2, 1}, {1, 0}, {2, 1})};
                   }});
TG_GRADCHECK_CASE({"conv2d groups 2",
                   [] {
                     return variable_list{input({2, 4, 6, 5}), input({6, 2, 3, 3}), input({6})};
                   },
                   [](V x) { return variable_list{conv2d(x[0], x[1], x[2], 1, 1, 1, 2)}; }, 1e-5,
                   1e-3, 1e-6, true});
TG_GRADCHECK_CASE({"conv2d 1x1 kernel",
                   [] {
                     return variable_list{input({2, 3, 4, 5}), input({2, 3, 1, 1})};
                   },
                   [](V x) { return variable_list{conv2d(x[0], x[1])}; }, 1e-5, 1e-3, 1e-6, true});
TG_GRADCHECK_CASE({"conv2d unbatched, weight only",
                   [] {
                     return variable_list{constant({3, 6, 7}), input({2, 3, 3, 3})};
                   },
                   [](V x) { return variable_list{conv2d(x[0], x[1], {}, 2)}; }});

// ---- max pooling ----
TG_GRADCHECK_CASE({"max_pool2d kernel 2",
                   [] {
                     return variable_list{distinct_input({2, 3, 7, 6})};
                   },
                   [](V x) { return variable_list{max_pool2d(x[0], 2)}; }});
TG_GRADCHECK_CASE({"max_pool2d kernel 3 stride 2 padding 1 ceil_mode, squared",
                   [] {
                     return variable_list{distinct_input({2, 2, 7, 6})};
                   },
                   [](V x) { return variable_list{max_pool2d(x[0], 3, 2, 1, 1, true).square()}; },
                   1e-5, 1e-3, 1e-6, true});
TG_GRADCHECK_CASE({"max_pool2d non-square stride (2,1) dilation (1,2) unbatched",
                   [] {
                     return variable_list{distinct_input({3, 7, 8})};
                   },
                   [](V x) {
                     return variable_list{max_pool2d(x[0], {3, 2}, {2, 1}, {1, 0}, {1, 2})};
                   }});
TG_GRADCHECK_CASE({"max_pool2d_with_indices overlapping windows",
                   [] {
                     return variable_list{distinct_input({1, 2, 5, 6})};
                   },
                   [](V x) {
                     return variable_list{std::get<0>(max_pool2d_with_indices(x[0], 3, 1))};
                   }});

// ---- average pooling ----
TG_GRADCHECK_CASE({"avg_pool2d kernel 3 stride 2 padding 1, squared",
                   [] {
                     return variable_list{input({2, 3, 7, 6})};
                   },
                   [](V x) { return variable_list{avg_pool2d(x[0], 3, 2, 1).square()}; }, 1e-5,
                   1e-3, 1e-6, true});
TG_GRADCHECK_CASE({"avg_pool2d count_include_pad false ceil_mode non-square",
                   [] {
                     return variable_list{input({2, 2, 7, 6})};
                   },
                   [](V x) {
                     return variable_list{avg_pool2d(x[0], {3, 2}, {2, 2}, {1, 1}, true, false)};
                   }});
TG_GRADCHECK_CASE({"avg_pool2d divisor_override unbatched",
                   [] {
                     return variable_list{input({3, 5, 6})};
                   },
                   [](V x) { return variable_list{avg_pool2d(x[0], 2, 1, 0, false, true, 3)}; }});
TG_GRADCHECK_CASE({"adaptive_avg_pool2d non-divisible, squared",
                   [] {
                     return variable_list{input({2, 3, 7, 6})};
                   },
                   [](V x) {
                     return variable_list{adaptive_avg_pool2d(x[0], {3, 4}).square()};
                   },
                   1e-5, 1e-3, 1e-6, true});
TG_GRADCHECK_CASE(
    {"adaptive_avg_pool2d upsampling and global",
     [] {
       return variable_list{input({3, 4, 5})};
     },
     [](V x) {
       return variable_list{adaptive_avg_pool2d(x[0], {5, 7}), adaptive_avg_pool2d(x[0], {1, 1})};
     }});

// ---- dropout (reseeded inside fn so every evaluation draws the same mask) ----
TG_GRADCHECK_CASE({"dropout p 0.4",
                   [] {
                     return variable_list{input({4, 7})};
                   },
                   [](V x) {
                     manual_seed(7);
                     return variable_list{dropout(x[0], 0.4, true)};
                   }});
TG_GRADCHECK_CASE({"dropout_ in place on a non-leaf",
                   [] {
                     return variable_list{input({3, 5})};
                   },
                   [](V x) {
                     manual_seed(11);
                     Tensor y = x[0] * 2;
                     dropout_(y, 0.25, true);
                     return variable_list{y};
                   }});

namespace {

/// Direct 7-loop convolution, the reference for the im2col + GEMM path.
Tensor naive_conv2d(const Tensor& x, const Tensor& w, const Tensor& b, int64_t sh, int64_t sw,
                    int64_t ph, int64_t pw, int64_t dh, int64_t dw, int64_t groups) {
  Tensor xd = x.to(kDouble).contiguous(), wd = w.to(kDouble).contiguous();
  const int64_t N = x.size(0), C = x.size(1), H = x.size(2), W = x.size(3);
  const int64_t Co = w.size(0), Cg = w.size(1), KH = w.size(2), KW = w.size(3);
  const int64_t OH = (H + 2 * ph - dh * (KH - 1) - 1) / sh + 1;
  const int64_t OW = (W + 2 * pw - dw * (KW - 1) - 1) / sw + 1;
  Tensor out = zeros({N, Co, OH, OW}, dtype(kDouble));
  const double* px = xd.data_ptr<double>();
  const double* pwt = wd.data_ptr<double>();
  double* po = out.data_ptr<double>();
  const int64_t cout_per_group = Co / groups;
  for (int64_t n = 0; n < N; ++n)
    for (int64_t co = 0; co < Co; ++co)
      for (int64_t oh = 0; oh < OH; ++oh)
        for (int64_t ow = 0; ow < OW; ++ow) {
          double acc = b.defined() ? b.to(kDouble)[co].item<double>() : 0.0;
          const int64_t g = co / cout_per_group;
          for (int64_t ci = 0; ci < Cg; ++ci)
            for (int64_t i = 0; i < KH; ++i)
              for (int64_t j = 0; j < KW; ++j) {
                int64_t h = oh * sh - ph + i * dh, ww = ow * sw - pw + j * dw;
                if (h < 0 || h >= H || ww < 0 || ww >= W) continue;
                acc += px[((n * C + g * Cg + ci) * H + h) * W + ww] *
                       pwt[((co * Cg + ci) * KH + i) * KW + j];
              }
          po[((n * Co + co) * OH + oh) * OW + ow] = acc;
        }
  return out;
}

bool throws_with(const std::function<void()>& f, const std::string& part) {
  try {
    f();
  } catch (const Error& e) {
    if (std::string(e.what()).find(part) != std::string::npos) return true;
    BOOST_TEST_MESSAGE("unexpected message: " << e.what());
    return false;
  }
  return false;
}

} // namespace

BOOST_AUTO_TEST_SUITE(conv_pool)

BOOST_AUTO_TEST_CASE(conv2d_matches_direct_convolution) {
  manual_seed(3);
  struct Config {
    std::vector<int64_t> x, w;
    bool bias;
    int64_t sh, sw, ph, pw, dh, dw, groups;
  };
  std::vector<Config> configs = {
      {{2, 3, 7, 6}, {4, 3, 3, 2}, true, 1, 1, 0, 0, 1, 1, 1},
      {{2, 3, 7, 6}, {4, 3, 3, 2}, false, 2, 2, 1, 1, 1, 1, 1},
      {{1, 3, 9, 8}, {5, 3, 3, 3}, true, 2, 1, 1, 0, 2, 1, 1},
      {{3, 4, 6, 5}, {6, 2, 3, 3}, true, 1, 2, 1, 1, 1, 1, 2},
      {{2, 3, 5, 5}, {4, 3, 1, 1}, true, 1, 1, 0, 0, 1, 1, 1},
      {{2, 6, 5, 4}, {6, 1, 2, 2}, false, 1, 1, 1, 1, 1, 1, 6},
      {{11, 3, 12, 10}, {8, 3, 5, 5}, true, 1, 1, 2, 2, 1, 1, 1}, // big enough to run in parallel
  };
  for (ScalarType dt : {kDouble, kFloat}) {
    for (const Config& c : configs) {
      Tensor x = randn(c.x, dtype(dt)), w = randn(c.w, dtype(dt));
      Tensor b = c.bias ? randn({c.w[0]}, dtype(dt)) : Tensor();
      Tensor got = conv2d(x, w, b, {c.sh, c.sw}, {c.ph, c.pw}, {c.dh, c.dw}, c.groups);
      Tensor want = naive_conv2d(x, w, b, c.sh, c.sw, c.ph, c.pw, c.dh, c.dw, c.groups);
      BOOST_TEST(got.sizes() == want.sizes());
      BOOST_TEST(got.scalar_type() == dt);
      BOOST_TEST(got.to(kDouble).allclose(want, dt == kDouble ? 1e-10 : 1e-4, 1e-4),
                 "config x" << IntArrayRef(c.x) << " w" << IntArrayRef(c.w));
    }
  }
  // unbatched input gives an unbatched output equal to the batch-of-one result
  Tensor x = randn({3, 6, 7}, dtype(kDouble)), w = randn({2, 3, 3, 3}, dtype(kDouble));
  Tensor u = conv2d(x, w, {}, 1, 1);
  BOOST_TEST(u.sizes() == IntArrayRef({2, 6, 7}));
  BOOST_TEST(u.allclose(conv2d(x.unsqueeze(0), w, {}, 1, 1).squeeze(0)));
}

BOOST_AUTO_TEST_CASE(conv2d_weight_grad_matches_in_parallel_and_serial_sizes) {
  // a batch large enough to take the chunked parallel weight-gradient path
  manual_seed(5);
  Tensor x = randn({12, 3, 10, 9}, dtype(kDouble));
  Tensor w = randn({4, 3, 3, 3}, dtype(kDouble)).requires_grad_();
  conv2d(x, w, {}, 1, 1).sum().backward();
  Tensor ref = zeros({4, 3, 3, 3}, dtype(kDouble));
  for (int64_t n = 0; n < 12; ++n) {
    Tensor wn = w.detach().clone().requires_grad_();
    conv2d(x.narrow(0, n, 1), wn, {}, 1, 1).sum().backward();
    ref = ref + wn.grad();
  }
  BOOST_TEST(w.grad().allclose(ref, 1e-10, 1e-10));
}

BOOST_AUTO_TEST_CASE(conv2d_errors_name_the_shapes) {
  Tensor x = zeros({2, 4, 28, 28}), w = zeros({8, 3, 5, 5});
  BOOST_TEST(
      throws_with([&] { conv2d(x, w); },
                  "conv2d: expected input of shape [N, C, H, W] with C = 3 (weight [8, 3, 5, "
                  "5]), got [2, 4, 28, 28]"));
  BOOST_TEST(throws_with([&] { conv2d(zeros({2, 3, 4, 4}), w); }, "Kernel size can't be greater"));
  BOOST_TEST(throws_with(
      [&] {
        conv2d(zeros({2, 3, 8, 8}), w, zeros({7}));
      },
      "expected bias to be 1-dimensional with 8 elements"));
  BOOST_TEST(throws_with([&] { conv2d(zeros({2, 3, 8, 8}), w, {}, {1, 1, 1}); }, "stride"));
  BOOST_TEST(throws_with([&] { conv2d(zeros({2, 3, 8, 8}), w, {}, 0); }, "non-positive stride"));
  BOOST_TEST(throws_with([&] { conv2d(zeros({2, 3, 8, 8}), w, {}, 1, 0, 1, 3); }, "groups=3"));
  BOOST_TEST(throws_with([&] { conv2d(zeros({3, 8, 8}, dtype(kDouble)), w); }, "same dtype"));
  BOOST_TEST(throws_with([&] { conv2d(zeros({8, 8}), w); }, "3-D (unbatched) or 4-D"));
}

BOOST_AUTO_TEST_CASE(im2col_rows_layout) {
  // one row per output position, one column per (channel, kernel row, kernel col) tap
  Tensor x = randn({1, 3, 7, 7});
  Tensor cols = kernels::im2col_rows(x, 5, 1);
  BOOST_TEST(cols.sizes() == IntArrayRef({9, 75}));
  BOOST_TEST(kernels::im2col_rows(randn({10, 3, 7, 7}), 5, 1).sizes() == IntArrayRef({90, 75}));
  for (int64_t oh = 0; oh < 3; ++oh)
    for (int64_t ow = 0; ow < 3; ++ow)
      for (int64_t c = 0; c < 3; ++c)
        for (int64_t i = 0; i < 5; ++i)
          for (int64_t j = 0; j < 5; ++j)
            BOOST_TEST(cols[oh * 3 + ow][c * 25 + i * 5 + j].item<float>() ==
                       x[0][c][oh + i][ow + j].item<float>());
  // padding shows up as zeros; stride and dilation pick the right pixels
  Tensor y = arange(1, 17, dtype(kFloat)).view({1, 1, 4, 4});
  Tensor p = kernels::im2col_rows(y, 2, 2, 1);
  BOOST_TEST(p.sizes() == IntArrayRef({9, 4}));
  BOOST_TEST(p[0].equal(tensor({0.f, 0.f, 0.f, 1.f})));
  BOOST_TEST(p[4].equal(tensor({6.f, 7.f, 10.f, 11.f})));
  Tensor d = kernels::im2col_rows(y, 2, 1, 0, 2);
  BOOST_TEST(d.sizes() == IntArrayRef({4, 4}));
  BOOST_TEST(d[0].equal(tensor({1.f, 3.f, 9.f, 11.f})));
}

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

BOOST_AUTO_TEST_CASE(dropout_semantics) {
  Tensor x = ones({100, 100}, dtype(kDouble));
  BOOST_TEST(dropout(x, 0.3, false).is_same(x));
  BOOST_TEST(dropout(x, 0.0, true).is_same(x));
  BOOST_TEST(dropout(x, 1.0, true).equal(zeros({100, 100}, dtype(kDouble))));
  manual_seed(1);
  Tensor y = dropout(x, 0.3, true);
  manual_seed(1);
  BOOST_TEST(dropout(x, 0.3, true).equal(y));
  Tensor kept = y.ne(0);
  double frac = kept.to(kDouble).mean().item<double>();
  BOOST_TEST(frac > 0.67);
  BOOST_TEST(frac < 0.73);
  BOOST_TEST(y.masked_select(kept).allclose(ones({1}, dtype(kDouble)) / 0.7));
  Tensor z = x.clone();
  manual_seed(1);
  dropout_(z, 0.3, true);
  BOOST_TEST(z.equal(y));
  BOOST_TEST(throws_with([&] { dropout(x, 1.5, true); }, "between 0 and 1, but got 1.5"));
  BOOST_TEST(throws_with([&] { dropout(x, -0.1, false); }, "between 0 and 1"));
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace tg::testing
