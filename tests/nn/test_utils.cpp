// torch::nn::utils: gradient clipping by joint norm and by value, flat parameter vectors.
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <limits>

#include <tapegrad/tapegrad.h>

namespace {
/// Two parameters whose gradients are {3, 4} and {12}: joint 2-norm 13, inf-norm 12.
std::vector<tg::Tensor> params_with_grads() {
  tg::Tensor a = tg::zeros({2}, tg::requires_grad());
  tg::Tensor b = tg::zeros({1}, tg::requires_grad());
  tg::Tensor c = tg::zeros({3}, tg::requires_grad()); // no gradient: skipped
  ((a * tg::tensor({3.f, 4.f})).sum() + (b * 12).sum()).backward();
  return {a, b, c};
}
} // namespace

BOOST_AUTO_TEST_SUITE(nn_utils)

BOOST_AUTO_TEST_CASE(clip_grad_norm_scales_all_gradients_together) {
  auto ps = params_with_grads();
  double total = tg::nn::utils::clip_grad_norm_(ps, 6.5);
  BOOST_TEST(total == 13.0, boost::test_tools::tolerance(1e-6));
  // Every gradient is halved (6.5 / 13), so the joint norm becomes max_norm.
  BOOST_TEST(ps[0].grad().allclose(tg::tensor({1.5f, 2.f}), 1e-5, 1e-6));
  BOOST_TEST(ps[1].grad().item<float>() == 6.f, boost::test_tools::tolerance(1e-5f));
  BOOST_TEST(!ps[2].grad().defined());
  // Below max_norm nothing changes.
  BOOST_TEST(tg::nn::utils::clip_grad_norm_(ps, 100.0) == 6.5, boost::test_tools::tolerance(1e-5));
  BOOST_TEST(ps[1].grad().item<float>() == 6.f, boost::test_tools::tolerance(1e-5f));
}

BOOST_AUTO_TEST_CASE(clip_grad_norm_other_orders_and_nonfinite) {
  auto ps = params_with_grads();
  const double inf = std::numeric_limits<double>::infinity();
  BOOST_TEST(tg::nn::utils::clip_grad_norm_(ps, 1e9, inf) == 12.0);
  BOOST_TEST(tg::nn::utils::clip_grad_norm_(ps, 1e9, 1.0) == 19.0,
             boost::test_tools::tolerance(1e-9));
  BOOST_TEST(tg::nn::utils::clip_grad_norm_(ps[1], 1e9) == 12.0,
             boost::test_tools::tolerance(1e-9));
  ps[0].grad()[0].fill_(std::nan(""));
  BOOST_CHECK_THROW(tg::nn::utils::clip_grad_norm_(ps, 1.0, 2.0, /*error_if_nonfinite=*/true),
                    tg::Error);
  BOOST_CHECK_THROW(tg::nn::utils::clip_grad_norm_(ps, -1.0), tg::Error);
  BOOST_TEST(tg::nn::utils::clip_grad_norm_(std::vector<tg::Tensor>{}, 1.0) == 0.0);
}

BOOST_AUTO_TEST_CASE(clip_grad_value_clamps_each_element) {
  auto ps = params_with_grads();
  tg::nn::utils::clip_grad_value_(ps, 3.5);
  BOOST_TEST(ps[0].grad().equal(tg::tensor({3.f, 3.5f})));
  BOOST_TEST(ps[1].grad().item<float>() == 3.5f);
}

BOOST_AUTO_TEST_CASE(module_parameters_round_trip_through_a_flat_vector) {
  tg::nn::Linear fc(3, 2);
  tg::Tensor flat = tg::nn::utils::parameters_to_vector(fc->parameters());
  BOOST_TEST(flat.sizes().vec() == std::vector<int64_t>({8}));
  BOOST_TEST(flat.slice(0, 0, 6).equal(fc->weight.detach().flatten()));
  tg::nn::utils::vector_to_parameters(tg::arange(8, tg::kFloat), fc->parameters());
  BOOST_TEST(fc->bias.detach().equal(tg::tensor({6.f, 7.f})));
  BOOST_TEST(fc->weight.requires_grad());
  BOOST_CHECK_THROW(tg::nn::utils::vector_to_parameters(tg::zeros({7}), fc->parameters()),
                    tg::Error);
}

BOOST_AUTO_TEST_SUITE_END()
