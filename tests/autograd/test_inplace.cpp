// In-place operations and autograd: leaves are protected, every write bumps the version counter,
// a backward that needs an overwritten value fails loudly, and recorded in-place ops on non-leaves
// give the same gradients as their out-of-place forms.
#include <boost/test/unit_test.hpp>

#include <functional>
#include <string>

#include <tapegrad/tapegrad.h>

using namespace tg;
using namespace tg::autograd;

namespace {

bool message_contains(const tg::Error& e, const std::string& part) {
  return std::string(e.what()).find(part) != std::string::npos;
}

Tensor leaf(std::vector<double> v) { return tg::tensor(v, {int64_t(v.size())}, kDouble).requires_grad_(); }

} // namespace

BOOST_AUTO_TEST_SUITE(inplace)

BOOST_AUTO_TEST_CASE(leaf_requiring_grad_is_protected_outside_no_grad) {
  Tensor w = leaf({1.0, 2.0, 3.0});
  try {
    w.add_(1);
    BOOST_FAIL("expected tg::Error");
  } catch (const tg::Error& e) {
    BOOST_CHECK(message_contains(e, "leaf Variable that requires grad"));
    BOOST_CHECK(message_contains(e, "add_"));
  }
  BOOST_CHECK_THROW(w.mul_(2), tg::Error);
  BOOST_CHECK_THROW(w.zero_(), tg::Error);
  BOOST_CHECK_THROW(w.copy_(tg::ones({3}, kDouble)), tg::Error);
  BOOST_CHECK_THROW(w += 1, tg::Error);
  BOOST_CHECK_THROW(w.relu_(), tg::Error);
  BOOST_CHECK(w.allclose(tg::tensor({1.0, 2.0, 3.0}, tg::dtype(kDouble)))); // untouched
  {
    NoGradGuard guard;
    w.mul_(2).add_(1);
    w -= 1;
  }
  BOOST_CHECK(w.allclose(tg::tensor({2.0, 4.0, 6.0}, tg::dtype(kDouble))));
  BOOST_CHECK(w.is_leaf());
  BOOST_CHECK(w.requires_grad());
}

BOOST_AUTO_TEST_CASE(version_counter_counts_every_write) {
  Tensor t = tg::zeros({2, 3});
  int64_t v = t._version();
  auto expect_bump = [&](const std::function<void()>& write, const char* what) {
    write();
    BOOST_CHECK_MESSAGE(t._version() > v, what << " did not bump the version");
    v = t._version();
  };
  expect_bump([&] { t.add_(1); }, "add_");
  expect_bump([&] { t.mul_(2); }, "mul_");
  expect_bump([&] { t.sub_(tg::ones({3})); }, "sub_");
  expect_bump([&] { t.div_(2); }, "div_");
  expect_bump([&] { t.copy_(tg::ones({2, 3})); }, "copy_");
  expect_bump([&] { t.fill_(4); }, "fill_");
  expect_bump([&] { t.zero_(); }, "zero_");
  expect_bump([&] { t[0] = tg::ones({3}); }, "t[0] = tensor");
  expect_bump([&] { t[1][2] = 5; }, "t[1][2] = 5");
  expect_bump([&] { t.index_put_({0, 1}, 7.0); }, "index_put_");
  expect_bump([&] { t += 1; }, "+=");
  expect_bump([&] { t.clamp_(0, 3); }, "clamp_");
  // Views share the counter with their base.
  Tensor view = t.view({6});
  expect_bump([&] { view.add_(1); }, "add_ through a view");
  BOOST_CHECK_EQUAL(view._version(), t._version());
  // Reads do not count.
  (void)(t + 1);
  (void)t.sum();
  BOOST_CHECK_EQUAL(t._version(), v);
}

BOOST_AUTO_TEST_CASE(overwritten_saved_value_is_detected) {
  Tensor x = leaf({0.5, -1.0});
  Tensor y = x.exp();
  y.add_(1);
  try {
    y.sum().backward();
    BOOST_FAIL("expected tg::Error");
  } catch (const tg::Error& e) {
    BOOST_CHECK(message_contains(e, "modified by an inplace operation"));
    BOOST_CHECK(message_contains(e, "version"));
    BOOST_CHECK(message_contains(e, "ExpBackward0"));
  }

  // A saved input changed through NoGradGuard is detected too.
  Tensor a = leaf({1.0, 2.0});
  Tensor b = a.sin();
  {
    NoGradGuard g;
    a.mul_(3);
  }
  BOOST_CHECK_THROW(b.sum().backward(), tg::Error);

  // A value the backward does not need may be overwritten freely.
  Tensor p = leaf({1.0, 2.0});
  Tensor q = p + 1; // AddBackward1 saves nothing
  Tensor r = q * 2; // with a constant factor MulBackward1 saves no input
  q.zero_();
  r.sum().backward();
  BOOST_CHECK(p.grad().allclose(tg::full({2}, 2.0, kDouble)));
}

BOOST_AUTO_TEST_CASE(inplace_on_non_leaf_is_recorded) {
  Tensor x = leaf({1.0, 2.0, 3.0});
  Tensor y = x * 2;
  auto before = y.grad_fn();
  y.mul_(3);
  BOOST_CHECK(y.grad_fn() != before);
  BOOST_CHECK(y.allclose(x.detach() * 6));
  y.sum().backward();
  BOOST_CHECK(x.grad().allclose(tg::full({3}, 6.0, kDouble)));
}

BOOST_AUTO_TEST_CASE(compound_assignment_operators) {
  Tensor x = leaf({1.5, -2.0, 0.5});
  Tensor w = leaf({0.7, 1.3, -0.4});
  auto inplace = [&] {
    Tensor y = x * 1;
    y += w;
    y -= 0.5;
    y *= x;
    y /= w;
    y += 2;
    y *= 3;
    y /= 4;
    y -= x;
    return y;
  };
  auto out_of_place = [&] { return ((((x * 1 + w) - 0.5) * x / w + 2) * 3 / 4) - x; };
  Tensor a = inplace();
  Tensor b = out_of_place();
  BOOST_CHECK(a.allclose(b));
  a.sum().backward();
  Tensor gx = x.grad().clone(), gw = w.grad().clone();
  x.mutable_grad().reset();
  w.mutable_grad().reset();
  b.sum().backward();
  BOOST_CHECK(gx.allclose(x.grad()));
  BOOST_CHECK(gw.allclose(w.grad()));
  BOOST_CHECK(autograd::gradcheck([&](const variable_list& v) {
    Tensor y = v[0] * 1;
    y *= v[1];
    y /= v[1] + 3;
    y -= v[0];
    return y;
  }, {x, w}));
}

BOOST_AUTO_TEST_CASE(out_variants) {
  Tensor a = tg::tensor({1.0, 2.0, 3.0});
  Tensor b = tg::tensor({4.0, 5.0, 6.0});
  Tensor out = tg::empty({3});
  int64_t v = out._version();
  Tensor& r = tg::add_out(out, a, b);
  BOOST_CHECK(r.is_same(out));
  BOOST_CHECK(out.allclose(a + b));
  BOOST_CHECK_GT(out._version(), v);
  tg::sub_out(out, a, b);
  BOOST_CHECK(out.allclose(a - b));
  tg::mul_out(out, a, b);
  BOOST_CHECK(out.allclose(a * b));
  tg::div_out(out, a, b);
  BOOST_CHECK(out.allclose(a / b));
  // A wrongly sized output is resized, as in LibTorch.
  Tensor small = tg::empty({0});
  tg::add_out(small, a, b, 2);
  BOOST_CHECK(small.sizes().equals({3}));
  BOOST_CHECK(small.allclose(a + 2 * b));
  Tensor m = tg::empty({2, 2});
  tg::mm_out(m, tg::ones({2, 3}), tg::ones({3, 2}));
  BOOST_CHECK(m.allclose(tg::full({2, 2}, 3.0)));
  // out= does not record: inputs that require grad are rejected.
  Tensor g = tg::ones({3}).requires_grad_();
  BOOST_CHECK_THROW(tg::add_out(out, g, b), tg::Error);
  {
    NoGradGuard guard;
    tg::add_out(out, g, b);
  }
  BOOST_CHECK(out.allclose(b + 1));
}

BOOST_AUTO_TEST_CASE(inplace_activations_match_out_of_place) {
  struct Case {
    const char* name;
    std::function<void(Tensor&)> inplace;
    std::function<Tensor(const Tensor&)> out_of_place;
  };
  std::vector<Case> cases = {
      {"relu_", [](Tensor& y) { y.relu_(); }, [](const Tensor& y) { return y.relu(); }},
      {"sigmoid_", [](Tensor& y) { y.sigmoid_(); }, [](const Tensor& y) { return y.sigmoid(); }},
      {"tanh_", [](Tensor& y) { y.tanh_(); }, [](const Tensor& y) { return y.tanh(); }},
      {"clamp_", [](Tensor& y) { y.clamp_(-0.8, 0.9); },
       [](const Tensor& y) { return y.clamp(-0.8, 0.9); }},
      {"clamp_min_", [](Tensor& y) { y.clamp_min_(0.1); },
       [](const Tensor& y) { return y.clamp_min(0.1); }},
      {"clamp_max_", [](Tensor& y) { y.clamp_max_(0.2); },
       [](const Tensor& y) { return y.clamp_max(0.2); }},
      {"exp_", [](Tensor& y) { y.exp_(); }, [](const Tensor& y) { return y.exp(); }},
      {"neg_", [](Tensor& y) { y.neg_(); }, [](const Tensor& y) { return y.neg(); }},
      {"abs_", [](Tensor& y) { y.abs_(); }, [](const Tensor& y) { return y.abs(); }},
      {"pow_", [](Tensor& y) { y.pow_(3); }, [](const Tensor& y) { return y.pow(3); }},
  };
  manual_seed(5);
  // Values kept away from 0, -0.8, 0.9, 0.1, 0.2 so no kink is hit.
  Tensor base = tg::tensor({-1.37, -0.53, -0.31, 0.43, 0.61, 1.21}, tg::dtype(kDouble));
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.name) {
      Tensor x1 = base.clone().requires_grad_();
      Tensor y1 = x1 * 1.5;
      c.inplace(y1);
      (y1 * tg::arange(6, kDouble)).sum().backward();

      Tensor x2 = base.clone().requires_grad_();
      Tensor y2 = c.out_of_place(x2 * 1.5);
      (y2 * tg::arange(6, kDouble)).sum().backward();

      BOOST_CHECK(y1.allclose(y2));
      BOOST_CHECK(x1.grad().allclose(x2.grad()));
    }
  }
  // Positive inputs for log_ and sqrt_.
  Tensor x1 = tg::tensor({0.5, 1.5, 2.5}, tg::dtype(kDouble)).requires_grad_();
  Tensor y1 = x1 * 2;
  y1.log_();
  Tensor z1 = x1 * 2;
  z1.sqrt_();
  (y1 + z1).sum().backward();
  Tensor expect = 1 / x1.detach() + 1 / (2 * x1.detach()).sqrt();
  BOOST_CHECK(x1.grad().allclose(expect));
}

BOOST_AUTO_TEST_CASE(data_shares_storage_without_history) {
  Tensor x = leaf({1.0, 2.0, 3.0});
  Tensor y = x * 2;
  Tensor d = x.data();
  BOOST_CHECK_EQUAL(d.data_ptr(), x.data_ptr());
  BOOST_CHECK(!d.requires_grad());
  BOOST_CHECK(d.is_leaf());
  BOOST_CHECK(!d.grad().defined());
  d.mul_(10); // allowed: d is not part of any graph
  BOOST_CHECK(x.allclose(tg::tensor({10.0, 20.0, 30.0}, tg::dtype(kDouble))));
  Tensor yd = y.data();
  BOOST_CHECK(!yd.requires_grad());
  BOOST_CHECK(!yd.grad_fn());
  BOOST_CHECK_EQUAL(yd.data_ptr(), y.data_ptr());
  // detach() is the same kind of alias.
  Tensor det = y.detach();
  BOOST_CHECK(!det.requires_grad());
  BOOST_CHECK_EQUAL(det.data_ptr(), y.data_ptr());
}

BOOST_AUTO_TEST_SUITE_END()
