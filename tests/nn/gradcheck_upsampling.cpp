// Gradient-check cases for F::interpolate in every mode: each resamples dim by dim with
// index_select and multiply-add, so first and second derivatives are checked.
#include "../autograd/gradcheck_registry.h"

namespace tg::testing {
namespace {

using autograd::variable_list;
using V = const variable_list&;
namespace F = tg::nn::functional;

F::InterpolateFuncOptions to_size(std::vector<int64_t> size) {
  return F::InterpolateFuncOptions().size(std::move(size));
}

TG_GRADCHECK_CASE({.name = "F::interpolate nearest 2-D, scale 1.5 x 0.7",
                   .inputs =
                       [] {
                         return variable_list{input({1, 2, 3, 4})};
                       },
                   .fn =
                       [](V x) {
                         return variable_list{
                             F::interpolate(x[0], F::InterpolateFuncOptions().scale_factor(
                                                      std::vector<double>{1.5, 0.7}))};
                       }});
TG_GRADCHECK_CASE({.name = "F::interpolate nearest-exact 1-D",
                   .inputs =
                       [] {
                         return variable_list{input({2, 1, 5})};
                       },
                   .fn =
                       [](V x) {
                         return variable_list{
                             F::interpolate(x[0], to_size({7}).mode(tg::kNearestExact))};
                       }});
TG_GRADCHECK_CASE({.name = "F::interpolate bilinear, align_corners=false",
                   .inputs =
                       [] {
                         return variable_list{input({1, 2, 3, 4})};
                       },
                   .fn =
                       [](V x) {
                         return variable_list{F::interpolate(
                             x[0], to_size({5, 3}).mode(tg::kBilinear).align_corners(false))};
                       },
                   .second_order = true});
TG_GRADCHECK_CASE({.name = "F::interpolate linear 1-D, align_corners=true",
                   .inputs =
                       [] {
                         return variable_list{input({1, 2, 4})};
                       },
                   .fn =
                       [](V x) {
                         return variable_list{F::interpolate(
                             x[0], to_size({7}).mode(tg::kLinear).align_corners(true))};
                       }});
TG_GRADCHECK_CASE({.name = "F::interpolate trilinear",
                   .inputs =
                       [] {
                         return variable_list{input({1, 1, 2, 3, 2})};
                       },
                   .fn =
                       [](V x) {
                         return variable_list{F::interpolate(
                             x[0], to_size({3, 2, 4}).mode(tg::kTrilinear).align_corners(false))};
                       }});
TG_GRADCHECK_CASE({.name = "F::interpolate bicubic",
                   .inputs =
                       [] {
                         return variable_list{input({1, 1, 3, 4})};
                       },
                   .fn =
                       [](V x) {
                         return variable_list{F::interpolate(
                             x[0], to_size({5, 6}).mode(tg::kBicubic).align_corners(false))};
                       },
                   .second_order = true});
TG_GRADCHECK_CASE(
    {.name = "F::interpolate area 2-D",
     .inputs =
         [] {
           return variable_list{input({1, 2, 5, 4})};
         },
     .fn =
         [](V x) {
           return variable_list{F::interpolate(x[0], to_size({2, 3}).mode(tg::kArea))};
         }});

} // namespace
} // namespace tg::testing
