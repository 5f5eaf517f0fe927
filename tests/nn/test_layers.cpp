// Issue #21's activations, small layers, distances, einsum, cdist, the addmm family and
// GaussianNLLLoss: values and gradients against LibTorch 1.13 (layers_reference_cases.inc, whose
// numbers LibTorch wrote into tests/fixtures/layers_reference.txt) and against PyTorch for
// GaussianNLLLoss (tests/fixtures/gaussian_nll_reference.txt, written by
// make_gaussian_nll_reference.py, since LibTorch 1.13's C++ API lacks it); the options' defaults,
// printing as LibTorch prints, initialisation, the parameter containers, and the errors bad
// shapes and options raise.
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include <tapegrad/tapegrad.h>

#include "libtorch_reference.h"

namespace layers_test {

namespace T = tg;
namespace NN = tg::nn;
namespace FF = tg::nn::functional;
using tg::Tensor;

using tg_test::contains;
using tg_test::error_of;
using tg_test::item;
using tg_test::printed;

BOOST_AUTO_TEST_SUITE(nn_layers)

BOOST_AUTO_TEST_CASE(values_and_gradients_match_libtorch) {
  const auto dbl = T::TensorOptions().dtype(T::kDouble);
  tg_test::ReferenceCases cases;
#define TG_REF_CASE(name, ...) cases.emplace_back(#name, [&]() -> Tensor { __VA_ARGS__ });
#include "layers_reference_cases.inc"
#undef TG_REF_CASE
  tg_test::check_against_reference(cases, "layers_reference.txt");
}

// The same inputs and names as tests/fixtures/make_gaussian_nll_reference.py.
BOOST_AUTO_TEST_CASE(gaussian_nll_loss_matches_pytorch) {
  const auto dbl = T::TensorOptions().dtype(T::kDouble);
  auto x = T::linspace(-1, 2, 12, dbl).reshape({3, 4}).requires_grad_();
  auto t = T::arange(12, dbl).reshape({3, 4}).cos();
  auto v = T::linspace(0.1, 2, 12, dbl).reshape({3, 4}).requires_grad_();
  auto small = [&] { return T::tensor({1e-8, 0.5, 2e-7, 1.5}, dbl).requires_grad_(); };
  auto vjp = [&](const Tensor& out, const Tensor& wrt) {
    auto w = T::arange(out.numel(), dbl).reshape(out.sizes()).cos();
    return T::autograd::grad({(out * w).sum()}, {wrt})[0];
  };
  const auto none = FF::GaussianNLLLossFuncOptions().reduction(T::kNone);
  tg_test::ReferenceCases cases;
  cases.emplace_back("gaussian_nll_mean", [&] { return FF::gaussian_nll_loss(x, t, v); });
  cases.emplace_back("gaussian_nll_none", [&] { return FF::gaussian_nll_loss(x, t, v, none); });
  cases.emplace_back("gaussian_nll_sum_full", [&] {
    return NN::GaussianNLLLoss(NN::GaussianNLLLossOptions().full(true).reduction(T::kSum))(x, t, v);
  });
  cases.emplace_back("gaussian_nll_homoscedastic_short",
                     [&] { return FF::gaussian_nll_loss(x, t, v.select(1, 0).detach(), none); });
  cases.emplace_back("gaussian_nll_homoscedastic_one",
                     [&] { return FF::gaussian_nll_loss(x, t, v.narrow(1, 0, 1).detach(), none); });
  cases.emplace_back("gaussian_nll_broadcast_target",
                     [&] { return FF::gaussian_nll_loss(x, t[0], v, none); });
  cases.emplace_back("gaussian_nll_clamped_eps", [&] {
    return FF::gaussian_nll_loss(x[0], t[0], small(),
                                 FF::GaussianNLLLossFuncOptions(none).eps(1e-6));
  });
  cases.emplace_back("gaussian_nll_grad_input",
                     [&] { return vjp(FF::gaussian_nll_loss(x, t, v, none), x); });
  cases.emplace_back("gaussian_nll_grad_var",
                     [&] { return vjp(FF::gaussian_nll_loss(x, t, v, none), v); });
  cases.emplace_back("gaussian_nll_grad_var_clamped", [&] {
    Tensor s = small();
    return vjp(FF::gaussian_nll_loss(x[0], t[0], s, none), s);
  });
  cases.emplace_back("gaussian_nll_grad_mean_input",
                     [&] { return T::autograd::grad({FF::gaussian_nll_loss(x, t, v)}, {x})[0]; });
  tg_test::check_against_reference(cases, "gaussian_nll_reference.txt");
}

BOOST_AUTO_TEST_CASE(options_have_libtorchs_defaults) {
  BOOST_TEST(NN::PReLUOptions().num_parameters() == 1);
  BOOST_TEST(NN::PReLUOptions().init() == 0.25);
  BOOST_TEST(NN::RReLUOptions().lower() == 1.0 / 8.0);
  BOOST_TEST(NN::RReLUOptions().upper() == 1.0 / 3.0);
  BOOST_TEST(!FF::RReLUFuncOptions().training());
  BOOST_TEST(NN::CELUOptions().alpha() == 1.0);
  BOOST_TEST(!NN::SELUOptions().inplace());
  BOOST_TEST(NN::GLUOptions().dim() == -1);
  BOOST_TEST(NN::HardshrinkOptions().lambda() == 0.5);
  BOOST_TEST(NN::SoftshrinkOptions().lambda() == 0.5);
  BOOST_TEST(!NN::ThresholdOptions(1, 2).inplace());
  BOOST_TEST(NN::BilinearOptions(2, 3, 4).bias());
  BOOST_TEST(NN::CosineSimilarityOptions().dim() == 1);
  BOOST_TEST(NN::CosineSimilarityOptions().eps() == 1e-8);
  BOOST_TEST(NN::PairwiseDistanceOptions().p() == 2.0);
  BOOST_TEST(NN::PairwiseDistanceOptions().eps() == 1e-6);
  BOOST_TEST(!NN::PairwiseDistanceOptions().keepdim());
  FF::NormalizeFuncOptions n;
  BOOST_TEST(n.p() == 2.0);
  BOOST_TEST(n.dim() == 1);
  BOOST_TEST(n.eps() == 1e-12);
  BOOST_TEST(!n.out().has_value());
  NN::LocalResponseNormOptions lrn(3);
  BOOST_TEST(lrn.alpha() == 1e-4);
  BOOST_TEST(lrn.beta() == 0.75);
  BOOST_TEST(lrn.k() == 1.0);
  NN::GaussianNLLLossOptions g;
  BOOST_TEST(!g.full());
  BOOST_TEST(g.eps() == 1e-6);
  BOOST_TEST(std::holds_alternative<tg::enumtype::kMean>(g.reduction()));
}

// The strings LibTorch 1.13 prints, with torch:: replaced by tg:: (Hardswish, Hardsigmoid and
// GaussianNLLLoss, absent from LibTorch, print as their siblings do).
BOOST_AUTO_TEST_CASE(modules_print_as_libtorch) {
  BOOST_TEST(printed(NN::PReLU()) == "tg::nn::PReLU(num_parameters=1)");
  BOOST_TEST(printed(NN::RReLU()) == "tg::nn::RReLU(lower=0.125, upper=0.333333)");
  BOOST_TEST(printed(NN::RReLU(NN::RReLUOptions().lower(0.1).upper(0.2).inplace(true))) ==
             "tg::nn::RReLU(lower=0.1, upper=0.2, inplace=true)");
  BOOST_TEST(printed(NN::CELU(NN::CELUOptions().alpha(2).inplace(true))) ==
             "tg::nn::CELU(alpha=2, inplace=true)");
  BOOST_TEST(printed(NN::SELU()) == "tg::nn::SELU()");
  BOOST_TEST(printed(NN::SELU(true)) == "tg::nn::SELU(inplace=true)");
  BOOST_TEST(printed(NN::GLU()) == "tg::nn::GLU(dim=-1)");
  BOOST_TEST(printed(NN::Softsign()) == "tg::nn::Softsign()");
  BOOST_TEST(printed(NN::Tanhshrink()) == "tg::nn::Tanhshrink()");
  BOOST_TEST(printed(NN::Threshold(0.1, 20)) == "tg::nn::Threshold(threshold=0.1, value=20)");
  BOOST_TEST(printed(NN::Threshold(NN::ThresholdOptions(0.1, 20).inplace(true))) ==
             "tg::nn::Threshold(threshold=0.1, value=20, inplace=true)");
  BOOST_TEST(printed(NN::LogSigmoid()) == "tg::nn::LogSigmoid()");
  BOOST_TEST(printed(NN::Softmin(1)) == "tg::nn::Softmin(dim=1)");
  BOOST_TEST(printed(NN::Softmax2d()) == "tg::nn::Softmax2d()");
  BOOST_TEST(printed(NN::Hardshrink()) == "tg::nn::Hardshrink(0.5)");
  BOOST_TEST(printed(NN::Softshrink(NN::SoftshrinkOptions(0.3))) == "tg::nn::Softshrink(0.3)");
  BOOST_TEST(printed(NN::ReLU6(true)) == "tg::nn::ReLU6(inplace=true)");
  BOOST_TEST(printed(NN::Hardswish()) == "tg::nn::Hardswish()");
  BOOST_TEST(printed(NN::Hardsigmoid()) == "tg::nn::Hardsigmoid()");
  BOOST_TEST(printed(NN::Bilinear(2, 3, 4)) ==
             "tg::nn::Bilinear(in1_features=2, in2_features=3, out_features=4, bias=true)");
  BOOST_TEST(printed(NN::CosineSimilarity(NN::CosineSimilarityOptions().dim(0).eps(1e-5))) ==
             "tg::nn::CosineSimilarity(dim=0, eps=1e-05)");
  BOOST_TEST(printed(NN::PairwiseDistance()) ==
             "tg::nn::PairwiseDistance(p=2, eps=1e-06, keepdim=false)");
  BOOST_TEST(printed(NN::LocalResponseNorm(2)) ==
             "tg::nn::LocalResponseNorm(2, alpha=0.0001, beta=0.75, k=1)");
  BOOST_TEST(printed(NN::Unflatten(1, std::vector<int64_t>{2, 3})) ==
             "tg::nn::Unflatten(dim=1, unflattened_size={2, 3})");
  BOOST_TEST(printed(NN::PixelShuffle(2)) == "tg::nn::PixelShuffle(upscale_factor=2)");
  BOOST_TEST(printed(NN::PixelUnshuffle(3)) == "tg::nn::PixelUnshuffle(downscale_factor=3)");
  BOOST_TEST(printed(NN::GaussianNLLLoss()) == "tg::nn::GaussianNLLLoss()");
  NN::ParameterList pl;
  pl->append(T::ones({2}));
  pl->append(T::zeros({3, 4}, T::requires_grad()));
  BOOST_TEST(printed(pl) == "tg::nn::ParameterList(\n(0): Parameter containing: [Float of size "
                            "[2]]\n(1): Parameter containing: [Float of size [3, 4]]\n)");
  NN::ParameterDict pd;
  pd->insert("b", T::ones({2, 3}, T::kDouble));
  BOOST_TEST(printed(pd) ==
             "tg::nn::ParameterDict(\n(b): Parameter containing: [Double of size [2, 3]]\n)");
}

BOOST_AUTO_TEST_CASE(default_initialisation_as_libtorch) {
  tg::manual_seed(0);
  // PReLU: every slope init (0.25), trainable
  NN::PReLU p(NN::PReLUOptions().num_parameters(3));
  BOOST_TEST(p->weight.sizes() == T::IntArrayRef({3}));
  BOOST_TEST(item(p->weight.sum()) == 0.75);
  BOOST_TEST(p->weight.requires_grad());
  BOOST_TEST(p->named_parameters().keys() == std::vector<std::string>({"weight"}),
             boost::test_tools::per_element());
  // Bilinear: weight [out, in1, in2] and bias [out] from U(-1/sqrt(in1), 1/sqrt(in1))
  NN::Bilinear bl(NN::BilinearOptions(16, 3, 200));
  BOOST_TEST(bl->weight.sizes() == T::IntArrayRef({200, 16, 3}));
  BOOST_TEST(bl->bias.sizes() == T::IntArrayRef({200}));
  BOOST_TEST(item(bl->weight.abs().max()) <= 0.25);
  BOOST_TEST(item(bl->weight.abs().max()) > 0.24);
  BOOST_TEST(item(bl->bias.abs().max()) <= 0.25);
  BOOST_TEST(item(bl->bias.abs().max()) > 0.2);
  BOOST_TEST(bl->named_parameters().keys() == std::vector<std::string>({"weight", "bias"}),
             boost::test_tools::per_element());
  NN::Bilinear nob(NN::BilinearOptions(2, 3, 4).bias(false));
  BOOST_TEST(nob->parameters().size() == 1u);
  BOOST_TEST(!nob->bias.defined());
  Tensor y = nob(T::ones({5, 2}), T::ones({5, 3}));
  BOOST_TEST(y.sizes() == T::IntArrayRef({5, 4}));
  // each output is the sum of its weight slice for all-ones inputs
  BOOST_TEST(item((y[0] - nob->weight.sum({1, 2})).abs().max()) < 1e-6);
}

// In training every x <= 0 gets its own slope in [lower, upper]; x > 0 passes; eval uses the mean.
BOOST_AUTO_TEST_CASE(rrelu_draws_slopes_in_training_only) {
  tg::manual_seed(3);
  Tensor x = -T::linspace(1, 2, 1000, T::kDouble);
  NN::RReLU m(NN::RReLUOptions().lower(0.2).upper(0.4));
  Tensor slopes = m(x) / x;
  BOOST_TEST(item(slopes.min()) >= 0.2);
  BOOST_TEST(item(slopes.max()) <= 0.4);
  BOOST_TEST(item(slopes.std()) > 0.04); // U(0.2, 0.4) has std 0.058
  BOOST_TEST(item(m(-x).sub(-x).abs().max()) == 0.0);
  m->eval();
  BOOST_TEST(item((m(x) / x - 0.3).abs().max()) < 1e-12);
  // in place on a non-leaf writes into the input
  Tensor z = x * 1.0;
  FF::rrelu(z, FF::RReLUFuncOptions().inplace(true));
  BOOST_TEST(item((z / x - (1.0 / 8 + 1.0 / 3) / 2).abs().max()) < 1e-12);
}

BOOST_AUTO_TEST_CASE(inplace_activations_overwrite_their_input) {
  Tensor x = T::linspace(-3, 3, 7, T::kDouble);
  Tensor a = x.clone();
  FF::relu6(a, FF::ReLU6FuncOptions(true));
  BOOST_TEST(item((a - x.clamp(0, 6)).abs().max()) == 0.0);
  Tensor b = x.clone();
  NN::Threshold(NN::ThresholdOptions(0.5, 9).inplace(true))(b);
  BOOST_TEST(item(b[0]) == 9.0);
  BOOST_TEST(item(b[6]) == 3.0);
  Tensor c = x.clone();
  NN::SELU(true)(c);
  BOOST_TEST(item((c - FF::selu(x)).abs().max()) == 0.0);
  Tensor d = x.clone();
  NN::CELU(NN::CELUOptions().inplace(true))(d);
  BOOST_TEST(item((d - FF::celu(x)).abs().max()) == 0.0);
  Tensor e = T::zeros({2, 3});
  Tensor out = T::empty({2, 3});
  FF::normalize(T::ones({2, 3}), FF::NormalizeFuncOptions().out(out));
  BOOST_TEST(item((out - 1 / std::sqrt(3.0)).abs().max()) < 1e-6);
  BOOST_TEST(item(FF::normalize(e).abs().sum()) == 0.0); // a zero vector stays zero
}

BOOST_AUTO_TEST_CASE(parameter_list_and_dict_as_libtorch) {
  NN::ParameterList list(T::ones({2}, T::requires_grad()), T::zeros({3}));
  BOOST_TEST(list->size() == 2u);
  list->append(T::full({4}, 2.0, T::requires_grad()));
  list->extend(std::vector<Tensor>{T::ones({1}), T::ones({5}, T::requires_grad())});
  BOOST_TEST(list->size() == 5u);
  BOOST_TEST(list->named_parameters().keys() == std::vector<std::string>({"0", "1", "2", "3", "4"}),
             boost::test_tools::per_element());
  BOOST_TEST(list[2].sizes() == T::IntArrayRef({4}));
  BOOST_TEST(list->at(0).requires_grad());
  BOOST_TEST(!list->at(1).requires_grad()); // requires_grad is kept, as in LibTorch
  std::vector<std::string> keys;
  for (const auto& item : *list) keys.push_back(item.key());
  BOOST_TEST(keys.size() == 5u);
  BOOST_TEST(contains(error_of([&] { list->at(9); }), "Index out of range"));
  BOOST_TEST(list->parameters().size() == 5u);
  // a module's named_parameters() items can be appended
  NN::Linear lin(2, 3);
  NN::ParameterList from;
  from->extend(lin->named_parameters());
  BOOST_TEST(from->size() == 2u);
  BOOST_TEST(from[0].sizes() == T::IntArrayRef({3, 2}));

  NN::ParameterDict dict;
  dict->insert("scale", T::ones({3}, T::requires_grad()));
  dict->insert("shift", T::zeros({3}));
  BOOST_TEST(dict->size() == 2u);
  BOOST_TEST(dict->contains("scale"));
  BOOST_TEST(dict->keys() == std::vector<std::string>({"scale", "shift"}),
             boost::test_tools::per_element());
  BOOST_TEST(dict["scale"].requires_grad());
  BOOST_TEST(dict->get("shift").sizes() == T::IntArrayRef({3}));
  BOOST_TEST(dict->named_parameters().keys() == std::vector<std::string>({"scale", "shift"}),
             boost::test_tools::per_element());
  Tensor popped = dict->pop("shift");
  BOOST_TEST(popped.sizes() == T::IntArrayRef({3}));
  BOOST_TEST(dict->size() == 1u);
  BOOST_TEST(contains(error_of([&] { dict->get("nope"); }), "nope"));
  BOOST_TEST(contains(error_of([&] { dict->insert("scale", T::ones({1})); }), "scale"));
  dict->clear();
  BOOST_TEST(dict->empty());
  // a clone copies the parameters, keys and requires_grad
  auto copy = std::dynamic_pointer_cast<NN::ParameterListImpl>(list->clone());
  BOOST_TEST(copy->size() == 5u);
  BOOST_TEST(copy->at(2).data_ptr<float>() != list->at(2).data_ptr<float>());
  BOOST_TEST(item(copy->at(2).sum()) == 8.0);
  BOOST_TEST(!copy->at(1).requires_grad());
  dict->insert("w", T::ones({2}, T::requires_grad()));
  auto dcopy = std::dynamic_pointer_cast<NN::ParameterDictImpl>(dict->clone());
  BOOST_TEST(dcopy->keys() == std::vector<std::string>({"w"}), boost::test_tools::per_element());
  BOOST_TEST(dcopy->get("w").requires_grad());
}

BOOST_AUTO_TEST_CASE(einsum_malformed_equations_are_errors) {
  const Tensor a = T::ones({2, 3}), b = T::ones({4, 5});
  BOOST_TEST(contains(error_of([&] {
                        T::einsum("ij,jk", {a, b});
                      }),
                      "einsum(): subscript j has size 4 for operand 1 which does not broadcast "
                      "with previously seen size 3"));
  BOOST_TEST(contains(error_of([&] { T::einsum("ij,jk->ik", {a}); }),
                      "einsum(): fewer operands were provided than specified in the equation"));
  BOOST_TEST(contains(error_of([&] {
                        T::einsum("ij", {a, a});
                      }),
                      "einsum(): more operands were provided"));
  BOOST_TEST(contains(error_of([&] { T::einsum("ij->k", {a}); }),
                      "einsum(): output subscript k does not appear in the equation for any "
                      "input operand"));
  BOOST_TEST(contains(error_of([&] { T::einsum("ijk->ij", {a}); }),
                      "einsum(): the number of subscripts in the equation (3) does not match the "
                      "number of dimensions (2) for operand 0 and no ellipsis was given"));
  BOOST_TEST(contains(error_of([&] { T::einsum("ij->ii", {a}); }),
                      "einsum(): output subscript i appears more than once in the output"));
  BOOST_TEST(contains(error_of([&] { T::einsum("i1->i", {a}); }),
                      "einsum(): invalid subscript given at index 1"));
  BOOST_TEST(contains(error_of([&] { T::einsum("ii->i", {a}); }),
                      "einsum(): subscript i is repeated for operand 0 but the sizes don't "
                      "match, 3 != 2"));
  BOOST_TEST(contains(error_of([&] { T::einsum("i..j->ij", {a}); }), "einsum(): found '.'"));
  BOOST_TEST(contains(error_of([&] { T::einsum("...i...->i", {a}); }), "einsum(): found '.'"));
}

BOOST_AUTO_TEST_CASE(bad_input_throws_naming_the_op_and_values) {
  const Tensor x = T::zeros({2, 3});
  BOOST_TEST(contains(error_of([&] { FF::prelu(x, T::ones({4})); }),
                      "prelu: Mismatch of parameter numbers and input channel size. Found "
                      "parameter numbers = 4 and channel size = 3"));
  BOOST_TEST(contains(error_of([&] {
                        FF::prelu(x, T::ones({3, 1}));
                      }),
                      "Expected `weight` to be a scalar or 1D tensor, but got ndim = 2"));
  BOOST_TEST(contains(error_of([&] {
                        FF::glu(T::zeros({2, 5}));
                      }),
                      "glu: Halving dimension must be even, but dimension 1 is size 5"));
  BOOST_TEST(contains(error_of([&] { FF::glu(T::zeros({})); }), "glu does not support scalars"));
  BOOST_TEST(contains(error_of([&] { FF::rrelu(x, FF::RReLUFuncOptions().lower(0.5).upper(0.2)); }),
                      "Lower bound should be less than or equal to the upper bound"));
  BOOST_TEST(contains(error_of([&] { FF::softshrink(x, -1.0); }),
                      "softshrink: lambda must be greater or equal to 0, but found to be -1."));
  BOOST_TEST(contains(error_of([&] { FF::celu(x, FF::CELUFuncOptions().alpha(0)); }),
                      "alpha cannot be 0 for CELU"));
  BOOST_TEST(contains(error_of([&] { NN::Softmax2d()(T::zeros({3})); }),
                      "Softmax2d: expected input to be 3D or 4D, got 1D"));
  BOOST_TEST(contains(error_of([&] {
                        FF::bilinear(x, T::zeros({2, 4}), T::zeros({5, 3, 3}));
                      }),
                      "bilinear(): input2 size does not match weight size: got 4 but expected 3"));
  BOOST_TEST(contains(error_of([&] {
                        NN::Bilinear(3, 4, 2)(x, T::zeros({3, 4}));
                      }),
                      "bilinear(): input batch dimensions do not match"));
  BOOST_TEST(contains(error_of([&] {
                        FF::cosine_similarity(x, T::zeros({2, 4}));
                      }),
                      "cosine_similarity"));
  BOOST_TEST(contains(error_of([&] {
                        FF::pairwise_distance(x, T::zeros({2, 4}));
                      }),
                      "pairwise_distance"));
  BOOST_TEST(contains(error_of([&] {
                        T::cdist(x, T::zeros({2, 4}));
                      }),
                      "X1 and X2 must have the same number of columns. X1: 3 X2: 4"));
  BOOST_TEST(contains(error_of([&] { T::cdist(T::zeros({3}), x); }),
                      "cdist only supports at least 2D tensors, X1 got: 1D"));
  BOOST_TEST(contains(error_of([&] { T::cdist(x, x, -1.0); }),
                      "cdist only supports non-negative p values"));
  BOOST_TEST(contains(error_of([&] {
                        FF::pixel_shuffle(T::zeros({1, 5, 2, 2}), 2);
                      }),
                      "pixel_shuffle expects its input's 'channel' dimension to be divisible by "
                      "the square of upscale_factor, but input.size(-3)=5 is not divisible by 4"));
  BOOST_TEST(contains(error_of([&] {
                        FF::pixel_shuffle(T::zeros({5, 2}), 2);
                      }),
                      "pixel_shuffle expects input to have at least 3 dimensions, but got input "
                      "with 2 dimension(s)"));
  BOOST_TEST(contains(error_of([&] {
                        FF::pixel_unshuffle(T::zeros({1, 1, 3, 4}), 2);
                      }),
                      "pixel_unshuffle expects height to be divisible by downscale_factor, but "
                      "input.size(-2)=3 is not divisible by 2"));
  BOOST_TEST(contains(error_of([&] { FF::local_response_norm(x, 2); }),
                      "local_response_norm: Expected 3D or higher dimensionality input (got 2 "
                      "dimensions)"));
  BOOST_TEST(contains(error_of([&] {
                        NN::Unflatten(1, std::vector<int64_t>{2, 4})(T::zeros({2, 6}));
                      }),
                      "unflatten"));
  BOOST_TEST(contains(error_of([&] {
                        T::baddbmm(T::zeros({2, 3, 4}), T::zeros({2, 3, 5}), T::zeros({2, 6, 4}));
                      }),
                      "baddbmm: Expected size for first two dimensions of batch2 tensor to be: "
                      "[2, 5] but got: [2, 6]."));
  BOOST_TEST(contains(error_of([&] {
                        T::addbmm(x, T::zeros({2, 3}), T::zeros({2, 3}));
                      }),
                      "addbmm: batch1 must be a 3D tensor"));
  BOOST_TEST(contains(error_of([&] {
                        T::zeros({4}).addmm_(x, T::zeros({3, 4}));
                      }),
                      "addmm_: output with shape [4] doesn't match the broadcast shape [2, 4]"));
  const Tensor v = T::ones({2, 3});
  BOOST_TEST(contains(error_of([&] {
                        FF::gaussian_nll_loss(x, x, T::ones({2, 2}));
                      }),
                      "gaussian_nll_loss: var is of incorrect size"));
  BOOST_TEST(contains(error_of([&] { FF::gaussian_nll_loss(x, x, T::ones({3})); }),
                      "gaussian_nll_loss: var is of incorrect size"));
  BOOST_TEST(contains(error_of([&] { FF::gaussian_nll_loss(x, x, -v); }),
                      "gaussian_nll_loss: var has negative entry/entries"));
  BOOST_TEST(contains(error_of([&] { NN::PReLU(NN::PReLUOptions().num_parameters(0)); }),
                      "PReLU: num_parameters must be positive, got 0"));
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace layers_test
