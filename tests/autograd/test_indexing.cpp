// Forward values of every index form against hand-derived tensors (small arange inputs), writes
// through index_put_ and operator[], error messages, and result dtypes; the same for the gather /
// scatter / masked / sort families and for cat / stack / split.
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <functional>
#include <string>

#include <tapegrad/tapegrad.h>

using namespace tg::indexing;
using tg::kBool;
using tg::kDouble;
using tg::kFloat;
using tg::kLong;
using tg::Tensor;

namespace {

Tensor L(std::vector<int64_t> v, tg::IntArrayRef shape) { return tg::tensor(v, shape, kLong); }
Tensor L(std::vector<int64_t> v) { return tg::tensor(v, {int64_t(v.size())}, kLong); }
Tensor F(std::vector<double> v, tg::IntArrayRef shape) { return tg::tensor(v, shape, kFloat); }
Tensor B(std::vector<int64_t> v, tg::IntArrayRef shape) {
  return tg::tensor(v, shape, kLong).to(kBool);
}
Tensor B(std::vector<int64_t> v) { return B(v, {int64_t(v.size())}); }

/// x[b][i][j] = 12b + 4i + j
Tensor x234() { return tg::arange(24).view({2, 3, 4}); }

void check_same(const Tensor& got, const Tensor& want) {
  BOOST_TEST_CONTEXT("got " << got << " want " << want) {
    BOOST_TEST(got.sizes() == want.sizes());
    BOOST_TEST(got.scalar_type() == want.scalar_type());
    BOOST_TEST(got.equal(want));
  }
}

void check_error(const std::function<void()>& fn, const std::string& expected) {
  try {
    fn();
    BOOST_ERROR("expected tg::Error containing: " << expected);
  } catch (const tg::Error& e) {
    BOOST_TEST_CONTEXT("message: " << e.what()) {
      BOOST_TEST(std::string(e.what()).find(expected) != std::string::npos);
    }
  }
}

} // namespace

BOOST_AUTO_TEST_SUITE(indexing)

BOOST_AUTO_TEST_CASE(integers_select_and_negative_ints_count_from_the_end) {
  Tensor x = x234();
  check_same(x.index({1, 2}), L({20, 21, 22, 23}));
  check_same(x.index({-1, -1, -1}), tg::tensor(int64_t(23)).to(kLong).view({}));
  check_same(x[1][0], L({12, 13, 14, 15}));
  check_same(x[-2][-1], L({8, 9, 10, 11}));
  check_same(x[tg::Scalar(1)][tg::tensor(int64_t(2))], L({20, 21, 22, 23}));
  // unsigned and narrow integer types are integers too
  check_same(x.index({size_t(1), short(0), 3u}), L({15}, {}).view({}));
}

BOOST_AUTO_TEST_CASE(slices_are_views_with_python_bounds) {
  Tensor x = x234();
  check_same(x.index({Slice(), Slice(1, None), Slice(None, None, 2)}),
             L({4, 6, 8, 10, 16, 18, 20, 22}, {2, 2, 2}));
  check_same(x.index({0, Slice(None, -1)}), L({0, 1, 2, 3, 4, 5, 6, 7}, {2, 4}));
  check_same(tg::arange(10).index({Slice(0, 10, 2)}), L({0, 2, 4, 6, 8}));
  check_same(tg::arange(10).index({Slice(-3, 100)}), L({7, 8, 9}));
  check_same(tg::arange(10).index({Slice(8, 2)}), L({}, {0}));
  check_same(tg::arange(10).index({Slice(1, None, 4)}), L({1, 5, 9}));
  // a view: writing into it writes into x
  Tensor row = x.index({1, Slice(), 0});
  check_same(row, L({12, 16, 20}));
  row.fill_(-1);
  check_same(x.index({1, Slice(), 0}), L({-1, -1, -1}));
  BOOST_TEST(x.index({Slice()}).unsafeGetTensorImpl()->storage() ==
             x.unsafeGetTensorImpl()->storage());
}

BOOST_AUTO_TEST_CASE(none_and_ellipsis) {
  Tensor x = x234();
  BOOST_TEST(x.index({None}).sizes() == tg::IntArrayRef({1, 2, 3, 4}));
  BOOST_TEST(x.index({"...", None}).sizes() == tg::IntArrayRef({2, 3, 4, 1}));
  BOOST_TEST(x.index({Slice(), None, Slice(), None}).sizes() == tg::IntArrayRef({2, 1, 3, 1, 4}));
  check_same(x.index({Ellipsis, 1}), L({1, 5, 9, 13, 17, 21}, {2, 3}));
  check_same(x.index({0, Ellipsis, None, 2}), L({2, 6, 10}, {3, 1}));
  check_same(x.index({Ellipsis}), x);
  check_same(x.index({1, Ellipsis, 2, 3}), L({23}, {}).view({}));
}

BOOST_AUTO_TEST_CASE(int64_tensor_indices) {
  Tensor x = x234();
  Tensor a = x.index({L({1, 0, 1})});
  BOOST_TEST(a.sizes() == tg::IntArrayRef({3, 3, 4}));
  check_same(a[0], x[1]);
  check_same(a[1], x[0]);
  check_same(x.index({Slice(), L({2, 0})}),
             L({8, 9, 10, 11, 0, 1, 2, 3, 20, 21, 22, 23, 12, 13, 14, 15}, {2, 2, 4}));
  // adjacent tensor indices: their broadcast shape takes their place
  check_same(x.index({Slice(), L({0, 2}), L({1, 3})}), L({1, 11, 13, 23}, {2, 2}));
  // separated by a slice: the broadcast dims go first, as in NumPy
  check_same(x.index({L({0, 1}), Slice(), L({3, 0})}), L({3, 7, 11, 12, 16, 20}, {2, 3}));
  // an int between tensor indices is a select, so they become adjacent
  check_same(x.index({L({0, 1}, {2, 1}), 1, L({0, 3})}), L({4, 7, 16, 19}, {2, 2}));
  check_same(tg::arange(5).index({L({0, 4, 2, 2}, {2, 2})}), L({0, 4, 2, 2}, {2, 2}));
  check_same(tg::arange(5).index({L({-1, -5})}), L({4, 0}));
  check_same(tg::arange(5).index({L({3, 1}).to(tg::kInt)}), L({3, 1}));
  check_same(tg::arange(5.).index({L({3, 3})}), tg::tensor({3.0, 3.0}).to(kFloat));
  // a copy, not a view
  Tensor c = x.index({L({0})});
  c.fill_(100);
  BOOST_TEST(x[0][0][0].item<int64_t>() == 0);
}

BOOST_AUTO_TEST_CASE(bool_masks) {
  Tensor x = x234();
  check_same(x.index({x.gt(20)}), L({21, 22, 23}));
  Tensor m = B({1, 0, 1, 0, 1, 0}, {2, 3});
  check_same(x.index({m}), L({0, 1, 2, 3, 8, 9, 10, 11, 16, 17, 18, 19}, {3, 4}));
  check_same(x.index({Slice(), B({0, 1, 1})}),
             L({4, 5, 6, 7, 8, 9, 10, 11, 16, 17, 18, 19, 20, 21, 22, 23}, {2, 2, 4}));
  check_same(x.index({1, Slice(), B({1, 0, 0, 1})}), L({12, 15, 16, 19, 20, 23}, {3, 2}));
  BOOST_TEST(x.index({true}).sizes() == tg::IntArrayRef({1, 2, 3, 4}));
  BOOST_TEST(x.index({false}).sizes() == tg::IntArrayRef({0, 2, 3, 4}));
  BOOST_TEST(x.index({tg::tensor(true)}).sizes() == tg::IntArrayRef({1, 2, 3, 4}));
  BOOST_TEST(x.gt(5).scalar_type() == kBool);
}

BOOST_AUTO_TEST_CASE(index_put_and_assignment_write_in_place) {
  Tensor t = tg::arange(5.);
  t.index_put_({L({0, 0, 2})}, tg::tensor({1.0, 2.0, 3.0}));
  check_same(t, F({2, 1, 3, 3, 4}, {5})); // repeated index: the last write wins

  Tensor y = tg::arange(6.).view({2, 3});
  int64_t v0 = y._version();
  y.index_put_({0, L({0, 2})}, 9);
  check_same(y, F({9, 1, 9, 3, 4, 5}, {2, 3}));
  BOOST_TEST(y._version() > v0);
  y[1] = 7;
  check_same(y, F({9, 1, 9, 7, 7, 7}, {2, 3}));
  y.index({Slice(), 1}) = tg::tensor({-1.0, -2.0});
  check_same(y, F({9, -1, 9, 7, -2, 7}, {2, 3}));
  y.index_put_({y.gt(8)}, 0);
  check_same(y, F({0, -1, 0, 7, -2, 7}, {2, 3}));
  y.index_put_({Ellipsis, 2}, tg::tensor({5.0, 6.0}));
  check_same(y, F({0, -1, 5, 7, -2, 6}, {2, 3}));
  // values broadcast, and leading size-1 dims of the value are dropped
  Tensor z = tg::zeros({2, 3});
  z.index_put_({Slice()}, tg::arange(3.).view({1, 1, 3}));
  check_same(z, F({0, 1, 2, 0, 1, 2}, {2, 3}));
  z.index_put_({L({1}), Slice(1, None)}, tg::full({1, 1, 2}, 4.0));
  check_same(z, F({0, 1, 2, 0, 4, 4}, {2, 3}));
  // integer tensors too, with a Scalar value
  Tensor w = x234();
  w.index_put_({B({0, 1}), Slice(), L({0, -1})}, -5);
  check_same(w[1].index({Slice(), 0}), L({-5, -5, -5}));
  check_same(w[1].index({Slice(), 3}), L({-5, -5, -5}));
  check_same(w[0], x234()[0]);
}

BOOST_AUTO_TEST_CASE(index_put_through_basic_indices_reaches_the_base_gradient) {
  Tensor a = tg::ones({2, 3}, kDouble).requires_grad_();
  Tensor v = tg::tensor({5.0, 6.0}, kDouble).requires_grad_();
  Tensor y = a * 2.0;
  y.index_put_({1, L({0, 2})}, v);
  BOOST_TEST(y.grad_fn()->name() == "IndexPutBackward0");
  (y * tg::arange(6., kDouble).view({2, 3})).sum().backward();
  check_same(a.grad(), tg::tensor({0.0, 2.0, 4.0, 0.0, 8.0, 0.0}, kDouble).view({2, 3}));
  check_same(v.grad(), tg::tensor({3.0, 5.0}, kDouble));
  check_error([&] { a.index_put_({0}, 1.0); }, "a leaf Variable that requires grad");
}

BOOST_AUTO_TEST_CASE(advanced_index_gradient_accumulates_repeats) {
  Tensor a = tg::arange(4., kDouble).requires_grad_();
  Tensor y = a.index({L({0, 0, 3, 0})});
  BOOST_TEST(y.grad_fn()->name() == "IndexBackward0");
  y.sum().backward();
  check_same(a.grad(), tg::tensor({3.0, 0.0, 0.0, 1.0}, kDouble));
}

BOOST_AUTO_TEST_CASE(out_of_range_and_bad_index_errors) {
  Tensor x = x234();
  check_error([&] { x.index({5}); }, "index: index 5 is out of bounds for dimension 0 with size 2");
  check_error(
      [&] {
        x.index({0, -4});
      },
      "index: index -4 is out of bounds for dimension 1 with size 3");
  check_error(
      [&] {
        x.index({Slice(), Slice(), 4});
      },
      "index 4 is out of bounds for dimension 2 with size 4");
  check_error(
      [&] {
        x.index({L({0, 5})});
      },
      "index: index 5 is out of bounds for dimension 0 with size 2");
  check_error(
      [&] {
        x.index({Slice(), L({-4})});
      },
      "index -4 is out of bounds for dimension 1 with size 3");
  check_error([&] { x[7]; }, "index 7 is out of bounds for dimension 0 with size 2");
  check_error([&] { x.index({0, 0, 0, 0}); }, "too many indices for tensor of dimension 3");
  check_error([&] { x.index({Ellipsis, 0, Ellipsis}); }, "single ellipsis");
  check_error([&] { x.index({tg::tensor({1.0})}); },
              "tensors used as indices must be long, int or bool");
  check_error(
      [&] {
        x.index({B({1, 0, 1})});
      },
      "the shape of the mask [3] at index 0 does not match");
  check_error([&] { x.index({"..x"}); }, "Expected \"...\" to represent an ellipsis index");
  check_error([&] { Slice(0, 4, 0); }, "step must be greater than zero");
  check_error([&] { x.index_put_({L({0})}, tg::ones({5})); }, "shape mismatch");
  check_error([&] { x.index_put_({L({9})}, 1); },
              "index 9 is out of bounds for dimension 0 with size 2");
  check_error([&] { x[tg::tensor({0, 1})]; }, "zero-dim");
  check_error([&] { x.index_select(1, L({3})); },
              "index_select: index 3 is out of bounds for dimension 1 with size 3");
  check_error(
      [&] {
        x.gather(2, L({0, 4}, {1, 1, 2}));
      },
      "gather: index 4 is out of bounds for dimension 2 with size 4");
  check_error([&] { x.gather(0, L({0}, {1})); }, "same number of dimensions");
  check_error([&] { x.gather(0, L({0}, {1, 1, 1}).to(tg::kInt)); }, "expected dtype int64");
  check_error([&] { tg::zeros({3}).scatter_add(0, L({3}), tg::ones({1})); },
              "scatter_add: index 3 is out of bounds for dimension 0 with size 3");
  check_error([&] { tg::zeros({3}).masked_fill(tg::ones({3}), 1); }, "expected a boolean mask");
  check_error([&] { tg::zeros({3}).topk(4); }, "topk: k (4) is out of range");
  check_error([&] { tg::one_hot(L({1, 5}), 3); }, "smaller than num_classes");
  check_error([&] { tg::zeros({3}).flip({0, -1}); }, "dims has duplicates");
}

BOOST_AUTO_TEST_CASE(index_select_gather_scatter) {
  Tensor x = tg::arange(12).view({3, 4});
  check_same(x.index_select(0, L({2, 0, 2})), L({8, 9, 10, 11, 0, 1, 2, 3, 8, 9, 10, 11}, {3, 4}));
  check_same(tg::index_select(x, -1, L({3, 1})), L({3, 1, 7, 5, 11, 9}, {3, 2}));
  check_same(x.index_select(1, tg::tensor(int64_t(1)).view({})), L({1, 5, 9}, {3, 1}));
  check_same(x.gather(1, L({0, 0, 3, 1}, {2, 2})), L({0, 0, 7, 5}, {2, 2}));
  check_same(x.gather(0, L({2, 0, 1}, {1, 3})), L({8, 1, 6}, {1, 3}));
  Tensor src = tg::arange(1., 7.).view({2, 3});
  check_same(tg::zeros({2, 4}).scatter_add(1, L({0, 0, 3, 2, 2, 2}, {2, 3}), src),
             F({3, 0, 0, 3, 0, 0, 15, 0}, {2, 4}));
  check_same(tg::zeros({3, 3}).scatter(0, L({2, 0, 1}, {1, 3}), src),
             F({0, 2, 0, 0, 0, 3, 1, 0, 0}, {3, 3}));
  check_same(tg::zeros({2, 3}).scatter(1, L({1, 2}, {2, 1}), 5.0), F({0, 5, 0, 0, 0, 5}, {2, 3}));
  Tensor t = tg::ones({3});
  t.scatter_add_(0, L({1, 1}), tg::tensor({2.0f, 3.0f}));
  check_same(t, F({1, 6, 1}, {3}));
  t.scatter_(0, L({0}), -1.0);
  check_same(t, F({-1, 6, 1}, {3}));
  t.scatter_(0, L({2}), tg::tensor({9.0f}));
  check_same(t, F({-1, 6, 9}, {3}));
}

BOOST_AUTO_TEST_CASE(masked_fill_and_masked_select) {
  Tensor x = tg::arange(6.).view({2, 3});
  Tensor m = B({1, 0, 1});
  check_same(x.masked_fill(m, -1), F({-1, 1, -1, -1, 4, -1}, {2, 3}));
  check_same(x.masked_fill(m, tg::tensor(7.0)), F({7, 1, 7, 7, 4, 7}, {2, 3}));
  check_same(tg::masked_fill(tg::arange(3), B({1, 0, 0, 0, 0, 1}, {2, 3}), 9),
             L({9, 1, 2, 0, 1, 9}, {2, 3}));
  Tensor y = x.clone();
  y.masked_fill_(B({0, 1}, {2, 1}), 0.5);
  check_same(y, F({0, 1, 2, 0.5, 0.5, 0.5}, {2, 3}));
  check_same(x.masked_select(m), F({0, 2, 3, 5}, {4}));
  check_same(tg::masked_select(tg::arange(3), B({1, 0, 0, 0, 1, 1}, {2, 3})), L({0, 1, 2}));
  check_same(x.masked_select(x.gt(10)), F({}, {0}));
}

BOOST_AUTO_TEST_CASE(sort_topk_argsort) {
  Tensor x = tg::tensor({3.0, 1.0, 2.0, 1.0, 5.0});
  auto [v, i] = x.sort();
  check_same(v, F({1, 1, 2, 3, 5}, {5}));
  check_same(i, L({1, 3, 2, 0, 4})); // stable: equal values keep their order
  auto [vd, id] = tg::sort(x, 0, true);
  check_same(vd, F({5, 3, 2, 1, 1}, {5}));
  check_same(id, L({4, 0, 2, 1, 3}));
  auto [vn, in] = tg::tensor({3.0, NAN, 2.0}).sort();
  check_same(in, L({2, 0, 1})); // NaN sorts last
  check_same(tg::argsort(tg::arange(6).view({2, 3}).flip({1}), 1), L({2, 1, 0, 2, 1, 0}, {2, 3}));
  Tensor m = tg::tensor({{4, 9, 1}, {7, 2, 8}});
  auto [tv, ti] = m.topk(2);
  check_same(tv, L({9, 4, 8, 7}, {2, 2}));
  check_same(ti, L({1, 0, 2, 0}, {2, 2}));
  auto [sv, si] = tg::topk(m, 1, 0, false);
  check_same(sv, L({4, 2, 1}, {1, 3}));
  check_same(si, L({0, 1, 0}, {1, 3}));
  BOOST_TEST(std::get<1>(tg::sort(tg::rand({3, 4}), 0)).scalar_type() == kLong);
}

BOOST_AUTO_TEST_CASE(nonzero_one_hot_flip) {
  Tensor nz = tg::tensor({{0, 3}, {5, 0}}).nonzero();
  check_same(nz, L({0, 1, 1, 0}, {2, 2}));
  check_same(tg::nonzero(tg::tensor({0.0, 1.5, 0.0, -2.0})), L({1, 3}, {2, 1}));
  check_same(tg::nonzero(tg::zeros({2, 2})), L({}, {0, 2}));
  check_same(tg::one_hot(L({2, 0})), L({0, 0, 1, 1, 0, 0}, {2, 3}));
  check_same(tg::one_hot(L({1}, {1, 1}), 4), L({0, 1, 0, 0}, {1, 1, 4}));
  Tensor x = tg::arange(6).view({2, 3});
  check_same(x.flip({1}), L({2, 1, 0, 5, 4, 3}, {2, 3}));
  check_same(tg::flip(x, {0, 1}), L({5, 4, 3, 2, 1, 0}, {2, 3}));
  check_same(x.t().flip({-1}), L({3, 0, 4, 1, 5, 2}, {3, 2}));
}

BOOST_AUTO_TEST_CASE(cat_stack_and_splitting) {
  Tensor a = tg::arange(4).view({2, 2}), b = tg::arange(4, 6).view({2, 1});
  check_same(tg::cat({a, b}, 1), L({0, 1, 4, 2, 3, 5}, {2, 3}));
  check_same(tg::cat({a, tg::arange(6).view({3, 2})}), L({0, 1, 2, 3, 0, 1, 2, 3, 4, 5}, {5, 2}));
  check_same(tg::concat({a, b}, -1), tg::cat({a, b}, 1));
  check_same(tg::cat({tg::empty({0}), a.to(kFloat)}), a.to(kFloat)); // legacy empty is skipped
  // dtype promotion across inputs
  Tensor p = tg::cat({tg::ones({2}, tg::kInt), tg::ones({1}, kFloat), tg::ones({1}, kLong)});
  BOOST_TEST(p.scalar_type() == kFloat);
  BOOST_TEST(tg::cat({tg::ones({1}, kFloat), tg::ones({1}, kDouble)}).scalar_type() == kDouble);
  check_same(tg::stack({L({1, 2}), L({3, 4})}), L({1, 2, 3, 4}, {2, 2}));
  check_same(tg::stack({L({1, 2}), L({3, 4})}, -1), L({1, 3, 2, 4}, {2, 2}));
  check_error(
      [&] {
        tg::cat({tg::ones({2, 2}), tg::ones({3, 3})});
      },
      "cat: sizes of tensors must match except in dimension 0. Expected size 2 but got "
      "size 3 for tensor number 1 in the list.");
  check_error(
      [&] {
        tg::stack({tg::ones({2}), tg::ones({3})});
      },
      "stack: expects each tensor to be equal size, but got [2] at entry 0 and [3] at "
      "entry 1");
  check_error([&] { tg::cat({tg::ones({}), tg::ones({})}); }, "zero-dimensional tensor");

  Tensor x = tg::arange(7);
  auto c = x.chunk(3);
  BOOST_TEST(c.size() == 3u);
  check_same(c[2], L({6}));
  BOOST_TEST(tg::chunk(tg::arange(6), 4).size() == 3u);
  auto s = tg::split(x, 3);
  BOOST_TEST(s.size() == 3u);
  check_same(s[1], L({3, 4, 5}));
  auto w = x.split({2, 0, 5});
  BOOST_TEST(w.size() == 3u);
  check_same(w[0], L({0, 1}));
  BOOST_TEST(w[1].numel() == 0);
  check_same(w[2], L({2, 3, 4, 5, 6}));
  check_error(
      [&] {
        x.split({2, 2});
      },
      "split_with_sizes: expects split_sizes to sum exactly to 7");
  check_error([&] { x.split(0); }, "split_size can only be 0 if dimension size is 0");
  check_error([&] { x.chunk(0); }, "chunk expects `chunks` to be greater than 0");
  auto u = tg::arange(6).view({2, 3}).unbind(1);
  BOOST_TEST(u.size() == 3u);
  check_same(u[1], L({1, 4}));
  // splits are views
  s[0].fill_(-1);
  BOOST_TEST(x[0].item<int64_t>() == -1);
  auto bt = tg::broadcast_tensors({tg::ones({3, 1}), tg::zeros({2})});
  BOOST_TEST(bt[0].sizes() == tg::IntArrayRef({3, 2}));
  BOOST_TEST(bt[1].sizes() == tg::IntArrayRef({3, 2}));
}

BOOST_AUTO_TEST_SUITE_END()
