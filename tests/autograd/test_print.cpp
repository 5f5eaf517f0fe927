// Tensor printing compared byte-for-byte with LibTorch 1.13, plus the fmt formatters.
//
// The cases between the BEGIN/END markers are compiled twice: here with T = tg, and by a LibTorch
// program (T = torch) that recorded tests/fixtures/print_reference.txt. Each case writes to `os`.
// To add a case: add a line, rebuild the reference with LibTorch, and commit both.
#include <boost/test/unit_test.hpp>
#include <tapegrad/tapegrad.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iomanip>
#include <limits>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace {

namespace T = tg;

using PrintCase = std::pair<std::string, std::function<void(std::ostream&)>>;

#define TG_PRINT_CASE(name, ...) {#name, [](std::ostream& os) { __VA_ARGS__; }},

const std::vector<PrintCase>& print_cases() {
  static const double kNaN = std::numeric_limits<double>::quiet_NaN();
  static const double kInf = std::numeric_limits<double>::infinity();
  static const std::vector<PrintCase> cases = {
// BEGIN PRINT CASES
TG_PRINT_CASE(float_2x3, os << T::arange(6, T::kFloat).reshape({2, 3}))
TG_PRINT_CASE(float_0dim, os << T::tensor(3.5))
TG_PRINT_CASE(float_1d_mixed, os << T::tensor({1.5, -2.25, 100.0}))
TG_PRINT_CASE(undefined, os << T::Tensor())
TG_PRINT_CASE(empty_1d, os << T::empty({0}))
TG_PRINT_CASE(empty_2d, os << T::empty({2, 0}))
TG_PRINT_CASE(empty_3d, os << T::zeros({2, 0, 3}))
TG_PRINT_CASE(empty_rows, os << T::zeros({0, 3}))
TG_PRINT_CASE(empty_long, os << T::zeros({0}, T::kLong))
TG_PRINT_CASE(empty_bool, os << T::zeros({3, 0}, T::kBool))
TG_PRINT_CASE(long_3d, os << T::arange(24).reshape({2, 3, 4}))
TG_PRINT_CASE(float_1d_long_column, os << T::arange(100).to(T::kFloat))
TG_PRINT_CASE(float_wide_columns, os << T::arange(30).reshape({2, 15}).to(T::kFloat) * 1000.5)
TG_PRINT_CASE(float_sci_big, os << T::tensor({1e5, 2.5, 3.0}))
TG_PRINT_CASE(float_sci_small, os << T::tensor({1e-5, 2.5, 3.0}))
TG_PRINT_CASE(bool_1d, os << T::tensor({true, false}))
TG_PRINT_CASE(bool_2d, os << T::ones({2, 2}, T::kBool))
TG_PRINT_CASE(bool_0dim, os << T::tensor(true))
TG_PRINT_CASE(double_1elem, os << T::tensor({1.5}, T::kDouble))
TG_PRINT_CASE(nan_0dim, os << T::tensor(kNaN))
TG_PRINT_CASE(nonfinite_int_mode, os << T::tensor({kNaN, kInf, -kInf, 1.0}, T::kFloat))
TG_PRINT_CASE(nonfinite_fixed, os << T::tensor({kNaN, kInf, -kInf, 1.5}, T::kFloat))
TG_PRINT_CASE(all_nan, os << T::tensor({kNaN, kNaN}, T::kFloat))
TG_PRINT_CASE(inf_1elem, os << T::tensor({kInf}, T::kFloat))
TG_PRINT_CASE(inf_0dim, os << T::tensor(kInf, T::kFloat))
TG_PRINT_CASE(long_0dim, os << T::tensor(7))
TG_PRINT_CASE(long_0dim_zero, os << T::zeros({}, T::kLong))
TG_PRINT_CASE(float_0dim_big, os << T::tensor(1e10))
TG_PRINT_CASE(double_0dim_third, os << T::tensor(1.0 / 3, T::kDouble))
TG_PRINT_CASE(float_0dim_negative, os << T::tensor(-2.0))
TG_PRINT_CASE(byte_1d, os << T::arange(6, T::kByte))
TG_PRINT_CASE(byte_255, os << T::ones({1}, T::kByte) * 255)
TG_PRINT_CASE(int_negative, os << T::arange(-3, 3, T::kInt))
TG_PRINT_CASE(double_fraction_2d, os << T::arange(6, T::kDouble).reshape({2, 3}) / 7)
TG_PRINT_CASE(long_sci, os << T::tensor({1e10, 2.0, 3.0}, T::kLong))
TG_PRINT_CASE(long_9_digits, os << T::tensor({123456789, 2}, T::kLong))
TG_PRINT_CASE(long_10_digits, os << T::tensor({1234567890, 2}, T::kLong))
TG_PRINT_CASE(double_int_1e9, os << T::tensor({1e9, 2.0}, T::kDouble))
TG_PRINT_CASE(double_int_1e10, os << T::tensor({1e10, 2.0}, T::kDouble))
TG_PRINT_CASE(scale_1e5, os << T::tensor({123456.5, 200000.25}, T::kDouble))
TG_PRINT_CASE(fixed_5_digits, os << T::tensor({12345.5, 20000.25}, T::kDouble))
TG_PRINT_CASE(fixed_below_one, os << T::tensor({0.5, 0.25}, T::kDouble))
TG_PRINT_CASE(scale_0_01, os << T::tensor({0.05, 0.025}, T::kDouble))
TG_PRINT_CASE(zeros_int_mode, os << T::tensor({0.0, 0.0}, T::kDouble))
TG_PRINT_CASE(negative_zero, os << T::tensor({-0.0, 0.0}, T::kDouble))
TG_PRINT_CASE(zero_one, os << T::tensor({0.0, 1.0}, T::kDouble))
TG_PRINT_CASE(minus_one_one, os << T::tensor({-1.0, 1.0}, T::kDouble))
TG_PRINT_CASE(minus_100_int, os << T::tensor({-100.0, 1.0}, T::kDouble))
TG_PRINT_CASE(minus_100_fixed, os << T::tensor({-100.5, 1.0}, T::kDouble))
TG_PRINT_CASE(span_1e_3, os << T::tensor({1e-3, 1.0}, T::kDouble))
TG_PRINT_CASE(span_1e_4, os << T::tensor({1e-4, 1.0}, T::kDouble))
TG_PRINT_CASE(span_1e_5, os << T::tensor({1e-5, 1.0}, T::kDouble))
TG_PRINT_CASE(int_1e5, os << T::tensor({1e5, 1.0}, T::kDouble))
TG_PRINT_CASE(span_1e6, os << T::tensor({1e6, 1.5}, T::kDouble))
TG_PRINT_CASE(fixed_1e4, os << T::tensor({1e4, 1.5}, T::kDouble))
TG_PRINT_CASE(fixed_99999, os << T::tensor({99999.5, 1.5}, T::kDouble))
TG_PRINT_CASE(scale_tiny_entry, os << T::tensor({100000.5, 10.5}, T::kDouble))
TG_PRINT_CASE(scale_negative, os << T::tensor({-100000.5, 10.5}, T::kDouble))
TG_PRINT_CASE(negative_after_first, os << T::tensor({1.5, -1000.5}, T::kDouble))
TG_PRINT_CASE(negative_first, os << T::tensor({-1000.5, 1.5}, T::kDouble))
TG_PRINT_CASE(negative_after_first_int, os << T::tensor({1.0, -1000.0}, T::kDouble))
TG_PRINT_CASE(small_negative, os << T::tensor({1.5, -0.001}, T::kDouble))
TG_PRINT_CASE(scale_1e_10, os << T::tensor({1e-10, 2e-10}, T::kDouble))
TG_PRINT_CASE(scale_1e_10_with_zero, os << T::tensor({1e-10, 0.0}, T::kDouble))
TG_PRINT_CASE(scale_5e_6, os << T::tensor({5e-6}, T::kDouble))
TG_PRINT_CASE(scale_5e_7, os << T::tensor({5e-7}, T::kDouble))
TG_PRINT_CASE(negative_half, os << T::tensor({-0.5}, T::kDouble))
TG_PRINT_CASE(scale_negative_small, os << T::tensor({-0.05, 0.01}, T::kDouble))
TG_PRINT_CASE(sci_1e300, os << T::tensor({1e300, 1.0}, T::kDouble))
TG_PRINT_CASE(sci_float_tiny, os << T::tensor({3.0, 1e-7}, T::kFloat))
TG_PRINT_CASE(float_3d_int_big, os << T::arange(24, T::kFloat).reshape({2, 3, 4}) * 1e5)
TG_PRINT_CASE(float_3d_fixed, os << T::arange(24, T::kFloat).reshape({2, 3, 4}) + 0.5)
TG_PRINT_CASE(float_4d, os << T::arange(36, T::kFloat).reshape({1, 2, 3, 6}) - 10)
TG_PRINT_CASE(int_4d_slice_order, os << T::arange(16, T::kInt).reshape({2, 2, 2, 2}))
TG_PRINT_CASE(long_row, os << T::arange(3).reshape({1, 3}))
TG_PRINT_CASE(long_column, os << T::arange(3).reshape({3, 1}))
TG_PRINT_CASE(long_3d_single, os << T::arange(3).reshape({1, 1, 3}))
TG_PRINT_CASE(transposed, os << T::arange(6).reshape({2, 3}).t())
TG_PRINT_CASE(long_exactly_80, os << T::arange(40, T::kLong).reshape({2, 20}))
TG_PRINT_CASE(long_wide, os << T::arange(60, T::kLong).reshape({2, 30}) * 1000)
TG_PRINT_CASE(double_wide_sci, os << T::arange(30, T::kDouble).reshape({3, 10}) * 1e5 + 0.5)
TG_PRINT_CASE(double_scale_2d, os << T::arange(30, T::kDouble).reshape({3, 10}) * 1e-5)
TG_PRINT_CASE(double_near_one, os << T::arange(30, T::kDouble).reshape({3, 10}) * 1e-5 + 1)
TG_PRINT_CASE(requires_grad, os << T::arange(3, T::kFloat).set_requires_grad(true))
TG_PRINT_CASE(linspace_1d, os << T::linspace(-1, 1, 5))
TG_PRINT_CASE(linspace_2d, os << T::linspace(0, 1, 9).reshape({3, 3}))
TG_PRINT_CASE(scale_wide, os << T::linspace(100000.5, 200000.5, 30, T::kDouble).reshape({2, 15}))
TG_PRINT_CASE(scale_wide_3d,
              os << T::linspace(100000.5, 200000.5, 60, T::kDouble).reshape({2, 2, 15}))
TG_PRINT_CASE(scale_3d, os << T::linspace(0.01, 0.05, 12, T::kDouble).reshape({2, 2, 3}))
TG_PRINT_CASE(wide_3d, os << T::arange(40, T::kDouble).reshape({1, 2, 20}))
TG_PRINT_CASE(wide_3d_one_row, os << T::arange(40, T::kDouble).reshape({1, 1, 40}))
TG_PRINT_CASE(select_view, os << T::arange(24, T::kFloat).reshape({2, 3, 4}).select(1, 1) / 3)
TG_PRINT_CASE(print_linesize_40,
              T::print(os, T::arange(30, T::kFloat).reshape({2, 15}) + 0.5, 40); os << "|")
TG_PRINT_CASE(print_linesize_5, T::print(os, T::arange(10).reshape({2, 5}), 5); os << "|")
TG_PRINT_CASE(print_0dim, T::print(os, T::tensor(2.5), 80); os << "|")
TG_PRINT_CASE(stream_precision_0dim,
              os << std::setprecision(10) << T::tensor(1.0 / 3, T::kDouble) << "|" << 1.0 / 3)
TG_PRINT_CASE(stream_precision_int,
              os << std::setprecision(3) << T::tensor({123456789, 2}, T::kLong) << "|" << 1.0 / 3)
TG_PRINT_CASE(stream_precision_scale,
              os << std::setprecision(10) << T::tensor({0.05, 0.025}, T::kDouble) << "|"
                 << T::tensor({123456.5, 200000.25}, T::kDouble))
TG_PRINT_CASE(stream_fixed, os << std::fixed << T::tensor({1, 2}) << "|" << 1.0 / 3)
TG_PRINT_CASE(stream_restored, os << T::tensor({1.5}) << "|" << 1.0 / 3 << "|" << 1e10)
TG_PRINT_CASE(scalar_types, os << T::kFloat << "|" << T::kLong << "|" << T::kByte << "|"
                               << T::kInt << "|" << T::kBool << "|" << T::kDouble)
TG_PRINT_CASE(type_meta, os << T::tensor(1).dtype() << "|" << T::tensor(1.0).dtype() << "|"
                            << T::ones(1, T::kByte).dtype() << "|" << T::ones(1, T::kInt).dtype()
                            << "|" << T::ones(1, T::kBool).dtype() << "|"
                            << T::ones(1, T::kDouble).dtype())
TG_PRINT_CASE(devices, os << T::Device("cpu") << "|" << T::Device(T::kCUDA, 1) << "|" << T::kCPU
                          << "|" << T::kCUDA << "|" << T::Device("cuda"))
TG_PRINT_CASE(sizes, os << T::ones({2, 3}).sizes() << "|" << T::ones({}).sizes() << "|"
                        << T::ones({2, 3}).strides())
TG_PRINT_CASE(scalars, os << T::Scalar(2.5) << "|" << T::Scalar(2) << "|" << T::Scalar(true) << "|"
                          << T::Scalar(1.0) << "|" << T::Scalar(1e10) << "|" << T::Scalar(-3)
                          << "|" << T::Scalar(false))
TG_PRINT_CASE(options_default, os << T::TensorOptions())
TG_PRINT_CASE(options_long_grad, os << T::dtype(T::kLong).requires_grad(true))
TG_PRINT_CASE(options_of_tensor, os << T::ones({2}).options())
TG_PRINT_CASE(options_device, os << T::TensorOptions().device(T::Device("cuda:1")))
TG_PRINT_CASE(options_double, os << T::TensorOptions().dtype(T::kDouble))
TG_PRINT_CASE(options_no_grad, os << T::TensorOptions().requires_grad(false))
TG_PRINT_CASE(options_layout, os << T::layout(T::kStrided))
TG_PRINT_CASE(type_string, os << T::ones({2}, T::kInt).toString() << "|"
                              << T::ones({2}).scalar_type() << "|" << T::ones({2}).layout())
// END PRINT CASES
  };
  return cases;
}

#undef TG_PRINT_CASE

// Reads tests/fixtures/print_reference.txt: "### name" lines, each followed by that case's text
// and one newline.
std::map<std::string, std::string> load_reference() {
  const char* root = std::getenv("TG_SOURCE_ROOT");
  BOOST_REQUIRE_MESSAGE(root != nullptr, "TG_SOURCE_ROOT must point at the source tree");
  std::string path = std::string(root) + "/tests/fixtures/print_reference.txt";
  std::ifstream in(path, std::ios::binary);
  BOOST_REQUIRE_MESSAGE(in.good(), "cannot open " << path);
  std::stringstream buf;
  buf << in.rdbuf();
  std::string text = buf.str();
  std::map<std::string, std::string> ref;
  std::string name;
  std::string body;
  size_t pos = 0;
  auto flush = [&] {
    if (name.empty()) return;
    if (!body.empty() && body.back() == '\n') body.pop_back();
    ref[name] = body;
  };
  while (pos < text.size()) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string::npos) eol = text.size();
    std::string line = text.substr(pos, eol - pos);
    if (line.rfind("### ", 0) == 0) {
      flush();
      name = line.substr(4);
      body.clear();
    } else {
      body += line;
      if (eol < text.size()) body += '\n';
    }
    pos = eol + 1;
  }
  flush();
  return ref;
}

std::string print_to_string(const PrintCase& c) {
  std::ostringstream os;
  c.second(os);
  return os.str();
}

} // namespace

BOOST_AUTO_TEST_SUITE(print)

BOOST_AUTO_TEST_CASE(matches_libtorch_byte_for_byte) {
  auto ref = load_reference();
  size_t checked = 0;
  for (const auto& c : print_cases()) {
    BOOST_TEST_CONTEXT("case " << c.first) {
      auto it = ref.find(c.first);
      BOOST_TEST_REQUIRE((it != ref.end()), "no LibTorch reference for " << c.first);
      std::string got = print_to_string(c);
      BOOST_TEST(got == it->second, "case " << c.first << "\n--- tapegrad:\n"
                                            << got << "\n--- LibTorch:\n"
                                            << it->second);
      ++checked;
    }
  }
  BOOST_TEST(checked == ref.size(), "every reference case has a tapegrad twin");
}

BOOST_AUTO_TEST_CASE(print_to_stdout_matches_stream) {
  // tg::print(t) writes to std::cout exactly what operator<< writes, with no trailing newline.
  auto t = tg::arange(6, tg::kFloat).reshape({2, 3}) / 4;
  std::ostringstream expected;
  expected << t;
  std::ostringstream captured;
  auto* old = std::cout.rdbuf(captured.rdbuf());
  tg::print(t);
  std::cout.rdbuf(old);
  BOOST_TEST(captured.str() == expected.str());
  BOOST_TEST(expected.str().back() == ']');
}

BOOST_AUTO_TEST_CASE(zero_linesize_does_not_hang) {
  // LibTorch loops forever when no column fits; tapegrad prints one column per block instead.
  std::ostringstream os;
  tg::print(os, tg::arange(4).reshape({2, 2}), 0);
  BOOST_TEST(os.str() == "Columns 1 to 1 0\n 2\n\nColumns 2 to 2 1\n 3\n[ CPULongType{2,2} ]");
}

BOOST_AUTO_TEST_CASE(printing_leaves_stream_state_alone) {
  std::ostringstream os;
  os << std::setprecision(3);
  os << tg::tensor({1.5, 2.25}) << tg::tensor({1e-9, 1.0});
  BOOST_TEST(os.precision() == 3);
  BOOST_TEST((os.flags() & std::ios_base::floatfield) == std::ios_base::fmtflags{});
}

BOOST_AUTO_TEST_CASE(printing_records_nothing_on_the_tape) {
  auto x = tg::arange(4, tg::kDouble).set_requires_grad(true);
  auto y = x * 2;
  std::ostringstream os;
  os << y;
  BOOST_TEST(y.grad_fn() != nullptr);
  y.sum().backward();
  BOOST_TEST(x.grad().allclose(tg::full({4}, 2.0, tg::kDouble)));
}

BOOST_AUTO_TEST_CASE(fmt_formats_as_operator_shift) {
  auto t = tg::tensor({1.5, -2.0, 1e5}).reshape({3, 1});
  std::ostringstream os;
  os << t;
  BOOST_TEST(fmt::format("{}", t) == os.str());
  BOOST_TEST(fmt::format("{}", tg::Tensor()) == "[ Tensor (undefined) ]");
  BOOST_TEST(fmt::format("{}", tg::kFloat) == "Float");
  BOOST_TEST(fmt::format("{}|{}", tg::kLong, tg::kBool) == "Long|Bool");
  BOOST_TEST(fmt::format("{:>7}|{:<6}|", tg::kInt, tg::kByte) == "    Int|Byte  |");
  BOOST_TEST(fmt::format("{}", t.dtype()) == "float");
  BOOST_TEST(fmt::format("{}", tg::ones({1}, tg::kLong).dtype()) == "long int");
  BOOST_TEST(fmt::format("{}", tg::Device("cpu")) == "cpu");
  BOOST_TEST(fmt::format("{}", tg::Device(tg::kCUDA, 1)) == "cuda:1");
  BOOST_TEST(fmt::format("{}", tg::kCPU) == "cpu");
  BOOST_TEST(fmt::format("{}", t.sizes()) == "[3, 1]");
  BOOST_TEST(fmt::format("{}", tg::ones({}).sizes()) == "[]");
  BOOST_TEST(fmt::format("{}", tg::IntArrayRef({2, 3})) == "[2, 3]");
  std::vector<double> v = {0.5, 2};
  BOOST_TEST(fmt::format("{}", tg::ArrayRef<double>(v)) == "[0.5, 2]");
  BOOST_TEST(fmt::format("{}", tg::Scalar(2.5)) == "2.5");
  BOOST_TEST(fmt::format("{}", tg::Scalar(true)) == "true");
  BOOST_TEST(fmt::format("{}", tg::kStrided) == "Strided");
  std::ostringstream opts;
  opts << tg::dtype(tg::kLong);
  BOOST_TEST(fmt::format("{}", tg::dtype(tg::kLong)) == opts.str());
}

BOOST_AUTO_TEST_CASE(fmt_tensor_respects_width_and_mixes_with_text) {
  auto t = tg::tensor(2.5);
  BOOST_TEST(fmt::format("x = {}!", t) == "x = 2.5\n[ CPUFloatType{} ]!");
  BOOST_TEST(fmt::format("{:*^8}", tg::kFloat) == "*Float**");
  std::string big = fmt::format("{}", tg::arange(60, tg::kLong).reshape({2, 30}) * 1000);
  BOOST_TEST(big.rfind("Columns 1 to 11", 0) == 0);
}

BOOST_AUTO_TEST_SUITE_END()
