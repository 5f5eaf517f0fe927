// Gradient-check cases for the view ops that only views.cpp-era tapegrad has (as_strided,
// diagonal, unfold, select, split/chunk/unbind as multi-output nodes) and for in-place writes:
// through views (CopySlices, and views re-derived from their base: AsStridedBackward0), and the
// writes whose new values are constants (fill_, zero_, copy_, the random fills).
#include "gradcheck_registry.h"

namespace tg::testing {
using autograd::variable_list;
using V = const variable_list&;

// ---- view ops ----
TG_GRADCHECK_CASE({.name = "as_strided, overlapping windows",
                   .inputs = [] {
                     return variable_list{input({4, 5})};
                   },
                   .fn = [](V x) {
                     return variable_list{x[0].as_strided({3, 3}, {1, 2}, 2),
                                          x[0].t().as_strided({2, 2}, {5, 1})};
                   },
                   .second_order = true});
TG_GRADCHECK_CASE({.name = "diagonal, offsets and dims",
                   .inputs = [] {
                     return variable_list{input({3, 4, 5})};
                   },
                   .fn = [](V x) {
                     return variable_list{x[0].diagonal(), x[0].diagonal(2, 1, 2), x[0].diagonal(-1, 2, 0)};
                   },
                   .second_order = true});
TG_GRADCHECK_CASE({.name = "unfold, overlapping and disjoint",
                   .inputs = [] {
                     return variable_list{input({3, 7})};
                   },
                   .fn = [](V x) {
                     return variable_list{x[0].unfold(1, 3, 1), x[0].unfold(1, 2, 3)};
                   },
                   .second_order = true});
TG_GRADCHECK_CASE({.name = "select as its own node",
                   .inputs = [] {
                     return variable_list{input({3, 4})};
                   },
                   .fn = [](V x) {
                     return variable_list{x[0].select(0, 1), x[0].select(1, -1)};
                   },
                   .second_order = true});
TG_GRADCHECK_CASE({.name = "split, split with sizes, chunk, unbind",
                   .inputs = [] {
                     return variable_list{input({4, 6})};
                   },
                   .fn = [](V x) {
                     auto s = x[0].split(4, 1);
                     auto w = x[0].split({1, 3}, 0);
                     auto u = x[0].unbind(1);
                     // pieces left unused get zero gradients inside the one node
                     return variable_list{s[1] * 2, w[0], x[0].chunk(3, 0)[1], u[2] * u[4]};
                   },
                   .second_order = true});

// ---- in-place writes ----
TG_GRADCHECK_CASE({.name = "in-place through views: CopySlices and re-derived views",
                   .inputs = [] {
                     return variable_list{input({4, 5}), input({3})};
                   },
                   .fn = [](V x) {
                     Tensor base = x[0] * x[0];
                     Tensor earlier = base.narrow(0, 1, 2); // re-derived after the writes
                     base.narrow(1, 1, 3).select(0, 2).mul_(x[1]);
                     base.diagonal().exp_();
                     return variable_list{base, earlier * earlier};
                   },
                   .second_order = true});
TG_GRADCHECK_CASE({.name = "fill_, zero_, copy_ and fill_ with a tensor value on non-leaves",
                   .inputs = [] {
                     return variable_list{input({2, 3}), input({3}), input({})};
                   },
                   .fn = [](V x) {
                     Tensor a = x[0] * 2, b = x[0] * 3, c = x[0] * 1, d = x[0] * 1;
                     a.narrow(1, 0, 2).fill_(1.5);
                     b.select(0, 1).zero_();
                     c.select(0, 0).copy_(x[1]);
                     d.fill_(x[2]);
                     return variable_list{a * x[0], b * x[0], c * x[0], d * x[0]};
                   },
                   .second_order = true});
TG_GRADCHECK_CASE({.name = "random fills keep the graph with a zero gradient",
                   .inputs = [] {
                     return variable_list{input({2, 4})};
                   },
                   .fn = [](V x) {
                     manual_seed(7); // the same draws at every evaluation
                     variable_list out;
                     for (int k = 0; k < 6; ++k) {
                       Tensor t = x[0] * 1;
                       Tensor part = t.narrow(1, 0, 2);
                       if (k == 0) part.uniform_(-1, 1);
                       if (k == 1) part.normal_();
                       if (k == 2) part.bernoulli_(0.5);
                       if (k == 3) part.random_(0, 5);
                       if (k == 4) part.random_(5);
                       if (k == 5) part.exponential_();
                       out.push_back(t * x[0]);
                     }
                     return out;
                   }});

} // namespace tg::testing
