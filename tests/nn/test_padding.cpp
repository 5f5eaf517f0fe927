// F::pad and the padding layers against what LibTorch 1.13 prints for the same calls (x is
// arange(12) as [1, 1, 3, 4]), plus their errors.
#include <boost/test/unit_test.hpp>

#include <sstream>

#include <tapegrad/tapegrad.h>

namespace {
namespace F = tg::nn::functional;
tg::Tensor x() { return tg::arange(12, tg::kFloat).view({1, 1, 3, 4}); }
std::vector<float> values(const tg::Tensor& t) {
  tg::Tensor c = t.contiguous();
  return {c.data_ptr<float>(), c.data_ptr<float>() + c.numel()};
}
template <typename M> std::string printed(const M& module) {
  std::ostringstream s;
  s << module;
  return s.str();
}
} // namespace

BOOST_AUTO_TEST_SUITE(padding)

BOOST_AUTO_TEST_CASE(modes_match_libtorch) {
  const auto opts = F::PadFuncOptions({2, 1, 1, 2});
  tg::Tensor reflect = F::pad(x(), F::PadFuncOptions(opts).mode(tg::kReflect));
  BOOST_TEST(reflect.sizes().vec() == std::vector<int64_t>({1, 1, 6, 7}));
  BOOST_TEST(values(reflect) == std::vector<float>({6, 5, 4, 5, 6, 7, 6, 2,  1, 0, 1, 2,  3,  2,
                                                    6, 5, 4, 5, 6, 7, 6, 10, 9, 8, 9, 10, 11, 10,
                                                    6, 5, 4, 5, 6, 7, 6, 2,  1, 0, 1, 2,  3,  2}),
             boost::test_tools::per_element());
  BOOST_TEST(values(F::pad(x(), F::PadFuncOptions(opts).mode(tg::kReplicate))) ==
                 std::vector<float>({0, 0, 0, 1, 2,  3,  3,  0, 0, 0, 1, 2,  3,  3,
                                     4, 4, 4, 5, 6,  7,  7,  8, 8, 8, 9, 10, 11, 11,
                                     8, 8, 8, 9, 10, 11, 11, 8, 8, 8, 9, 10, 11, 11}),
             boost::test_tools::per_element());
  BOOST_TEST(
      values(F::pad(x(), F::PadFuncOptions(opts).mode(tg::kCircular))) ==
          std::vector<float>({10, 11, 8, 9, 10, 11, 8, 2, 3, 0, 1, 2, 3, 0, 6, 7, 4, 5, 6, 7, 4,
                              10, 11, 8, 9, 10, 11, 8, 2, 3, 0, 1, 2, 3, 0, 6, 7, 4, 5, 6, 7, 4}),
      boost::test_tools::per_element());
  // Constant mode crops where the amount is negative.
  BOOST_TEST(values(F::pad(x(), F::PadFuncOptions({1, -1, 0, 1}).value(7))) ==
                 std::vector<float>({7, 0, 1, 2, 7, 4, 5, 6, 7, 8, 9, 10, 7, 7, 7, 7}),
             boost::test_tools::per_element());
  BOOST_TEST(tg::constant_pad_nd(x(), {1, 1}, 2.5).sizes().vec() ==
             std::vector<int64_t>({1, 1, 3, 6}));
}

BOOST_AUTO_TEST_CASE(layers_print_and_pad_like_the_functional_form) {
  tg::nn::ReflectionPad2d reflect(tg::nn::ReflectionPad2dOptions({1, 1, 2, 0}));
  BOOST_TEST(printed(reflect) == "tg::nn::ReflectionPad2d(padding=[1, 1, 2, 0])");
  BOOST_TEST(reflect(x()).equal(F::pad(x(), F::PadFuncOptions({1, 1, 2, 0}).mode(tg::kReflect))));
  tg::nn::ConstantPad2d constant(tg::nn::ConstantPad2dOptions(1, 3.5));
  BOOST_TEST(printed(constant) == "tg::nn::ConstantPad2d(padding=[1, 1, 1, 1], value=3.5)");
  BOOST_TEST(constant(x())[0][0][0][0].item<float>() == 3.5f);
  tg::nn::ZeroPad2d zero(2);
  BOOST_TEST(printed(zero) == "tg::nn::ZeroPad2d(padding=[2, 2, 2, 2])");
  BOOST_TEST(zero(x()).sum().item<float>() == 66.f);
  tg::nn::ReplicationPad1d rep1(tg::nn::ReplicationPad1dOptions({0, 2}));
  BOOST_TEST(values(rep1(tg::arange(3, tg::kFloat).view({1, 1, 3}))) ==
                 std::vector<float>({0, 1, 2, 2, 2}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(bad_padding_is_a_clear_error) {
  BOOST_CHECK_THROW(F::pad(x(), F::PadFuncOptions({4, 0}).mode(tg::kReflect)),
                    tg::Error); // >= width
  BOOST_CHECK_THROW(F::pad(x(), F::PadFuncOptions({1, 2, 3}).mode(tg::kReplicate)), tg::Error);
  BOOST_CHECK_THROW(F::pad(tg::zeros({4}), F::PadFuncOptions({1, 1}).mode(tg::kReflect)),
                    tg::Error);
  BOOST_CHECK_THROW(tg::constant_pad_nd(x(), {-3, -2}), tg::Error); // width 4 cropped by 5
  BOOST_CHECK_THROW(tg::constant_pad_nd(tg::zeros({2}), {1, 1, 1, 1}), tg::Error);
}

BOOST_AUTO_TEST_SUITE_END()
