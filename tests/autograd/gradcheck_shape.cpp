// Gradient-check cases for the shape ops and views: view/reshape, permute/transpose,
// squeeze/unsqueeze, expand/repeat, slicing. (as_strided, diagonal, unfold and writes through
// views are in gradcheck_views.cpp; cat/stack/split in gradcheck_index.cpp.)
#include "gradcheck_registry.h"

namespace tg::testing {
using autograd::variable_list;
using V = const variable_list&;

// ---- shapes and views ----
TG_GRADCHECK_CASE({.name = "view, reshape of a transposed tensor",
                   .inputs = [] { return variable_list{input({3, 4})}; },
                   .fn = [](V x) {
                     return variable_list{x[0].view({4, 3}) * 2, x[0].t().reshape({-1}) * 3,
                                          x[0].flatten()};
                   }});
TG_GRADCHECK_CASE({.name = "permute and transpose",
                   .inputs = [] { return variable_list{input({2, 3, 4})}; },
                   .fn = [](V x) {
                     return variable_list{x[0].permute({2, 0, 1}) * tg::arange(3, kDouble),
                                          x[0].transpose(0, -1)};
                   }});
TG_GRADCHECK_CASE({.name = "unsqueeze, squeeze all, squeeze dim",
                   .inputs = [] { return variable_list{input({3, 1, 2})}; },
                   .fn = [](V x) {
                     return variable_list{x[0].unsqueeze(-1), x[0].squeeze(), x[0].squeeze(1)};
                   }});
TG_GRADCHECK_CASE({.name = "expand and repeat",
                   .inputs = [] { return variable_list{input({3, 1})}; },
                   .fn = [](V x) {
                     return variable_list{x[0].expand({2, 3, 4}) * tg::arange(4, kDouble),
                                          x[0].repeat({2, 3})};
                   }});
TG_GRADCHECK_CASE({.name = "slice with step, narrow, select",
                   .inputs = [] { return variable_list{input({5, 6})}; },
                   .fn = [](V x) {
                     return variable_list{x[0].slice(1, 1, 6, 2), x[0].narrow(0, 1, 3),
                                          x[0].select(1, -1)};
                   },
                   .second_order = true});

} // namespace tg::testing
