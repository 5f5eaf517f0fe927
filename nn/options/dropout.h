#pragma once
// Options of Dropout and Dropout2d (torch/nn/options/dropout.h).
#include "tapegrad/arg.h"

namespace tg::nn {

/// DropoutOptions(0.2) or DropoutOptions().p(0.2).inplace(true)
struct DropoutOptions {
  /// Implicit, so that Dropout(0.2) works as in LibTorch; p defaults to 0.5.
  DropoutOptions(double p = 0.5) : p_(p) {} // NOLINT: implicit, as in LibTorch
  /// The probability of zeroing an element (Dropout2d: a whole channel); the survivors are scaled
  /// by 1 / (1 - p). The module throws tg::Error unless 0 <= p <= 1.
  TG_ARG(double, p);
  /// Overwrite the input instead of allocating the output (default false).
  TG_ARG(bool, inplace) = false;
};

/// Dropout2d takes the same options: Dropout2dOptions(0.2).inplace(true).
using Dropout2dOptions = DropoutOptions;

namespace functional {
/// F::dropout(x, DropoutFuncOptions().p(0.2).training(is_training()))
struct DropoutFuncOptions {
  /// The probability of zeroing an element; survivors are scaled by 1 / (1 - p) (default 0.5).
  TG_ARG(double, p) = 0.5;
  /// Dropout is a no-op unless training.
  TG_ARG(bool, training) = true;
  /// Overwrite the input instead of allocating the output (default false).
  TG_ARG(bool, inplace) = false;
};
/// Options of F::dropout2d: the same as F::dropout's (p, training, inplace).
using Dropout2dFuncOptions = DropoutFuncOptions;
} // namespace functional

} // namespace tg::nn
