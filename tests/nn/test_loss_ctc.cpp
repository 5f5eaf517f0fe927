// The CTC loss (issue #21): values and gradients against LibTorch 1.13 (ctc_reference_cases.inc,
// whose numbers LibTorch wrote into tests/fixtures/ctc_reference.txt), a brute-force sum over
// every alignment, infinite losses, and the errors bad shapes and lengths raise.
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <functional>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include <tapegrad/tapegrad.h>

#include "libtorch_reference.h"

namespace loss_ctc_test {

namespace T = tg;
namespace NN = tg::nn;
namespace FF = tg::nn::functional;
using tg::Tensor;

using tg_test::contains;
using tg_test::error_of;
using tg_test::printed;

BOOST_AUTO_TEST_SUITE(nn_loss_ctc)

BOOST_AUTO_TEST_CASE(values_and_gradients_match_libtorch) {
  const auto dbl = T::TensorOptions().dtype(T::kDouble);
  tg_test::ReferenceCases cases;
#define TG_REF_CASE(name, ...) cases.emplace_back(#name, [&]() -> Tensor { __VA_ARGS__ });
#include "ctc_reference_cases.inc"
#undef TG_REF_CASE
  tg_test::check_against_reference(cases, "ctc_reference.txt");
}

// The definition, without the recursion: -log Σ over every frame labelling that collapses
// (merge repeats, drop blanks) to the target of Π_t p_t(label).
BOOST_AUTO_TEST_CASE(equals_the_sum_over_all_alignments) {
  const int64_t frames = 5, classes = 3;
  Tensor lp = T::log_softmax(T::randn({frames, 1, classes}, T::kDouble), 2);
  const std::vector<int64_t> target{1, 1, 2};
  double total = 0;
  int64_t paths = 1;
  for (int64_t i = 0; i < frames; ++i) paths *= classes;
  for (int64_t code = 0; code < paths; ++code) {
    std::vector<int64_t> collapsed;
    double logp = 0;
    int64_t prev = -1, c = code;
    for (int64_t t = 0; t < frames; ++t, c /= classes) {
      const int64_t label = c % classes;
      logp += lp[t][0][label].item<double>();
      if (label != 0 && label != prev) collapsed.push_back(label);
      prev = label;
    }
    if (collapsed == target) total += std::exp(logp);
  }
  Tensor loss = FF::ctc_loss(lp, T::tensor({{1, 1, 2}}), T::tensor({5}), T::tensor({3}),
                             FF::CTCLossFuncOptions().reduction(T::kSum));
  BOOST_TEST(loss.item<double>() == -std::log(total), boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(an_impossible_alignment_costs_infinity_unless_zero_infinity) {
  Tensor logits = T::randn({2, 1, 4}, T::kDouble).requires_grad_();
  Tensor lp = T::log_softmax(logits, 2);
  // two equal labels need three frames (a blank between them)
  Tensor loss = FF::ctc_loss(lp, T::tensor({{3, 3}}), T::tensor({2}), T::tensor({2}),
                             FF::CTCLossFuncOptions().reduction(T::kNone));
  BOOST_TEST(std::isinf(loss.item<double>()));
  Tensor zeroed = FF::ctc_loss(lp, T::tensor({{3, 3}}), T::tensor({2}), T::tensor({2}),
                               FF::CTCLossFuncOptions().zero_infinity(true));
  BOOST_TEST(zeroed.item<double>() == 0.0);
  zeroed.backward();
  BOOST_TEST(T::all(logits.grad() == 0).item<bool>());
  BOOST_TEST(printed(NN::CTCLoss()) == "tg::nn::CTCLoss()");
  BOOST_TEST(NN::CTCLossOptions().blank() == 0);
  BOOST_TEST(!NN::CTCLossOptions().zero_infinity());
}

BOOST_AUTO_TEST_CASE(bad_shapes_and_lengths_are_errors_naming_the_op) {
  Tensor lp = T::zeros({4, 2, 5});
  Tensor tgt = T::tensor({{1, 2}, {3, 4}});
  Tensor two = T::tensor({2, 2});
  std::string e = error_of([&] { FF::ctc_loss(T::zeros({4, 5}), tgt, two, two); });
  BOOST_TEST(contains(e, "ctc_loss: expected log_probs of shape [T, N, C]"));
  e = error_of([&] { FF::ctc_loss(lp, tgt, T::tensor({4}), two); });
  BOOST_TEST(contains(e, "ctc_loss: input_lengths must be of size batch_size"));
  e = error_of([&] { FF::ctc_loss(lp, tgt, two, T::tensor({2, 2, 2})); });
  BOOST_TEST(contains(e, "ctc_loss: target_lengths must be of size batch_size"));
  e = error_of([&] { FF::ctc_loss(lp, tgt, T::tensor({4, 5}), two); });
  BOOST_TEST(contains(e, "Expected input_lengths to have value at most 4, but got value 5"));
  e = error_of([&] { FF::ctc_loss(lp, tgt, two, T::tensor({2, 3})); });
  BOOST_TEST(contains(e, "Expected tensor to have size at least 3 at dimension 1"));
  e = error_of([&] { FF::ctc_loss(lp, T::tensor({1, 2, 3}), two, two); });
  BOOST_TEST(contains(e, "ctc_loss: concatenated targets of shape [3] must hold"));
  e = error_of([&] { FF::ctc_loss(lp, T::tensor({{1, 2}, {3, 7}}), two, two); });
  BOOST_TEST(contains(e, "ctc_loss: target label 7 of sample 1 is out of range for 5 classes"));
  e = error_of([&] { FF::ctc_loss(lp, tgt, two, two, FF::CTCLossFuncOptions().blank(5)); });
  BOOST_TEST(contains(e, "ctc_loss: blank must be in label range"));
  e = error_of([&] { FF::ctc_loss(lp, tgt.to(T::kFloat), two, two); });
  BOOST_TEST(contains(e, "ctc_loss: expected integer targets"));
  e = error_of([&] { FF::ctc_loss(lp, tgt, two.to(T::kFloat), two); });
  BOOST_TEST(contains(e, "ctc_loss: input_lengths must be integral"));
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace loss_ctc_test
