// Gradient checks and forward-value tests for convolution and dropout (pooling is in
// gradcheck_pool.cpp). Convolution is checked to second order too: its backward is a recorded op
// of its own.
#include <boost/test/unit_test.hpp>
#include <cmath>
#include <limits>

#include <string>
#include <vector>

#include "autograd/kernels/im2col.h"
#include "autograd/kernels/winograd.h"
#include "gradcheck_registry.h"

namespace tg::testing {
using autograd::variable_list;
using V = const variable_list&;

// ---- conv2d ----
TG_GRADCHECK_CASE({.name = "conv2d bias",
                   .inputs = [] {
                     return variable_list{input({2, 3, 7, 6}), input({4, 3, 3, 2}), input({4})};
                   },
                   .fn = [](V x) { return variable_list{conv2d(x[0], x[1], x[2])}; },
                   .second_order = true});
TG_GRADCHECK_CASE({.name = "conv2d no bias stride 2 padding 1",
                   .inputs = [] {
                     return variable_list{input({2, 3, 7, 6}), input({4, 3, 3, 2})};
                   },
                   .fn = [](V x) { return variable_list{conv2d(x[0], x[1], {}, 2, 1)}; },
                   .second_order = true});
TG_GRADCHECK_CASE({.name = "conv2d stride (2,1) padding (1,0) dilation (2,1) non-square",
                   .inputs = [] {
                     return variable_list{input({3, 2, 8, 5}), input({5, 2, 2, 3}), input({5})};
                   },
                   .fn = [](V x) {
                     return variable_list{conv2d(x[0], x[1], x[2], {2, 1}, {1, 0}, {2, 1})};
                   }});
TG_GRADCHECK_CASE({.name = "conv2d groups 2",
                   .inputs = [] {
                     return variable_list{input({2, 4, 6, 5}), input({6, 2, 3, 3}), input({6})};
                   },
                   .fn = [](V x) { return variable_list{conv2d(x[0], x[1], x[2], 1, 1, 1, 2)}; },
                   .second_order = true});
TG_GRADCHECK_CASE({.name = "conv2d 1x1 kernel",
                   .inputs = [] {
                     return variable_list{input({2, 3, 4, 5}), input({2, 3, 1, 1})};
                   },
                   .fn = [](V x) { return variable_list{conv2d(x[0], x[1])}; },
                   .second_order = true});
TG_GRADCHECK_CASE({.name = "conv2d unbatched, weight only",
                   .inputs = [] {
                     return variable_list{constant({3, 6, 7}), input({2, 3, 3, 3})};
                   },
                   .fn = [](V x) { return variable_list{conv2d(x[0], x[1], {}, 2)}; }});
// Stride-1 3×3 kernels over at least kWinogradMinChannels input channels take the Winograd path
// (kernels/winograd.h) in forward, input gradient and weight gradient; odd output sizes leave
// partial tiles at the edges, padding 2 makes the input gradient's own padding 0. The first two
// take 4×4 tiles (F(4×4, 3×3)) in every pass; the third's 1×5 output takes 2×2 tiles in the
// forward and weight gradient, its 3×7 input gradient 4×4 ones.
TG_GRADCHECK_CASE({.name = "conv2d Winograd 3x3 padding 1, 8 channels, odd output",
                   .inputs = [] {
                     return variable_list{input({2, 8, 5, 4}), input({3, 8, 3, 3}), input({3})};
                   },
                   .fn = [](V x) { return variable_list{conv2d(x[0], x[1], x[2], 1, 1)}; },
                   .second_order = true});
TG_GRADCHECK_CASE({.name = "conv2d Winograd 3x3 padding (0,2), 9 channels, no bias",
                   .inputs = [] {
                     return variable_list{input({1, 9, 5, 4}), input({2, 9, 3, 3})};
                   },
                   .fn = [](V x) { return variable_list{conv2d(x[0], x[1], {}, 1, {0, 2})}; }});
TG_GRADCHECK_CASE({.name = "conv2d Winograd 3x3 no padding, 8 channels, 2x2 tiles forward",
                   .inputs = [] {
                     return variable_list{input({2, 8, 3, 7}), input({2, 8, 3, 3}), input({2})};
                   },
                   .fn = [](V x) { return variable_list{conv2d(x[0], x[1], x[2])}; },
                   .second_order = true});

// ---- dropout (reseeded inside fn so every evaluation draws the same mask) ----
TG_GRADCHECK_CASE({.name = "dropout p 0.4",
                   .inputs = [] {
                     return variable_list{input({4, 7})};
                   },
                   .fn = [](V x) {
                     manual_seed(7);
                     return variable_list{dropout(x[0], 0.4, true)};
                   }});
TG_GRADCHECK_CASE({.name = "dropout_ in place on a non-leaf",
                   .inputs = [] {
                     return variable_list{input({3, 5})};
                   },
                   .fn = [](V x) {
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

} // namespace

BOOST_AUTO_TEST_SUITE(conv_dropout)

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

BOOST_AUTO_TEST_CASE(conv2d_winograd_matches_direct_convolution) {
  // Shapes that select the Winograd path: forward against the direct loop, and both gradients of
  // sum(y * r) against the direct loops of their definitions, in float and double.
  manual_seed(13);
  struct Config {
    std::vector<int64_t> x;
    int64_t cout, ph, pw;
  };
  const std::vector<Config> configs = {
      {{2, 8, 6, 6}, 4, 0, 0},      {{1, 8, 7, 5}, 3, 1, 1}, {{3, 12, 5, 9}, 5, 2, 1},
      {{2, 8, 3, 3}, 16, 0, 2},     {{1, 10, 1, 4}, 2, 1, 1},
      {{17, 16, 14, 13}, 24, 1, 0}, // big enough to run in parallel and in weight-grad chunks
      {{2, 8, 30, 10}, 4, 1, 0},    // several blocks of tile rows (the last one shorter)
      {{1, 9, 41, 7}, 3, 0, 1},     // an odd number of output rows over several blocks
  };
  // both tile sizes, in the forward's planes and in the input gradient's
  int forward_tiles[5] = {}, input_grad_tiles[5] = {};
  for (const Config& c : configs) {
    const int64_t OH = c.x[2] + 2 * c.ph - 2, OW = c.x[3] + 2 * c.pw - 2;
    ++forward_tiles[tg::kernels::winograd_tile_size(OH, OW)];
    ++input_grad_tiles[tg::kernels::winograd_tile_size(c.x[2], c.x[3])];
  }
  BOOST_TEST((forward_tiles[2] > 0 && forward_tiles[4] > 0));
  BOOST_TEST((input_grad_tiles[2] > 0 && input_grad_tiles[4] > 0));
  for (ScalarType dt : {kDouble, kFloat}) {
    // float: F(4×4, 3×3)'s errors reach a few 1e-6 of the terms' scale (winograd.h); these sums
    // of up to 144 normal terms stay well inside 2e-4
    const double tol = dt == kDouble ? 1e-10 : 2e-4;
    for (const Config& c : configs) {
      const int64_t N = c.x[0], C = c.x[1], H = c.x[2], W = c.x[3], Co = c.cout;
      Tensor x = randn(c.x, dtype(dt)).requires_grad_();
      Tensor w = randn({Co, C, 3, 3}, dtype(dt)).requires_grad_();
      Tensor b = randn({Co}, dtype(dt));
      Tensor y = conv2d(x, w, b, 1, {c.ph, c.pw});
      Tensor want = naive_conv2d(x.detach(), w.detach(), b, 1, 1, c.ph, c.pw, 1, 1, 1);
      BOOST_TEST(y.sizes() == want.sizes());
      BOOST_TEST(y.detach().to(kDouble).allclose(want, tol, tol),
                 "forward x" << IntArrayRef(c.x) << " Cout " << Co);
      const int64_t OH = y.size(2), OW = y.size(3);
      Tensor r = randn(y.sizes(), dtype(dt));
      (y * r).sum().backward();
      Tensor xd = x.detach().to(kDouble).contiguous(), wd = w.detach().to(kDouble).contiguous();
      Tensor rd = r.to(kDouble).contiguous();
      Tensor gx = zeros(c.x, dtype(kDouble)), gw = zeros({Co, C, 3, 3}, dtype(kDouble));
      const double *px = xd.data_ptr<double>(), *pw = wd.data_ptr<double>();
      const double* pr = rd.data_ptr<double>();
      double *pgx = gx.data_ptr<double>(), *pgw = gw.data_ptr<double>();
      for (int64_t n = 0; n < N; ++n)
        for (int64_t co = 0; co < Co; ++co)
          for (int64_t oh = 0; oh < OH; ++oh)
            for (int64_t ow = 0; ow < OW; ++ow) {
              const double g = pr[((n * Co + co) * OH + oh) * OW + ow];
              for (int64_t ci = 0; ci < C; ++ci)
                for (int64_t i = 0; i < 3; ++i)
                  for (int64_t j = 0; j < 3; ++j) {
                    const int64_t h = oh - c.ph + i, v = ow - c.pw + j;
                    if (h < 0 || h >= H || v < 0 || v >= W) continue;
                    pgx[((n * C + ci) * H + h) * W + v] += g * pw[((co * C + ci) * 3 + i) * 3 + j];
                    pgw[((co * C + ci) * 3 + i) * 3 + j] += g * px[((n * C + ci) * H + h) * W + v];
                  }
            }
      BOOST_TEST(x.grad().to(kDouble).allclose(gx, tol, tol),
                 "input grad x" << IntArrayRef(c.x) << " Cout " << Co);
      BOOST_TEST(w.grad().to(kDouble).allclose(gw, tol, 10 * tol),
                 "weight grad x" << IntArrayRef(c.x) << " Cout " << Co);
    }
  }
}

BOOST_AUTO_TEST_CASE(conv2d_winograd_is_bitwise_the_same_at_any_thread_count) {
  // The Winograd path runs images in parallel and sums the weight gradient in fixed chunks added
  // in order: one thread and two (twice) give the same bits.
  manual_seed(17);
  Tensor x = randn({24, 16, 12, 12}), w = randn({32, 16, 3, 3}), r = randn({24, 32, 12, 12});
  auto run = [&](int threads) {
    const int previous = get_num_threads();
    set_num_threads(threads);
    Tensor xi = x.clone().requires_grad_(), wi = w.clone().requires_grad_();
    Tensor y = conv2d(xi, wi, {}, 1, 1);
    (y * r).sum().backward();
    set_num_threads(previous);
    return std::vector<Tensor>{y.detach(), xi.grad(), wi.grad()};
  };
  const std::vector<Tensor> one = run(1), two = run(2), again = run(2);
  for (size_t i = 0; i < one.size(); ++i) {
    BOOST_TEST(one[i].equal(two[i]), "output " << i);
    BOOST_TEST(two[i].equal(again[i]), "output " << i);
  }
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
