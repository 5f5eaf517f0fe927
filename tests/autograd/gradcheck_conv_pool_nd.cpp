// Gradient checks for the 1-D and 3-D convolutions and pools, the adaptive max pools and
// im2col/col2im (F::unfold/F::fold), all on the one N-d im2col of autograd/kernels. Outputs stay
// at most 256 elements, so every case compares the full Jacobian. The linear pools and
// im2col/col2im square their output in the second-order cases, so that the gradient reaching
// their backward depends on the input and the backward's backward gets recorded and checked.
#include <boost/test/unit_test.hpp>

#include <tuple>

#include "gradcheck_registry.h"

namespace tg::testing {
using autograd::variable_list;
using V = const variable_list&;

// ---- conv1d / conv3d ----
TG_GRADCHECK_CASE({.name = "conv1d groups 2 stride 2 padding 1 dilation 2",
                   .inputs =
                       [] {
                         return variable_list{input({2, 4, 9}), input({6, 2, 3}), input({6})};
                       },
                   .fn = [](V x) { return variable_list{conv1d(x[0], x[1], x[2], 2, 1, 2, 2)}; },
                   .second_order = true});
TG_GRADCHECK_CASE({.name = "conv1d unbatched, no bias",
                   .inputs =
                       [] {
                         return variable_list{input({3, 7}), input({2, 3, 4})};
                       },
                   .fn = [](V x) { return variable_list{conv1d(x[0], x[1], {}, 1, 2)}; }});
TG_GRADCHECK_CASE(
    {.name = "conv3d groups 2 stride (2,1,2) padding (1,0,1) dilation (1,2,1)",
     .inputs =
         [] {
           return variable_list{input({1, 4, 5, 5, 4}), input({4, 2, 2, 2, 3}), input({4})};
         },
     .fn =
         [](V x) {
           return variable_list{conv3d(x[0], x[1], x[2], {2, 1, 2}, {1, 0, 1}, {1, 2, 1}, 2)};
         },
     .second_order = true});
TG_GRADCHECK_CASE({.name = "conv3d unbatched 1x1x1 kernel",
                   .inputs =
                       [] {
                         return variable_list{input({3, 2, 3, 4}), input({2, 3, 1, 1, 1})};
                       },
                   .fn = [](V x) { return variable_list{conv3d(x[0], x[1])}; }});

// ---- conv_transpose1d / conv_transpose3d ----
TG_GRADCHECK_CASE(
    {.name = "conv_transpose1d groups 2 stride 3 padding 1 output_padding 2 "
             "dilation 2",
     .inputs =
         [] {
           return variable_list{input({2, 4, 5}), input({4, 3, 3}), input({6})};
         },
     .fn = [](V x) { return variable_list{conv_transpose1d(x[0], x[1], x[2], 3, 1, 2, 2, 2)}; },
     .second_order = true});
TG_GRADCHECK_CASE(
    {.name = "conv_transpose3d stride (2,1,2) padding (0,1,1) output_padding "
             "(1,0,1) dilation (1,1,2)",
     .inputs =
         [] {
           return variable_list{input({1, 2, 2, 3, 2}), input({2, 2, 2, 3, 2}), input({2})};
         },
     .fn =
         [](V x) {
           return variable_list{
               conv_transpose3d(x[0], x[1], x[2], {2, 1, 2}, {0, 1, 1}, {1, 0, 1}, 1, {1, 1, 2})};
         }});
TG_GRADCHECK_CASE(
    {.name = "conv_transpose3d unbatched groups 2",
     .inputs =
         [] {
           return variable_list{input({4, 2, 2, 3}), input({4, 1, 2, 2, 2})};
         },
     .fn = [](V x) { return variable_list{conv_transpose3d(x[0], x[1], {}, 1, 0, 0, 2)}; }});

// ---- max pooling ----
TG_GRADCHECK_CASE({.name = "max_pool1d kernel 3 stride 2 padding 1 dilation 2 ceil_mode",
                   .inputs =
                       [] {
                         return variable_list{distinct_input({2, 3, 11})};
                       },
                   .fn = [](V x) { return variable_list{max_pool1d(x[0], 3, 2, 1, 2, true)}; }});
TG_GRADCHECK_CASE({.name = "max_pool3d kernel (3,2,3) stride (2,2,1) padding (1,0,1) dilation "
                           "(1,2,1) ceil_mode, squared",
                   .inputs =
                       [] {
                         return variable_list{distinct_input({1, 2, 5, 6, 5})};
                       },
                   .fn =
                       [](V x) {
                         return variable_list{
                             std::get<0>(max_pool3d_with_indices(x[0], {3, 2, 3}, {2, 2, 1},
                                                                 {1, 0, 1}, {1, 2, 1}, true))
                                 .square()};
                       },
                   .second_order = true});
TG_GRADCHECK_CASE({.name = "max_pool3d unbatched kernel 2",
                   .inputs =
                       [] {
                         return variable_list{distinct_input({2, 4, 5, 4})};
                       },
                   .fn = [](V x) { return variable_list{max_pool3d(x[0], 2)}; }});

// ---- average pooling ----
TG_GRADCHECK_CASE({.name = "avg_pool1d kernel 4 stride 3 padding 2 ceil_mode no pad count",
                   .inputs =
                       [] {
                         return variable_list{input({2, 3, 11})};
                       },
                   .fn =
                       [](V x) { return variable_list{avg_pool1d(x[0], 4, 3, 2, true, false)}; }});
TG_GRADCHECK_CASE(
    {.name = "avg_pool3d kernel (3,2,3) stride (2,1,2) padding (1,1,0) ceil_mode, "
             "squared",
     .inputs =
         [] {
           return variable_list{input({1, 2, 5, 4, 5})};
         },
     .fn =
         [](V x) {
           return variable_list{avg_pool3d(x[0], {3, 2, 3}, {2, 1, 2}, {1, 1, 0}, true).square()};
         },
     .second_order = true});
TG_GRADCHECK_CASE(
    {.name = "avg_pool3d unbatched divisor_override 5",
     .inputs =
         [] {
           return variable_list{input({2, 4, 5, 4})};
         },
     .fn = [](V x) { return variable_list{avg_pool3d(x[0], 2, {}, 0, false, true, 5)}; }});

// ---- adaptive pooling ----
TG_GRADCHECK_CASE({.name = "adaptive_avg_pool1d 11 -> 4",
                   .inputs =
                       [] {
                         return variable_list{input({2, 3, 11})};
                       },
                   .fn = [](V x) { return variable_list{adaptive_avg_pool1d(x[0], 4)}; }});
TG_GRADCHECK_CASE({.name = "adaptive_avg_pool3d (5,6,5) -> (2,4,3), squared",
                   .inputs =
                       [] {
                         return variable_list{input({1, 2, 5, 6, 5})};
                       },
                   .fn =
                       [](V x) {
                         return variable_list{adaptive_avg_pool3d(x[0], {2, 4, 3}).square()};
                       },
                   .second_order = true});
TG_GRADCHECK_CASE(
    {.name = "adaptive_max_pool1d 11 -> 4",
     .inputs =
         [] {
           return variable_list{distinct_input({2, 3, 11})};
         },
     .fn = [](V x) { return variable_list{std::get<0>(adaptive_max_pool1d(x[0], 4))}; }});
TG_GRADCHECK_CASE(
    {.name = "adaptive_max_pool2d (7,9) -> (3,4), squared",
     .inputs =
         [] {
           return variable_list{distinct_input({2, 2, 7, 9})};
         },
     .fn =
         [](V x) {
           return variable_list{std::get<0>(adaptive_max_pool2d(x[0], {3, 4})).square()};
         },
     .second_order = true});
TG_GRADCHECK_CASE(
    {.name = "adaptive_max_pool3d (5,6,5) -> (3,4,2), squared",
     .inputs =
         [] {
           return variable_list{distinct_input({1, 2, 5, 6, 5})};
         },
     .fn =
         [](V x) {
           return variable_list{std::get<0>(adaptive_max_pool3d(x[0], {3, 4, 2})).square()};
         },
     .second_order = true});
TG_GRADCHECK_CASE({.name = "adaptive_max_pool3d unbatched",
                   .inputs =
                       [] {
                         return variable_list{distinct_input({2, 4, 3, 5})};
                       },
                   .fn =
                       [](V x) {
                         return variable_list{std::get<0>(adaptive_max_pool3d(x[0], {3, 2, 3}))};
                       }});

// ---- im2col / col2im (F::unfold / F::fold) ----
TG_GRADCHECK_CASE(
    {.name = "im2col kernel (2,3) dilation (2,1) padding 1 stride (2,1), squared",
     .inputs =
         [] {
           return variable_list{input({1, 2, 5, 4})};
         },
     .fn =
         [](V x) {
           return variable_list{im2col(x[0], {2, 3}, {2, 1}, {1, 1}, {2, 1}).square()};
         },
     .second_order = true});
TG_GRADCHECK_CASE(
    {.name = "col2im output (5,6) kernel 2 padding 1 stride 2, squared",
     .inputs =
         [] {
           return variable_list{input({2, 8, 12})};
         },
     .fn =
         [](V x) {
           return variable_list{col2im(x[0], {5, 6}, {2, 2}, {1, 1}, {1, 1}, {2, 2}).square()};
         },
     .second_order = true});
TG_GRADCHECK_CASE({.name = "col2im unbatched overlapping blocks",
                   .inputs =
                       [] {
                         return variable_list{input({4, 12})};
                       },
                   .fn =
                       [](V x) {
                         return variable_list{col2im(x[0], {4, 5}, {2, 2}, {1, 1}, {0, 0}, {1, 1})};
                       }});

} // namespace tg::testing
