// GroupNorm, InstanceNorm1d/2d/3d, BatchNorm3d and the ATen-level batch_norm / group_norm /
// instance_norm (issue #21): values, gradients and running statistics against LibTorch 1.13
// (norm_reference_cases.inc, whose numbers LibTorch wrote into tests/fixtures/norm_reference.txt),
// the options' defaults, parameters and buffers, printing, and the errors bad input raises.
#include <boost/test/unit_test.hpp>

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include <tapegrad/tapegrad.h>

#include "libtorch_reference.h"

namespace norm_test {

namespace T = tg;
namespace NN = tg::nn;
namespace FF = tg::nn::functional;
using tg::Tensor;

using tg_test::contains;
using tg_test::error_of;
using tg_test::printed;

BOOST_AUTO_TEST_SUITE(nn_norm)

BOOST_AUTO_TEST_CASE(values_gradients_and_running_stats_match_libtorch) {
  const auto dbl = T::TensorOptions().dtype(T::kDouble);
  tg_test::ReferenceCases cases;
#define TG_REF_CASE(name, ...) cases.emplace_back(#name, [&]() -> Tensor { __VA_ARGS__ });
#include "norm_reference_cases.inc"
#undef TG_REF_CASE
  tg_test::check_against_reference(cases, "norm_reference.txt");
}

BOOST_AUTO_TEST_CASE(options_have_libtorchs_defaults) {
  NN::InstanceNormOptions in(4);
  BOOST_TEST(in.eps() == 1e-5);
  BOOST_TEST(in.momentum() == 0.1);
  BOOST_TEST(!in.affine());
  BOOST_TEST(!in.track_running_stats());
  FF::InstanceNormFuncOptions inf;
  BOOST_TEST(inf.use_input_stats());
  BOOST_TEST(!inf.running_mean().defined());
  NN::GroupNormOptions gn(2, 4);
  BOOST_TEST(gn.eps() == 1e-5);
  BOOST_TEST(gn.affine());
  BOOST_TEST(FF::GroupNormFuncOptions(2).eps() == 1e-5);
}

BOOST_AUTO_TEST_CASE(parameters_and_buffers_as_libtorch) {
  // InstanceNorm: nothing by default; weight, bias and three buffers when asked for.
  NN::InstanceNorm1d plain(4);
  BOOST_TEST(plain->named_parameters().size() == 0u);
  BOOST_TEST(plain->named_buffers().size() == 0u);
  NN::InstanceNorm1d full(NN::InstanceNormOptions(4).affine(true).track_running_stats(true));
  std::vector<std::string> keys;
  for (const auto& p : full->named_parameters()) keys.push_back(p.key());
  for (const auto& b : full->named_buffers()) keys.push_back(b.key());
  BOOST_TEST(keys == (std::vector<std::string>{"weight", "bias", "running_mean", "running_var",
                                               "num_batches_tracked"}),
             boost::test_tools::per_element());
  BOOST_TEST(full->running_var.sum().item<double>() == 4.0);
  NN::GroupNorm gn(NN::GroupNormOptions(2, 4).affine(false));
  BOOST_TEST(gn->named_parameters().size() == 0u);
  NN::GroupNorm gna(2, 4);
  BOOST_TEST(gna->weight.sum().item<double>() == 4.0);
  BOOST_TEST(gna->bias.abs().sum().item<double>() == 0.0);
  NN::BatchNorm3d bn(5);
  BOOST_TEST(bn->named_buffers().size() == 3u);
}

BOOST_AUTO_TEST_CASE(modules_print_as_libtorch) {
  BOOST_TEST(printed(NN::InstanceNorm2d(4)) ==
             "tg::nn::InstanceNorm2d(4, eps=1e-05, momentum=0.1, affine=false, "
             "track_running_stats=false)");
  BOOST_TEST(printed(NN::InstanceNorm1d(NN::InstanceNormOptions(4).affine(true).track_running_stats(
                 true))) == "tg::nn::InstanceNorm1d(4, eps=1e-05, momentum=0.1, affine=true, "
                            "track_running_stats=true)");
  BOOST_TEST(printed(NN::GroupNorm(2, 4)) == "tg::nn::GroupNorm(2, 4, eps=1e-05, affine=true)");
  BOOST_TEST(printed(NN::BatchNorm3d(5)) ==
             "tg::nn::BatchNorm3d(5, eps=1e-05, momentum=0.1, affine=true, "
             "track_running_stats=true)");
}

// GroupNorm has no running statistics: eval mode gives what training mode gives.
BOOST_AUTO_TEST_CASE(group_norm_is_the_same_in_train_and_eval) {
  NN::GroupNorm gn(2, 4);
  Tensor x = T::arange(24, T::kFloat).reshape({2, 4, 3}).sin();
  Tensor a = gn(x);
  gn->eval();
  BOOST_TEST(T::equal(a, gn(x)));
}

BOOST_AUTO_TEST_CASE(bad_input_is_an_error_naming_the_op) {
  const Tensor x = T::zeros({2, 4, 3});
  std::string e = error_of([&] { T::group_norm(x, 3); });
  BOOST_TEST(contains(e, "group_norm: Expected number of channels in input to be divisible by "
                         "num_groups, but got input of shape [2, 4, 3] and num_groups=3"));
  e = error_of([&] { T::group_norm(x, 2, T::ones({3})); });
  BOOST_TEST(contains(e, "group_norm: Expected weight to be a vector of size equal to the number "
                         "of channels in input, but got weight of shape [3]"));
  e = error_of([&] { T::group_norm(T::zeros({4}), 2); });
  BOOST_TEST(contains(e, "group_norm: expected an input of shape [N, C, *]"));
  e = error_of([&] { T::group_norm(T::zeros({2, 4}, T::kLong), 2); });
  BOOST_TEST(contains(e, "group_norm: expected a floating point input"));
  e = error_of([&] { NN::GroupNorm(3, 4); });
  BOOST_TEST(contains(e, "GroupNorm: num_channels must be divisible by num_groups"));
  e = error_of([&] { NN::GroupNorm(2, 4)(T::zeros({2, 3, 3})); });
  BOOST_TEST(contains(e, "GroupNorm: expected an input of shape [N, 4, *], got [2, 3, 3]"));

  e = error_of([&] { T::instance_norm(x, {}, {}, {}, {}, false, 0.1, 1e-5); });
  BOOST_TEST(contains(e, "instance_norm: Expected running_mean and running_var to be defined "
                         "when use_input_stats is false"));
  e = error_of([&] { T::instance_norm(x, {}, {}, T::zeros({3}), T::ones({3}), true, 0.1, 1e-5); });
  BOOST_TEST(contains(e, "instance_norm: running_mean should contain 4 elements"));
  e = error_of([&] { NN::InstanceNorm1d(4)(T::zeros({4})); });
  BOOST_TEST(contains(e, "InstanceNorm1d: expected 2D or 3D input (got 1D input)"));
  e = error_of([&] { NN::InstanceNorm2d(4)(T::zeros({2, 4, 3, 3, 3})); });
  BOOST_TEST(contains(e, "InstanceNorm2d: expected 3D or 4D input (got 5D input)"));
  e = error_of([&] {
    NN::InstanceNorm2d(NN::InstanceNormOptions(4).affine(true))(T::zeros({2, 3, 3, 3}));
  });
  BOOST_TEST(contains(e, "instance_norm: weight should contain 3 elements"));
  e = error_of([&] { NN::InstanceNorm3d(0); });
  BOOST_TEST(contains(e, "InstanceNorm3d: num_features must be positive"));

  e = error_of([&] { T::batch_norm(x, {}, {}, {}, {}, false, 0.1, 1e-5); });
  BOOST_TEST(contains(e, "batch_norm: running_mean and running_var must be defined"));
  e = error_of([&] { T::batch_norm(x, T::ones({3}), {}, {}, {}, true, 0.1, 1e-5); });
  BOOST_TEST(contains(e, "batch_norm: weight should contain 4 elements"));
  e = error_of([&] { NN::BatchNorm3d(4)(T::zeros({2, 4, 3, 3})); });
  BOOST_TEST(contains(e, "BatchNorm3d: expected 5D input (got 4D input)"));
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace norm_test
