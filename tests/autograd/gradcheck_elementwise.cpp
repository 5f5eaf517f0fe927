// Gradient-check cases for the elementwise ops: arithmetic with broadcasting on both sides, and
// the unary functions. Inputs avoid the points where an op is not differentiable (kinks of
// relu/abs/clamp, log at 0).
#include "gradcheck_registry.h"

namespace tg::testing {
using autograd::variable_list;
using V = const variable_list&;

// ---- arithmetic, with broadcasting on both sides ----
TG_GRADCHECK_CASE({.name = "add broadcast [3,4]+[4]",
                   .inputs = [] { return variable_list{input({3, 4}), input({4})}; },
                   .fn = [](V x) { return variable_list{x[0] + x[1]}; }});
TG_GRADCHECK_CASE({.name = "add alpha, [2,1,3]+[4,1]",
                   .inputs = [] { return variable_list{input({2, 1, 3}), input({4, 1})}; },
                   .fn = [](V x) { return variable_list{tg::add(x[0], x[1], 2.5)}; }});
TG_GRADCHECK_CASE({.name = "add scalar",
                   .inputs = [] { return variable_list{input({5})}; },
                   .fn = [](V x) { return variable_list{x[0] + 3 + x[0] * 0.5}; }});
TG_GRADCHECK_CASE({.name = "sub alpha broadcast",
                   .inputs = [] { return variable_list{input({3, 1}), input({1, 5})}; },
                   .fn = [](V x) { return variable_list{tg::sub(x[0], x[1], 0.7)}; }});
TG_GRADCHECK_CASE({.name = "rsub scalar - tensor",
                   .inputs = [] { return variable_list{input({2, 3})}; },
                   .fn = [](V x) { return variable_list{2.0 - x[0], tg::rsub(x[0], 2.0, 0.5)}; }});
TG_GRADCHECK_CASE({.name = "mul broadcast",
                   .inputs = [] { return variable_list{input({2, 3, 4}), input({3, 1})}; },
                   .fn = [](V x) { return variable_list{x[0] * x[1]}; }});
TG_GRADCHECK_CASE({.name = "mul one side constant",
                   .inputs = [] { return variable_list{input({4, 3}), constant({3})}; },
                   .fn = [](V x) { return variable_list{x[0] * x[1]}; }});
TG_GRADCHECK_CASE({.name = "div broadcast",
                   .inputs = [] { return variable_list{input({3, 4}), input({4}, 0.5, 2.0)}; },
                   .fn = [](V x) { return variable_list{x[0] / x[1]}; }});
TG_GRADCHECK_CASE({.name = "scalar / tensor",
                   .inputs = [] { return variable_list{input({7}, 0.5, 2.0)}; },
                   .fn = [](V x) { return variable_list{1.5 / x[0]}; }});
TG_GRADCHECK_CASE({.name = "neg",
                   .inputs = [] { return variable_list{input({3, 2})}; },
                   .fn = [](V x) { return variable_list{-x[0]}; }});
TG_GRADCHECK_CASE({.name = "pow scalar 2, 3, 0",
                   .inputs = [] { return variable_list{input({2, 5})}; },
                   .fn = [](V x) { return variable_list{x[0].pow(2), x[0].pow(3), x[0].pow(0)}; }});
TG_GRADCHECK_CASE({.name = "pow scalar 0.5 on positives",
                   .inputs = [] { return variable_list{input({4}, 0.5, 2.0)}; },
                   .fn = [](V x) { return variable_list{x[0].pow(0.5)}; }});
TG_GRADCHECK_CASE({.name = "pow tensor exponent broadcast",
                   .inputs = [] {
                     return variable_list{input({3, 4}, 0.5, 2.0), input({4}, -1.0, 2.0)};
                   },
                   .fn = [](V x) { return variable_list{x[0].pow(x[1])}; },
                   .second_order = true});
TG_GRADCHECK_CASE({.name = "scalar pow tensor",
                   .inputs = [] { return variable_list{input({5})}; },
                   .fn = [](V x) { return variable_list{tg::pow(2.0, x[0])}; }});
TG_GRADCHECK_CASE({.name = "maximum/minimum broadcast",
                   .inputs = [] {
                     return variable_list{distinct_input({3, 4}), distinct_input({4}, 0.013)};
                   },
                   .fn = [](V x) {
                     return variable_list{tg::maximum(x[0], x[1]), tg::minimum(x[0], x[1])};
                   }});

// ---- unary ----
TG_GRADCHECK_CASE({.name = "exp",
                   .inputs = [] { return variable_list{input({2, 3})}; },
                   .fn = [](V x) { return variable_list{x[0].exp()}; },
                   .second_order = true});
TG_GRADCHECK_CASE({.name = "log on positives",
                   .inputs = [] { return variable_list{input({3, 5}, 0.2, 3.0)}; },
                   .fn = [](V x) { return variable_list{x[0].log()}; },
                   .second_order = true});
TG_GRADCHECK_CASE({.name = "log1p",
                   .inputs = [] { return variable_list{input({6}, -0.5, 2.0)}; },
                   .fn = [](V x) { return variable_list{x[0].log1p()}; }});
TG_GRADCHECK_CASE({.name = "sqrt and rsqrt",
                   .inputs = [] { return variable_list{input({2, 3}, 0.3, 2.0)}; },
                   .fn = [](V x) { return variable_list{x[0].sqrt(), x[0].rsqrt()}; },
                   .second_order = true});
TG_GRADCHECK_CASE({.name = "sin and cos",
                   .inputs = [] { return variable_list{input({4, 2}, -3.0, 3.0)}; },
                   .fn = [](V x) { return variable_list{x[0].sin(), x[0].cos()}; }});
TG_GRADCHECK_CASE({.name = "reciprocal",
                   .inputs = [] { return variable_list{input({5}, 0.5, 2.0)}; },
                   .fn = [](V x) { return variable_list{x[0].reciprocal()}; }});
TG_GRADCHECK_CASE({.name = "sigmoid",
                   .inputs = [] { return variable_list{input({3, 4}, -4.0, 4.0)}; },
                   .fn = [](V x) { return variable_list{x[0].sigmoid()}; },
                   .second_order = true});
TG_GRADCHECK_CASE({.name = "tanh",
                   .inputs = [] { return variable_list{input({3, 4}, -3.0, 3.0)}; },
                   .fn = [](V x) { return variable_list{x[0].tanh()}; },
                   .second_order = true});
TG_GRADCHECK_CASE({.name = "abs away from 0",
                   .inputs = [] {
                     return variable_list{input({8}, 0.1, 1.0) * tg::tensor({1, -1, 1, -1, -1, 1, 1, -1}, kDouble)};
                   },
                   .fn = [](V x) { return variable_list{x[0].abs()}; }});
TG_GRADCHECK_CASE({.name = "relu away from 0",
                   .inputs = [] { return variable_list{distinct_input({3, 4}, 0.05) + 0.025}; },
                   .fn = [](V x) { return variable_list{x[0].relu()}; }});
TG_GRADCHECK_CASE({.name = "threshold_backward (relu's fused gradient), in grad and in self",
                   .inputs = [] {
                     return variable_list{input({3, 4}), distinct_input({3, 4}, 0.05) + 0.025};
                   },
                   .fn = [](V x) {
                     return variable_list{tg::threshold_backward(x[0], x[1], 0.1)};
                   }});
TG_GRADCHECK_CASE({.name = "sign floor ceil round have zero gradient",
                   .inputs = [] {
                     return variable_list{(tg::arange(6, kDouble) + 0.3).view({2, 3}).requires_grad_()};
                   },
                   .fn = [](V x) {
                     return variable_list{x[0].sign(), x[0].floor(), x[0].ceil(), x[0].round()};
                   }});
TG_GRADCHECK_CASE({.name = "clamp min/max and one-sided",
                   .inputs = [] { return variable_list{distinct_input({4, 5}, 0.1) + 0.05}; },
                   .fn = [](V x) {
                     return variable_list{x[0].clamp(-0.5, 0.5), x[0].clamp_min(0.2),
                                          x[0].clamp(std::nullopt, 0.3), x[0].clamp_max(0.3)};
                   }});
TG_GRADCHECK_CASE({.name = "where broadcast",
                   .inputs = [] { return variable_list{input({3, 4}), input({4})}; },
                   .fn = [](V x) {
                     Tensor cond = tg::tensor({true, false, true, true}).view({1, 4});
                     return variable_list{tg::where(cond, x[0], x[1])};
                   }});
TG_GRADCHECK_CASE({.name = "to(dtype, copy) and clone",
                   .inputs = [] { return variable_list{input({3})}; },
                   .fn = [](V x) {
                     return variable_list{x[0].to(kDouble, false, true) * 2, x[0].clone()};
                   }});

} // namespace tg::testing
