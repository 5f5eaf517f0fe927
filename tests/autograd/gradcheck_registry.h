#pragma once
// The registry of gradient-check cases. Every differentiable op registers at least one case, in the
// file of its family (tests/autograd/gradcheck_*.cpp). test_gradcheck.cpp runs them all in float64
// and fails if some backward node named in the sources was never exercised by any case.
#include <functional>
#include <string>
#include <vector>

#include <tapegrad/tapegrad.h>

namespace tg::testing {

struct GradcheckCase {
  std::string name;
  /// Makes fresh float64 inputs (those to check with requires_grad set).
  std::function<autograd::variable_list()> inputs;
  std::function<autograd::variable_list(const autograd::variable_list&)> fn;
  double atol = 1e-5;
  double rtol = 1e-3;
  double eps = 1e-6;
  bool check_second_order = false;
};

std::vector<GradcheckCase>& gradcheck_cases();

struct RegisterGradcheckCase {
  explicit RegisterGradcheckCase(GradcheckCase c) { gradcheck_cases().push_back(std::move(c)); }
};

/// Random float64 input of `shape` that requires grad, values in [lo, hi) (away from kinks when
/// chosen so).
Tensor input(IntArrayRef shape, double lo = -1.0, double hi = 1.0);
/// Same, values drawn so that no two are closer than `gap` (for max/min/sort ties).
Tensor distinct_input(IntArrayRef shape, double gap = 1e-2);
/// A float64 input that does not require grad.
Tensor constant(IntArrayRef shape, double lo = -1.0, double hi = 1.0);

/// For the forward-value tests beside the cases: whether f throws a tg::Error whose message
/// contains `part` (another message is logged, to show what changed).
bool throws_with(const std::function<void()>& f, const std::string& part);

} // namespace tg::testing

#define TG_GRADCHECK_CONCAT2(a, b) a##b
#define TG_GRADCHECK_CONCAT(a, b) TG_GRADCHECK_CONCAT2(a, b)
/// TG_GRADCHECK_CASE({"exp", [] { return variable_list{input({3, 4})}; },
///                    [](const variable_list& x) { return variable_list{x[0].exp()}; }});
#define TG_GRADCHECK_CASE(...)                                                                     \
  static ::tg::testing::RegisterGradcheckCase TG_GRADCHECK_CONCAT(tg_gradcheck_case_, __LINE__)(   \
      ::tg::testing::GradcheckCase __VA_ARGS__)
