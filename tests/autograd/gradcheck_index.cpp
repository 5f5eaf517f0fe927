// Gradient-check cases for indexing (views through index(), advanced indexing, index_put_,
// index_select, gather/scatter, masked ops, sort/topk, flip) and joining (cat, stack, split...).
#include "gradcheck_registry.h"

namespace tg::testing {
using autograd::variable_list;
using namespace tg::indexing;
using V = const variable_list&;

namespace {
Tensor longs(std::vector<int64_t> v, IntArrayRef shape) { return tensor(v, shape, kLong); }
Tensor bools(std::vector<int64_t> v, IntArrayRef shape) {
  return tensor(v, shape, kLong).to(kBool);
}
} // namespace

// ---- basic indexing: views only
TG_GRADCHECK_CASE({.name = "index int, step slice, None, Ellipsis, negative int",
                   .inputs = [] {
                     return variable_list{input({4, 5, 6})};
                   },
                   .fn = [](V x) {
                     return variable_list{x[0].index({1, Slice(None, None, 2), None, Ellipsis, -1})};
                   }});
TG_GRADCHECK_CASE({.name = "index negative slice bounds and \"...\"",
                   .inputs = [] {
                     return variable_list{input({5, 7, 3})};
                   },
                   .fn = [](V x) {
                     // squared, so that the second order also differentiates SliceBackward0's
                     // own backward (a slice_scatter of a gradient that depends on x)
                     Tensor y = x[0].index({Slice(1, -1), Slice(-5, None, 3), "..."});
                     return variable_list{y * y};
                   },
                   .second_order = true});
TG_GRADCHECK_CASE({.name = "operator[] chain",
                   .inputs = [] {
                     return variable_list{input({3, 4, 2})};
                   },
                   .fn = [](V x) { return variable_list{x[0][-1][2] * x[0][0][1]}; }});

// ---- advanced indexing
TG_GRADCHECK_CASE({.name = "index int64 tensor with repeats and a negative",
                   .inputs = [] {
                     return variable_list{input({5, 3})};
                   },
                   .fn = [](V x) {
                     return variable_list{x[0].index({longs({0, 2, 2, -1}, {4})})};
                   },
                   .second_order = true});
TG_GRADCHECK_CASE({.name = "index two adjacent tensors broadcast, after a slice",
                   .inputs = [] {
                     return variable_list{input({4, 5, 3})};
                   },
                   .fn = [](V x) {
                     return variable_list{x[0].index(
                         {Slice(1, None), longs({0, 4}, {2, 1}), longs({2, 0, 2}, {1, 3})})};
                   }});
TG_GRADCHECK_CASE({.name = "index non-adjacent tensors and a 2-d index",
                   .inputs = [] {
                     return variable_list{input({4, 3, 5})};
                   },
                   .fn = [](V x) {
                     return variable_list{
                         x[0].index({longs({3, 1, 1, 0}, {2, 2}), Slice(), longs({-1, 2}, {2})})};
                   }});
TG_GRADCHECK_CASE({.name = "index bool mask over two dims",
                   .inputs = [] {
                     return variable_list{input({3, 4, 2})};
                   },
                   .fn = [](V x) {
                     Tensor m = bools({1, 0, 0, 1, 0, 1, 1, 0, 0, 0, 1, 1}, {3, 4});
                     return variable_list{x[0].index({m})};
                   }});
TG_GRADCHECK_CASE({.name = "index bool mask after a slice, then an int",
                   .inputs = [] {
                     return variable_list{input({3, 4, 2})};
                   },
                   .fn = [](V x) {
                     return variable_list{x[0].index({Slice(), bools({1, 0, 1, 1}, {4}), 1})};
                   }});

// ---- index_put_
TG_GRADCHECK_CASE({.name = "index_put_ tensor values into a non-leaf",
                   .inputs = [] {
                     return variable_list{input({4, 3}), input({2, 3})};
                   },
                   .fn = [](V x) {
                     Tensor y = x[0] * 1.5;
                     y.index_put_({longs({3, 0}, {2})}, x[1]);
                     return variable_list{y};
                   },
                   .second_order = true});
TG_GRADCHECK_CASE({.name = "index_put_ broadcast value after an int, scalar by mask",
                   .inputs = [] {
                     return variable_list{input({3, 4, 5}), input({5})};
                   },
                   .fn = [](V x) {
                     Tensor y = x[0] * 2.0; // not exp(): its backward reads its output
                     y.index_put_({1, longs({0, 2}, {2})}, x[1]);
                     y.index_put_({bools({0, 1, 0}, {3})}, 0.25);
                     return variable_list{y};
                   }});

// ---- index_select, gather, scatter
TG_GRADCHECK_CASE({.name = "index_select dim -1 with repeats",
                   .inputs = [] {
                     return variable_list{input({3, 5})};
                   },
                   .fn = [](V x) {
                     return variable_list{x[0].index_select(-1, longs({4, 0, 4, 2}, {4}))};
                   },
                   .second_order = true});
TG_GRADCHECK_CASE({.name = "gather dim 1 with repeats, index smaller than input",
                   .inputs = [] {
                     return variable_list{input({3, 5})};
                   },
                   .fn = [](V x) {
                     return variable_list{x[0].gather(1, longs({0, 0, 4, 1, 3, 1}, {2, 3}))};
                   },
                   .second_order = true});
TG_GRADCHECK_CASE({.name = "gather dim 0",
                   .inputs = [] {
                     return variable_list{input({4, 3})};
                   },
                   .fn = [](V x) {
                     return variable_list{tg::gather(x[0], 0, longs({3, 0, 3, 1, 1, 2}, {2, 3}))};
                   }});
TG_GRADCHECK_CASE({.name = "scatter_add repeated indices, src larger than index",
                   .inputs = [] {
                     return variable_list{input({3, 4}), input({3, 5})};
                   },
                   .fn = [](V x) {
                     return variable_list{x[0].scatter_add(1, longs({0, 0, 3, 2, 2, 2}, {2, 3}), x[1])};
                   },
                   .second_order = true});
TG_GRADCHECK_CASE({.name = "scatter_add_ in place, dim 0",
                   .inputs = [] {
                     return variable_list{input({3, 2}), input({4, 2})};
                   },
                   .fn = [](V x) {
                     Tensor y = x[0] * 2.0;
                     y.scatter_add_(0, longs({2, 0, 2, 2, 1, 0, 0, 1}, {4, 2}), x[1]);
                     return variable_list{y};
                   }});
TG_GRADCHECK_CASE({.name = "scatter src, unique indices",
                   .inputs = [] {
                     return variable_list{input({3, 5}), input({2, 4})};
                   },
                   .fn = [](V x) {
                     return variable_list{x[0].scatter(-1, longs({4, 0, 2, 1, 3, 0}, {2, 3}), x[1])};
                   }});
TG_GRADCHECK_CASE({.name = "scatter_ value, scatter_ src in place",
                   .inputs = [] {
                     return variable_list{input({4, 3}), input({2, 3})};
                   },
                   .fn = [](V x) {
                     Tensor y = x[0].sin();
                     y.scatter_(0, longs({1, 3, 0}, {1, 3}), 0.5);
                     y.scatter_(0, longs({2, 0, 3, 0, 2, 1}, {2, 3}), x[1]);
                     return variable_list{y};
                   }});

// ---- masked ops
TG_GRADCHECK_CASE({.name = "masked_fill scalar, mask broadcast over rows",
                   .inputs = [] {
                     return variable_list{input({3, 4})};
                   },
                   .fn = [](V x) {
                     return variable_list{x[0].masked_fill(bools({1, 0, 0, 1}, {4}), 2.5)};
                   }});
TG_GRADCHECK_CASE({.name = "masked_fill 0-dim tensor value, self broadcast to the mask",
                   .inputs = [] {
                     return variable_list{input({4}), input({})};
                   },
                   .fn = [](V x) {
                     return variable_list{x[0].masked_fill(bools({1, 0, 0, 1, 0, 1, 1, 1}, {2, 4}), x[1])};
                   }});
TG_GRADCHECK_CASE({.name = "masked_fill_ in place",
                   .inputs = [] {
                     return variable_list{input({2, 3, 2})};
                   },
                   .fn = [](V x) {
                     Tensor y = x[0] * x[0];
                     y.masked_fill_(bools({0, 1, 1, 0, 0, 1}, {3, 2}), -1.0);
                     return variable_list{y};
                   }});
TG_GRADCHECK_CASE({.name = "masked_select broadcast",
                   .inputs = [] {
                     return variable_list{input({2, 1, 3})};
                   },
                   .fn = [](V x) {
                     return variable_list{
                         x[0].masked_select(bools({1, 0, 1, 0, 1, 1, 0, 0, 0, 1, 1, 0}, {4, 3}))};
                   }});

// ---- sort / topk / flip
TG_GRADCHECK_CASE({.name = "sort dim 0 descending",
                   .inputs = [] {
                     return variable_list{distinct_input({5, 3})};
                   },
                   .fn = [](V x) { return variable_list{std::get<0>(x[0].sort(0, true))}; }});
TG_GRADCHECK_CASE({.name = "sort last dim",
                   .inputs = [] {
                     return variable_list{distinct_input({2, 3, 4})};
                   },
                   .fn = [](V x) { return variable_list{std::get<0>(tg::sort(x[0]))}; }});
TG_GRADCHECK_CASE({.name = "topk largest dim 1",
                   .inputs = [] {
                     return variable_list{distinct_input({3, 6})};
                   },
                   .fn = [](V x) { return variable_list{std::get<0>(x[0].topk(2, 1))}; }});
TG_GRADCHECK_CASE({.name = "topk smallest dim 0",
                   .inputs = [] {
                     return variable_list{distinct_input({5, 2, 3})};
                   },
                   .fn = [](V x) {
                     return variable_list{std::get<0>(tg::topk(x[0], 3, 0, false))};
                   }});
TG_GRADCHECK_CASE({.name = "flip dims 0 and -1",
                   .inputs = [] {
                     return variable_list{input({3, 4, 2})};
                   },
                   .fn = [](V x) {
                     return variable_list{x[0].flip({0, -1})};
                   }});

// ---- joining and splitting
TG_GRADCHECK_CASE({.name = "cat 3 tensors of different sizes along dim 1",
                   .inputs = [] {
                     return variable_list{input({2, 3, 2}), input({2, 1, 2}), input({2, 4, 2})};
                   },
                   .fn = [](V x) {
                     return variable_list{tg::cat({x[0], x[1], x[2]}, 1)};
                   }});
TG_GRADCHECK_CASE({.name = "cat dim -1 with a constant and a skipped empty tensor",
                   .inputs = [] {
                     return variable_list{input({3, 2}), input({3, 5})};
                   },
                   .fn = [](V x) {
                     return variable_list{
                         tg::concat({x[0], zeros({0}, kDouble), ones({3, 1}, kDouble), x[1]}, -1)};
                   },
                   .second_order = true});
TG_GRADCHECK_CASE({.name = "stack dim -1",
                   .inputs = [] {
                     return variable_list{input({3, 2}), input({3, 2})};
                   },
                   .fn = [](V x) {
                     return variable_list{tg::stack({x[0], x[1], x[0]}, -1)};
                   }});
TG_GRADCHECK_CASE({.name = "chunk, split, split_with_sizes, unbind",
                   .inputs = [] {
                     return variable_list{input({5, 4})};
                   },
                   .fn = [](V x) {
                     auto c = x[0].chunk(2, 0);       // 3 + 2 rows
                     auto s = x[0].split(3, 1);       // 3 + 1 cols
                     auto w = x[0].split({1, 3}, -1); // 1 + 3 cols
                     auto u = x[0].unbind(1);
                     return variable_list{c[1] * 2.0, s[1], w[1].exp(), u[2] * u[0]};
                   }});
TG_GRADCHECK_CASE({.name = "broadcast_tensors",
                   .inputs = [] {
                     return variable_list{input({3, 1}), input({4})};
                   },
                   .fn = [](V x) {
                     auto b = broadcast_tensors({x[0], x[1]});
                     return variable_list{b[0] * b[1]};
                   }});

} // namespace tg::testing
