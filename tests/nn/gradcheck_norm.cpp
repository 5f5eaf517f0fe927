// Gradient-check cases for the normalisation layers: batch_norm in train and eval mode (the
// BatchNorm1d/2d/3d modules, F::batch_norm and tg::batch_norm), layer_norm (F:: and the LayerNorm
// module), group_norm and instance_norm.
#include "../autograd/gradcheck_registry.h"

namespace tg::testing {
namespace {

using autograd::variable_list;
using V = const variable_list&;
namespace F = tg::nn::functional;

// ---- batch norm ----
TG_GRADCHECK_CASE({.name = "nn::BatchNorm2d train mode, affine",
                   .inputs = [] {
                     return variable_list{input({3, 2, 3, 2}), input({2}), input({2})};
                   },
                   .fn = [](V x) {
                     nn::BatchNorm2d bn(2);
                     bn->to(kDouble);
                     bn->weight = x[1];
                     bn->bias = x[2];
                     return variable_list{bn(x[0])};
                   },
                   .second_order = true});
TG_GRADCHECK_CASE({.name = "nn::BatchNorm1d train mode on [N, C, L], no affine",
                   .inputs = [] { return variable_list{input({4, 3, 2})}; },
                   .fn = [](V x) {
                     nn::BatchNorm1d bn(nn::BatchNormOptions(3).affine(false));
                     bn->to(kDouble);
                     return variable_list{bn(x[0])};
                   }});
TG_GRADCHECK_CASE({.name = "F::batch_norm eval mode with running stats",
                   .inputs = [] { return variable_list{input({3, 4}), input({4}), input({4})}; },
                   .fn = [](V x) {
                     Tensor rm = tg::tensor({0.1, -0.2, 0.3, 0.0}, kDouble);
                     Tensor rv = tg::tensor({1.5, 0.5, 2.0, 1.0}, kDouble);
                     return variable_list{F::batch_norm(
                         x[0], rm, rv, F::BatchNormFuncOptions().weight(x[1]).bias(x[2]))};
                   }});

// ---- layer norm ----
TG_GRADCHECK_CASE({.name = "layer_norm affine over two dims, and without affine",
                   .inputs = [] {
                     return variable_list{input({2, 3, 4}), input({3, 4}), input({3, 4})};
                   },
                   .fn = [](V x) {
                     return variable_list{
                         F::layer_norm(x[0],
                                       F::LayerNormFuncOptions({3, 4}).weight(x[1]).bias(x[2])),
                         layer_norm(x[0], {4}, {}, {}, 1e-3)};
                   },
                   .second_order = true});
TG_GRADCHECK_CASE({.name = "nn::LayerNorm module",
                   .inputs = [] {
                     return variable_list{input({3, 5}), input({5}), input({5})};
                   },
                   .fn = [](V x) {
                     nn::LayerNorm ln(nn::LayerNormOptions({5}));
                     ln->weight = x[1];
                     ln->bias = x[2];
                     return variable_list{ln(x[0])};
                   }});

// ---- group norm, instance norm, BatchNorm3d (composed of tensor ops: second order too) ----
TG_GRADCHECK_CASE({.name = "tg::group_norm with weight and bias on [N, C, L]",
                   .inputs = [] {
                     return variable_list{input({2, 6, 3}), input({6}), input({6})};
                   },
                   .fn = [](V x) { return variable_list{tg::group_norm(x[0], 3, x[1], x[2])}; },
                   .second_order = true});
TG_GRADCHECK_CASE({.name = "nn::GroupNorm on [N, C, H, W], one channel per group",
                   .inputs = [] { return variable_list{input({2, 3, 2, 2})}; },
                   .fn = [](V x) {
                     nn::GroupNorm gn(3, 3);
                     gn->to(kDouble);
                     return variable_list{gn(x[0])};
                   }});
TG_GRADCHECK_CASE({.name = "F::instance_norm with weight, bias and running stats updated",
                   .inputs = [] {
                     return variable_list{input({2, 3, 4}), input({3}), input({3})};
                   },
                   .fn = [](V x) {
                     Tensor rm = tg::zeros({3}, kDouble), rv = tg::ones({3}, kDouble);
                     return variable_list{F::instance_norm(x[0], F::InstanceNormFuncOptions()
                                                                     .weight(x[1])
                                                                     .bias(x[2])
                                                                     .running_mean(rm)
                                                                     .running_var(rv))};
                   },
                   .second_order = true});
TG_GRADCHECK_CASE({.name = "nn::InstanceNorm2d unbatched [C, H, W]",
                   .inputs = [] { return variable_list{input({2, 3, 2})}; },
                   .fn = [](V x) {
                     nn::InstanceNorm2d m(2);
                     return variable_list{m(x[0])};
                   }});
TG_GRADCHECK_CASE({.name = "tg::instance_norm with the running stats (use_input_stats=false)",
                   .inputs = [] { return variable_list{input({2, 3, 4}), input({3})}; },
                   .fn = [](V x) {
                     Tensor rm = tg::tensor({0.1, -0.2, 0.3}, kDouble);
                     Tensor rv = tg::tensor({1.5, 0.5, 2.0}, kDouble);
                     return variable_list{
                         tg::instance_norm(x[0], x[1], {}, rm, rv, false, 0.1, 1e-5)};
                   }});
TG_GRADCHECK_CASE({.name = "nn::BatchNorm3d train mode, affine",
                   .inputs = [] {
                     return variable_list{input({2, 2, 2, 1, 3}), input({2}), input({2})};
                   },
                   .fn = [](V x) {
                     nn::BatchNorm3d bn(2);
                     bn->to(kDouble);
                     bn->weight = x[1];
                     bn->bias = x[2];
                     return variable_list{bn(x[0])};
                   }});
TG_GRADCHECK_CASE({.name = "tg::batch_norm (ATen order) training without running stats",
                   .inputs = [] { return variable_list{input({4, 3}), input({3}), input({3})}; },
                   .fn = [](V x) {
                     return variable_list{
                         tg::batch_norm(x[0], x[1], x[2], {}, {}, true, 0.1, 1e-5)};
                   }});

} // namespace
} // namespace tg::testing
