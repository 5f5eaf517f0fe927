// The 1-D and 3-D convolutions and pools, the adaptive max pools and Fold/Unfold (issue #21):
// values and gradients against LibTorch 1.13 (conv_pool_nd_reference_cases.inc, whose numbers
// LibTorch wrote into tests/fixtures/conv_pool_nd_reference.txt), the backward node names
// LibTorch reports, parameter shapes and printing, and the errors bad shapes and options raise.
#include <boost/test/unit_test.hpp>

#include <functional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <tapegrad/tapegrad.h>

#include "libtorch_reference.h"

namespace conv_pool_nd_test {

namespace T = tg;
namespace NN = tg::nn;
namespace FF = tg::nn::functional;
using tg::Tensor;

using tg_test::contains;
using tg_test::error_of;
using tg_test::printed;

BOOST_AUTO_TEST_SUITE(nn_conv_pool_nd)

BOOST_AUTO_TEST_CASE(values_and_gradients_match_libtorch) {
  const auto dbl = T::TensorOptions().dtype(T::kDouble);
  tg_test::ReferenceCases cases;
#define TG_REF_CASE(name, ...) cases.emplace_back(#name, [&]() -> Tensor { __VA_ARGS__ });
#include "conv_pool_nd_reference_cases.inc"
#undef TG_REF_CASE
  tg_test::check_against_reference(cases, "conv_pool_nd_reference.txt");
}

/// grad_fn()->name() of `out`, as LibTorch 1.13 reports it for the same call (checked there).
std::string node(const Tensor& out) { return out.grad_fn()->name(); }

BOOST_AUTO_TEST_CASE(padding_modes_pad_first_and_same_keeps_the_size) {
  // kernel {4, 3} with dilation {1, 2}: 'same' needs 3 rows (1 before, 2 after) and 4 columns
  // (2 and 2). PyTorch pads so ([2, 2, 1, 2] for F::pad, last dim first); LibTorch 1.13's C++
  // module swaps the dims' amounts and returns [7, 6] for a [6, 7] input.
  T::manual_seed(0);
  NN::Conv2d m(NN::Conv2dOptions(3, 2, {4, 3})
                   .padding(T::kSame)
                   .dilation({1, 2})
                   .padding_mode(T::kCircular));
  const Tensor x = T::randn({2, 3, 6, 7});
  const Tensor y = m(x);
  BOOST_TEST(y.sizes().vec() == (std::vector<int64_t>{2, 2, 6, 7}));
  const Tensor expected =
      FF::conv2d(FF::pad(x, FF::PadFuncOptions({2, 2, 1, 2}).mode(T::kCircular)), m->weight,
                 FF::Conv2dFuncOptions().bias(m->bias).dilation({1, 2}));
  BOOST_TEST(T::equal(y, expected));
  // explicit padding in reflect mode on a 1-D convolution, unbatched input
  NN::Conv1d r(NN::Conv1dOptions(2, 3, 3).padding(2).padding_mode(T::kReflect));
  const Tensor s = T::randn({2, 5});
  BOOST_TEST(T::equal(
      r(s), FF::conv1d(FF::pad(s.unsqueeze(0), FF::PadFuncOptions({2, 2}).mode(T::kReflect)),
                       r->weight, FF::Conv1dFuncOptions().bias(r->bias))
                .squeeze(0)));
  // transposed convolutions take only zeros, as in LibTorch
  const std::string e = error_of(
      [] { NN::ConvTranspose2d(NN::ConvTranspose2dOptions(2, 2, 3).padding_mode(T::kReflect)); });
  BOOST_TEST(contains(e, "ConvTranspose2d"));
  BOOST_TEST(contains(e, "kZeros"));
}

BOOST_AUTO_TEST_CASE(backward_nodes_are_named_as_in_libtorch) {
  auto x1 = T::randn({2, 4, 9}).requires_grad_();
  auto x2 = T::randn({2, 3, 7, 9}).requires_grad_();
  auto x3 = T::randn({2, 3, 5, 6, 5}).requires_grad_();
  BOOST_TEST(node(T::conv1d(x1, T::randn({6, 2, 3}), {}, 1, 0, 1, 2)) == "ConvolutionBackward0");
  BOOST_TEST(node(T::conv1d(x1[0], T::randn({6, 4, 3}))) == "SqueezeBackward1");
  BOOST_TEST(node(T::conv3d(x3, T::randn({2, 3, 2, 2, 2}))) == "ConvolutionBackward0");
  BOOST_TEST(node(T::conv_transpose1d(x1, T::randn({4, 3, 3}))) == "ConvolutionBackward0");
  BOOST_TEST(node(T::conv_transpose3d(x3, T::randn({3, 2, 2, 2, 2}))) == "ConvolutionBackward0");
  BOOST_TEST(node(T::max_pool1d(x1, 3)) == "SqueezeBackward1");
  BOOST_TEST(node(T::max_pool3d(x3, 2)) == "MaxPool3DWithIndicesBackward0");
  BOOST_TEST(node(T::avg_pool1d(x1, 3)) == "SqueezeBackward1");
  BOOST_TEST(node(T::avg_pool3d(x3, 2)) == "AvgPool3DBackward0");
  BOOST_TEST(node(T::adaptive_avg_pool1d(x1, 4)) == "SqueezeBackward1");
  BOOST_TEST(node(T::adaptive_avg_pool3d(x3, {2, 2, 2})) == "AdaptiveAvgPool3DBackward0");
  BOOST_TEST(node(std::get<0>(T::adaptive_max_pool1d(x1, 4))) == "SqueezeBackward1");
  BOOST_TEST(node(std::get<0>(T::adaptive_max_pool2d(x2, {4, 4}))) == "AdaptiveMaxPool2DBackward0");
  BOOST_TEST(node(std::get<0>(T::adaptive_max_pool3d(x3, {2, 2, 2}))) ==
             "AdaptiveMaxPool3DBackward0");
  BOOST_TEST(node(FF::unfold(x2, FF::UnfoldFuncOptions(2))) == "Im2ColBackward0");
  auto cols = T::randn({2, 12, 16}).requires_grad_();
  BOOST_TEST(node(FF::fold(cols, FF::FoldFuncOptions({5, 5}, 2))) == "Col2ImBackward0");
}

BOOST_AUTO_TEST_CASE(modules_have_libtorchs_parameters_and_printing) {
  NN::Conv1d c1(NN::Conv1dOptions(4, 6, 3).groups(2).stride(2));
  BOOST_TEST(c1->weight.sizes().vec() == std::vector<int64_t>({6, 2, 3}));
  BOOST_TEST(printed(c1) == "tg::nn::Conv1d(4, 6, kernel_size=[3], stride=[2], groups=2)");
  NN::Conv3d c3(NN::Conv3dOptions(2, 4, {1, 2, 3}).bias(false).padding(T::kSame));
  BOOST_TEST(c3->weight.sizes().vec() == std::vector<int64_t>({4, 2, 1, 2, 3}));
  BOOST_TEST(!c3->bias.defined());
  BOOST_TEST(printed(c3) ==
             "tg::nn::Conv3d(2, 4, kernel_size=[1, 2, 3], stride=[1, 1, 1], padding='same', "
             "bias=false)");
  BOOST_TEST(c3(T::randn({1, 2, 3, 4, 5})).sizes().vec() == std::vector<int64_t>({1, 4, 3, 4, 5}));
  NN::ConvTranspose3d t3(NN::ConvTranspose3dOptions(4, 6, 2).groups(2).output_padding(1).stride(2));
  BOOST_TEST(t3->weight.sizes().vec() == std::vector<int64_t>({4, 3, 2, 2, 2}));
  BOOST_TEST(printed(t3) == "tg::nn::ConvTranspose3d(4, 6, kernel_size=[2, 2, 2], stride=[2, 2, "
                            "2], output_padding=[1, 1, 1], groups=2)");
  NN::ConvTranspose1d t1(4, 2, 3);
  BOOST_TEST(t1->weight.sizes().vec() == std::vector<int64_t>({4, 2, 3}));
  BOOST_TEST(printed(NN::MaxPool1d(3)) ==
             "tg::nn::MaxPool1d(kernel_size=[3], stride=[3], padding=[0], dilation=[1], "
             "ceil_mode=false)");
  BOOST_TEST(printed(NN::AvgPool3d(2)) ==
             "tg::nn::AvgPool3d(kernel_size=[2, 2, 2], stride=[2, 2, 2], padding=[0, 0, 0])");
  BOOST_TEST(printed(NN::AdaptiveMaxPool2d(NN::AdaptiveMaxPool2dOptions({3, 4}))) ==
             "tg::nn::AdaptiveMaxPool2d(output_size=[3, 4])");
  BOOST_TEST(printed(NN::AdaptiveAvgPool1d(5)) == "tg::nn::AdaptiveAvgPool1d(output_size=[5])");
  BOOST_TEST(printed(NN::Unfold(NN::UnfoldOptions({2, 3}).stride(2))) ==
             "tg::nn::Unfold(kernel_size=[2, 3], dilation=[1, 1], padding=[0, 0], stride=[2, 2])");
  BOOST_TEST(printed(NN::Fold(NN::FoldOptions({4, 5}, 2))) ==
             "tg::nn::Fold(output_size=[4, 5], kernel_size=[2, 2], dilation=[1, 1], padding=[0, "
             "0], stride=[1, 1])");
}

BOOST_AUTO_TEST_CASE(max_pool_indices_address_the_input) {
  // indices are flat positions into each (n, c) plane (L, H·W or D·H·W), as in LibTorch
  auto x = T::randn({2, 3, 4, 5, 6});
  auto [v, i] = T::max_pool3d_with_indices(x, 2);
  BOOST_TEST(T::equal(v, x.flatten(2).gather(2, i.flatten(2)).view_as(v)));
  auto [av, ai] = T::adaptive_max_pool2d(x[0], {3, 2});
  BOOST_TEST(T::equal(av, x[0].flatten(2).gather(2, ai.flatten(2)).view_as(av)));
}

/// Whether `fn` throws a tg::Error whose message holds every one of `parts`.
bool throws(const std::function<void()>& fn, std::initializer_list<std::string> parts) {
  const std::string message = error_of(fn);
  if (message.empty()) return false;
  for (const std::string& p : parts)
    if (!contains(message, p)) {
      BOOST_TEST_MESSAGE("message was: " << message);
      return false;
    }
  return true;
}

BOOST_AUTO_TEST_CASE(bad_inputs_throw_naming_op_and_shapes) {
  auto x1 = T::randn({2, 4, 9});
  auto x3 = T::randn({1, 4, 5, 6, 5});
  // wrong input rank
  BOOST_TEST(throws(
      [&] {
        T::conv1d(T::randn({2, 4, 9, 1}), T::randn({6, 4, 3}));
      },
      {"conv1d", "2-D (unbatched) or 3-D (batched)", "[2, 4, 9, 1]"}));
  BOOST_TEST(throws(
      [&] {
        T::conv3d(x1, T::randn({6, 4, 3, 3, 3}));
      },
      {"conv3d", "4-D (unbatched) or 5-D (batched)", "[2, 4, 9]"}));
  BOOST_TEST(throws([&] { T::conv3d(x3, T::randn({6, 4, 3, 3})); }, {"conv3d", "5-D weight"}));
  // channels not divisible by groups / not matching the weight
  BOOST_TEST(throws(
      [&] {
        T::conv1d(x1, T::randn({5, 2, 3}), {}, 1, 0, 1, 2);
      },
      {"conv1d", "groups=2", "[5, 2, 3]"}));
  BOOST_TEST(throws(
      [&] {
        T::conv3d(x3, T::randn({6, 3, 3, 3, 3}));
      },
      {"conv3d", "C = 3", "[1, 4, 5, 6, 5]"}));
  BOOST_TEST(throws([&] { NN::Conv3d(NN::Conv3dOptions(4, 6, 3).groups(4)); },
                    {"Conv3d", "out_channels must be divisible by groups"}));
  BOOST_TEST(throws([&] { NN::ConvTranspose1d(NN::ConvTranspose1dOptions(3, 4, 3).groups(2)); },
                    {"ConvTranspose1d", "in_channels must be divisible by groups"}));
  // kernel larger than the padded input
  BOOST_TEST(throws(
      [&] {
        T::conv3d(x3, T::randn({2, 4, 3, 7, 3}));
      },
      {"conv3d", "padded input size per channel: (5 x 6 x 5)", "(3 x 7 x 3)"}));
  BOOST_TEST(throws(
      [&] {
        T::conv1d(x1, T::randn({2, 4, 6}), {}, 1, 0, 2);
      },
      {"conv1d", "(9)", "(11)"}));
  // a parameter list of the wrong length
  BOOST_TEST(throws(
      [&] {
        T::conv3d(x3, T::randn({2, 4, 1, 1, 1}), {}, {1, 2});
      },
      {"conv3d", "stride", "list of 3 values"}));
  BOOST_TEST(throws(
      [&] {
        T::conv_transpose1d(x1, T::randn({4, 2, 3}), {}, 2, 0, 2);
      },
      {"conv_transpose1d", "output padding must be smaller"}));
  BOOST_TEST(throws(
      [&] {
        T::conv_transpose3d(x3, T::randn({3, 2, 2, 2, 2}));
      },
      {"conv_transpose3d", "C = 3"}));
  BOOST_TEST(throws(
      [&] {
        FF::conv3d(x3, T::randn({2, 4, 1, 1, 1}),
                   FF::Conv3dFuncOptions().padding(T::kSame).stride(2));
      },
      {"conv3d", "padding='same'"}));
  // pools
  BOOST_TEST(throws([&] { T::max_pool3d(x1, 2); }, {"max_pool3d", "4-D or 5-D", "[2, 4, 9]"}));
  BOOST_TEST(throws([&] { T::max_pool3d(x3, {2, 2}); }, {"max_pool3d", "tuple of three ints"}));
  BOOST_TEST(throws([&] { T::max_pool3d(x3, 7); }, {"max_pool3d", "Output size is too small"}));
  BOOST_TEST(throws([&] { T::avg_pool3d(x3, 3, 1, 2); }, {"avg_pool3d", "pad should be at most"}));
  BOOST_TEST(throws([&] { T::avg_pool3d(x3, 2, {}, 0, false, true, 0); },
                    {"avg_pool3d", "divisor must be not zero"}));
  BOOST_TEST(throws([&] { T::max_pool1d(x3, 2); }, {"max_pool1d", "Expected 2D or 3D"}));
  BOOST_TEST(throws([&] { T::max_pool1d(x1, {2, 2}); }, {"max_pool1d", "kernel_size"}));
  BOOST_TEST(throws([&] { T::avg_pool1d(x1, 10); }, {"avg_pool1d", "Output size is too small"}));
  BOOST_TEST(throws(
      [&] {
        T::adaptive_max_pool3d(x1, {2, 2, 2});
      },
      {"adaptive_max_pool3d", "Expected 4D or 5D", "[2, 4, 9]"}));
  BOOST_TEST(throws(
      [&] {
        T::adaptive_avg_pool3d(x3, {2, 2});
      },
      {"adaptive_avg_pool3d", "output_size must be 3"}));
  BOOST_TEST(throws(
      [&] {
        T::adaptive_max_pool1d(x1, {2, 2});
      },
      {"adaptive_max_pool1d", "output_size must be 1"}));
  // fold / unfold
  BOOST_TEST(throws([&] { FF::unfold(x1, FF::UnfoldFuncOptions(2)); }, {"Only 4D input", "3D"}));
  BOOST_TEST(throws(
      [&] {
        FF::unfold(T::randn({1, 2, 3, 3}), FF::UnfoldFuncOptions(4));
      },
      {"im2col", "(3, 3)", "at least one"}));
  BOOST_TEST(throws(
      [&] {
        FF::fold(T::randn({2, 13, 16}), FF::FoldFuncOptions({5, 5}, 2));
      },
      {"col2im", "divisible by the product of kernel_size", "input.size(1)=13"}));
  BOOST_TEST(throws(
      [&] {
        FF::fold(T::randn({2, 12, 15}), FF::FoldFuncOptions({5, 5}, 2));
      },
      {"col2im", "4 * 4 = 16", "input.size(2)=15"}));
  BOOST_TEST(throws(
      [&] {
        FF::fold(x3, FF::FoldFuncOptions({5, 5}, 2));
      },
      {"Only unbatched (2D) or batched (3D)", "5D"}));
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace conv_pool_nd_test
