#pragma once
// Test cases made from a registry that static initialisers fill (the gradcheck cases): they can
// only be created once every file's initialisers have run, and the order of those across files is
// unspecified. main.cpp calls each function given here from Boost.Test's init function, which runs
// after static initialisation and before the command line's --run_test filter is applied.
#include <functional>

namespace tg::testing {

/// A namespace-scope `const AddTestCasesAtInit x(fn);` makes main() call fn at init; fn adds test
/// units with boost::unit_test::framework::master_test_suite().add(...).
struct AddTestCasesAtInit {
  explicit AddTestCasesAtInit(std::function<void()> add);
};

/// Calls every function registered through AddTestCasesAtInit, in registration order.
void add_late_test_cases();

} // namespace tg::testing
