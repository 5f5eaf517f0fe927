// Gradient-check cases for the margin and embedding losses and poisson_nll_loss (issue #21). They
// are compositions of differentiable ops, so these cases check the composition, to second order:
// every input that may require grad (targets too, where the loss is differentiable in them), every
// reduction, the options that change the formula. Hinges are kept active or inactive with room to
// spare (margins far from the inputs' range), so no finite difference straddles a kink.
#include "../autograd/gradcheck_registry.h"

namespace tg::testing {
namespace {

using autograd::variable_list;
using V = const variable_list&;
namespace F = tg::nn::functional;

Tensor pm_ones(std::initializer_list<double> v) {
  return tg::tensor(std::vector<double>(v), kDouble);
}

TG_GRADCHECK_CASE({.name = "soft_margin_loss: input and a real-valued target, every reduction",
                   .inputs =
                       [] {
                         return variable_list{input({3, 4}), input({3, 4})};
                       },
                   .fn =
                       [](V x) {
                         Tensor y = pm_ones({1, -1, 1, 1}); // broadcast along the rows
                         return variable_list{
                             F::soft_margin_loss(x[0], y),
                             nn::SoftMarginLoss(nn::SoftMarginLossOptions(tg::kNone))(x[0], x[1]),
                             F::soft_margin_loss(x[0] * 3, x[1],
                                                 F::SoftMarginLossFuncOptions(tg::kSum))};
                       },
                   .second_order = true});

TG_GRADCHECK_CASE({.name = "cosine_embedding_loss: both inputs, margins active and not, unbatched",
                   .inputs =
                       [] {
                         return variable_list{input({3, 4}), input({3, 4})};
                       },
                   .fn =
                       [](V x) {
                         Tensor y = pm_ones({1, -1, -1});
                         return variable_list{
                             F::cosine_embedding_loss(
                                 x[0], x[1], y, F::CosineEmbeddingLossFuncOptions().margin(-2)),
                             F::cosine_embedding_loss(
                                 x[0], x[1], y,
                                 F::CosineEmbeddingLossFuncOptions().margin(2).reduction(
                                     tg::kNone)),
                             nn::CosineEmbeddingLoss(nn::CosineEmbeddingLossOptions().reduction(
                                 tg::kSum))(x[0][1], x[1][2], tg::full({}, -1.0, kDouble))};
                       },
                   .second_order = true});

TG_GRADCHECK_CASE({.name = "hinge_embedding_loss: targets 1, -1 and 0, every reduction",
                   .inputs = [] { return variable_list{input({8}, 0.1, 0.9)}; },
                   .fn =
                       [](V x) {
                         Tensor y = pm_ones({1, -1, -1, 1, 0, 1, -1, -1});
                         return variable_list{
                             F::hinge_embedding_loss(x[0], y),
                             F::hinge_embedding_loss(
                                 x[0], y,
                                 F::HingeEmbeddingLossFuncOptions().margin(2).reduction(tg::kNone)),
                             nn::HingeEmbeddingLoss(
                                 nn::HingeEmbeddingLossOptions().reduction(tg::kSum))(x[0] - 2, y)};
                       },
                   .second_order = true});

TG_GRADCHECK_CASE(
    {.name = "triplet_margin_loss: anchor, positive, negative; p 2, 1, 3; swap",
     .inputs =
         [] {
           return variable_list{input({3, 4}), input({3, 4}), input({3, 4})};
         },
     .fn =
         [](V x) {
           return variable_list{
               F::triplet_margin_loss(x[0], x[1], x[2],
                                      F::TripletMarginLossFuncOptions().margin(10)),
               F::triplet_margin_loss(
                   x[0], x[1], x[2],
                   F::TripletMarginLossFuncOptions().margin(10).p(1).reduction(tg::kNone)),
               nn::TripletMarginLoss(
                   nn::TripletMarginLossOptions().margin(10).p(3).swap(true).reduction(tg::kSum))(
                   x[0], x[1], x[2])};
         },
     .second_order = true});

TG_GRADCHECK_CASE(
    {.name = "triplet_margin_with_distance_loss: default and user distances, swap",
     .inputs =
         [] {
           return variable_list{input({3, 4}), input({3, 4}), input({3, 4})};
         },
     .fn =
         [](V x) {
           auto sq = [](const Tensor& u, const Tensor& v) { return (u - v).square().sum({1}); };
           return variable_list{
               F::triplet_margin_with_distance_loss(
                   x[0], x[1], x[2], F::TripletMarginWithDistanceLossFuncOptions().margin(10)),
               nn::TripletMarginWithDistanceLoss(nn::TripletMarginWithDistanceLossOptions()
                                                     .distance_function(sq)
                                                     .swap(true)
                                                     .margin(20)
                                                     .reduction(tg::kNone))(x[0], x[1], x[2])};
         },
     .second_order = true});

TG_GRADCHECK_CASE(
    {.name = "multi_margin_loss: p 1 and 2, weight, unbatched",
     .inputs =
         [] {
           return variable_list{input({3, 5})};
         },
     .fn =
         [](V x) {
           Tensor y = tg::tensor({2, 0, 4});
           Tensor w = pm_ones({0.5, 1.0, 1.5, 2.0, 0.25});
           return variable_list{
               F::multi_margin_loss(x[0], y, F::MultiMarginLossFuncOptions().margin(3)),
               F::multi_margin_loss(
                   x[0], y,
                   F::MultiMarginLossFuncOptions().p(2).margin(3).weight(w).reduction(tg::kNone)),
               nn::MultiMarginLoss(nn::MultiMarginLossOptions().margin(3).reduction(tg::kSum))(
                   x[0][1], tg::full({}, 3, kLong))};
         },
     .second_order = true});

TG_GRADCHECK_CASE(
    {.name = "multilabel_margin_loss: lists ended by -1, repeated class, unbatched",
     .inputs =
         [] {
           return variable_list{input({3, 5}, -0.4, 0.4)};
         },
     .fn =
         [](V x) {
           // inputs within ±0.4 keep every pair's hinge 1 - (x_j - x_k) positive
           Tensor y = tg::tensor({{3, 0, -1, 1, 1}, {1, 2, 4, -1, 0}, {2, 2, -1, 0, 0}});
           return variable_list{
               F::multilabel_margin_loss(x[0], y),
               nn::MultiLabelMarginLoss(nn::MultiLabelMarginLossOptions(tg::kNone))(x[0], y),
               F::multilabel_margin_loss(x[0][1], y[1],
                                         F::MultilabelMarginLossFuncOptions(tg::kSum))};
         },
     .second_order = true});

TG_GRADCHECK_CASE({.name = "multilabel_soft_margin_loss: input and target, weight",
                   .inputs =
                       [] {
                         return variable_list{input({3, 4}, -3, 3), input({3, 4}, 0, 1)};
                       },
                   .fn =
                       [](V x) {
                         Tensor w = pm_ones({0.5, 1.0, 2.0, 1.5});
                         return variable_list{
                             F::multilabel_soft_margin_loss(x[0], x[1]),
                             nn::MultiLabelSoftMarginLoss(
                                 nn::MultiLabelSoftMarginLossOptions().weight(w).reduction(
                                     tg::kNone))(x[0], x[1]),
                             F::multilabel_soft_margin_loss(
                                 x[0][0], x[1][0],
                                 F::MultilabelSoftMarginLossFuncOptions().reduction(tg::kSum))};
                       },
                   .second_order = true});

TG_GRADCHECK_CASE(
    {.name = "poisson_nll_loss: log input and rates, full, input and target",
     .inputs =
         [] {
           return variable_list{input({2, 4}, -1, 1), input({2, 4}, 0.5, 3)};
         },
     .fn =
         [](V x) {
           // targets 0.5..3 straddle the Stirling term's mask at 1, away from it
           Tensor t = x[1] + tg::where(x[1] > 1, 0.05, -0.05);
           return variable_list{
               F::poisson_nll_loss(x[0], t),
               F::poisson_nll_loss(x[0], t,
                                   F::PoissonNLLLossFuncOptions().full(true).reduction(tg::kNone)),
               nn::PoissonNLLLoss(nn::PoissonNLLLossOptions().log_input(false).full(true).reduction(
                   tg::kSum))(x[1], t)};
         },
     .second_order = true});

} // namespace
} // namespace tg::testing
