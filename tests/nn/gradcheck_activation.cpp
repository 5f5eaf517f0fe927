// Gradient-check cases for the activations with their own backward nodes (elu, gelu, silu, mish,
// softplus, hardtanh, leaky_relu, ...), erf, and the nn activation modules. Inputs keep away from
// kinks: off_grid values are never 0 or on a multiple of 0.1.
#include "../autograd/gradcheck_registry.h"

namespace tg::testing {
namespace {

using autograd::variable_list;
using V = const variable_list&;
namespace F = tg::nn::functional;

/// float64 values -0.55, -0.45, ..., never 0 or a multiple of 0.1, requiring grad.
Tensor off_grid(IntArrayRef shape) { return distinct_input(shape, 0.1) + 0.05; }

// ---- activations ----
TG_GRADCHECK_CASE({.name = "elu default and alpha/scale/input_scale",
                   .inputs = [] {
                     return variable_list{off_grid({3, 4})};
                   },
                   .fn = [](V x) {
                     return variable_list{elu(x[0]), elu(x[0], 0.5, 2.0, 1.5)};
                   },
                   .second_order = true});
TG_GRADCHECK_CASE({.name = "gelu none and tanh",
                   .inputs = [] {
                     return variable_list{input({2, 5}, -3.0, 3.0)};
                   },
                   .fn = [](V x) {
                     return variable_list{gelu(x[0]), gelu(x[0], "tanh")};
                   },
                   .second_order = true});
TG_GRADCHECK_CASE({.name = "erf",
                   .inputs = [] { return variable_list{input({7}, -2.0, 2.0)}; },
                   .fn = [](V x) { return variable_list{erf(x[0])}; },
                   .second_order = true});
TG_GRADCHECK_CASE({.name = "silu and mish",
                   .inputs = [] {
                     return variable_list{input({3, 3}, -4.0, 4.0)};
                   },
                   .fn = [](V x) {
                     return variable_list{silu(x[0]), mish(x[0])};
                   },
                   .second_order = true});
// beta·x crosses the threshold 1 at x = 0.5, which the grid avoids
TG_GRADCHECK_CASE({.name = "softplus default and beta 2 threshold 1",
                   .inputs = [] { return variable_list{off_grid({12}) * 3}; },
                   .fn = [](V x) {
                     return variable_list{softplus(x[0]), softplus(x[0], 2, 1)};
                   },
                   .second_order = true});
TG_GRADCHECK_CASE({.name = "hardtanh and leaky_relu off their kinks",
                   .inputs = [] {
                     return variable_list{off_grid({4, 3}) * 3};
                   },
                   .fn = [](V x) {
                     return variable_list{hardtanh(x[0], -0.5, 0.3), hardtanh(x[0]), leaky_relu(x[0], 0.2)};
                   }});
TG_GRADCHECK_CASE({.name = "nn activation modules and F:: forms, inplace on a non-leaf",
                   .inputs = [] {
                     return variable_list{off_grid({2, 6})};
                   },
                   .fn = [](V x) {
                     Tensor y = x[0] * 1.0; // a non-leaf, so in place is allowed
                     F::elu(y, F::ELUFuncOptions().alpha(0.7).inplace(true));
                     return variable_list{
                         y,
                         nn::GELU(nn::GELUOptions().approximate("tanh"))(x[0]),
                         nn::SiLU()(x[0]),
                         nn::Mish()(x[0]),
                         nn::Softplus(nn::SoftplusOptions().beta(0.5))(x[0]),
                         F::hardtanh(x[0] * 1.0,
                                     F::HardtanhFuncOptions().min_val(-0.2).inplace(true)),
                         nn::LeakyReLU(nn::LeakyReLUOptions().negative_slope(0.3))(x[0])};
                   }});

} // namespace
} // namespace tg::testing
