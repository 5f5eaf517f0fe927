#pragma once
// Shared by the nn tests that compare against numbers LibTorch 1.13 wrote: the fixture reader,
// the comparison loop over a list of cases, and small helpers for printing and error messages.
//
// A fixture (tests/fixtures/*_reference.txt) holds, per case, "### name", then "[sizes]", then
// the values; tests/fixtures/make_*_reference.cpp write them from the same *.inc case lists.
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <deque>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <tapegrad/tapegrad.h>

namespace tg_test {

/// What `std::cout << module` prints.
template <typename M> std::string printed(const M& module) {
  std::ostringstream os;
  os << module;
  return os.str();
}
inline double item(const tg::Tensor& t) { return t.item<double>(); }

/// The error message of `fn`, or "" when it does not throw tg::Error.
inline std::string error_of(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const tg::Error& e) {
    return e.what();
  }
  return "";
}
inline bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

struct Reference {
  std::vector<int64_t> sizes;
  std::vector<double> values;
};

/// Reads tests/fixtures/`fixture` (found through TG_SOURCE_ROOT).
inline std::map<std::string, Reference> load_reference(const std::string& fixture) {
  const char* root = std::getenv("TG_SOURCE_ROOT");
  BOOST_REQUIRE_MESSAGE(root != nullptr, "TG_SOURCE_ROOT must point at the source tree");
  const std::string path = std::string(root) + "/tests/fixtures/" + fixture;
  std::ifstream in(path);
  BOOST_REQUIRE_MESSAGE(in.good(), "cannot open " << path);
  std::map<std::string, Reference> ref;
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("### ", 0) != 0) continue;
    Reference r;
    std::string sizes, values;
    std::getline(in, sizes);
    std::getline(in, values);
    for (char& c : sizes)
      if (c == '[' || c == ']' || c == ',') c = ' ';
    std::istringstream ss(sizes), vs(values);
    for (int64_t s; ss >> s;) r.sizes.push_back(s);
    for (double v; vs >> v;) r.values.push_back(v);
    ref[line.substr(4)] = r;
  }
  return ref;
}

// A deque: appending never relocates the cases (and GCC 12 at -O3 warns, wrongly, about the
// relocation of a vector of these pairs).
using ReferenceCases = std::deque<std::pair<std::string, std::function<tg::Tensor()>>>;

/// Runs every case and compares its result with the fixture's numbers: same shape, and each
/// value within 1e-10 relative and absolute (1e-6 for float32 results). Every case must have a
/// reference and every reference a case.
inline void check_against_reference(const ReferenceCases& cases, const std::string& fixture) {
  const std::map<std::string, Reference> ref = load_reference(fixture);
  BOOST_TEST(ref.size() == cases.size());
  for (const auto& [name, fn] : cases) {
    BOOST_TEST_CONTEXT("case " << name) {
      auto it = ref.find(name);
      BOOST_REQUIRE_MESSAGE(it != ref.end(), "no LibTorch reference for "
                                                 << name << ": rebuild tests/fixtures/" << fixture);
      tg::Tensor got;
      try {
        got = fn().detach();
      } catch (const std::exception& e) {
        BOOST_ERROR("threw: " << e.what());
        continue;
      }
      BOOST_TEST(got.sizes().vec() == it->second.sizes, boost::test_tools::per_element());
      if (!got.sizes().equals(it->second.sizes)) continue;
      const double tol = got.scalar_type() == tg::kFloat ? 1e-6 : 1e-10;
      tg::Tensor expected = tg::tensor(it->second.values, tg::kDouble).view(it->second.sizes);
      tg::Tensor diff = (got.to(tg::kDouble) - expected).abs();
      tg::Tensor bound = expected.abs() * tol + tol;
      const bool ok = item((diff > bound).sum()) == 0;
      BOOST_CHECK_MESSAGE(ok, name << ": max |difference| " << item(diff.max()) << "\ngot      "
                                   << got.flatten() << "\nexpected " << expected.flatten());
    }
  }
}

} // namespace tg_test
