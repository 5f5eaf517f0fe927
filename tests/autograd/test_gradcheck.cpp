// Runs every registered gradient-check case in float64, each as a Boost test case of its own
// (gradcheck/<name>, see gradcheck_registry.h), and proves coverage: each backward node name that
// appears in the library's sources must have been created by at least one case.
#include <boost/test/unit_test.hpp>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <stdexcept>

#include "../late_test_cases.h"
#include "gradcheck_registry.h"

namespace tg::testing {

std::vector<GradcheckCase>& gradcheck_cases() {
  static std::vector<GradcheckCase> cases;
  return cases;
}

Tensor input(IntArrayRef shape, double lo, double hi) {
  return (rand(shape, kDouble) * (hi - lo) + lo).requires_grad_(true);
}
Tensor constant(IntArrayRef shape, double lo, double hi) {
  return rand(shape, kDouble) * (hi - lo) + lo;
}
Tensor distinct_input(IntArrayRef shape, double gap) {
  int64_t n = 1;
  for (int64_t s : shape) n *= s;
  Tensor perm = randperm(n).to(kDouble);
  return (perm * gap - double(n) * gap / 2).reshape(shape).contiguous().requires_grad_(true);
}

bool throws_with(const std::function<void()>& f, const std::string& part) {
  try {
    f();
  } catch (const Error& e) {
    if (std::string(e.what()).find(part) != std::string::npos) return true;
    BOOST_TEST_MESSAGE("unexpected message: " << e.what());
    return false;
  }
  return false;
}

namespace {
std::set<std::string> backward_names_in_sources() {
  const char* root = std::getenv("TG_SOURCE_ROOT");
  BOOST_REQUIRE_MESSAGE(root != nullptr, "TG_SOURCE_ROOT must point at the source tree");
  std::set<std::string> names;
  std::regex pattern("\"([A-Za-z0-9]+Backward[0-9]+)\"");
  for (const char* dir : {"autograd", "nn"}) {
    std::filesystem::path p = std::filesystem::path(root) / dir;
    if (!std::filesystem::exists(p)) continue;
    for (auto& entry : std::filesystem::recursive_directory_iterator(p)) {
      if (entry.path().extension() != ".cpp" && entry.path().extension() != ".h") continue;
      std::ifstream f(entry.path());
      std::stringstream ss;
      ss << f.rdbuf();
      std::string text = ss.str();
      for (std::sregex_iterator it(text.begin(), text.end(), pattern), end; it != end; ++it)
        names.insert((*it)[1]);
    }
  }
  return names;
}
} // namespace

namespace {

/// The Boost test case name of a gradcheck case: letters, digits, '_' and the minus sign of a
/// negative number kept ("softmax dim=-1" is softmax_dim_-1), every run of other characters one
/// '_' (Boost's --run_test filter gives '/', ',', ':', '*', '!', '@' and '+' meanings).
std::string test_name(const std::string& name) {
  std::string out;
  for (size_t i = 0; i < name.size(); ++i) {
    const auto c = static_cast<unsigned char>(name[i]);
    const bool minus =
        c == '-' && i + 1 < name.size() && std::isdigit(static_cast<unsigned char>(name[i + 1]));
    if (std::isalnum(c) || c == '_' || minus)
      out += char(c);
    else if (!out.empty() && out.back() != '_')
      out += '_';
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out;
}

/// Which cases have run in this process (the coverage check runs the others first).
std::vector<bool>& case_ran() {
  static std::vector<bool> ran;
  return ran;
}

/// Checks one case in float64, from a fixed seed so that it draws the same inputs alone as in the
/// full run, noting the backward nodes it creates for the coverage check.
void run_case(size_t index) {
  const GradcheckCase& c = gradcheck_cases()[index];
  case_ran()[index] = true;
  manual_seed(0);
  autograd::detail::set_track_node_names(true);
  autograd::GradcheckOptions opt;
  opt.atol = c.atol;
  opt.rtol = c.rtol;
  opt.eps = c.eps;
  std::string report;
  try {
    report = autograd::gradcheck_report(c.fn, c.inputs(), opt);
  } catch (const std::exception& e) {
    report = std::string("threw: ") + e.what();
  }
  BOOST_CHECK_MESSAGE(report.empty(), c.name << " (" << c.file << ":" << c.line << "): " << report);
  if (c.second_order) {
    bool ok = false;
    try {
      ok = autograd::gradgradcheck(c.fn, c.inputs(), c.eps, c.atol, c.rtol, false);
    } catch (const std::exception& e) {
      BOOST_ERROR(c.name << " second order threw: " << e.what());
    }
    BOOST_CHECK_MESSAGE(ok, c.name << " (" << c.file << ":" << c.line
                                   << "): second-order gradcheck failed");
  }
  autograd::detail::set_track_node_names(false);
}

/// Every backward node named in the sources must have been created by some case. Cases left out by
/// a --run_test filter run here first, so this check gives the same answer alone.
void every_backward_is_covered() {
  BOOST_REQUIRE(!gradcheck_cases().empty());
  for (size_t i = 0; i < gradcheck_cases().size(); ++i)
    if (!case_ran()[i]) run_case(i);
  std::vector<std::string> seen = autograd::detail::tracked_node_names();
  std::set<std::string> seen_set(seen.begin(), seen.end());
  for (const std::string& name : backward_names_in_sources())
    BOOST_CHECK_MESSAGE(
        seen_set.count(name),
        "backward node " << name
                         << " appears in the sources but no gradcheck case exercises it: add a "
                            "case to tests/autograd/gradcheck_*.cpp or tests/nn/gradcheck_*.cpp");
}

/// The suite `gradcheck`: one test case per registered case, in registration order, then the
/// coverage check.
void add_gradcheck_suite() {
  namespace utf = boost::unit_test;
  utf::test_suite* suite = BOOST_TEST_SUITE("gradcheck");
  case_ran().assign(gradcheck_cases().size(), false);
  std::set<std::string> names;
  for (size_t i = 0; i < gradcheck_cases().size(); ++i) {
    const GradcheckCase& c = gradcheck_cases()[i];
    const std::string name = test_name(c.name);
    // Two cases whose names differ only in punctuation would be one filter target: refuse them.
    if (!names.insert(name).second)
      throw std::logic_error("two gradcheck cases are both named '" + name + "' (" + c.file + ":" +
                             std::to_string(c.line) + "): rename one");
    suite->add(utf::make_test_case([i] { run_case(i); }, name, c.file, size_t(c.line)));
  }
  suite->add(utf::make_test_case(&every_backward_is_covered, "every_backward_is_covered", __FILE__,
                                 __LINE__));
  utf::framework::master_test_suite().add(suite);
}

const AddTestCasesAtInit gradcheck_suite(add_gradcheck_suite);

} // namespace

} // namespace tg::testing
