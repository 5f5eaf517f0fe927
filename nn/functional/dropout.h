#pragma once
// F::dropout(x, DropoutFuncOptions().p(0.5).training(is_training())). Note that training defaults
// to true here, as in LibTorch: pass the module's mode.
#include "autograd/tensor.h"
#include "nn/options/dropout.h"

namespace tg::nn::functional {

Tensor dropout(Tensor input, const DropoutFuncOptions& options = {});

} // namespace tg::nn::functional
