// The backward engine: reuse of a value (the micrograd counterexample), accumulation, retain_graph,
// very long graphs, higher-order gradients, hooks, error cases, broadcasting, freeing the graph and
// a flat memory profile over a training loop.
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include <tapegrad/tapegrad.h>

#include "autograd/graph/teardown.h"

using namespace tg;
using namespace tg::autograd;

namespace {

Tensor scalar(double v) { return tg::tensor({v}, tg::dtype(kDouble)).requires_grad_(); }
double value(const Tensor& t) { return t.item<double>(); }
bool message_contains(const tg::Error& e, const std::string& part) {
  return std::string(e.what()).find(part) != std::string::npos;
}

} // namespace

BOOST_AUTO_TEST_SUITE(engine)

BOOST_AUTO_TEST_CASE(reused_value_accumulates_every_path) {
  // micrograd's bug report: with gradients assigned instead of summed, dc/da came out as 2.
  Tensor a = scalar(-4);
  Tensor b = a + a;
  Tensor c = b + b;
  c.backward();
  BOOST_CHECK_CLOSE(value(a.grad()), 4.0, 1e-12);

  Tensor x = scalar(-4);
  Tensor y = x * x; // both inputs of one node are the same leaf
  y.backward();
  BOOST_CHECK_CLOSE(value(x.grad()), -8.0, 1e-12);

  Tensor z = scalar(3);
  Tensor w = z * z * z + z; // d/dz = 3z^2 + 1
  w.backward();
  BOOST_CHECK_CLOSE(value(z.grad()), 28.0, 1e-12);
}

BOOST_AUTO_TEST_CASE(micrograd_more_ops_with_inplace_updates) {
  // micrograd's test_more_ops; its `c += ...` rebinding is written as in-place updates here, which
  // must give the same values and gradients.
  Tensor a = scalar(-4.0);
  Tensor b = scalar(2.0);
  Tensor c = a + b;
  Tensor d = a * b + b.pow(3);
  c += c + 1;
  c += 1 + c + (-a);
  d += d * 2 + (b + a).relu();
  d += 3 * d + (b - a).relu();
  Tensor e = c - d;
  Tensor f = e.pow(2);
  Tensor g = f / 2.0;
  g += 10.0 / f;
  BOOST_CHECK_CLOSE(value(g), 24.70408163265306, 1e-9);
  g.backward();
  BOOST_CHECK_CLOSE(value(a.grad()), 138.83381924198252, 1e-9);
  BOOST_CHECK_CLOSE(value(b.grad()), 645.5772594752186, 1e-9);
}

BOOST_AUTO_TEST_CASE(gradients_accumulate_until_zeroed) {
  Tensor x = tg::tensor({1.0, 2.0, 3.0}, tg::dtype(kDouble)).requires_grad_();
  (x * x).sum().backward();
  (x * x).sum().backward();
  BOOST_CHECK(x.grad().allclose(4 * x.detach()));
  x.grad().zero_();
  BOOST_CHECK(x.grad().allclose(tg::zeros({3}, kDouble)));
  (x * 3).sum().backward();
  BOOST_CHECK(x.grad().allclose(tg::full({3}, 3.0, kDouble)));
}

BOOST_AUTO_TEST_CASE(retain_graph_allows_a_second_backward) {
  Tensor x = scalar(2);
  Tensor y = (x * x).exp();
  y.backward({}, /*retain_graph=*/true);
  double once = value(x.grad());
  y.backward();
  BOOST_CHECK_CLOSE(value(x.grad()), 2 * once, 1e-12);
  try {
    y.backward();
    BOOST_FAIL("expected tg::Error");
  } catch (const tg::Error& e) {
    BOOST_CHECK(message_contains(e, "second time"));
    BOOST_CHECK(message_contains(e, "ExpBackward0"));
    BOOST_CHECK(message_contains(e, "retain_graph=true"));
  }
}

BOOST_AUTO_TEST_CASE(hundred_thousand_op_chain) {
  int64_t nodes_before = autograd::detail::live_nodes();
  Tensor x = scalar(1.0);
  {
    Tensor y = x;
    for (int i = 0; i < 100000; ++i) y = y * 1.0000001 + 0;
    y.backward();
    BOOST_CHECK_CLOSE(value(x.grad()), std::pow(1.0000001, 100000), 1e-6);
  } // dropping the chain must not recurse 200,000 destructors deep
  BOOST_CHECK_EQUAL(autograd::detail::live_nodes(), nodes_before);

  {
    Tensor y = x;
    for (int i = 0; i < 100000; ++i) y = y * 1.0000001 + 0;
    BOOST_CHECK(autograd::detail::live_nodes() >= nodes_before + 200000);
  } // never backpropagated: the whole graph is still alive until here
  BOOST_CHECK_EQUAL(autograd::detail::live_nodes(), nodes_before);
}

BOOST_AUTO_TEST_CASE(second_derivative_with_create_graph) {
  Tensor x = tg::tensor({2.0, -1.5, 0.5}, tg::dtype(kDouble)).requires_grad_();
  Tensor y = x.pow(3).sum();
  Tensor dy = autograd::grad({y}, {x}, {}, std::nullopt, /*create_graph=*/true)[0];
  BOOST_CHECK(dy.allclose(3 * x.detach().pow(2)));
  BOOST_CHECK(dy.requires_grad());
  Tensor d2y = autograd::grad({dy.sum()}, {x})[0];
  BOOST_CHECK(d2y.allclose(6 * x.detach())); // d²/dx² x³ = 6x
  BOOST_CHECK(!x.grad().defined());       // grad() never touches .grad()

  // The same through backward(create_graph): .grad() itself carries a graph.
  Tensor z = x * x * x;
  z.sum().backward({}, std::nullopt, /*create_graph=*/true);
  BOOST_CHECK(x.grad().requires_grad());
  Tensor g1 = x.grad();
  x.mutable_grad().reset();
  g1.sum().backward();
  BOOST_CHECK(x.grad().allclose(6 * x.detach()));
}

BOOST_AUTO_TEST_CASE(retain_grad_of_a_non_leaf) {
  Tensor x = tg::tensor({1.0, -2.0}, tg::dtype(kDouble)).requires_grad_();
  Tensor h = x * 2;
  h.retain_grad();
  BOOST_CHECK(h.retains_grad());
  Tensor other = x * 5; // no retain_grad: no .grad()
  (h * h + other).sum().backward();
  BOOST_REQUIRE(h.grad().defined());
  BOOST_CHECK(h.grad().allclose(2 * h.detach()));
  BOOST_CHECK(!other.grad().defined());
  BOOST_CHECK(x.grad().allclose(8 * x.detach() + 5));
}

// ReLU's backward masks the incoming gradient in place when the engine holds the only handle to
// it. Anyone else holding that gradient (retain_grad, a hook, autograd::grad capturing it) must
// still see it unmasked.
BOOST_AUTO_TEST_CASE(relu_backward_in_place_leaves_shared_gradients_alone) {
  const Tensor w = tg::tensor({1.0, 2.0, 3.0, 4.0}, tg::dtype(kDouble));
  const Tensor mask = tg::tensor({1.0, 0.0, 1.0, 0.0}, tg::dtype(kDouble));
  auto input = [] {
    return tg::tensor({1.0, -1.0, 2.0, -2.0}, tg::dtype(kDouble)).requires_grad_();
  };

  Tensor x = input();
  Tensor y = tg::relu(x);
  y.retain_grad();
  (y * w).sum().backward();
  BOOST_CHECK(y.grad().equal(w));
  BOOST_CHECK(x.grad().equal(w * mask));

  Tensor x2 = input();
  Tensor y2 = tg::relu(x2);
  Tensor seen;
  y2.register_hook([&seen](Tensor g) { seen = g; }); // keeps the very handle, no copy
  (y2 * w).sum().backward();
  BOOST_CHECK(seen.equal(w));
  BOOST_CHECK(x2.grad().equal(w * mask));

  Tensor x3 = input();
  Tensor y3 = tg::relu(x3);
  variable_list g = tg::autograd::grad({(y3 * w).sum()}, {y3, x3});
  BOOST_CHECK(g[0].equal(w));
  BOOST_CHECK(g[1].equal(w * mask));

  // nothing else holds it: the in-place path, same values
  Tensor x4 = input();
  (tg::relu(x4) * w).sum().backward();
  BOOST_CHECK(x4.grad().equal(w * mask));
}

BOOST_AUTO_TEST_CASE(hooks_on_leaf_and_non_leaf) {
  Tensor x = tg::tensor({1.0, 2.0}, tg::dtype(kDouble)).requires_grad_();
  x.register_hook([](const Tensor& g) { return g * 2; });
  (x * 3).sum().backward();
  BOOST_CHECK(x.grad().allclose(tg::full({2}, 6.0, kDouble)));

  Tensor p = tg::tensor({1.0, 2.0}, tg::dtype(kDouble)).requires_grad_();
  Tensor h = p * 3;
  Tensor seen;
  h.register_hook([&seen](Tensor g) { seen = g.clone(); }); // observes only
  h.register_hook([](Tensor g) { return g * 10; });         // replaces
  (h * 2).sum().backward();
  BOOST_REQUIRE(seen.defined());
  BOOST_CHECK(seen.allclose(tg::full({2}, 2.0, kDouble)));
  BOOST_CHECK(p.grad().allclose(tg::full({2}, 60.0, kDouble)));

  BOOST_CHECK_THROW(tg::ones({2}).register_hook([](Tensor g) { return g; }), tg::Error);
}

BOOST_AUTO_TEST_CASE(no_grad_guard_stops_recording) {
  Tensor x = tg::ones({3}).requires_grad_();
  {
    NoGradGuard guard;
    Tensor y = x * 2 + 1;
    BOOST_CHECK(!y.requires_grad());
    BOOST_CHECK(!y.grad_fn());
    BOOST_CHECK(!GradMode::is_enabled());
    {
      AutoGradMode enable(true);
      BOOST_CHECK((x * 2).requires_grad());
    }
    BOOST_CHECK(!GradMode::is_enabled());
  }
  BOOST_CHECK(GradMode::is_enabled());
  BOOST_CHECK((x * 2).requires_grad());
}

BOOST_AUTO_TEST_CASE(backward_errors) {
  Tensor plain = tg::ones({1});
  try {
    plain.backward();
    BOOST_FAIL("expected tg::Error");
  } catch (const tg::Error& e) {
    BOOST_CHECK(message_contains(e, "does not require grad"));
  }
  Tensor x = tg::ones({3}).requires_grad_();
  Tensor y = x * 2;
  try {
    y.backward();
    BOOST_FAIL("expected tg::Error");
  } catch (const tg::Error& e) {
    BOOST_CHECK(message_contains(e, "scalar outputs"));
  }
  BOOST_CHECK_THROW(y.backward(tg::ones({2})), tg::Error); // wrong gradient shape
  y.backward(tg::full({3}, 0.5));                            // an explicit gradient is fine
  BOOST_CHECK(x.grad().allclose(tg::ones({3})));
  Tensor unused = tg::ones({2}).requires_grad_();
  BOOST_CHECK_THROW(autograd::grad({(x * 2).sum()}, {unused}), tg::Error);
  auto r = autograd::grad({(x * 2).sum()}, {unused}, {}, std::nullopt, false, /*allow_unused=*/true);
  BOOST_CHECK(!r[0].defined());
}

BOOST_AUTO_TEST_CASE(broadcast_gradients_are_reduced) {
  Tensor x = tg::ones({3, 1}, kDouble).requires_grad_();
  Tensor y = tg::ones({4}, kDouble).requires_grad_();
  Tensor out = x + y;
  BOOST_CHECK(out.sizes().equals({3, 4}));
  (out * 2).sum().backward();
  BOOST_CHECK(x.grad().sizes().equals({3, 1}));
  BOOST_CHECK(y.grad().sizes().equals({4}));
  BOOST_CHECK(x.grad().allclose(tg::full({3, 1}, 8.0, kDouble)));
  BOOST_CHECK(y.grad().allclose(tg::full({4}, 6.0, kDouble)));

  // A 0-dim operand against a matrix.
  Tensor s = tg::tensor(2.0, tg::dtype(kDouble)).requires_grad_();
  Tensor m = tg::ones({2, 5}, kDouble).requires_grad_();
  (s * m).sum().backward();
  BOOST_CHECK_EQUAL(s.grad().dim(), 0);
  BOOST_CHECK_CLOSE(value(s.grad()), 10.0, 1e-12);
}

BOOST_AUTO_TEST_CASE(graph_is_freed_with_its_output) {
  Tensor x = tg::randn({4}).requires_grad_();
  std::weak_ptr<Node> root, inner;
  {
    Tensor y = (x * 2).exp().sum();
    root = y.grad_fn();
    inner = y.grad_fn()->next_edge(0).function;
    y.backward();
    BOOST_CHECK(!root.expired());
  }
  BOOST_CHECK(root.expired());
  BOOST_CHECK(inner.expired());

  {
    Tensor y = (x * 2).exp().sum();
    root = y.grad_fn();
  } // never backpropagated
  BOOST_CHECK(root.expired());

  // The leaf's accumulator is owned by the graph only.
  std::weak_ptr<Node> acc;
  {
    Tensor y = x * 2;
    acc = y.grad_fn()->next_edge(0).function;
    BOOST_CHECK_EQUAL(acc.lock()->name(), "AccumulateGrad");
  }
  BOOST_CHECK(acc.expired());
}

BOOST_AUTO_TEST_CASE(training_loop_memory_is_flat) {
  manual_seed(7);
  Tensor w1 = (tg::randn({8, 16}) * 0.3).requires_grad_();
  Tensor w2 = (tg::randn({16, 1}) * 0.3).requires_grad_();
  Tensor x = tg::randn({32, 8});
  Tensor target = x.sum(1, true) * 0.5;
  auto step = [&] {
    Tensor h = x.matmul(w1).clamp_min(0);
    Tensor loss = (h.matmul(w2) - target).pow(2).mean();
    loss.backward();
    {
      NoGradGuard guard;
      w1 -= 0.05 * w1.grad();
      w2 -= 0.05 * w2.grad();
      w1.grad().zero_();
      w2.grad().zero_();
    }
    return loss.item<double>();
  };
  double first = step();
  for (int i = 0; i < 10; ++i) step(); // warm the allocator cache
  size_t cached = tg::cached_bytes();
  int64_t impls = autograd::detail::live_tensor_impls();
  int64_t nodes = autograd::detail::live_nodes();
  double last = first;
  for (int i = 0; i < 200; ++i) last = step();
  BOOST_CHECK_LE(tg::cached_bytes(), cached);
  BOOST_CHECK_EQUAL(autograd::detail::live_tensor_impls(), impls);
  BOOST_CHECK_EQUAL(autograd::detail::live_nodes(), nodes);
  BOOST_CHECK_EQUAL(nodes, 0); // no graph survives a step
  BOOST_CHECK_LT(last, first);
}

BOOST_AUTO_TEST_CASE(execution_order_is_deterministic) {
  // Ready nodes run latest-created first, so the order and the floating-point sums are the same on
  // every run.
  auto run = [](std::vector<uint64_t>& order) {
    manual_seed(11);
    Tensor x = tg::randn({5}, kDouble).requires_grad_();
    Tensor a = x * 2, b = x.exp(), c = a * b, d = c + a.sin(), e = (d * b).sum();
    for (const Tensor* t : {&a, &b, &c, &d, &e}) {
      std::shared_ptr<Node> fn = t->grad_fn();
      Node* raw = fn.get();
      fn->pre_hooks.emplace_back(0, [raw, &order](const Tensor&) {
        order.push_back(raw->sequence_nr());
        return Tensor();
      });
    }
    e.backward();
    return x.grad().clone();
  };
  std::vector<uint64_t> o1, o2;
  Tensor g1 = run(o1), g2 = run(o2);
  BOOST_CHECK(g1.equal(g2));
  BOOST_REQUIRE_EQUAL(o1.size(), 5u);
  for (size_t i = 1; i < o1.size(); ++i) BOOST_CHECK_GT(o1[i - 1], o1[i]);
  for (size_t i = 1; i < o2.size(); ++i) BOOST_CHECK_GT(o2[i - 1], o2[i]);
}

// The backward of select, slice, narrow, split, chunk and unbind adds each view's gradient into the
// engine's buffer for the viewed tensor in place (Node::gradient_window) instead of a zero tensor
// as large as the input per view. Every gradient must equal the one of the same sum written
// without views: the window's position, strides (step, a dropped dim, a non-contiguous input),
// overlapping windows and pieces that got no gradient.
BOOST_AUTO_TEST_CASE(view_gradients_added_in_place_match_the_dense_sum) {
  manual_seed(3);
  const Tensor w = tg::randn({6, 5}, kDouble);
  Tensor x = tg::randn({6, 5}, kDouble).requires_grad_();
  Tensor loss = tg::zeros({}, kDouble);
  for (int64_t t = 0; t < 6; ++t) loss = loss + (x[t] * w[t]).sum();           // rows
  for (int64_t j = 0; j < 5; j += 2) loss = loss + (x.select(1, j) * 2).sum(); // columns
  loss = loss + (x.narrow(0, 1, 3) * 3).sum() + (x.narrow(0, 2, 3) * 5).sum(); // overlap
  loss = loss + x.slice(1, 1, 5, 3).sum() * 7;                                 // step 3
  loss = loss + (x.t().select(0, 4) * 11).sum();                               // transposed
  const std::vector<Tensor> pieces = x.chunk(3, 0), cols = x.unbind(1);
  loss = loss + pieces[2].sum() * 13 + cols[3].sum() * 17; // the other pieces get no gradient
  loss.backward();

  Tensor c = w.clone();
  for (int64_t j = 0; j < 5; j += 2) c.select(1, j).add_(2);
  c.narrow(0, 1, 3).add_(3);
  c.narrow(0, 2, 3).add_(5);
  c.slice(1, 1, 5, 3).add_(7);
  c.select(1, 4).add_(11);
  c.narrow(0, 4, 2).add_(13);
  c.select(1, 3).add_(17);
  BOOST_CHECK(x.grad().allclose(c, 1e-12, 1e-12));

  // The same through autograd::grad, with create_graph (the dense path) and without.
  Tensor y = tg::randn({4, 3}, kDouble).requires_grad_();
  auto f = [](const Tensor& v) { return (v[0] * v[3]).sum() + v.slice(0, 1, 4, 2).pow(2).sum(); };
  const Tensor g_fast = tg::autograd::grad({f(y)}, {y})[0];
  const Tensor g_dense = tg::autograd::grad({f(y)}, {y}, {}, std::nullopt, true)[0];
  Tensor expect = tg::zeros({4, 3}, kDouble);
  expect[0].copy_(y.detach()[3]);
  expect[3].copy_(y.detach()[0]);
  expect.slice(0, 1, 4, 2).add_(2 * y.detach().slice(0, 1, 4, 2));
  BOOST_CHECK(g_fast.allclose(expect, 1e-12, 1e-12));
  BOOST_CHECK(g_dense.allclose(expect, 1e-12, 1e-12));
}

// The engine adds view gradients in place only into buffers it allocated. A gradient that is
// someone else's tensor (here the caller's own gradient, passed on unchanged by add's backward
// into the same buffer the slice's gradient then goes to) is copied first, never written.
BOOST_AUTO_TEST_CASE(view_gradients_never_write_a_gradient_they_do_not_own) {
  Tensor x = tg::tensor({1.0, 2.0, 3.0, 4.0}, tg::dtype(kDouble)).requires_grad_();
  Tensor base = x * 2;
  Tensor out = base + base.narrow(0, 0, 4);
  const Tensor g = tg::tensor({1.0, 10.0, 100.0, 1000.0}, tg::dtype(kDouble));
  out.backward(g);
  BOOST_CHECK(g.equal(tg::tensor({1.0, 10.0, 100.0, 1000.0}, tg::dtype(kDouble))));
  BOOST_CHECK(x.grad().equal(4 * g));

  // retain_graph: the window node runs twice and the gradients accumulate; without it a third
  // backward through the released select names the node, as apply() does.
  Tensor v = tg::tensor({1.0, 2.0, 3.0}, tg::dtype(kDouble)).requires_grad_();
  Tensor s = v[1];
  s.backward({}, true);
  s.backward();
  BOOST_CHECK(v.grad().equal(tg::tensor({0.0, 2.0, 0.0}, tg::dtype(kDouble))));
  try {
    s.backward();
    BOOST_ERROR("a backward through a released SelectBackward0 did not throw");
  } catch (const tg::Error& e) {
    BOOST_CHECK(message_contains(e, "SelectBackward0"));
  }
}

// A loop that indexes a tensor step by step (an RNN's input, x[t]) used to cost the steps times
// the length of x in backward; 20,000 steps of 16 values now take as long as the steps.
BOOST_AUTO_TEST_CASE(step_by_step_indexing_gradient) {
  const int64_t steps = 20000;
  Tensor x = tg::arange(steps * 16, kDouble).reshape({steps, 16}).requires_grad_();
  Tensor w = tg::ones({16}, kDouble).requires_grad_();
  Tensor loss = tg::zeros({}, kDouble);
  for (int64_t t = 0; t < steps; ++t) loss = loss + (x[t] * w).sum();
  loss.backward();
  BOOST_CHECK(x.grad().equal(tg::ones({steps, 16}, kDouble)));
  BOOST_CHECK(w.grad().equal(x.detach().sum(0)));
}

BOOST_AUTO_TEST_SUITE_END()
