#pragma once
// The registry of gradient-check cases. Every differentiable op registers at least one case, in the
// file of its topic (tests/autograd/gradcheck_<topic>.cpp, tests/nn/gradcheck_<topic>.cpp), with
// named fields; those left out keep the defaults below:
//
//   TG_GRADCHECK_CASE({.name = "exp",
//                      .inputs = [] { return variable_list{input({2, 3})}; },
//                      .fn = [](V x) { return variable_list{x[0].exp()}; },
//                      .second_order = true});
//
// test_gradcheck.cpp makes each case a Boost test case of its own in the suite `gradcheck`, named
// after the case with every character but letters, digits and '_' turned into '_' ("log on
// positives" is gradcheck/log_on_positives), and runs it in float64 from manual_seed(0), so that a
// case draws the same inputs alone as in the full run. To run one case, or some:
//
//   build/tests/test_core --run_test=gradcheck/exp
//   build/tests/test_core --run_test='gradcheck/conv2d*'      (every case whose name starts so)
//   build/tests/test_core --list_content 2>&1 | grep -A1000 '^gradcheck'   (the names)
//
// The last test of the suite, gradcheck/every_backward_is_covered, fails if a backward node named
// in the sources ("...BackwardN") was created by no case; run alone, it runs every case first.
#include <functional>
#include <string>
#include <vector>

#include <tapegrad/tapegrad.h>

namespace tg::testing {

struct GradcheckCase {
  /// What is checked, in words; also the Boost test case's name (see above), unique in its suite.
  std::string name;
  /// Makes fresh float64 inputs (those to check with requires_grad set).
  std::function<autograd::variable_list()> inputs;
  /// The function whose Jacobian is checked against central differences.
  std::function<autograd::variable_list(const autograd::variable_list&)> fn;
  /// Also check the second derivatives (gradgradcheck): for ops whose backward is itself recorded.
  bool second_order = false;
  double atol = 1e-5;
  double rtol = 1e-3;
  /// The central-difference step.
  double eps = 1e-6;
  /// Where TG_GRADCHECK_CASE registered the case (Boost reports failures there).
  const char* file = "";
  int line = 0;
};

std::vector<GradcheckCase>& gradcheck_cases();

struct RegisterGradcheckCase {
  RegisterGradcheckCase(GradcheckCase c, const char* file, int line) {
    c.file = file;
    c.line = line;
    gradcheck_cases().push_back(std::move(c));
  }
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
/// TG_GRADCHECK_CASE({.name = "exp", .inputs = ..., .fn = ..., .second_order = true});
#define TG_GRADCHECK_CASE(...)                                                                     \
  static ::tg::testing::RegisterGradcheckCase TG_GRADCHECK_CONCAT(tg_gradcheck_case_, __LINE__)(   \
      ::tg::testing::GradcheckCase __VA_ARGS__, __FILE__, __LINE__)
