#pragma once
// Dtype dispatch: from a runtime ScalarType to a C++ element type, once per op or kernel call,
// never per element. Used by ops/, kernels/ and optim/'s fused steps; sees no graph.
#include "autograd/tensor/dtype.h"
#include "autograd/tensor/error.h"

namespace tg {

/// Calls `fn.template operator()<T>()` with T the C++ type of `dtype`: one switch per op, never per
/// element. TG_DISPATCH_ALL(dtype, "op", [&]<typename T>() { ... });
template <typename F> decltype(auto) dispatch_all(ScalarType dtype, const char*, F&& fn) {
  switch (dtype) {
  case kFloat: return fn.template operator()<float>();
  case kDouble: return fn.template operator()<double>();
  case kLong: return fn.template operator()<int64_t>();
  case kInt: return fn.template operator()<int32_t>();
  case kByte: return fn.template operator()<uint8_t>();
  case kBool: return fn.template operator()<bool>();
  }
  throw Error("dispatch: unknown dtype");
}

/// Same as dispatch_all for the floating dtypes only; any other dtype throws tg::Error naming `op`
/// and the dtype (for kernels that exist only in float and double: activations, conv2d, ...).
template <typename F> decltype(auto) dispatch_floating(ScalarType dtype, const char* op, F&& fn) {
  switch (dtype) {
  case kFloat: return fn.template operator()<float>();
  case kDouble: return fn.template operator()<double>();
  default: break;
  }
  throw Error(str(op, ": expected a floating point tensor (Float or Double), got ", dtype));
}

} // namespace tg
