// Anomaly detection (DetectAnomalyGuard): the first backward function returning NaN/Inf, and the
// first recorded forward op turning NaN-free inputs into NaN, become a tg::Error naming the op
// and its place on the tape. Off, nothing is checked and the non-finite values flow through.
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <string>

#include "tests/reliability/models.h"

using namespace tg;
using autograd::AnomalyMode;
using autograd::DetectAnomalyGuard;

namespace {

/// The message of the tg::Error `fn` throws ("" when it throws nothing).
template <typename F> std::string error_of(F fn) {
  try {
    fn();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

} // namespace

BOOST_AUTO_TEST_SUITE(anomaly)

BOOST_AUTO_TEST_CASE(off_by_default_and_guards_nest) {
  BOOST_CHECK(!AnomalyMode::is_enabled());
  {
    DetectAnomalyGuard outer;
    BOOST_CHECK(AnomalyMode::is_enabled());
    {
      DetectAnomalyGuard inner;
      BOOST_CHECK(AnomalyMode::is_enabled());
    }
    BOOST_CHECK(AnomalyMode::is_enabled());
    AnomalyMode::set_enabled(false); // a guard still holds it on
    BOOST_CHECK(AnomalyMode::is_enabled());
  }
  BOOST_CHECK(!AnomalyMode::is_enabled());
  AnomalyMode::set_enabled(true);
  AnomalyMode::set_enabled(true); // idempotent: one set_enabled(false) turns it off
  BOOST_CHECK(AnomalyMode::is_enabled());
  AnomalyMode::set_enabled(false);
  BOOST_CHECK(!AnomalyMode::is_enabled());
}

// d/dx sqrt(x) = 1 / (2 sqrt(x)) is +inf at x = 0, although sqrt(0) = 0 is finite.
BOOST_AUTO_TEST_CASE(backward_inf_names_the_function_and_its_tape_position) {
  Tensor x = tensor({0.0, 4.0}, kDouble).requires_grad_();
  Tensor a = x * 3.0;  // op 1: MulBackward0
  Tensor b = a.sqrt(); // op 2: SqrtBackward0
  Tensor c = b.sum();  // op 3: SumBackward0
  const uint64_t seq = b.grad_fn()->sequence_nr();
  std::string msg;
  {
    DetectAnomalyGuard guard;
    msg = error_of([&] { c.backward(); });
  }
  BOOST_TEST_MESSAGE(msg);
  BOOST_CHECK(contains(msg, "'SqrtBackward0'"));
  BOOST_CHECK(contains(msg, "sequence number " + std::to_string(seq)));
  BOOST_CHECK(contains(msg, "op 2 of 3"));
  BOOST_CHECK(contains(msg, "inf"));
  BOOST_CHECK(contains(msg, "0th output"));
  BOOST_CHECK(!x.grad().defined()); // stopped before anything reached the leaf
}

BOOST_AUTO_TEST_CASE(backward_nan_is_reported) {
  // d/dx log(x) = 1/x; a NaN flowing into the graph from outside is caught where it first appears
  // in a gradient: the incoming gradient is NaN, and LogBackward0 multiplies it through.
  Tensor x = tensor({1.0, 2.0}, kDouble).requires_grad_();
  Tensor y = x.log();
  DetectAnomalyGuard guard;
  std::string msg = error_of([&] { y.backward(tensor({std::nan(""), 1.0}, kDouble)); });
  BOOST_CHECK(contains(msg, "'LogBackward0'"));
  BOOST_CHECK(contains(msg, "returned nan values"));
}

BOOST_AUTO_TEST_CASE(without_the_guard_non_finite_gradients_flow_through) {
  Tensor x = tensor({0.0, 4.0}, kDouble).requires_grad_();
  BOOST_CHECK_NO_THROW(x.sqrt().sum().backward());
  BOOST_CHECK(std::isinf(x.grad()[0].item<double>()));
  // And no forward check either: log of a negative number is NaN, silently.
  Tensor n = tensor({-1.0}, kDouble).requires_grad_();
  BOOST_CHECK_NO_THROW(n.log());
}

BOOST_AUTO_TEST_CASE(forward_nan_from_finite_inputs_is_reported) {
  Tensor x = tensor({1.0, -1.0}, kDouble).requires_grad_();
  DetectAnomalyGuard guard;
  Tensor y;
  std::string msg = error_of([&] { y = x.log(); });
  BOOST_TEST_MESSAGE(msg);
  BOOST_CHECK(contains(msg, "forward"));
  BOOST_CHECK(contains(msg, "'LogBackward0'"));
  BOOST_CHECK(contains(msg, "sequence number"));
  BOOST_CHECK(!y.defined());
  // A NaN that was already in the input is not the op's fault: only the op that made it is named.
  Tensor bad = tensor({std::nan(""), 1.0}, kDouble).requires_grad_();
  BOOST_CHECK_NO_THROW(bad.exp());
  // Ops that record nothing (no input requires grad) are not checked.
  BOOST_CHECK_NO_THROW(tensor({-1.0}, kDouble).log());
}

BOOST_AUTO_TEST_CASE(healthy_training_raises_nothing) {
  manual_seed(3);
  reliability::TinyCnn model;
  optim::SGD optimizer(model->parameters(), optim::SGDOptions(0.01));
  Tensor x = randn({4, 1, 8, 8});
  Tensor target = randint(0, 10, {4}, kLong);
  DetectAnomalyGuard guard;
  for (int step = 0; step < 5; ++step) {
    optimizer.zero_grad();
    Tensor loss = nn::functional::cross_entropy(model->forward(x), target);
    BOOST_REQUIRE_NO_THROW(loss.backward());
    optimizer.step();
  }
  for (const Tensor& p : model->parameters())
    BOOST_CHECK(autograd::detail::non_finite_kind(p) == nullptr);
}

BOOST_AUTO_TEST_SUITE_END()
