// Gradient-check cases for padding: constant_pad_nd (which also crops) and F::pad's reflect,
// replicate and circular modes.
#include "../autograd/gradcheck_registry.h"

namespace tg::testing {
namespace {

using autograd::variable_list;
using V = const variable_list&;
namespace F = tg::nn::functional;

// ---- padding ----
TG_GRADCHECK_CASE({.name = "constant_pad_nd pads and crops",
                   .inputs = [] {
                     return variable_list{input({2, 3, 4})};
                   },
                   .fn = [](V x) {
                     return variable_list{constant_pad_nd(x[0], {1, 2}, 0.5),
                                          constant_pad_nd(x[0], {-1, 2, 1, -1, 1, 0})};
                   },
                   .second_order = true});
TG_GRADCHECK_CASE({.name = "F::pad reflect, replicate, circular",
                   .inputs = [] {
                     return variable_list{input({1, 2, 3, 4})};
                   },
                   .fn = [](V x) {
                     return variable_list{
                         F::pad(x[0], F::PadFuncOptions({2, 1, 1, 2}).mode(tg::kReflect)),
                         F::pad(x[0].squeeze(0), F::PadFuncOptions({3, 0}).mode(tg::kReplicate)),
                         F::pad(x[0], F::PadFuncOptions({1, 4, 2, 1}).mode(tg::kCircular))};
                   }});

} // namespace
} // namespace tg::testing
