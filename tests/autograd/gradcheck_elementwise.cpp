// Gradient-check cases for the elementwise ops: arithmetic with broadcasting on both sides, and
// the unary functions. Inputs avoid the points where an op is not differentiable (kinks of
// relu/abs/clamp, log at 0).
#include "gradcheck_registry.h"

namespace tg::testing {
using autograd::variable_list;
using V = const variable_list&;

// ---- arithmetic, with broadcasting on both sides ----
TG_GRADCHECK_CASE({"add broadcast [3,4]+[4]", [] { return variable_list{input({3, 4}), input({4})}; },
                   [](V x) { return variable_list{x[0] + x[1]}; }});
TG_GRADCHECK_CASE({"add alpha, [2,1,3]+[4,1]",
                   [] { return variable_list{input({2, 1, 3}), input({4, 1})}; },
                   [](V x) { return variable_list{tg::add(x[0], x[1], 2.5)}; }});
TG_GRADCHECK_CASE({"add scalar", [] { return variable_list{input({5})}; },
                   [](V x) { return variable_list{x[0] + 3 + x[0] * 0.5}; }});
TG_GRADCHECK_CASE({"sub alpha broadcast", [] { return variable_list{input({3, 1}), input({1, 5})}; },
                   [](V x) { return variable_list{tg::sub(x[0], x[1], 0.7)}; }});
TG_GRADCHECK_CASE({"rsub scalar - tensor", [] { return variable_list{input({2, 3})}; },
                   [](V x) { return variable_list{2.0 - x[0], tg::rsub(x[0], 2.0, 0.5)}; }});
TG_GRADCHECK_CASE({"mul broadcast", [] { return variable_list{input({2, 3, 4}), input({3, 1})}; },
                   [](V x) { return variable_list{x[0] * x[1]}; }});
TG_GRADCHECK_CASE({"mul one side constant", [] { return variable_list{input({4, 3}), constant({3})}; },
                   [](V x) { return variable_list{x[0] * x[1]}; }});
TG_GRADCHECK_CASE({"div broadcast", [] { return variable_list{input({3, 4}), input({4}, 0.5, 2.0)}; },
                   [](V x) { return variable_list{x[0] / x[1]}; }});
TG_GRADCHECK_CASE({"scalar / tensor", [] { return variable_list{input({7}, 0.5, 2.0)}; },
                   [](V x) { return variable_list{1.5 / x[0]}; }});
TG_GRADCHECK_CASE({"neg", [] { return variable_list{input({3, 2})}; },
                   [](V x) { return variable_list{-x[0]}; }});
TG_GRADCHECK_CASE({"pow scalar 2, 3, 0", [] { return variable_list{input({2, 5})}; },
                   [](V x) { return variable_list{x[0].pow(2), x[0].pow(3), x[0].pow(0)}; }});
TG_GRADCHECK_CASE({"pow scalar 0.5 on positives", [] { return variable_list{input({4}, 0.5, 2.0)}; },
                   [](V x) { return variable_list{x[0].pow(0.5)}; }});
TG_GRADCHECK_CASE({"pow tensor exponent broadcast",
                   [] { return variable_list{input({3, 4}, 0.5, 2.0), input({4}, -1.0, 2.0)}; },
                   [](V x) { return variable_list{x[0].pow(x[1])}; },
                   1e-5, 1e-3, 1e-6, true});
TG_GRADCHECK_CASE({"scalar pow tensor", [] { return variable_list{input({5})}; },
                   [](V x) { return variable_list{tg::pow(2.0, x[0])}; }});
TG_GRADCHECK_CASE({"maximum/minimum broadcast",
                   [] { return variable_list{distinct_input({3, 4}), distinct_input({4}, 0.013)}; },
                   [](V x) { return variable_list{tg::maximum(x[0], x[1]), tg::minimum(x[0], x[1])}; }});

// ---- unary ----
TG_GRADCHECK_CASE({"exp", [] { return variable_list{input({2, 3})}; },
                   [](V x) { return variable_list{x[0].exp()}; }, 1e-5, 1e-3, 1e-6, true});
TG_GRADCHECK_CASE({"log on positives", [] { return variable_list{input({3, 5}, 0.2, 3.0)}; },
                   [](V x) { return variable_list{x[0].log()}; }, 1e-5, 1e-3, 1e-6, true});
TG_GRADCHECK_CASE({"log1p", [] { return variable_list{input({6}, -0.5, 2.0)}; },
                   [](V x) { return variable_list{x[0].log1p()}; }});
TG_GRADCHECK_CASE({"sqrt and rsqrt", [] { return variable_list{input({2, 3}, 0.3, 2.0)}; },
                   [](V x) { return variable_list{x[0].sqrt(), x[0].rsqrt()}; }, 1e-5, 1e-3, 1e-6, true});
TG_GRADCHECK_CASE({"sin and cos", [] { return variable_list{input({4, 2}, -3.0, 3.0)}; },
                   [](V x) { return variable_list{x[0].sin(), x[0].cos()}; }});
TG_GRADCHECK_CASE({"reciprocal", [] { return variable_list{input({5}, 0.5, 2.0)}; },
                   [](V x) { return variable_list{x[0].reciprocal()}; }});
TG_GRADCHECK_CASE({"sigmoid", [] { return variable_list{input({3, 4}, -4.0, 4.0)}; },
                   [](V x) { return variable_list{x[0].sigmoid()}; }, 1e-5, 1e-3, 1e-6, true});
TG_GRADCHECK_CASE({"tanh", [] { return variable_list{input({3, 4}, -3.0, 3.0)}; },
                   [](V x) { return variable_list{x[0].tanh()}; }, 1e-5, 1e-3, 1e-6, true});
TG_GRADCHECK_CASE({"abs away from 0", [] { return variable_list{input({8}, 0.1, 1.0) * tg::tensor({1, -1, 1, -1, -1, 1, 1, -1}, kDouble)}; },
                   [](V x) { return variable_list{x[0].abs()}; }});
TG_GRADCHECK_CASE({"relu away from 0", [] { return variable_list{distinct_input({3, 4}, 0.05) + 0.025}; },
                   [](V x) { return variable_list{x[0].relu()}; }});
TG_GRADCHECK_CASE({"threshold_backward (relu's fused gradient), in grad and in self",
                   [] {
                     return variable_list{input({3, 4}), distinct_input({3, 4}, 0.05) + 0.025};
                   },
                   [](V x) { return variable_list{tg::threshold_backward(x[0], x[1], 0.1)}; }});
TG_GRADCHECK_CASE({"sign floor ceil round have zero gradient",
                   [] { return variable_list{(tg::arange(6, kDouble) + 0.3).view({2, 3}).requires_grad_()}; },
                   [](V x) {
                     return variable_list{x[0].sign(), x[0].floor(), x[0].ceil(), x[0].round()};
                   }});
TG_GRADCHECK_CASE({"clamp min/max and one-sided",
                   [] { return variable_list{distinct_input({4, 5}, 0.1) + 0.05}; },
                   [](V x) {
                     return variable_list{x[0].clamp(-0.5, 0.5), x[0].clamp_min(0.2),
                                          x[0].clamp(std::nullopt, 0.3), x[0].clamp_max(0.3)};
                   }});
TG_GRADCHECK_CASE({"where broadcast",
                   [] { return variable_list{input({3, 4}), input({4})}; },
                   [](V x) {
                     Tensor cond = tg::tensor({true, false, true, true}).view({1, 4});
                     return variable_list{tg::where(cond, x[0], x[1])};
                   }});
TG_GRADCHECK_CASE({"to(dtype, copy) and clone", [] { return variable_list{input({3})}; },
                   [](V x) { return variable_list{x[0].to(kDouble, false, true) * 2, x[0].clone()}; }});

} // namespace tg::testing
