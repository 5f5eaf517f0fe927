// Gradient checks for triu/tril (ops/triangular.cpp) and normal with tensor arguments
// (ops/factory.cpp).
#include "gradcheck_registry.h"

namespace tg::testing {

using autograd::variable_list;
using V = const variable_list&;

// d/dx triu(x, k) keeps the same triangle of the gradient; k above, on and below the diagonal, a
// batch of non-square matrices, and a second derivative.
TG_GRADCHECK_CASE({.name = "triu",
                   .inputs = [] { return variable_list{input({2, 3, 4})}; },
                   .fn = [](V x) {
                     return variable_list{triu(x[0]), x[0].triu(1), triu(x[0], -1),
                                          triu(x[0], 5)};
                   },
                   .second_order = true});
TG_GRADCHECK_CASE({.name = "tril",
                   .inputs = [] { return variable_list{input({4, 3})}; },
                   .fn = [](V x) {
                     return variable_list{tril(x[0]), x[0].tril(2), tril(x[0], -1) * x[0],
                                          tril(x[0], -9)};
                   },
                   .second_order = true});
TG_GRADCHECK_CASE({.name = "triu_ and tril_ in place",
                   .inputs = [] { return variable_list{input({3, 3})}; },
                   .fn = [](V x) {
                     Tensor a = x[0] * 2, b = x[0] + 1;
                     a.triu_(1);
                     b.tril_();
                     return variable_list{a, b * x[0]};
                   }});

// normal(mean, std) with tensor arguments: LibTorch gives mean and std a zero gradient. The
// numerical derivative sees a zero too when the parameter enters as (p - p.detach() + c): its
// value never depends on p, while the analytic gradient reaches p only through NormalBackwardN,
// so a backward that returned anything but zeros (or the wrong shape) fails here.
TG_GRADCHECK_CASE({.name = "normal with tensor mean and std has a zero gradient",
                   .inputs = [] { return variable_list{input({2, 3}), input({3}, 0.5, 1.0)}; },
                   .fn = [](V x) {
                     manual_seed(11); // the same draws at every evaluation
                     Tensor mean = x[0] - x[0].detach() + 1.0;
                     Tensor std = x[1] - x[1].detach() + 0.5;
                     return variable_list{normal(mean, std) * x[0], normal(mean, 2.0) * x[0],
                                          normal(-1.0, std) * x[1]};
                   }});

} // namespace tg::testing
