// Gradient-check cases for the normalisation layers: batch_norm in train and eval mode (the
// BatchNorm1d/2d modules and F::batch_norm) and layer_norm (F:: and the LayerNorm module).
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

} // namespace
} // namespace tg::testing
