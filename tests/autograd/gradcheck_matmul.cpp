// Gradient-check cases for the matrix products: mm (with the BLAS transpose flags), bmm, matmul
// in every rank combination, addmm and linear.
#include "gradcheck_registry.h"

namespace tg::testing {
using autograd::variable_list;
using V = const variable_list&;

// ---- matrix products ----
TG_GRADCHECK_CASE({.name = "mm non-square",
                   .inputs = [] { return variable_list{input({3, 5}), input({5, 2})}; },
                   .fn = [](V x) { return variable_list{x[0].mm(x[1])}; },
                   .second_order = true});
TG_GRADCHECK_CASE({.name = "mm with transposed operands (BLAS flags)",
                   .inputs = [] { return variable_list{input({5, 3}), input({2, 5})}; },
                   .fn = [](V x) { return variable_list{x[0].t().mm(x[1].t())}; }});
TG_GRADCHECK_CASE({.name = "bmm",
                   .inputs = [] { return variable_list{input({2, 3, 4}), input({2, 4, 3})}; },
                   .fn = [](V x) { return variable_list{x[0].bmm(x[1])}; }});
TG_GRADCHECK_CASE({.name = "matmul 1D.1D, 2D.1D, 1D.2D",
                   .inputs = [] { return variable_list{input({4}), input({3, 4}), input({4, 2})}; },
                   .fn = [](V x) {
                     return variable_list{x[0].matmul(x[0]), x[1].matmul(x[0]), x[0].matmul(x[2])};
                   }});
TG_GRADCHECK_CASE({.name = "matmul batched broadcast 4D.3D and 3D.2D",
                   .inputs = [] {
                     return variable_list{input({2, 1, 3, 4}), input({3, 4, 2}), input({4, 2})};
                   },
                   .fn = [](V x) {
                     return variable_list{x[0].matmul(x[1]), x[0].select(1, 0).matmul(x[2])};
                   }});
TG_GRADCHECK_CASE({.name = "addmm and linear",
                   .inputs = [] { return variable_list{input({2}), input({3, 4}), input({2, 4})}; },
                   .fn = [](V x) {
                     return variable_list{tg::addmm(x[0], x[1], x[2].t(), 0.5, 2.0),
                                          tg::linear(x[1], x[2], x[0])};
                   }});

} // namespace tg::testing
