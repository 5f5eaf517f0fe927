// Gradient-check cases for tg::nn: the modules with their parameters as checked inputs (assigned to
// a fresh module each call, so the module's own forward is what is checked), the functionals built
// from tensor ops, and every loss, including the fused nll_loss and binary cross entropies.
#include "../autograd/gradcheck_registry.h"

namespace tg::testing {
namespace {

using autograd::variable_list;
using V = const variable_list&;
namespace F = tg::nn::functional;

Tensor labels(std::initializer_list<int64_t> values, IntArrayRef shape) {
  return tg::tensor(std::vector<int64_t>(values), kLong).view(shape);
}

// ---- modules ----
TG_GRADCHECK_CASE({"nn::Linear [4,3] -> [4,5], weight and bias",
                   [] { return variable_list{input({4, 3}), input({5, 3}), input({5})}; },
                   [](V x) {
                     nn::Linear lin(3, 5);
                     lin->weight = x[1];
                     lin->bias = x[2];
                     return variable_list{lin(x[0])};
                   }});
TG_GRADCHECK_CASE({"nn::Linear without bias on a [2,3,4] batch",
                   [] { return variable_list{input({2, 3, 4}), input({2, 4})}; },
                   [](V x) {
                     nn::Linear lin(nn::LinearOptions(4, 2).bias(false));
                     lin->weight = x[1];
                     return variable_list{lin(x[0])};
                   }});
TG_GRADCHECK_CASE({"nn::Conv2d kernel {3,2}, stride {2,1}, padding 1",
                   [] { return variable_list{input({2, 2, 5, 4}), input({3, 2, 3, 2}), input({3})}; },
                   [](V x) {
                     nn::Conv2d conv(nn::Conv2dOptions(2, 3, {3, 2}).stride({2, 1}).padding(1));
                     conv->weight = x[1];
                     conv->bias = x[2];
                     return variable_list{conv(x[0])};
                   }});
TG_GRADCHECK_CASE({"nn::Conv2d padding kSame with an even kernel, no bias",
                   [] { return variable_list{input({1, 2, 4, 5}), input({2, 2, 2, 3})}; },
                   [](V x) {
                     nn::Conv2d conv(
                         nn::Conv2dOptions(2, 2, {2, 3}).padding(tg::kSame).bias(false));
                     conv->weight = x[1];
                     return variable_list{conv(x[0])};
                   }});
TG_GRADCHECK_CASE({"nn::BatchNorm2d train mode, affine",
                   [] { return variable_list{input({3, 2, 3, 2}), input({2}), input({2})}; },
                   [](V x) {
                     nn::BatchNorm2d bn(2);
                     bn->to(kDouble);
                     bn->weight = x[1];
                     bn->bias = x[2];
                     return variable_list{bn(x[0])};
                   },
                   1e-5, 1e-3, 1e-6, true});
TG_GRADCHECK_CASE({"nn::BatchNorm1d train mode on [N, C, L], no affine",
                   [] { return variable_list{input({4, 3, 2})}; },
                   [](V x) {
                     nn::BatchNorm1d bn(nn::BatchNormOptions(3).affine(false));
                     bn->to(kDouble);
                     return variable_list{bn(x[0])};
                   }});
TG_GRADCHECK_CASE({"F::batch_norm eval mode with running stats",
                   [] { return variable_list{input({3, 4}), input({4}), input({4})}; },
                   [](V x) {
                     Tensor rm = tg::tensor({0.1, -0.2, 0.3, 0.0}, kDouble);
                     Tensor rv = tg::tensor({1.5, 0.5, 2.0, 1.0}, kDouble);
                     return variable_list{F::batch_norm(
                         x[0], rm, rv, F::BatchNormFuncOptions().weight(x[1]).bias(x[2]))};
                   }});
TG_GRADCHECK_CASE({"nn::Sequential Linear-Tanh-Linear, parameters checked",
                   [] {
                     return variable_list{input({5, 3}), input({4, 3}), input({4}), input({2, 4}),
                                          input({2})};
                   },
                   [](V x) {
                     nn::Sequential seq(nn::Linear(3, 4), nn::Tanh(), nn::Linear(4, 2));
                     seq->at<nn::LinearImpl>(0).weight = x[1];
                     seq->at<nn::LinearImpl>(0).bias = x[2];
                     seq->at<nn::LinearImpl>(2).weight = x[3];
                     seq->at<nn::LinearImpl>(2).bias = x[4];
                     return variable_list{seq->forward(x[0])};
                   }});
TG_GRADCHECK_CASE({"F::leaky_relu away from 0 and nn::Flatten",
                   [] { return variable_list{distinct_input({2, 3, 4}, 0.05) + 0.025}; },
                   [](V x) {
                     nn::Flatten flatten;
                     return variable_list{
                         flatten(F::leaky_relu(x[0], nn::LeakyReLUOptions().negative_slope(0.2)))};
                   }});

// ---- losses ----
TG_GRADCHECK_CASE({"F::mse_loss mean/sum/none, both sides",
                   [] { return variable_list{input({3, 4}), input({3, 4})}; },
                   [](V x) {
                     return variable_list{F::mse_loss(x[0], x[1]),
                                          F::mse_loss(x[0], x[1], tg::kSum),
                                          F::mse_loss(x[0], x[1], tg::kNone)};
                   }});
TG_GRADCHECK_CASE({"F::cross_entropy mean/sum/none on [4,5] logits",
                   [] { return variable_list{input({4, 5}, -2.0, 2.0)}; },
                   [](V x) {
                     Tensor t = labels({1, 0, 4, 2}, {4});
                     return variable_list{
                         F::cross_entropy(x[0], t),
                         F::cross_entropy(x[0], t, F::CrossEntropyFuncOptions().reduction(tg::kSum)),
                         F::cross_entropy(x[0], t, F::CrossEntropyFuncOptions().reduction(tg::kNone))};
                   },
                   1e-5, 1e-3, 1e-6, true});
TG_GRADCHECK_CASE({"F::cross_entropy [N,C,H,W] with weights, ignore_index, label smoothing",
                   [] { return variable_list{input({2, 3, 2, 2}, -2.0, 2.0)}; },
                   [](V x) {
                     Tensor t = labels({0, 2, 1, -100, 2, 2, 0, 1}, {2, 2, 2});
                     Tensor w = tg::tensor({0.5, 2.0, 1.5}, kDouble);
                     auto opt = F::CrossEntropyFuncOptions().weight(w).label_smoothing(0.3);
                     return variable_list{F::cross_entropy(x[0], t, opt),
                                          F::cross_entropy(x[0], t, opt.reduction(tg::kNone))};
                   }});
TG_GRADCHECK_CASE({"F::cross_entropy with class-probability targets",
                   [] { return variable_list{input({3, 4}), input({3, 4}, 0.0, 1.0)}; },
                   [](V x) {
                     return variable_list{F::cross_entropy(x[0], x[1]),
                                          F::cross_entropy(x[0], x[1],
                                                           F::CrossEntropyFuncOptions()
                                                               .label_smoothing(0.1)
                                                               .reduction(tg::kNone))};
                   }});
TG_GRADCHECK_CASE({"F::nll_loss with weights: mean, sum, none, ignore_index",
                   [] { return variable_list{input({5, 4})}; },
                   [](V x) {
                     Tensor t = labels({3, 0, 1, 3, 2}, {5});
                     Tensor w = tg::tensor({0.3, 1.0, 2.5, 0.7}, kDouble);
                     auto opt = F::NLLLossFuncOptions().weight(w).ignore_index(1);
                     return variable_list{F::nll_loss(x[0], t, opt),
                                          F::nll_loss(x[0], t, opt.reduction(tg::kSum)),
                                          F::nll_loss(x[0], t, opt.reduction(tg::kNone))};
                   },
                   1e-5, 1e-3, 1e-6, true});
TG_GRADCHECK_CASE({"F::nll_loss unbatched [C] and spatial [N,C,L]",
                   [] { return variable_list{input({4}), input({2, 3, 5})}; },
                   [](V x) {
                     Tensor t0 = tg::tensor(int64_t(2));
                     Tensor t1 = labels({0, 2, 1, 1, 0, 2, 2, 1, 0, 0}, {2, 5});
                     return variable_list{F::nll_loss(x[0], t0),
                                          F::nll_loss(x[1], t1, F::NLLLossFuncOptions()
                                                                    .reduction(tg::kNone))};
                   }});
TG_GRADCHECK_CASE({"F::binary_cross_entropy input and target, weighted",
                   [] { return variable_list{input({3, 4}, 0.05, 0.95), input({3, 4}, 0.0, 1.0)}; },
                   [](V x) {
                     Tensor w = tg::tensor({0.5, 1.0, 2.0, 1.5}, kDouble);
                     return variable_list{
                         F::binary_cross_entropy(x[0], x[1]),
                         F::binary_cross_entropy(
                             x[0], x[1], F::BinaryCrossEntropyFuncOptions().weight(w).reduction(
                                             tg::kNone))};
                   },
                   1e-5, 1e-3, 1e-6, true});
TG_GRADCHECK_CASE({"F::binary_cross_entropy_with_logits with and without pos_weight",
                   [] {
                     return variable_list{input({4, 3}, -3.0, 3.0), input({4, 3}, 0.0, 1.0),
                                          input({3}, 0.5, 2.0)};
                   },
                   [](V x) {
                     return variable_list{
                         F::binary_cross_entropy_with_logits(x[0], x[1]),
                         F::binary_cross_entropy_with_logits(
                             x[0], x[1],
                             F::BinaryCrossEntropyWithLogitsFuncOptions().pos_weight(x[2]).reduction(
                                 tg::kSum))};
                   },
                   1e-5, 1e-3, 1e-6, true});

} // namespace
} // namespace tg::testing
