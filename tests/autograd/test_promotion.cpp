// Result dtypes of binary, unary, reduction and factory ops, compared with LibTorch 1.13.
//
// tests/fixtures/promotion_reference.txt was written by a LibTorch program that ran every line's
// op on the same operands: "op lhs rhs result" (binary), "op t:<dtype> result" (unary/reduction),
// "factory <expression> result". The operands are t:<dtype> = ones({2}), z:<dtype> = ones({})
// (a 0-dim tensor, which promotes with lower priority), and the wrapped numbers s:int = 2,
// s:double = 2.5, s:bool = true. "error" means LibTorch throws; tapegrad must throw tg::Error.
#include <boost/test/unit_test.hpp>
#include <tapegrad/tapegrad.h>

#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

namespace {

using Operand = std::variant<tg::Tensor, tg::Scalar>;

tg::ScalarType parse_dtype(const std::string& name) {
  for (auto t : {tg::kFloat, tg::kDouble, tg::kLong, tg::kInt, tg::kByte, tg::kBool})
    if (name == tg::toString(t)) return t;
  BOOST_FAIL("unknown dtype " << name);
  return tg::kFloat;
}

Operand parse_operand(const std::string& spec) {
  std::string kind = spec.substr(0, 2), rest = spec.substr(2);
  if (kind == "t:") return tg::ones({2}, parse_dtype(rest));
  if (kind == "z:") return tg::ones({}, parse_dtype(rest));
  if (spec == "s:int") return tg::Scalar(2);
  if (spec == "s:double") return tg::Scalar(2.5);
  if (spec == "s:bool") return tg::Scalar(true);
  BOOST_FAIL("unknown operand " << spec);
  return tg::Scalar(0);
}

// Each op on the operand kinds the fixture uses; a missing combination is a test bug.
tg::Tensor binary(const std::string& op, const Operand& a, const Operand& b) {
  using tg::Scalar;
  using tg::Tensor;
  const Tensor* ta = std::get_if<Tensor>(&a);
  const Tensor* tb = std::get_if<Tensor>(&b);
  const Scalar* sa = std::get_if<Scalar>(&a);
  const Scalar* sb = std::get_if<Scalar>(&b);
  if (ta && tb) {
    if (op == "add") return *ta + *tb;
    if (op == "sub") return *ta - *tb;
    if (op == "mul") return *ta * *tb;
    if (op == "div") return *ta / *tb;
    if (op == "eq") return *ta == *tb;
    if (op == "lt") return *ta < *tb;
    if (op == "maximum") return tg::maximum(*ta, *tb);
    if (op == "pow") return ta->pow(*tb);
    if (op == "where") return tg::where(tg::ones({2}, tg::kBool), *ta, *tb);
  } else if (ta && sb) {
    if (op == "add") return *ta + *sb;
    if (op == "sub") return *ta - *sb;
    if (op == "mul") return *ta * *sb;
    if (op == "div") return *ta / *sb;
    if (op == "eq") return *ta == *sb;
    if (op == "lt") return *ta < *sb;
    if (op == "pow") return ta->pow(*sb);
    if (op == "where") return tg::where(tg::ones({2}, tg::kBool), *ta, *sb);
  } else if (sa && tb) {
    if (op == "add") return *sa + *tb;
    if (op == "sub") return *sa - *tb;
    if (op == "mul") return *sa * *tb;
    if (op == "div") return *sa / *tb;
  }
  BOOST_FAIL("no binary op " << op << " for these operands");
  return {};
}

tg::Tensor unary(const std::string& op, const tg::Tensor& a) {
  if (op == "sum") return a.sum();
  if (op == "sum_dim") return a.sum(0);
  if (op == "prod") return a.prod();
  if (op == "cumsum") return a.cumsum(0);
  if (op == "mean") return a.mean();
  if (op == "neg") return -a;
  if (op == "abs") return a.abs();
  if (op == "exp") return a.exp();
  if (op == "sqrt") return a.sqrt();
  if (op == "sigmoid") return a.sigmoid();
  if (op == "max") return a.max();
  if (op == "argmax") return a.argmax();
  if (op == "logical_not") return a.logical_not();
  if (op == "ones_like") return tg::ones_like(a);
  BOOST_FAIL("no unary op " << op);
  return {};
}

tg::Tensor factory(const std::string& expr) {
  static const std::map<std::string, std::function<tg::Tensor()>> table = {
      {"tensor({1,2})", [] { return tg::tensor({1, 2}); }},
      {"tensor({1.5})", [] { return tg::tensor({1.5}); }},
      {"tensor({1.5f})", [] { return tg::tensor({1.5f}); }},
      {"tensor({true,false})", [] { return tg::tensor({true, false}); }},
      {"tensor(2)", [] { return tg::tensor(2); }},
      {"tensor(2.5)", [] { return tg::tensor(2.5); }},
      {"tensor(true)", [] { return tg::tensor(true); }},
      {"tensor({1.5},kDouble)", [] { return tg::tensor({1.5}, tg::kDouble); }},
      {"tensor({1,2},kFloat)", [] { return tg::tensor({1, 2}, tg::kFloat); }},
      {"arange(5)", [] { return tg::arange(5); }},
      {"arange(5.0)", [] { return tg::arange(5.0); }},
      {"arange(0,1,0.25)", [] { return tg::arange(0, 1, 0.25); }},
      {"linspace(0,1,5)", [] { return tg::linspace(0, 1, 5); }},
      {"ones({2})", [] { return tg::ones({2}); }},
      {"full({2},7)", [] { return tg::full({2}, 7); }},
      {"full({2},7.5)", [] { return tg::full({2}, 7.5); }},
      {"full({2},true)", [] { return tg::full({2}, true); }},
      {"randint(10,{2})", [] { return tg::randint(10, {2}); }},
      {"rand({2})", [] { return tg::rand({2}); }},
  };
  auto it = table.find(expr);
  BOOST_REQUIRE_MESSAGE(it != table.end(), "no factory " << expr);
  return it->second();
}

std::string result_of(const std::function<tg::Tensor()>& f) {
  try {
    return tg::toString(f().scalar_type());
  } catch (const tg::Error&) {
    return "error";
  }
}

// Lines where LibTorch's C++ scalar-on-the-left operators break its own promotion rules by
// accident, and tapegrad gives the answer that `t / 2`, `2 + t` and PyTorch give:
//  - `2 / int_tensor` throws in LibTorch 1.13 ("Result type Float can't be cast to the desired
//    output type Long"): its operator/(Scalar, Tensor) multiplies in place into an integral
//    tensor. True division of integers is Float everywhere else.
//  - `2.5 - int_tensor` is integral in LibTorch (the scalar is written into a tensor of the
//    other's dtype, truncating 2.5 to 2), while `2.5 + int_tensor` is Float.
std::string expected_for(const std::string& line, const std::string& libtorch) {
  static const std::map<std::string, std::string> deliberate_differences = {
      {"div s:int t:Long", "Float"},   {"div s:double t:Long", "Float"},
      {"div s:bool t:Long", "Float"},  {"div s:int t:Int", "Float"},
      {"div s:double t:Int", "Float"}, {"div s:bool t:Int", "Float"},
      {"div s:int t:Byte", "Float"},   {"div s:double t:Byte", "Float"},
      {"div s:bool t:Byte", "Float"},  {"div s:int t:Bool", "Float"},
      {"div s:double t:Bool", "Float"}, {"div s:bool t:Bool", "Float"},
      {"sub s:double t:Long", "Float"}, {"sub s:double t:Int", "Float"},
      {"sub s:double t:Byte", "Float"},
  };
  auto it = deliberate_differences.find(line);
  return it == deliberate_differences.end() ? libtorch : it->second;
}

struct Line {
  std::vector<std::string> words;
  std::string text;
};

std::vector<Line> load_reference() {
  const char* root = std::getenv("TG_SOURCE_ROOT");
  BOOST_REQUIRE_MESSAGE(root != nullptr, "TG_SOURCE_ROOT must point at the source tree");
  std::string path = std::string(root) + "/tests/fixtures/promotion_reference.txt";
  std::ifstream in(path);
  BOOST_REQUIRE_MESSAGE(in.good(), "cannot open " << path);
  std::vector<Line> lines;
  std::string text;
  while (std::getline(in, text)) {
    if (text.empty() || text[0] == '#') continue;
    Line l;
    std::istringstream ws(text);
    for (std::string w; ws >> w;) l.words.push_back(w);
    l.text = text;
    lines.push_back(l);
  }
  return lines;
}

// Runs every fixture line whose op is accepted by `select`; returns how many ran.
size_t check_lines(const std::function<bool(const Line&)>& select) {
  size_t n = 0;
  for (const Line& l : load_reference()) {
    if (!select(l)) continue;
    const auto& w = l.words;
    std::string libtorch = w.back();
    std::string key = l.text.substr(0, l.text.size() - libtorch.size() - 1);
    std::string got;
    if (w[0] == "factory") {
      got = result_of([&] { return factory(w[1]); });
    } else if (w.size() == 3) {
      tg::Tensor a = std::get<tg::Tensor>(parse_operand(w[1]));
      got = result_of([&] { return unary(w[0], a); });
    } else {
      BOOST_REQUIRE_EQUAL(w.size(), 4u);
      Operand a = parse_operand(w[1]), b = parse_operand(w[2]);
      got = result_of([&] { return binary(w[0], a, b); });
    }
    BOOST_TEST(got == expected_for(key, libtorch), key << ": tapegrad " << got << ", LibTorch "
                                                       << libtorch);
    ++n;
  }
  return n;
}

bool is_binary(const Line& l) { return l.words.size() == 4; }
bool has_scalar(const Line& l) {
  return is_binary(l) && (l.words[1].rfind("s:", 0) == 0 || l.words[2].rfind("s:", 0) == 0);
}
bool has_zero_dim(const Line& l) {
  return is_binary(l) && (l.words[1].rfind("z:", 0) == 0 || l.words[2].rfind("z:", 0) == 0);
}

} // namespace

BOOST_AUTO_TEST_SUITE(promotion)

BOOST_AUTO_TEST_CASE(tensor_tensor_table) {
  // 9 ops x 6 x 6 dtypes, both operands with dims.
  size_t n = check_lines([](const Line& l) { return is_binary(l) && !has_scalar(l) &&
                                                    !has_zero_dim(l); });
  BOOST_TEST(n == 9u * 36u);
}

BOOST_AUTO_TEST_CASE(zero_dim_tensors_promote_with_lower_priority) {
  size_t n = check_lines([](const Line& l) { return has_zero_dim(l) && !has_scalar(l); });
  BOOST_TEST(n == 9u * 36u * 3u);
}

BOOST_AUTO_TEST_CASE(wrapped_scalars) {
  size_t n = check_lines(has_scalar);
  BOOST_TEST(n == 8u * 6u * 3u * 2u + 4u * 6u * 3u);
}

BOOST_AUTO_TEST_CASE(unary_and_reductions) {
  size_t n = check_lines(
      [](const Line& l) { return l.words.size() == 3 && l.words[0] != "factory"; });
  BOOST_TEST(n == 14u * 6u);
}

BOOST_AUTO_TEST_CASE(factories) {
  size_t n = check_lines([](const Line& l) { return l.words[0] == "factory"; });
  BOOST_TEST(n == 19u);
}

BOOST_AUTO_TEST_CASE(headline_rules) {
  // The rules programs rely on most, spelled out (also covered by the table above).
  auto f = tg::ones({2}), d = tg::ones({2}, tg::kDouble), l = tg::ones({2}, tg::kLong);
  auto i = tg::ones({2}, tg::kInt), b = tg::ones({2}, tg::kBool);
  BOOST_TEST((f + d).scalar_type() == tg::kDouble);
  BOOST_TEST((l + f).scalar_type() == tg::kFloat);
  BOOST_TEST((i + l).scalar_type() == tg::kLong);
  BOOST_TEST((l / l).scalar_type() == tg::kFloat);
  BOOST_TEST((i * 2.5).scalar_type() == tg::kFloat);
  BOOST_TEST((i * 2).scalar_type() == tg::kInt);
  BOOST_TEST((b + 1).scalar_type() == tg::kLong);
  BOOST_TEST((i + tg::tensor(1.0, tg::kDouble)).scalar_type() == tg::kDouble);
  BOOST_TEST((f + tg::tensor(1.0, tg::kDouble)).scalar_type() == tg::kFloat);
  BOOST_TEST((f < d).scalar_type() == tg::kBool);
  BOOST_TEST(b.sum().scalar_type() == tg::kLong);
  BOOST_TEST(i.sum().scalar_type() == tg::kLong);
  BOOST_TEST(tg::tensor({1, 2}).scalar_type() == tg::kLong);
  BOOST_TEST(tg::tensor({1.5}).scalar_type() == tg::kFloat);
  BOOST_CHECK_THROW(b - b, tg::Error);
  BOOST_CHECK_THROW(-b, tg::Error);
  BOOST_CHECK_THROW(l.mean(), tg::Error);
}

BOOST_AUTO_TEST_CASE(result_type_follows_default_dtype) {
  // A wrapped double and integer-only tensors become the default dtype, not always float32.
  tg::set_default_dtype(tg::kDouble);
  auto r1 = tg::ones({2}, tg::kLong) * 2.5;
  auto r2 = tg::ones({2}, tg::kInt) / tg::ones({2}, tg::kInt);
  auto r3 = tg::tensor({1.5});
  tg::set_default_dtype(tg::kFloat);
  BOOST_TEST(r1.scalar_type() == tg::kDouble);
  BOOST_TEST(r2.scalar_type() == tg::kDouble);
  BOOST_TEST(r3.scalar_type() == tg::kDouble);
  BOOST_TEST((tg::ones({2}, tg::kLong) * 2.5).scalar_type() == tg::kFloat);
}

BOOST_AUTO_TEST_SUITE_END()
