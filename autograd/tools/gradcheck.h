#pragma once
// Numerical gradient checking: compares the gradients autograd computes with central differences,
// (f(x + eps) - f(x - eps)) / 2eps, element by element, in float64.
#include <functional>
#include <string>

#include "autograd/graph/node.h"

namespace tg::autograd {

/// Tolerances and sizes for gradcheck_report(). An element passes when
/// |analytic - numeric| <= atol + rtol * |numeric|.
struct GradcheckOptions {
  double eps = 1e-6;  ///< Central-difference step.
  double atol = 1e-5; ///< Absolute tolerance.
  double rtol = 1e-3; ///< Relative tolerance, scaled by the numeric value.
  /// Outputs with more elements than this are checked through random projections v·J instead of
  /// the full Jacobian (one backward per projection instead of one per output element).
  int64_t max_full_jacobian_outputs = 256;
  int64_t projections = 6; ///< Number of random projections for large outputs.
};

/// Checks d fn(inputs) / d inputs for every input that requires grad. Inputs should be float64.
/// Returns true on success; on failure throws tg::Error (or returns false if !raise_exception)
/// naming the input, the worst element's index, and the analytic and numeric values.
bool gradcheck(const std::function<variable_list(const variable_list&)>& fn,
               const variable_list& inputs, double eps = 1e-6, double atol = 1e-5,
               double rtol = 1e-3, bool raise_exception = true);
/// Same as above, for a function with a single output tensor.
bool gradcheck(const std::function<Tensor(const variable_list&)>& fn, const variable_list& inputs,
               double eps = 1e-6, double atol = 1e-5, double rtol = 1e-3,
               bool raise_exception = true);

/// The report behind gradcheck: empty on success, otherwise what failed.
std::string gradcheck_report(const std::function<variable_list(const variable_list&)>& fn,
                             const variable_list& inputs, const GradcheckOptions& options = {});

/// Second-order check: gradchecks the function x -> autograd::grad(fn(x), x, v, create_graph).
bool gradgradcheck(const std::function<variable_list(const variable_list&)>& fn,
                   const variable_list& inputs, double eps = 1e-6, double atol = 1e-5,
                   double rtol = 1e-3, bool raise_exception = true);

} // namespace tg::autograd
