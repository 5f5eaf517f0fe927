// Runs every registered gradient-check case in float64 and proves coverage: each backward node name
// that appears in the library's sources must have been created by at least one case.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

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

BOOST_AUTO_TEST_CASE(every_registered_op_passes_gradcheck_and_every_backward_is_covered) {
  autograd::detail::set_track_node_names(true);
  manual_seed(0);
  BOOST_REQUIRE(!gradcheck_cases().empty());
  for (const GradcheckCase& c : gradcheck_cases()) {
    BOOST_TEST_CONTEXT("gradcheck case " << c.name) {
      autograd::variable_list in = c.inputs();
      autograd::GradcheckOptions opt;
      opt.atol = c.atol;
      opt.rtol = c.rtol;
      opt.eps = c.eps;
      std::string report;
      try {
        report = autograd::gradcheck_report(c.fn, in, opt);
      } catch (const std::exception& e) {
        report = std::string("threw: ") + e.what();
      }
      BOOST_CHECK_MESSAGE(report.empty(), c.name << ": " << report);
      if (c.check_second_order) {
        bool ok = false;
        try {
          ok = autograd::gradgradcheck(c.fn, c.inputs(), c.eps, c.atol, c.rtol, false);
        } catch (const std::exception& e) {
          BOOST_ERROR(c.name << " second order threw: " << e.what());
        }
        BOOST_CHECK_MESSAGE(ok, c.name << ": second-order gradcheck failed");
      }
    }
  }
  autograd::detail::set_track_node_names(false);
  std::vector<std::string> seen = autograd::detail::tracked_node_names();
  std::set<std::string> seen_set(seen.begin(), seen.end());
  for (const std::string& name : backward_names_in_sources())
    BOOST_CHECK_MESSAGE(seen_set.count(name), "backward node " << name
                        << " appears in the sources but no gradcheck case exercises it: add a "
                           "case to tests/autograd/gradcheck_*.cpp");
}

} // namespace tg::testing
