// Gradient-check cases for issue #21's activations (the new backward nodes: hardswish,
// hardsigmoid, threshold, log_sigmoid, hardshrink, softshrink) and for the layers composed of
// existing ops (prelu, rrelu, celu, selu, glu, bilinear, the distances, normalize,
// local_response_norm, pixel_shuffle, einsum, cdist, the addmm family, gaussian_nll_loss), whose
// gradients come from the ops they are built on. Inputs keep off the kinks: off_grid values are
// never 0 or on a multiple of 0.1, and the scales below keep them off ±3, ±lambda and the
// thresholds.
#include "../autograd/gradcheck_registry.h"

namespace tg::testing {
namespace {

using autograd::variable_list;
using V = const variable_list&;
namespace F = tg::nn::functional;

/// float64 values -0.55, -0.45, ..., never 0 or a multiple of 0.1, requiring grad.
Tensor off_grid(IntArrayRef shape) { return distinct_input(shape, 0.1) + 0.05; }

// ---- the pointwise activations with their own nodes ----
// ×9: ±0.45, ±1.35, ±2.25, ±3.15, ±4.05, ±4.95 — both sides of ±3, never on it
TG_GRADCHECK_CASE({.name = "hardswish and hardsigmoid across -3 and 3",
                   .inputs =
                       [] {
                         return variable_list{off_grid({3, 4}) * 9};
                       },
                   .fn =
                       [](V x) {
                         return variable_list{hardswish(x[0]), hardsigmoid(x[0])};
                       },
                   .second_order = true});
// ×3: ±0.15, ±0.45, ±0.75, ... never on 0.5 or 0.2
TG_GRADCHECK_CASE({.name = "threshold hardshrink softshrink off their kinks",
                   .inputs =
                       [] {
                         return variable_list{off_grid({4, 3}) * 3};
                       },
                   .fn =
                       [](V x) {
                         return variable_list{threshold(x[0], 0.2, -3.0), hardshrink(x[0]),
                                              softshrink(x[0], 0.5), F::softshrink(x[0], 1.0)};
                       },
                   .second_order = true});
TG_GRADCHECK_CASE({.name = "log_sigmoid",
                   .inputs =
                       [] {
                         return variable_list{input({2, 5}, -6.0, 6.0)};
                       },
                   .fn = [](V x) { return variable_list{log_sigmoid(x[0])}; },
                   .second_order = true});

// ---- composed activations ----
TG_GRADCHECK_CASE({.name = "prelu per channel and shared, rrelu eval, celu, selu, relu6, glu",
                   .inputs =
                       [] {
                         return variable_list{off_grid({2, 3, 2}) * 3, input({3}, 0.1, 0.9)};
                       },
                   .fn =
                       [](V x) {
                         return variable_list{prelu(x[0], x[1]),
                                              prelu(x[0], x[1].narrow(0, 1, 1)),
                                              rrelu(x[0], 0.1, 0.3),
                                              celu(x[0], 0.7),
                                              selu(x[0]),
                                              relu6(x[0] * 2.5),
                                              glu(x[0], 0),
                                              F::softsign(x[0]),
                                              F::tanhshrink(x[0]),
                                              F::softmin(x[0], 1)};
                       }});
// In training the drawn slopes are constants: the gradient is the slope (1 for x > 0).
TG_GRADCHECK_CASE({.name = "rrelu training, slopes fixed by the seed",
                   .inputs =
                       [] {
                         return variable_list{off_grid({3, 4})};
                       },
                   .fn =
                       [](V x) {
                         manual_seed(7);
                         return variable_list{rrelu(x[0], 0.2, 0.6, true)};
                       }});

// ---- layers ----
TG_GRADCHECK_CASE(
    {.name = "bilinear with and without bias",
     .inputs =
         [] {
           return variable_list{input({3, 2}), input({3, 4}), input({5, 2, 4}), input({5})};
         },
     .fn =
         [](V x) {
           return variable_list{bilinear(x[0], x[1], x[2], x[3]), bilinear(x[0], x[1], x[2])};
         },
     .second_order = true});
TG_GRADCHECK_CASE({.name = "cosine_similarity pairwise_distance normalize",
                   .inputs =
                       [] {
                         return variable_list{input({3, 4}), input({1, 4})};
                       },
                   .fn =
                       [](V x) {
                         return variable_list{
                             cosine_similarity(x[0], x[1]),
                             cosine_similarity(x[0], x[1], 0, 1e-6),
                             pairwise_distance(x[0], x[1]),
                             pairwise_distance(x[0], x[1], 3.0, 1e-6, true),
                             F::normalize(x[0]),
                             F::normalize(x[0], F::NormalizeFuncOptions().p(3).dim(-1))};
                       },
                   .second_order = true});
TG_GRADCHECK_CASE({.name = "local_response_norm 3-D and 4-D",
                   .inputs =
                       [] {
                         return variable_list{input({2, 5, 3}), input({1, 4, 2, 2})};
                       },
                   .fn =
                       [](V x) {
                         return variable_list{
                             F::local_response_norm(x[0],
                                                    F::LocalResponseNormFuncOptions(3).alpha(0.5)),
                             F::local_response_norm(x[1],
                                                    F::LocalResponseNormFuncOptions(2).k(1.5))};
                       }});
TG_GRADCHECK_CASE({.name = "pixel_shuffle and pixel_unshuffle",
                   .inputs =
                       [] {
                         return variable_list{input({1, 8, 2, 3})};
                       },
                   .fn =
                       [](V x) {
                         return variable_list{pixel_shuffle(x[0], 2),
                                              pixel_unshuffle(x[0].reshape({2, 1, 4, 6}), 2)};
                       }});

// ---- einsum, cdist, the addmm family ----
TG_GRADCHECK_CASE({.name = "einsum matmul bmm trace outer bilinear ellipsis",
                   .inputs =
                       [] {
                         return variable_list{input({2, 3}), input({3, 4}), input({3, 3}),
                                              input({2, 3, 4}), input({5, 3, 4})};
                       },
                   .fn =
                       [](V x) {
                         return variable_list{
                             einsum("ij,jk->ik", {x[0], x[1]}),
                             einsum("ii", {x[2]}),
                             einsum("ii->i", {x[2]}),
                             einsum("bij,bjk->bik", {x[3], x[1].t().unsqueeze(0)}),
                             einsum("i,j", {x[1][0], x[0][1]}),
                             einsum("bn,anm,bm->ba", {x[0], x[4], x[3][0].narrow(0, 0, 2)}),
                             einsum("...ij->...ji", {x[3]}),
                             einsum("bij->j", {x[3]})};
                       },
                   .second_order = true});
TG_GRADCHECK_CASE({.name = "cdist p 2 1 3 and the matmul path",
                   .inputs =
                       [] {
                         return variable_list{input({2, 3, 4}), input({5, 4}), input({27, 3})};
                       },
                   .fn =
                       [](V x) {
                         return variable_list{cdist(x[0], x[1]), cdist(x[0], x[1], 1.0),
                                              cdist(x[0], x[1], 3.0),
                                              cdist(x[2], x[2].narrow(0, 0, 4) + 2.0)};
                       }});
TG_GRADCHECK_CASE({.name = "addmm baddbmm addbmm and their in-place forms",
                   .inputs =
                       [] {
                         return variable_list{input({2, 4}), input({3, 2, 5}), input({3, 5, 4})};
                       },
                   .fn =
                       [](V x) {
                         Tensor y = x[0] * 1.0; // a non-leaf, so in place is allowed
                         y.addbmm_(x[1], x[2], 0.5, -2.0);
                         Tensor z = x[0].expand({3, 2, 4}) * 1.0;
                         z.baddbmm_(x[1], x[2], 2.0);
                         Tensor w = x[0] * 1.0;
                         w.addmm_(x[1][0], x[2][1], 1.5, 0.5);
                         return variable_list{baddbmm(x[0], x[1], x[2], 0.5, 2.0),
                                              addbmm(x[0], x[1], x[2]), y, z, w};
                       },
                   .second_order = true});
TG_GRADCHECK_CASE({.name = "gaussian_nll_loss heteroscedastic and shared variance",
                   .inputs =
                       [] {
                         return variable_list{input({3, 4}), input({3, 4}), input({3, 4}, 0.2, 2.0),
                                              input({3}, 0.2, 2.0)};
                       },
                   .fn =
                       [](V x) {
                         return variable_list{
                             F::gaussian_nll_loss(x[0], x[1], x[2]),
                             F::gaussian_nll_loss(
                                 x[0], x[1], x[3],
                                 F::GaussianNLLLossFuncOptions().full(true).reduction(tg::kNone))};
                       },
                   .second_order = true});

} // namespace
} // namespace tg::testing
