// The Boost.Test entry point for every test executable. Its init function also adds the test cases
// that are made from registries (see late_test_cases.h).
#define BOOST_TEST_MODULE tapegrad
#define BOOST_TEST_NO_MAIN
#include <boost/test/unit_test.hpp>

#include <utility>
#include <vector>

#include "late_test_cases.h"

namespace tg::testing {

namespace {
std::vector<std::function<void()>>& late_adders() {
  static std::vector<std::function<void()>> adders;
  return adders;
}
} // namespace

AddTestCasesAtInit::AddTestCasesAtInit(std::function<void()> add) {
  late_adders().push_back(std::move(add));
}

void add_late_test_cases() {
  for (const auto& add : late_adders()) add();
}

} // namespace tg::testing

namespace {
#ifdef BOOST_TEST_DYN_LINK
bool init_tests() {
  tg::testing::add_late_test_cases();
  return true;
}
#else
boost::unit_test::test_suite* init_tests(int, char*[]) {
  tg::testing::add_late_test_cases();
  return nullptr;
}
#endif
} // namespace

int main(int argc, char* argv[]) {
  return boost::unit_test::unit_test_main(&init_tests, argc, argv);
}
