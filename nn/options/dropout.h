#pragma once
// Options of Dropout and Dropout2d (torch/nn/options/dropout.h).
#include "nn/arg.h"

namespace tg::nn {

/// DropoutOptions(0.2) or DropoutOptions().p(0.2).inplace(true)
struct DropoutOptions {
  DropoutOptions(double p = 0.5) : p_(p) {} // NOLINT: implicit, as in LibTorch
  /// The probability of zeroing an element.
  TG_ARG(double, p);
  TG_ARG(bool, inplace) = false;
};

/// Dropout2d takes the same options: Dropout2dOptions(0.2).inplace(true).
using Dropout2dOptions = DropoutOptions;

namespace functional {
/// F::dropout(x, DropoutFuncOptions().p(0.2).training(is_training()))
struct DropoutFuncOptions {
  TG_ARG(double, p) = 0.5;
  /// Dropout is a no-op unless training.
  TG_ARG(bool, training) = true;
  TG_ARG(bool, inplace) = false;
};
using Dropout2dFuncOptions = DropoutFuncOptions;
} // namespace functional

} // namespace tg::nn
