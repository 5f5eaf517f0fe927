// Gradient-check cases for every loss, including the fused nll_loss and binary cross entropies.
// Inputs keep away from kinks: d = input - target is never on a hinge or on |d| = beta/delta.
#include "../autograd/gradcheck_registry.h"

namespace tg::testing {
namespace {

using autograd::variable_list;
using V = const variable_list&;
namespace F = tg::nn::functional;

Tensor labels(std::initializer_list<int64_t> values, IntArrayRef shape) {
  return tg::tensor(std::vector<int64_t>(values), kLong).view(shape);
}

/// float64 values -0.55, -0.45, ..., never 0 or a multiple of 0.1, requiring grad.
Tensor off_grid(IntArrayRef shape) { return distinct_input(shape, 0.1) + 0.05; }

// ---- losses ----
TG_GRADCHECK_CASE({.name = "F::mse_loss mean/sum/none, both sides",
                   .inputs = [] { return variable_list{input({3, 4}), input({3, 4})}; },
                   .fn = [](V x) {
                     return variable_list{F::mse_loss(x[0], x[1]),
                                          F::mse_loss(x[0], x[1], tg::kSum),
                                          F::mse_loss(x[0], x[1], tg::kNone)};
                   }});
TG_GRADCHECK_CASE({.name = "F::cross_entropy mean/sum/none on [4,5] logits",
                   .inputs = [] { return variable_list{input({4, 5}, -2.0, 2.0)}; },
                   .fn = [](V x) {
                     Tensor t = labels({1, 0, 4, 2}, {4});
                     return variable_list{
                         F::cross_entropy(x[0], t),
                         F::cross_entropy(x[0], t, F::CrossEntropyFuncOptions().reduction(tg::kSum)),
                         F::cross_entropy(x[0], t, F::CrossEntropyFuncOptions().reduction(tg::kNone))};
                   },
                   .second_order = true});
TG_GRADCHECK_CASE({.name = "F::cross_entropy [N,C,H,W] with weights, ignore_index, label smoothing",
                   .inputs = [] { return variable_list{input({2, 3, 2, 2}, -2.0, 2.0)}; },
                   .fn = [](V x) {
                     Tensor t = labels({0, 2, 1, -100, 2, 2, 0, 1}, {2, 2, 2});
                     Tensor w = tg::tensor({0.5, 2.0, 1.5}, kDouble);
                     auto opt = F::CrossEntropyFuncOptions().weight(w).label_smoothing(0.3);
                     return variable_list{F::cross_entropy(x[0], t, opt),
                                          F::cross_entropy(x[0], t, opt.reduction(tg::kNone))};
                   }});
TG_GRADCHECK_CASE({.name = "F::cross_entropy with class-probability targets",
                   .inputs = [] { return variable_list{input({3, 4}), input({3, 4}, 0.0, 1.0)}; },
                   .fn = [](V x) {
                     return variable_list{F::cross_entropy(x[0], x[1]),
                                          F::cross_entropy(x[0], x[1],
                                                           F::CrossEntropyFuncOptions()
                                                               .label_smoothing(0.1)
                                                               .reduction(tg::kNone))};
                   }});
TG_GRADCHECK_CASE({.name = "F::nll_loss with weights: mean, sum, none, ignore_index",
                   .inputs = [] { return variable_list{input({5, 4})}; },
                   .fn = [](V x) {
                     Tensor t = labels({3, 0, 1, 3, 2}, {5});
                     Tensor w = tg::tensor({0.3, 1.0, 2.5, 0.7}, kDouble);
                     auto opt = F::NLLLossFuncOptions().weight(w).ignore_index(1);
                     return variable_list{F::nll_loss(x[0], t, opt),
                                          F::nll_loss(x[0], t, opt.reduction(tg::kSum)),
                                          F::nll_loss(x[0], t, opt.reduction(tg::kNone))};
                   },
                   .second_order = true});
TG_GRADCHECK_CASE({.name = "F::nll_loss unbatched [C] and spatial [N,C,L]",
                   .inputs = [] { return variable_list{input({4}), input({2, 3, 5})}; },
                   .fn = [](V x) {
                     Tensor t0 = tg::tensor(int64_t(2));
                     Tensor t1 = labels({0, 2, 1, 1, 0, 2, 2, 1, 0, 0}, {2, 5});
                     return variable_list{F::nll_loss(x[0], t0),
                                          F::nll_loss(x[1], t1, F::NLLLossFuncOptions()
                                                                    .reduction(tg::kNone))};
                   }});
TG_GRADCHECK_CASE({.name = "F::binary_cross_entropy input and target, weighted",
                   .inputs = [] {
                     return variable_list{input({3, 4}, 0.05, 0.95), input({3, 4}, 0.0, 1.0)};
                   },
                   .fn = [](V x) {
                     Tensor w = tg::tensor({0.5, 1.0, 2.0, 1.5}, kDouble);
                     return variable_list{
                         F::binary_cross_entropy(x[0], x[1]),
                         F::binary_cross_entropy(
                             x[0], x[1], F::BinaryCrossEntropyFuncOptions().weight(w).reduction(
                                             tg::kNone))};
                   },
                   .second_order = true});
TG_GRADCHECK_CASE({.name = "F::binary_cross_entropy_with_logits with and without pos_weight",
                   .inputs = [] {
                     return variable_list{input({4, 3}, -3.0, 3.0), input({4, 3}, 0.0, 1.0),
                                          input({3}, 0.5, 2.0)};
                   },
                   .fn = [](V x) {
                     return variable_list{
                         F::binary_cross_entropy_with_logits(x[0], x[1]),
                         F::binary_cross_entropy_with_logits(
                             x[0], x[1],
                             F::BinaryCrossEntropyWithLogitsFuncOptions().pos_weight(x[2]).reduction(
                                 tg::kSum))};
                   },
                   .second_order = true});

// d = input - target on a 0.1 grid offset by 0.05 (via off_grid) never sits on |d| = beta/delta.
TG_GRADCHECK_CASE({.name = "smooth_l1_loss mean/sum/none, beta 1, 0.5, 0 and 2, input and target",
                   .inputs = [] {
                     return variable_list{
                         off_grid({3, 4}) * 3,
                         tg::linspace(-0.3, 0.4, 4, kDouble).expand({3, 4}).contiguous().requires_grad_()};
                   },
                   .fn = [](V x) {
                     return variable_list{
                         F::smooth_l1_loss(x[0], x[1]),
                         F::smooth_l1_loss(x[0], x[1], F::SmoothL1LossFuncOptions(tg::kSum), 0.5),
                         F::smooth_l1_loss(x[0], x[1], F::SmoothL1LossFuncOptions(tg::kNone), 0.0),
                         nn::SmoothL1Loss(nn::SmoothL1LossOptions().beta(2.0))(x[0], x[1])};
                   },
                   .second_order = true});
TG_GRADCHECK_CASE({.name = "smooth_l1_loss and huber_loss, target requiring grad, broadcast target",
                   .inputs = [] {
                     return variable_list{off_grid({3, 4}) * 3, off_grid({4}) * 0.3};
                   },
                   .fn = [](V x) {
                     return variable_list{
                         F::huber_loss(x[0], x[1].expand({3, 4})),
                         F::huber_loss(x[0], x[1].expand({3, 4}),
                                       F::HuberLossFuncOptions().delta(0.55).reduction(tg::kNone)),
                         huber_loss(x[0], x[1].expand({3, 4}), Reduction::Sum, 2.0),
                         smooth_l1_loss(x[0], x[1].expand({3, 4}), Reduction::Mean, 0.35)};
                   },
                   .second_order = true});
TG_GRADCHECK_CASE({.name = "kl_div all reductions, probabilities and log_target, both sides",
                   .inputs = [] {
                     return variable_list{input({3, 4}, -2.0, 0.0), input({3, 4}, 0.1, 1.0)};
                   },
                   .fn = [](V x) {
                     return variable_list{
                         F::kl_div(x[0], x[1], F::KLDivFuncOptions(tg::kBatchMean)),
                         F::kl_div(x[0], x[1], F::KLDivFuncOptions(tg::kSum)),
                         F::kl_div(x[0], x[1], F::KLDivFuncOptions(tg::kNone)),
                         F::kl_div(x[0], x[1].log(), F::KLDivFuncOptions(tg::kNone).log_target(true)),
                         nn::KLDivLoss(nn::KLDivLossOptions(tg::kBatchMean).log_target(true))(x[0], x[1] - 1),
                         kl_div(x[0], x[1], Reduction::Mean)};
                   },
                   .second_order = true});
TG_GRADCHECK_CASE({.name = "margin_ranking_loss off the hinge",
                   .inputs = [] {
                     return variable_list{off_grid({6}), off_grid({6}) * 0.5};
                   },
                   .fn = [](V x) {
                     Tensor y = tg::tensor({1.0, -1.0, 1.0, 1.0, -1.0, -1.0}, kDouble);
                     return variable_list{
                         F::margin_ranking_loss(x[0], x[1], y,
                                                F::MarginRankingLossFuncOptions().margin(0.013)),
                         nn::MarginRankingLoss(nn::MarginRankingLossOptions().reduction(tg::kNone))(
                             x[0], x[1], y),
                         margin_ranking_loss(x[0], x[1], y, 0.5, Reduction::Sum)};
                   }});

} // namespace
} // namespace tg::testing
