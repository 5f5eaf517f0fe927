// Gradients added straight into a leaf's .grad() by the backward function that computes them
// (autograd/graph/gradient_destination.h): the result must be what returning the gradient to
// AccumulateGrad gives, the fast path must be taken where it is offered, and never where it would
// change what a user sees (hooks, create_graph, grad(), a product reading .grad() itself).
#include <boost/test/unit_test.hpp>

#include <string>

#include <tapegrad/tapegrad.h>

#include "autograd/graph/gradient_destination.h"

using namespace tg;
using namespace tg::autograd;

namespace {

size_t taken_so_far() { return tg::autograd::detail::gradient_destinations_taken(); }

Tensor leaf(IntArrayRef shape) { return randn(shape, dtype(kDouble)).requires_grad_(); }

/// d(loss)/d(w) by grad(), which writes no .grad() and takes no destination.
Tensor reference_grad(const Tensor& loss, const Tensor& w) {
  return autograd::grad({loss}, {w}, {}, /*retain_graph=*/true)[0];
}

/// Runs backward on `loss` after giving w a .grad() of `before`; returns how many destinations
/// were taken, checks that .grad() kept its buffer and now holds before + reference.
size_t backward_into(const Tensor& loss, const Tensor& w, const Tensor& before) {
  Tensor expected = before + reference_grad(loss, w);
  w.mutable_grad() = before.clone();
  const void* buffer = w.grad().data_ptr();
  const size_t taken = taken_so_far();
  loss.backward();
  BOOST_CHECK(w.grad().data_ptr() == buffer);
  BOOST_CHECK(allclose(w.grad(), expected, 1e-12, 1e-12));
  return taken_so_far() - taken;
}

} // namespace

BOOST_AUTO_TEST_SUITE(gradient_destination)

BOOST_AUTO_TEST_CASE(linear_weight_accumulates_into_its_grad) {
  // weight.t() is a view covering all of weight: the product lands transposed in weight.grad
  manual_seed(1);
  Tensor x = randn({5, 7}, dtype(kDouble)), w = leaf({3, 7}), b = leaf({3});
  Tensor loss = (nn::functional::linear(x, w, b).tanh() * randn({5, 3}, dtype(kDouble))).sum();
  BOOST_CHECK_EQUAL(backward_into(loss, w, randn({3, 7}, dtype(kDouble))), 1u);
}

BOOST_AUTO_TEST_CASE(plain_and_windowed_operands) {
  manual_seed(2);
  Tensor x = randn({4, 6}, dtype(kDouble));
  Tensor w = leaf({6, 5});
  // w as mm's second operand, then as its first
  BOOST_CHECK_EQUAL(backward_into(x.mm(w).sin().sum(), w, randn({6, 5}, dtype(kDouble))), 1u);
  Tensor y = randn({5, 3}, dtype(kDouble));
  BOOST_CHECK_EQUAL(backward_into(w.mm(y).cos().sum(), w, randn({6, 5}, dtype(kDouble))), 1u);
  // a window of rows (contiguous), of columns (rows ldc apart) and a transposed window of columns
  Tensor big = leaf({8, 9});
  Tensor before = randn({8, 9}, dtype(kDouble));
  BOOST_CHECK_EQUAL(backward_into(x.mm(big.narrow(0, 2, 6)).sum(), big, before), 1u);
  BOOST_CHECK_EQUAL(
      backward_into(x.mm(big.narrow(1, 3, 5).narrow(0, 0, 6)).exp().sum(), big, before),
      0u); // two views on the way: the engine looks through one only
  Tensor z = randn({6, 8}, dtype(kDouble));
  BOOST_CHECK_EQUAL(backward_into(z.mm(big.narrow(1, 1, 4)).pow(2).sum(), big, before), 1u);
  // a window neither row- nor column-contiguous (a slice across the last dim of a 3-D leaf,
  // strides [30, 6]): the product is made, then added into it
  Tensor cube = leaf({6, 5, 6});
  BOOST_CHECK_EQUAL(
      backward_into(x.mm(cube.select(2, 1)).tanh().sum(), cube, randn({6, 5, 6}, dtype(kDouble))),
      1u);
}

BOOST_AUTO_TEST_CASE(embedding_rows_are_added_into_the_weight_grad) {
  // repeated rows add up, padding_idx's row gets nothing, the head tied to the same weight adds
  // its product too
  manual_seed(8);
  Tensor w = leaf({10, 4});
  Tensor idx = tensor({3, 1, 3, 0, 7, 1}, dtype(kLong)).view({2, 3});
  Tensor h =
      nn::functional::embedding(idx, w, nn::functional::EmbeddingFuncOptions().padding_idx(1));
  Tensor logits = nn::functional::linear(h.tanh(), w);
  BOOST_CHECK_EQUAL(backward_into((logits * logits).sum(), w, randn({10, 4}, dtype(kDouble))), 2u);
  Tensor plain = nn::functional::embedding(idx, w).sin().sum();
  BOOST_CHECK_EQUAL(backward_into(plain, w, randn({10, 4}, dtype(kDouble))), 1u);
}

BOOST_AUTO_TEST_CASE(index_select_and_indexing_scatter_into_the_grad) {
  manual_seed(9);
  Tensor w = leaf({6, 3});
  Tensor rows = tensor({4, 0, 4, 2}, dtype(kLong));
  BOOST_CHECK_EQUAL(
      backward_into(w.index_select(0, rows).exp().sum(), w, randn({6, 3}, dtype(kDouble))), 1u);
  BOOST_CHECK_EQUAL(backward_into(w.index({rows, tensor({0, 2, 2, 1}, dtype(kLong))}).sin().sum(),
                                  w, randn({6, 3}, dtype(kDouble))),
                    1u);
  // through a view: columns of w.t() picked
  BOOST_CHECK_EQUAL(
      backward_into(w.t().index_select(1, rows).pow(2).sum(), w, randn({6, 3}, dtype(kDouble))),
      1u);
  // a 0-dim source is indexed as [1]: no destination, the gradient is summed back to 0-dim
  Tensor s = leaf({});
  BOOST_CHECK_EQUAL(backward_into(s.index_select(0, tensor({0}, dtype(kLong))).sum() * 3, s,
                                  randn({}, dtype(kDouble))),
                    0u);
}

BOOST_AUTO_TEST_CASE(same_leaf_on_several_paths_sums_every_one) {
  manual_seed(3);
  Tensor w = leaf({4, 4});
  Tensor x = randn({3, 4}, dtype(kDouble));
  // both operands of one product, a second product, and an element-wise use
  Tensor loss = w.mm(w).sum() + x.mm(w.t()).tanh().sum() + (w * w).sum();
  BOOST_CHECK_GE(backward_into(loss, w, randn({4, 4}, dtype(kDouble))), 1u);
}

BOOST_AUTO_TEST_CASE(not_offered_where_it_would_change_what_a_user_sees) {
  manual_seed(4);
  Tensor x = randn({5, 7}, dtype(kDouble));
  Tensor w = leaf({3, 7});
  auto loss_of = [&] { return nn::functional::linear(x, w).sin().sum(); };
  const Tensor before = randn({3, 7}, dtype(kDouble));

  // first backward: .grad() is undefined, so the gradient is handed over whole
  size_t taken = taken_so_far();
  loss_of().backward();
  BOOST_CHECK_EQUAL(taken_so_far(), taken);

  // a hook must see the whole gradient
  Tensor seen;
  Tensor hooked = leaf({3, 7});
  hooked.register_hook([&](const Tensor& g) {
    seen = g.clone();
    return Tensor();
  });
  Tensor hooked_loss = nn::functional::linear(x, hooked).sin().sum();
  Tensor expected = reference_grad(hooked_loss, hooked);
  BOOST_CHECK_EQUAL(backward_into(hooked_loss, hooked, before), 0u);
  BOOST_REQUIRE(seen.defined());
  BOOST_CHECK(allclose(seen, expected, 1e-12, 1e-12));

  // create_graph: the sum is recorded, so .grad() gets a new tensor
  w.mutable_grad() = before.clone();
  taken = taken_so_far();
  loss_of().backward({}, /*retain_graph=*/true, /*create_graph=*/true);
  BOOST_CHECK_EQUAL(taken_so_far(), taken);
  w.mutable_grad() = Tensor();

  // grad() writes no .grad(); backward(inputs=) captures
  w.mutable_grad() = before.clone();
  autograd::grad({loss_of()}, {w});
  autograd::backward({loss_of()}, {}, std::nullopt, false, {w});
  BOOST_CHECK_EQUAL(taken_so_far(), taken);

  // anomaly mode checks each returned gradient
  {
    DetectAnomalyGuard guard;
    loss_of().backward();
  }
  BOOST_CHECK_EQUAL(taken_so_far(), taken);

  // a view on the way that retains its gradient (a pre-hook) must receive it
  Tensor wt = w.t();
  Tensor through_view = x.mm(wt).sin().sum();
  Tensor view_expected = reference_grad(through_view, wt);
  Tensor w_expected = before + reference_grad(through_view, w);
  wt.retain_grad();
  w.mutable_grad() = before.clone();
  taken = taken_so_far();
  through_view.backward();
  BOOST_CHECK_EQUAL(taken_so_far(), taken);
  BOOST_REQUIRE(wt.grad().defined());
  BOOST_CHECK(allclose(wt.grad(), view_expected, 1e-12, 1e-12));
  BOOST_CHECK(allclose(w.grad(), w_expected, 1e-12, 1e-12));
}

BOOST_AUTO_TEST_CASE(a_product_reading_the_grad_itself_is_not_given_it) {
  manual_seed(5);
  Tensor w = leaf({4, 4});
  w.mutable_grad() = randn({4, 4}, dtype(kDouble));
  // w.grad() is the other operand: writing the product into it while reading it would be wrong
  Tensor g = w.grad();
  Tensor loss = (g.mm(w) * g).sum() + w.mm(g).sum();
  Tensor expected = g + reference_grad(loss, w);
  const size_t taken = taken_so_far();
  loss.backward();
  BOOST_CHECK_EQUAL(taken_so_far(), taken);
  BOOST_CHECK(w.grad().data_ptr() == g.data_ptr());
  BOOST_CHECK(allclose(w.grad(), expected, 1e-12, 1e-12));
}

BOOST_AUTO_TEST_CASE(a_later_reader_of_the_grad_sees_the_write_or_refuses) {
  // A node that saved w.grad() (as data) runs after the product wrote into it: LibTorch's
  // in-place rule applies, so the backward either computes with the values saved or refuses.
  manual_seed(6);
  Tensor x = randn({3, 4}, dtype(kDouble)), w = leaf({4, 2}), z = leaf({4, 2});
  w.mutable_grad() = randn({4, 2}, dtype(kDouble));
  const Tensor saved_values = w.grad().clone();
  Tensor loss = x.mm(w).sum() + (w.grad() * z).sum();
  try {
    loss.backward();
    BOOST_CHECK(allclose(z.grad(), saved_values, 1e-12, 1e-12));
  } catch (const tg::Error& e) {
    BOOST_CHECK(std::string(e.what()).find("inplace") != std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(training_steps_match_returned_gradients) {
  // Two identical models, one trained through destinations (backward), one through grad():
  // the same parameters after ten SGD steps with zero_grad.
  manual_seed(7);
  nn::Linear a(6, 4), b(6, 4);
  a->to(kDouble);
  b->to(kDouble);
  {
    NoGradGuard no_grad;
    b->weight.copy_(a->weight);
    b->bias.copy_(a->bias);
  }
  optim::SGD opt_a(a->parameters(), optim::SGDOptions(0.1).momentum(0.9));
  optim::SGD opt_b(b->parameters(), optim::SGDOptions(0.1).momentum(0.9));
  const size_t taken = taken_so_far();
  for (int step = 0; step < 10; ++step) {
    Tensor x = randn({8, 6}, dtype(kDouble));
    opt_a.zero_grad();
    a->forward(x).tanh().sum().backward();
    opt_a.step();
    opt_b.zero_grad();
    auto params = b->parameters();
    auto grads = autograd::grad({b->forward(x).tanh().sum()}, params);
    for (size_t i = 0; i < params.size(); ++i) params[i].mutable_grad() = grads[i];
    opt_b.step();
  }
  BOOST_CHECK_GE(taken_so_far() - taken, 9u);
  BOOST_CHECK(allclose(a->weight, b->weight, 1e-12, 1e-12));
  BOOST_CHECK(allclose(a->bias, b->bias, 1e-12, 1e-12));
}

BOOST_AUTO_TEST_SUITE_END()
