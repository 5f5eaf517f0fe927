// The margin and embedding losses and PoissonNLLLoss (issue #21): values and gradients against
// LibTorch 1.13 (loss_margin_reference_cases.inc, whose numbers LibTorch wrote into
// tests/fixtures/loss_margin_reference.txt), the options' defaults, printing as LibTorch prints,
// and the errors bad shapes and targets raise.
#include <boost/test/unit_test.hpp>

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include <tapegrad/tapegrad.h>

#include "libtorch_reference.h"

namespace loss_margin_test {

namespace T = tg;
namespace NN = tg::nn;
namespace FF = tg::nn::functional;
using tg::Tensor;

using tg_test::contains;
using tg_test::error_of;
using tg_test::printed;

BOOST_AUTO_TEST_SUITE(nn_loss_margin)

BOOST_AUTO_TEST_CASE(values_and_gradients_match_libtorch) {
  const auto dbl = T::TensorOptions().dtype(T::kDouble);
  tg_test::ReferenceCases cases;
#define TG_REF_CASE(name, ...) cases.emplace_back(#name, [&]() -> Tensor { __VA_ARGS__ });
#include "loss_margin_reference_cases.inc"
#undef TG_REF_CASE
  tg_test::check_against_reference(cases, "loss_margin_reference.txt");
}

BOOST_AUTO_TEST_CASE(options_have_libtorchs_defaults) {
  BOOST_TEST(NN::CosineEmbeddingLossOptions().margin() == 0.0);
  BOOST_TEST(NN::HingeEmbeddingLossOptions().margin() == 1.0);
  NN::TripletMarginLossOptions t;
  BOOST_TEST(t.margin() == 1.0);
  BOOST_TEST(t.p() == 2.0);
  BOOST_TEST(t.eps() == 1e-6);
  BOOST_TEST(!t.swap());
  BOOST_TEST(std::holds_alternative<tg::enumtype::kMean>(t.reduction()));
  BOOST_TEST(!NN::TripletMarginWithDistanceLossOptions().distance_function().has_value());
  NN::MultiMarginLossOptions m;
  BOOST_TEST(m.p() == 1);
  BOOST_TEST(m.margin() == 1.0);
  BOOST_TEST(!m.weight().defined());
  NN::PoissonNLLLossOptions p;
  BOOST_TEST(p.log_input());
  BOOST_TEST(!p.full());
  BOOST_TEST(p.eps() == 1e-8);
  BOOST_TEST(
      std::holds_alternative<tg::enumtype::kSum>(NN::SoftMarginLossOptions(T::kSum).reduction()));
  BOOST_TEST(std::holds_alternative<tg::enumtype::kNone>(
      NN::MultiLabelMarginLossOptions(T::kNone).reduction()));
}

BOOST_AUTO_TEST_CASE(modules_print_as_libtorch) {
  BOOST_TEST(printed(NN::SoftMarginLoss()) == "tg::nn::SoftMarginLoss()");
  BOOST_TEST(printed(NN::CosineEmbeddingLoss(NN::CosineEmbeddingLossOptions().margin(0.5))) ==
             "tg::nn::CosineEmbeddingLoss(margin=0.5)");
  BOOST_TEST(printed(NN::HingeEmbeddingLoss()) == "tg::nn::HingeEmbeddingLoss(margin=1)");
  BOOST_TEST(printed(NN::TripletMarginLoss()) ==
             "tg::nn::TripletMarginLoss(margin=1, p=2, eps=1e-06, swap=false)");
  BOOST_TEST(printed(NN::TripletMarginWithDistanceLoss()) ==
             "tg::nn::TripletMarginWithDistanceLoss(margin=1, swap=false)");
  BOOST_TEST(printed(NN::MultiLabelMarginLoss()) == "tg::nn::MultiLabelMarginLoss()");
  BOOST_TEST(printed(NN::MultiLabelSoftMarginLoss()) == "tg::nn::MultiLabelSoftMarginLoss()");
  BOOST_TEST(printed(NN::PoissonNLLLoss()) == "tg::nn::PoissonNLLLoss()");
}

// The weights are buffers: they follow the module to another dtype and are what forward uses.
BOOST_AUTO_TEST_CASE(weights_are_buffers) {
  NN::MultiMarginLoss mm(NN::MultiMarginLossOptions().weight(T::tensor({1.0, 2.0, 3.0})));
  BOOST_TEST(mm->named_buffers().size() == 1u);
  mm->to(T::kDouble);
  BOOST_TEST(mm->weight.scalar_type() == T::kDouble);
  Tensor x = T::tensor({{0.1, 0.5, -0.2}}, T::kDouble);
  Tensor y = T::tensor({1}, T::kLong);
  // sample 0, target 1 (weight 2): (max(0, 1 - 0.5 + 0.1) + max(0, 1 - 0.5 - 0.2)) · 2 / 3
  BOOST_TEST(mm(x, y).item<double>() == (0.6 + 0.3) * 2 / 3, boost::test_tools::tolerance(1e-12));
  NN::MultiLabelSoftMarginLoss ml(NN::MultiLabelSoftMarginLossOptions().weight(T::ones({3})));
  BOOST_TEST(ml->named_buffers().size() == 1u);
}

BOOST_AUTO_TEST_CASE(bad_shapes_and_targets_are_errors_naming_the_op) {
  const Tensor x = T::zeros({3, 4});
  std::string e = error_of([&] { FF::cosine_embedding_loss(x, x, T::ones({3, 1})); });
  BOOST_TEST(contains(e, "cosine_embedding_loss: 0D or 1D target tensor expected"));
  e = error_of([&] { FF::cosine_embedding_loss(x, x, T::ones({})); });
  BOOST_TEST(contains(e, "0D target tensor expects 1D input tensors"));
  BOOST_TEST(contains(e, "[3, 4]"));
  e = error_of([&] { FF::cosine_embedding_loss(x, T::zeros({3, 5}), T::ones({3})); });
  BOOST_TEST(contains(e, "cosine_embedding_loss"));
  e = error_of([&] { FF::triplet_margin_loss(x, x, T::ones({4})); });
  BOOST_TEST(contains(e, "triplet_margin_loss: The anchor, positive, and negative tensors"));
  e = error_of([&] { FF::triplet_margin_loss(x, x, T::ones({3, 5})); });
  BOOST_TEST(contains(e, "triplet_margin_loss"));
  e = error_of([&] { FF::multi_margin_loss(x, T::tensor({0, 1, 7})); });
  BOOST_TEST(contains(e, "multi_margin_loss: target 7 is out of range for 4 classes"));
  e = error_of([&] { FF::multi_margin_loss(x, T::tensor({0, 1})); });
  BOOST_TEST(contains(e, "multi_margin_loss: inconsistent target size, expected 3"));
  e = error_of([&] { FF::multi_margin_loss(x, T::tensor({0, 1, 2}).to(T::kFloat)); });
  BOOST_TEST(contains(e, "multi_margin_loss: expected an int64 (Long) target"));
  e = error_of([&] {
    FF::multi_margin_loss(x, T::tensor({0, 1, 2}), FF::MultiMarginLossFuncOptions().p(3));
  });
  BOOST_TEST(contains(e, "only p == 1 and p == 2 supported"));
  e = error_of([&] {
    FF::multi_margin_loss(x, T::tensor({0, 1, 2}),
                          FF::MultiMarginLossFuncOptions().weight(T::ones({3})));
  });
  BOOST_TEST(contains(e, "multi_margin_loss: inconsistent weight size"));
  e = error_of([&] { FF::multilabel_margin_loss(x, T::tensor({0, 1})); });
  BOOST_TEST(contains(e, "multilabel_margin_loss: inconsistent size [2] for target"));
  e = error_of([&] { FF::multilabel_margin_loss(x, T::full({3, 4}, 9, T::kLong)); });
  BOOST_TEST(contains(e, "multilabel_margin_loss: target index 9 is out of range for 4 classes"));
  e = error_of([&] { FF::soft_margin_loss(x, T::ones({5})); });
  BOOST_TEST(contains(e, "soft_margin_loss"));
  e = error_of([&] { FF::soft_margin_loss(T::zeros({4}), T::ones({3, 4})); });
  BOOST_TEST(contains(e, "soft_margin_loss: the target of shape [3, 4] must broadcast"));
  e = error_of([&] { FF::hinge_embedding_loss(T::tensor({1, 2}), T::ones({2})); });
  BOOST_TEST(contains(e, "hinge_embedding_loss: expected a floating point input"));
  e = error_of([&] { FF::poisson_nll_loss(x, T::ones({5})); });
  BOOST_TEST(contains(e, "poisson_nll_loss"));
}

// An entry of -1 ends a sample's class list: what follows it is ignored, and an empty list costs 0.
BOOST_AUTO_TEST_CASE(multilabel_margin_stops_at_the_first_negative) {
  Tensor x = T::tensor({{0.1, 0.2, 0.4, 0.8}}, T::kDouble);
  Tensor a = FF::multilabel_margin_loss(x, T::tensor({{3, 0, -1, 1}}));
  Tensor b = FF::multilabel_margin_loss(x, T::tensor({{3, 0, -1, 2}}));
  BOOST_TEST(a.item<double>() == b.item<double>());
  BOOST_TEST(FF::multilabel_margin_loss(x, T::tensor({{-1, 0, 1, 2}})).item<double>() == 0.0);
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace loss_margin_test
