// Gradient-check cases for the CTC loss (CtcLossBackward0). LibTorch's CTC gradient, which
// tapegrad reproduces, is the gradient with respect to the logits of a log_softmax, so the cases
// check the loss as it is used: on log_softmax of the checked logits. The recorded backward is a
// loop (as in LibTorch), so there is no second-order check.
#include "../autograd/gradcheck_registry.h"

namespace tg::testing {
namespace {

using autograd::variable_list;
using V = const variable_list&;
namespace F = tg::nn::functional;

TG_GRADCHECK_CASE(
    {.name = "ctc_loss through log_softmax: padded, concatenated, blank 4, zero_infinity",
     .inputs =
         [] {
           return variable_list{input({6, 3, 5}, -2, 2)};
         },
     .fn =
         [](V x) {
           Tensor lp = log_softmax(x[0], 2);
           Tensor padded = tg::tensor({{1, 2, 2, 3}, {4, 4, 0, 0}, {3, 1, 4, 2}});
           Tensor concatenated = tg::tensor({1, 2, 2, 3, 4, 4, 3, 1, 4});
           Tensor blank4 = tg::tensor({{1, 2, 2, 3}, {0, 0, 1, 1}, {3, 1, 0, 2}});
           Tensor il = tg::tensor({6, 5, 4}), tl = tg::tensor({4, 2, 3});
           return variable_list{
               F::ctc_loss(lp, padded, il, tl),
               F::ctc_loss(lp, concatenated, il, tl, F::CTCLossFuncOptions().reduction(tg::kNone)),
               nn::CTCLoss(nn::CTCLossOptions().blank(4).reduction(tg::kSum))(lp, blank4, il, tl),
               // sample 1 cannot align in 2 frames: zero_infinity drops it
               F::ctc_loss(lp, padded, tg::tensor({6, 2, 4}), tl,
                           F::CTCLossFuncOptions().zero_infinity(true))};
         }});

} // namespace
} // namespace tg::testing
