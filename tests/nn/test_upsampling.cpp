// F::interpolate, the upsample_* functions and the Upsample module (issue #21): values and
// gradients in every mode against LibTorch 1.13 (upsampling_reference_cases.inc, whose numbers
// LibTorch wrote into tests/fixtures/upsampling_reference.txt), printing, and the errors bad
// options raise.
#include <boost/test/unit_test.hpp>

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include <tapegrad/tapegrad.h>

#include "libtorch_reference.h"

namespace upsampling_test {

namespace T = tg;
namespace NN = tg::nn;
namespace FF = tg::nn::functional;
using tg::Tensor;

using tg_test::contains;
using tg_test::error_of;
using tg_test::printed;

BOOST_AUTO_TEST_SUITE(nn_upsampling)

BOOST_AUTO_TEST_CASE(values_and_gradients_match_libtorch) {
  const auto dbl = T::TensorOptions().dtype(T::kDouble);
  tg_test::ReferenceCases cases;
#define TG_REF_CASE(name, ...) cases.emplace_back(#name, [&]() -> Tensor { __VA_ARGS__ });
#include "upsampling_reference_cases.inc"
#undef TG_REF_CASE
  tg_test::check_against_reference(cases, "upsampling_reference.txt");
}

BOOST_AUTO_TEST_CASE(module_prints_as_libtorch) {
  BOOST_TEST(printed(NN::Upsample(NN::UpsampleOptions()
                                      .scale_factor(std::vector<double>{2, 2})
                                      .mode(T::kBilinear)
                                      .align_corners(false))) ==
             "tg::nn::Upsample(scale_factor=[2, 2], mode=kBilinear)");
  BOOST_TEST(printed(NN::Upsample(NN::UpsampleOptions().size(std::vector<int64_t>{3}))) ==
             "tg::nn::Upsample(size=[3], mode=kNearest)");
}

// Doubling with nearest copies each value into a 2x2 block; its gradient sums the block.
BOOST_AUTO_TEST_CASE(nearest_doubling_repeats_and_its_gradient_sums) {
  Tensor x = T::arange(6, T::kDouble).reshape({1, 1, 2, 3}).requires_grad_();
  Tensor y =
      FF::interpolate(x, FF::InterpolateFuncOptions().scale_factor(std::vector<double>{2, 2}));
  BOOST_TEST(y.sizes().vec() == (std::vector<int64_t>{1, 1, 4, 6}),
             boost::test_tools::per_element());
  BOOST_TEST(y[0][0][3][5].item<double>() == 5.0);
  y.sum().backward();
  BOOST_TEST(T::equal(x.grad(), T::full({1, 1, 2, 3}, 4.0, T::kDouble)));
}

BOOST_AUTO_TEST_CASE(bad_options_are_errors_naming_the_op) {
  const Tensor x = T::zeros({1, 1, 3, 3});
  std::string e = error_of([&] { FF::interpolate(x); });
  BOOST_TEST(contains(e, "interpolate: either size or scale_factor should be defined"));
  e = error_of([&] {
    FF::interpolate(x, FF::InterpolateFuncOptions()
                           .size(std::vector<int64_t>{2, 2})
                           .scale_factor(std::vector<double>{2, 2}));
  });
  BOOST_TEST(contains(e, "only one of size or scale_factor should be defined"));
  e = error_of([&] {
    FF::interpolate(x, FF::InterpolateFuncOptions().scale_factor(std::vector<double>{2}));
  });
  BOOST_TEST(contains(e, "scale_factor shape must match input shape. Input is 2D"));
  e = error_of(
      [&] { FF::interpolate(x, FF::InterpolateFuncOptions().size(std::vector<int64_t>{2})); });
  BOOST_TEST(contains(e, "size shape must match input shape"));
  e = error_of([&] {
    FF::interpolate(x, FF::InterpolateFuncOptions().size(std::vector<int64_t>{0, 2}));
  });
  BOOST_TEST(contains(e, "Input and output sizes should be greater than 0"));
  e = error_of([&] {
    FF::interpolate(
        x, FF::InterpolateFuncOptions().size(std::vector<int64_t>{2, 2}).align_corners(true));
  });
  BOOST_TEST(contains(e, "align_corners option can only be set with the interpolating modes"));
  e = error_of([&] {
    FF::interpolate(T::zeros({1, 1, 3}),
                    FF::InterpolateFuncOptions().size(std::vector<int64_t>{2}).mode(T::kBilinear));
  });
  BOOST_TEST(contains(e, "Got 3D input, but bilinear mode needs 4D input"));
  e = error_of([&] {
    FF::interpolate(T::zeros({3, 3}), FF::InterpolateFuncOptions().size(std::vector<int64_t>{2}));
  });
  BOOST_TEST(contains(e, "Only 3D, 4D and 5D input Tensors supported (got 2D)"));
  e = error_of([&] { T::upsample_bilinear2d(T::zeros({1, 1, 3}), {4, 4}, false); });
  BOOST_TEST(contains(e, "upsample_bilinear2d: expected an input of shape [N, C, 2 spatial dims]"));
  e = error_of([&] {
    FF::interpolate(T::zeros({1, 1, 3, 3}, T::kLong), FF::InterpolateFuncOptions()
                                                          .size(std::vector<int64_t>{2, 2})
                                                          .mode(T::kBilinear)
                                                          .align_corners(false));
  });
  BOOST_TEST(contains(e, "expected a floating point input"));
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace upsampling_test
