// Runtime CPU dispatch (autograd/kernels/vectorized.h): every dispatched loop, run through every
// table this CPU can execute (AVX2, AVX-512), must give bitwise the baseline table's result: the
// copies are built with -ffp-contract=off and use only exactly rounded operations, so no tolerance
// is needed. The baseline table is itself checked against scalar loops written here. Lengths
// cover the empty loop, shorter than one vector, vector remainders and a long run; offsets make
// the pointers misaligned for every vector width. A path this CPU cannot run is skipped with a
// printed message (the AVX-512 copy is still compiled and linked by every x86-64 build).
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <limits>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "autograd/kernels/vectorized.h"
#include "autograd/kernels/winograd_transforms.h"
#include "tapegrad/tapegrad.h"

namespace {

using tg::kernels::AdamScalars;
using tg::kernels::CpuCapability;
using tg::kernels::VecKernels;
using tg::kernels::VecKernelsOf;

const int64_t kLengths[] = {0, 1, 7, 33, 1003};
const int64_t kOffsets[] = {0, 1, 3};

/// Values with the awkward cases mixed in: signed zeros, infinities, NaN, subnormals, ties.
template <typename T> std::vector<T> values(int64_t n, unsigned seed, bool specials) {
  std::mt19937 gen(seed);
  std::uniform_real_distribution<double> u(-3.0, 3.0);
  std::vector<T> v(static_cast<size_t>(n)); // exact: an overrun shows under ASan or memcheck
  const T special[] = {T(0),
                       T(-0.0),
                       std::numeric_limits<T>::infinity(),
                       -std::numeric_limits<T>::infinity(),
                       std::numeric_limits<T>::quiet_NaN(),
                       std::numeric_limits<T>::denorm_min(),
                       T(1),
                       T(1)};
  for (size_t i = 0; i < v.size(); ++i)
    v[i] = specials && gen() % 8 == 0 ? special[gen() % 8] : T(u(gen));
  return v;
}

template <typename T> bool same_bits(const std::vector<T>& a, const std::vector<T>& b) {
  // An empty vector's data() may be null, which memcmp must not get even for 0 bytes (UBSan).
  return a.size() == b.size() &&
         (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0);
}

template <typename T> const VecKernelsOf<T>& of(const VecKernels& k) {
  if constexpr (std::is_same_v<T, float>)
    return k.f32;
  else
    return k.f64;
}

/// The tables to compare with the baseline: every capability above Default that this CPU runs.
std::vector<const VecKernels*> wide_tables() {
  std::vector<const VecKernels*> out;
  std::vector<CpuCapability> skipped;
  for (CpuCapability c : {CpuCapability::AVX2, CpuCapability::AVX512}) {
    if (const VecKernels* k = tg::kernels::vec_kernels_for(c))
      out.push_back(k);
    else
      skipped.push_back(c);
  }
  static bool told = false; // say it once, not once per kernel
  for (CpuCapability c : skipped)
    if (!told)
      std::cout << "test_cpu_dispatch: skipping the " << tg::kernels::cpu_capability_name(c)
                << " path: this CPU or build cannot run it\n";
  told = true;
  return out;
}

const VecKernels& baseline() { return *tg::kernels::vec_kernels_for(CpuCapability::Default); }

/// Runs `run(table, out...)` for the baseline and each wide table at every length and offset, and
/// checks that `check(n, off, baseline_outputs, wide_outputs)` holds.
template <typename T, typename Run> void compare_paths(const char* what, Run run) {
  for (const VecKernels* wide : wide_tables())
    for (int64_t n : kLengths)
      for (int64_t off : kOffsets) {
        const auto expected = run(of<T>(baseline()), n, off);
        const auto got = run(of<T>(*wide), n, off);
        BOOST_TEST_INFO(what << " " << (sizeof(T) == 4 ? "float" : "double") << " path "
                             << tg::kernels::cpu_capability_name(wide->capability) << " n " << n
                             << " offset " << off);
        BOOST_TEST(same_bits(expected, got));
      }
}

template <typename T> void check_elementwise() {
  const auto binary = [](auto fn) {
    return [fn](const VecKernelsOf<T>& k, int64_t n, int64_t off) {
      auto a = values<T>(n + off, 11, true), b = values<T>(n + off, 12, true);
      std::vector<T> out(size_t(n + off), T(7));
      fn(k, out.data() + off, a.data() + off, b.data() + off, n);
      return out;
    };
  };
  compare_paths<T>("add", binary([](const VecKernelsOf<T>& k, T* o, const T* a, const T* b,
                                    int64_t n) { k.add(o, a, b, T(-0.375), n); }));
  compare_paths<T>("mul", binary([](const VecKernelsOf<T>& k, T* o, const T* a, const T* b,
                                    int64_t n) { k.mul(o, a, b, n); }));
  compare_paths<T>("relu", binary([](const VecKernelsOf<T>& k, T* o, const T* a, const T*,
                                     int64_t n) { k.relu(o, a, n); }));
  compare_paths<T>("relu_backward",
                   binary([](const VecKernelsOf<T>& k, T* o, const T* g, const T* y, int64_t n) {
                     k.relu_backward(o, g, y, n);
                   }));
  compare_paths<T>("gelu", binary([](const VecKernelsOf<T>& k, T* o, const T* a, const T*,
                                     int64_t n) { k.gelu(o, a, n); }));
  compare_paths<T>("gelu_backward",
                   binary([](const VecKernelsOf<T>& k, T* o, const T* g, const T* x, int64_t n) {
                     k.gelu_backward(o, g, x, n);
                   }));
  // In place, as add_ and ReLU's backward call them: out is the first input itself.
  compare_paths<T>("add in place", [](const VecKernelsOf<T>& k, int64_t n, int64_t off) {
    auto a = values<T>(n + off, 13, true), b = values<T>(n + off, 14, true);
    k.add(a.data() + off, a.data() + off, b.data() + off, T(2.5), n);
    return a;
  });
  compare_paths<T>("relu_backward in place", [](const VecKernelsOf<T>& k, int64_t n, int64_t off) {
    auto g = values<T>(n + off, 15, true), y = values<T>(n + off, 16, true);
    k.relu_backward(g.data() + off, g.data() + off, y.data() + off, n);
    return g;
  });
}

template <typename T> void check_optimizers() {
  compare_paths<T>("sgd_momentum", [](const VecKernelsOf<T>& k, int64_t n, int64_t off) {
    auto p = values<T>(n + off, 21, false), g = values<T>(n + off, 22, false),
         buf = values<T>(n + off, 23, false);
    k.sgd_momentum(p.data() + off, g.data() + off, buf.data() + off, T(0.9), T(0.75), T(-0.1), n);
    p.insert(p.end(), buf.begin(), buf.end());
    return p;
  });
  for (int variant = 0; variant < 4; ++variant) {
    const bool l2 = variant & 1, shrink = variant & 2;
    const AdamScalars<T> s{T(0.9),
                           T(0.999),
                           T(1 - 0.9),
                           T(1 - 0.999),
                           T(l2 ? 0.01 : 0),
                           T(shrink ? 1 - 1e-3 * 0.01 : 1),
                           shrink,
                           T(std::sqrt(1 - std::pow(0.999, 3))),
                           T(-1e-3 / (1 - std::pow(0.9, 3))),
                           T(1e-8)};
    compare_paths<T>(variant == 0   ? "adam"
                     : variant == 1 ? "adam l2"
                     : variant == 2 ? "adamw"
                                    : "adamw l2",
                     [&s](const VecKernelsOf<T>& k, int64_t n, int64_t off) {
                       auto p = values<T>(n + off, 31, false), g = values<T>(n + off, 32, false),
                            m = values<T>(n + off, 33, false), v = values<T>(n + off, 34, false);
                       for (T& x : v) x = x * x; // a second moment is never negative
                       k.adam(p.data() + off, g.data() + off, m.data() + off, v.data() + off, s, n);
                       for (const auto* t : {&g, &m, &v}) p.insert(p.end(), t->begin(), t->end());
                       return p;
                     });
  }
}

template <typename T> void check_maxpool() {
  for (bool nans : {false, true})
    compare_paths<T>(nans ? "maxpool2x2_row with NaN" : "maxpool2x2_row",
                     [nans](const VecKernelsOf<T>& k, int64_t n, int64_t off) {
                       const int64_t w = 2 * n + 1; // an odd width: a column is left over
                       auto rows = values<T>(2 * w + off, 41, false);
                       // Ties (first maximum must win) and, in one run, a NaN.
                       for (size_t i = 0; i + 1 < rows.size(); i += 5) rows[i + 1] = rows[i];
                       if (nans && n > 0)
                         rows[size_t(off + n)] = std::numeric_limits<T>::quiet_NaN();
                       std::vector<T> out(size_t(n), T(7));
                       std::vector<int64_t> idx(size_t(n), -1);
                       const T* row0 = rows.data() + off;
                       const int64_t flag =
                           k.maxpool2x2_row(row0, row0 + w, out.data(), idx.data(), n, 10, w);
                       std::vector<T> all = out;
                       for (int64_t i : idx) all.push_back(T(i));
                       all.push_back(T(flag != 0));
                       return all;
                     });
}

} // namespace

BOOST_AUTO_TEST_SUITE(cpu_dispatch)

BOOST_AUTO_TEST_CASE(baseline_table_matches_scalar_loops) {
  // The reference for the wide paths is itself checked, against the operations written here.
  for (int64_t n : kLengths) {
    auto a = values<double>(n, 1, true), b = values<double>(n, 2, true);
    std::vector<double> out(a.size()), expected(a.size());
    baseline().f64.add(out.data(), a.data(), b.data(), 0.5, n);
    for (int64_t i = 0; i < n; ++i) expected[size_t(i)] = a[size_t(i)] + 0.5 * b[size_t(i)];
    for (int64_t i = 0; i < n; ++i)
      BOOST_TEST((std::isnan(expected[size_t(i)]) ? std::isnan(out[size_t(i)])
                                                  : out[size_t(i)] == expected[size_t(i)]));
    baseline().f64.relu_backward(out.data(), a.data(), b.data(), n);
    for (int64_t i = 0; i < n; ++i) {
      const double e = b[size_t(i)] > 0 ? a[size_t(i)] : 0.0;
      BOOST_TEST((std::isnan(e) ? std::isnan(out[size_t(i)]) : out[size_t(i)] == e));
    }
  }
  // Adam against its formula: m, v, p after one step from m = v = 0.
  float p = 1.5f, g = -0.25f, m = 0, v = 0;
  const AdamScalars<float> s{0.9f, 0.999f, 0.1f, 0.001f, 0, 1, false, 1, -0.01f, 1e-8f};
  baseline().f32.adam(&p, &g, &m, &v, s, 1);
  BOOST_TEST(m == 0.1f * -0.25f);
  BOOST_TEST(v == -0.25f * -0.25f * 0.001f);
  BOOST_TEST(p == 1.5f + -0.01f * (m / (std::sqrt(v) / 1 + 1e-8f)));
  // 2×2 pool: window [[1, 3], [3, 2]]: 3, the first 3 (top right, index at + 1).
  const float rows[] = {1, 3, 3, 2};
  float o = 0;
  int64_t i = -1;
  BOOST_TEST(baseline().f32.maxpool2x2_row(rows, rows + 2, &o, &i, 1, 100, 2) == 0);
  BOOST_TEST(o == 3.0f);
  BOOST_TEST(i == 101);
}

BOOST_AUTO_TEST_CASE(elementwise_paths_match_baseline) {
  check_elementwise<float>();
  check_elementwise<double>();
}

BOOST_AUTO_TEST_CASE(float_gelu_is_within_the_erf_approximation_error) {
  // Float GELU uses LibTorch's vectorised erf (Abramowitz and Stegun 7.1.26, |error| <= 1.5e-7)
  // with a polynomial exp: against libm in double, over [-12, 12] and the special values, the
  // forward is within 2.5e-7·|x| (plus the float rounding of the result, denormals included) and
  // the derivative within 3e-7·(1 + |x|).
  std::vector<float> x;
  for (int i = -120000; i <= 120000; ++i) x.push_back(float(i) * 1e-4f);
  for (float s : {0.f, -0.f, 1e-30f, -1e-30f, std::numeric_limits<float>::denorm_min(), 30.f, -30.f,
                  100.f, -100.f})
    x.push_back(s);
  const auto n = int64_t(x.size());
  std::vector<float> y(x.size()), d(x.size()), ones(x.size(), 1.f);
  baseline().f32.gelu(y.data(), x.data(), n);
  baseline().f32.gelu_backward(d.data(), ones.data(), x.data(), n);
  int bad_forward = 0, bad_backward = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    const double v = x[i];
    const double cdf = 0.5 * (1 + std::erf(v * 0.70710678118654752440));
    const double want = v * cdf, want_d = cdf + v * std::exp(-0.5 * v * v) * 0.3989422804014327;
    if (!(std::abs(y[i] - want) <= 2.5e-7 * std::abs(v) + 1.2e-7 * std::abs(want) +
                                       std::numeric_limits<float>::denorm_min())) {
      ++bad_forward;
      BOOST_TEST_MESSAGE("x " << x[i] << " got " << y[i] << " want " << want);
    }
    if (!(std::abs(d[i] - want_d) <= 3e-7 * (1 + std::abs(v)))) ++bad_backward;
  }
  BOOST_TEST(bad_forward == 0);
  BOOST_TEST(bad_backward == 0);
  // the values at infinity and NaN are libm's
  const float inf = std::numeric_limits<float>::infinity(),
              nan = std::numeric_limits<float>::quiet_NaN();
  float special[] = {inf, -inf, nan}, out[3], grad[3], g1[3] = {1.f, 1.f, 1.f};
  baseline().f32.gelu(out, special, 3);
  baseline().f32.gelu_backward(grad, g1, special, 3);
  BOOST_TEST(out[0] == inf);
  BOOST_TEST(std::isnan(out[1])); // -inf · ½(1 + erf(-inf)) = -inf · 0
  BOOST_TEST(std::isnan(out[2]));
  BOOST_TEST(std::isnan(grad[0])); // 1 + inf · φ(inf) = 1 + inf · 0
  BOOST_TEST(std::isnan(grad[2]));
}

BOOST_AUTO_TEST_CASE(optimizer_paths_match_baseline) {
  check_optimizers<float>();
  check_optimizers<double>();
}

BOOST_AUTO_TEST_CASE(maxpool_paths_match_baseline) {
  check_maxpool<float>();
  check_maxpool<double>();
}

/// Bitwise equal, except that a NaN matches any NaN: a transform adds up to nine values, and when
/// two of them are NaNs of different sign (inf − inf gives −NaN on x86) the one that comes out
/// depends on the operand order, which GCC may swap in either copy (addition commutes).
template <typename T> bool same_bits_or_both_nan(const std::vector<T>& a, const std::vector<T>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (!(a[i] != a[i] && b[i] != b[i]) && std::memcmp(&a[i], &b[i], sizeof(T)) != 0) return false;
  return true;
}

template <typename T>
const tg::kernels::WinogradTransformsOf<T>&
transforms_of(const tg::kernels::WinogradTransforms& t) {
  if constexpr (std::is_same_v<T, float>)
    return t.f32;
  else
    return t.f64;
}

/// Every Winograd transform of both tile sizes on every wide path against the baseline's,
/// bitwise: forward tilings (output = input + 2·padding − 2) and the input gradient's (padding
/// 2), odd and even sizes and sizes that leave 1, 2 or 3 columns in the last 4×4 tile, rows of 1
/// to 13 tiles (whole 64-, 32- and 16-byte vectors and single elements), with ±0, ±inf, NaN and
/// subnormals among the values.
template <typename T> void check_winograd_transforms() {
  using tg::kernels::WinogradTiling;
  struct Plane {
    int64_t H, W, ph, pw;
  };
  const Plane planes[] = {{26, 26, 0, 0}, {24, 24, 2, 2}, {5, 7, 1, 0},
                          {1, 1, 1, 1},   {9, 20, 0, 2},  {3, 4, 2, 1},
                          {7, 3, 0, 0},   {54, 11, 1, 1}, {8, 6, 1, 2}};
  const int64_t C = 3, Co = 13; // 13 channels: 8 + 4 + 1 floats in the channels-last transform
  const auto& base =
      transforms_of<T>(*tg::kernels::winograd_transforms_for(CpuCapability::Default));
  for (CpuCapability cap : {CpuCapability::AVX2, CpuCapability::AVX512}) {
    const tg::kernels::WinogradTransforms* table = tg::kernels::winograd_transforms_for(cap);
    if (!table) continue; // wide_tables() says which paths are skipped
    for (const int64_t m : {2, 4}) {
      const auto& want = m == 2 ? base.f2 : base.f4;
      const auto& wide = m == 2 ? transforms_of<T>(*table).f2 : transforms_of<T>(*table).f4;
      const int64_t X = (m + 2) * (m + 2);
      for (const Plane& p : planes) {
        const int64_t OH = p.H + 2 * p.ph - 2, OW = p.W + 2 * p.pw - 2;
        const WinogradTiling s{p.H, p.W, p.ph, p.pw, OH, OW, (OH + m - 1) / m, (OW + m - 1) / m};
        const int64_t P = s.TH * s.TW;
        const std::vector<T> im = values<T>(C * p.H * p.W, 41, true);
        const std::vector<T> mv = values<T>(X * Co * P, 43, true);
        const std::vector<T> gy = values<T>(Co * OH * OW, 47, true);
        const std::vector<T> bias = values<T>(Co, 53, false);
        const auto where = [&](const char* what) {
          std::ostringstream out;
          out << what << " transform F(" << m << "x" << m << "), "
              << tg::kernels::cpu_capability_name(cap) << ", plane " << p.H << "x" << p.W;
          return out.str();
        };
        std::vector<T> v1(static_cast<size_t>(X * C * P)), v2 = v1;
        // scratch of exactly the documented sizes, so that AddressSanitizer sees any overrun
        std::vector<T> s1(static_cast<size_t>(tg::kernels::winograd_plane_scratch(s, m))), s2 = s1;
        std::vector<T> gs1(static_cast<size_t>(m * m * P * Co)), gs2 = gs1;
        want.input(im.data(), C, s, v1.data(), s1.data());
        wide.input(im.data(), C, s, v2.data(), s2.data());
        BOOST_TEST(same_bits_or_both_nan(v1, v2), where("input"));
        std::vector<T> o1(size_t(Co * OH * OW)), o2 = o1;
        for (const T* b : {static_cast<const T*>(nullptr), bias.data()}) {
          want.output(mv.data(), Co, s, b, o1.data(), s1.data());
          wide.output(mv.data(), Co, s, b, o2.data(), s2.data());
          BOOST_TEST(same_bits_or_both_nan(o1, o2), where("output"));
        }
        std::vector<T> g1(size_t(X * Co * P)), g2 = g1;
        want.output_grad(gy.data(), Co, s, g1.data(), gs1.data());
        wide.output_grad(gy.data(), Co, s, g2.data(), gs2.data());
        BOOST_TEST(same_bits_or_both_nan(g1, g2), where("output-gradient"));
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(winograd_transform_paths_match_baseline) {
  (void)wide_tables(); // prints the skipped paths
  check_winograd_transforms<float>();
  check_winograd_transforms<double>();
}

BOOST_AUTO_TEST_CASE(ops_on_the_dispatched_path_match_the_generic_loops) {
  // The ops take the dispatched loop for contiguous same-shape float/double operands and loop.h's
  // generic loop otherwise (here: a transposed, non-contiguous view); both must agree bitwise.
  for (auto dtype : {tg::kFloat, tg::kDouble}) {
    tg::manual_seed(5);
    tg::Tensor a = tg::randn({37, 29}, tg::TensorOptions().dtype(dtype));
    tg::Tensor b = tg::randn({37, 29}, tg::TensorOptions().dtype(dtype));
    tg::Tensor at = a.t().contiguous().t(), bt = b.t().contiguous().t(); // same values, strided
    BOOST_TEST(!at.is_contiguous());
    BOOST_TEST(tg::equal(tg::add(a, b, 0.3), tg::add(at, bt, 0.3)));
    BOOST_TEST(tg::equal(tg::mul(a, b), tg::mul(at, bt)));
    BOOST_TEST(tg::equal(tg::relu(a), tg::relu(at)));
    BOOST_TEST(tg::equal(tg::threshold_backward(a, b, 0), tg::threshold_backward(at, bt, 0)));
    tg::Tensor c = a.clone(), ct = at.clone();
    c.add_(b, -1.5);
    ct.add_(bt, -1.5);
    BOOST_TEST(tg::equal(c, ct));
    c.mul_(b);
    ct.mul_(bt);
    BOOST_TEST(tg::equal(c, ct));
  }
}

BOOST_AUTO_TEST_CASE(environment_selects_the_path) {
  using tg::kernels::parse_cpu_capability;
  using tg::kernels::select_cpu_capability;
  BOOST_TEST(int(parse_cpu_capability("default")) == int(CpuCapability::Default));
  BOOST_TEST(int(parse_cpu_capability("avx2")) == int(CpuCapability::AVX2));
  BOOST_TEST(int(parse_cpu_capability("AVX512")) == int(CpuCapability::AVX512));
  // The best path this machine runs, found independently of the selector.
  CpuCapability best = CpuCapability::Default;
  for (CpuCapability c : {CpuCapability::AVX2, CpuCapability::AVX512})
    if (tg::kernels::vec_kernels_for(c)) best = c;
  BOOST_TEST(int(select_cpu_capability(nullptr)) == int(best));
  BOOST_TEST(int(select_cpu_capability("")) == int(best));
  BOOST_TEST(int(select_cpu_capability("default")) == int(CpuCapability::Default));
  // A path above what the CPU runs is lowered (with a warning), never run.
  BOOST_TEST(int(select_cpu_capability("avx512")) <= int(best));
  if (tg::kernels::vec_kernels_for(CpuCapability::AVX2))
    BOOST_TEST(int(select_cpu_capability("avx2")) == int(CpuCapability::AVX2));
  // This process: the meson test runs this binary once with TG_CPU_CAPABILITY=default and once
  // without it, so both the override and the automatic choice are exercised end to end.
  const char* env = std::getenv("TG_CPU_CAPABILITY");
  BOOST_TEST(int(tg::kernels::cpu_capability()) == int(select_cpu_capability(env)));
  BOOST_TEST(int(tg::kernels::vec_kernels().capability) == int(tg::kernels::cpu_capability()));
  if (env && std::string(env) == "default")
    BOOST_TEST(int(tg::kernels::cpu_capability()) == int(CpuCapability::Default));
}

BOOST_AUTO_TEST_CASE(unknown_capability_is_an_error_or_a_warned_fallback) {
  // parse: a clear tg::Error naming the variable, the value and the accepted values.
  try {
    tg::kernels::parse_cpu_capability("avx3");
    BOOST_FAIL("no error for TG_CPU_CAPABILITY=avx3");
  } catch (const tg::Error& e) {
    const std::string msg = e.what();
    BOOST_TEST(msg.find("TG_CPU_CAPABILITY") != std::string::npos);
    BOOST_TEST(msg.find("'avx3'") != std::string::npos);
    BOOST_TEST(msg.find("default, avx2, avx512") != std::string::npos);
  }
  // At start-up the same value only warns (as ATen does) and the automatic choice is kept.
  BOOST_TEST(int(tg::kernels::select_cpu_capability("avx3")) ==
             int(tg::kernels::select_cpu_capability(nullptr)));
}

BOOST_AUTO_TEST_SUITE_END()
