// Factories: tensors from shapes, ranges, random streams, braces and foreign memory.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <numbers>
#include <type_traits>

#include "autograd/kernels/loop.h"
#include "autograd/ops/internal.h"
#include "autograd/tensor/random.h"
#include "autograd/tensor/tensor_data.h"

namespace tg {

using autograd::variable_list;

namespace {
ScalarType g_default_dtype = kFloat;

/// Applies the requires_grad part of `options` to a freshly made tensor.
Tensor finish(Tensor t, const TensorOptions& options) {
  if (options.requires_grad()) t.requires_grad_(true);
  return t;
}
} // namespace

ScalarType get_default_dtype() { return g_default_dtype; }
void set_default_dtype(ScalarType t) {
  TG_CHECK(isFloatingType(t), "set_default_dtype: only floating types can be the default, got ", t);
  g_default_dtype = t;
}

Generator& default_generator() {
  static Generator g;
  return g;
}
void manual_seed(uint64_t seed) {
  Generator& g = default_generator();
  std::lock_guard<std::mutex> lock(g.mutex());
  g.set_current_seed(seed);
}

Tensor empty(IntArrayRef size, TensorOptions options) {
  check_device_supported(options.device(), "empty");
  return finish(ops::empty_tensor(size, options.scalar_type(), options.device()), options);
}
Tensor zeros(IntArrayRef size, TensorOptions options) {
  compute_numel(size, "zeros"); // a bad size is reported under this op's name
  Tensor t = ops::empty_tensor(size, options.scalar_type(), options.device());
  if (t.numel() > 0) std::memset(t.data_ptr(), 0, t.nbytes());
  return finish(t, options);
}
// 1.0, not 1: with no dtype given, ones() is of the default (floating) dtype, as in LibTorch.
Tensor ones(IntArrayRef size, TensorOptions options) {
  compute_numel(size, "ones");
  return full(size, 1.0, options);
}
Tensor full(IntArrayRef size, const Scalar& fill_value, TensorOptions options) {
  compute_numel(size, "full");
  // LibTorch infers the dtype from the fill value when none is given.
  if (!options.has_dtype()) {
    ScalarType t = fill_value.isFloatingPoint() ? get_default_dtype()
                   : fill_value.isBoolean()     ? kBool
                                                : kLong;
    options = options.dtype(t);
  }
  Tensor t = ops::empty_tensor(size, options.scalar_type(), options.device());
  kernels::fill(t, fill_value);
  return finish(t, options);
}
Tensor eye(int64_t n, TensorOptions options) { return eye(n, n, options); }
Tensor eye(int64_t n, int64_t m, TensorOptions options) {
  TG_CHECK(n >= 0 && m >= 0, "eye: n and m must be non-negative, got ", n, " and ", m);
  Tensor t = zeros({n, m}, options.requires_grad(false));
  dispatch_all(t.scalar_type(), "eye", [&]<typename T>() {
    T* p = t.data_ptr<T>();
    for (int64_t i = 0; i < std::min(n, m); ++i) p[i * m + i] = T(1);
  });
  return finish(t, options);
}

Tensor arange(const Scalar& end, TensorOptions options) { return arange(0, end, 1, options); }
Tensor arange(const Scalar& start, const Scalar& end, TensorOptions options) {
  return arange(start, end, 1, options);
}
Tensor arange(const Scalar& start, const Scalar& end, const Scalar& step, TensorOptions options) {
  double s = start.toDouble(), e = end.toDouble(), st = step.toDouble();
  TG_CHECK(st != 0, "arange: step must be nonzero");
  TG_CHECK((st > 0 && e >= s) || (st < 0 && e <= s), "arange: upper bound and larger bound "
           "inconsistent with step sign (start=", start, ", end=", end, ", step=", step, ")");
  if (!options.has_dtype()) {
    bool all_int = start.isIntegral(true) && end.isIntegral(true) && step.isIntegral(true);
    options = options.dtype(all_int ? kLong : get_default_dtype());
  }
  int64_t n = static_cast<int64_t>(std::ceil((e - s) / st));
  Tensor t = ops::empty_tensor({n}, options.scalar_type(), options.device());
  dispatch_all(t.scalar_type(), "arange", [&]<typename T>() {
    T* p = t.data_ptr<T>();
    if (start.isIntegral(false) && step.isIntegral(false)) {
      for (int64_t i = 0; i < n; ++i) p[i] = static_cast<T>(start.toLong() + i * step.toLong());
    } else {
      for (int64_t i = 0; i < n; ++i) p[i] = static_cast<T>(s + double(i) * st);
    }
  });
  return finish(t, options);
}
Tensor linspace(const Scalar& start, const Scalar& end, int64_t steps, TensorOptions options) {
  TG_CHECK(steps >= 0, "linspace: number of steps must be non-negative, got ", steps);
  Tensor t = ops::empty_tensor({steps}, options.scalar_type(), options.device());
  double s = start.toDouble(), e = end.toDouble();
  double step = steps > 1 ? (e - s) / double(steps - 1) : 0.0;
  dispatch_all(t.scalar_type(), "linspace", [&]<typename T>() {
    T* p = t.data_ptr<T>();
    // Fill from both ends, as PyTorch does, so the last value is exactly `end`.
    int64_t half = steps / 2;
    for (int64_t i = 0; i < steps; ++i)
      p[i] = static_cast<T>(i < half ? s + step * double(i) : e - step * double(steps - 1 - i));
  });
  return finish(t, options);
}

namespace {
/// A fresh tensor filled element by element, in order, with `draw.operator()<T>(generator)`
/// under the generator's lock: ATen's cpu_serial_kernel draws in the same order.
template <typename Draw> Tensor random_fill(IntArrayRef size, const TensorOptions& options, Draw draw) {
  Tensor t = ops::empty_tensor(size, options.scalar_type(), options.device());
  Generator& g = default_generator();
  std::lock_guard<std::mutex> lock(g.mutex());
  dispatch_all(t.scalar_type(), "random", [&]<typename T>() {
    T* p = t.data_ptr<T>();
    for (int64_t i = 0; i < t.numel(); ++i) p[i] = static_cast<T>(draw.template operator()<T>(g));
  });
  return t;
}

/// U[from, to) at the precision of T: 24 random bits for float, 53 for double (LibTorch's
/// uniform_real_distribution<T>).
template <typename T> double uniform_draw(Generator& g, double from, double to) {
  if constexpr (std::is_same_v<T, float>) return g.uniform_float(float(from), float(to));
  else return g.uniform_double(from, to);
}

/// Box-Muller on 16 uniforms: the first 8 pair with the next 8 (ATen's normal_fill_16; for float
/// in the order of its AVX2 variant, which is what LibTorch runs on x86-64).
template <typename T> void box_muller_16(T* d, double mean, double std) {
  for (int j = 0; j < 8; ++j) {
    if constexpr (std::is_same_v<T, float>) {
      const float u1 = 1.0f - d[j], u2 = d[j + 8];
      const float radius = std::sqrt(-2.0f * std::log(u1));
      const float theta = float(2.0 * std::numbers::pi) * u2;
      d[j] = std::fma(radius * std::cos(theta), float(std), float(mean));
      d[j + 8] = std::fma(radius * std::sin(theta), float(std), float(mean));
    } else {
      const T u1 = 1 - d[j], u2 = d[j + 8];
      const T radius = std::sqrt(-2 * std::log(u1));
      const T theta = T(2.0 * std::numbers::pi) * u2;
      d[j] = radius * std::cos(theta) * T(std) + T(mean);
      d[j + 8] = radius * std::sin(theta) * T(std) + T(mean);
    }
  }
}

/// N(mean, std²) as LibTorch's CPU normal_: 16 or more values are drawn as uniforms and turned
/// into normals 16 at a time (a ragged tail redraws the last 16); fewer come one by one from the
/// double Box-Muller sampler with its cached second value.
Tensor normal_fill(IntArrayRef size, const TensorOptions& options, double mean, double std) {
  Tensor t = ops::empty_tensor(size, options.scalar_type(), options.device());
  const int64_t n = t.numel();
  Generator& g = default_generator();
  std::lock_guard<std::mutex> lock(g.mutex());
  dispatch_floating(t.scalar_type(), "normal", [&]<typename T>() {
    T* p = t.data_ptr<T>();
    if (n < 16) {
      for (int64_t i = 0; i < n; ++i) p[i] = static_cast<T>(g.normal_double(mean, std));
      return;
    }
    auto draw_uniforms = [&](T* d, int64_t count) {
      for (int64_t i = 0; i < count; ++i) d[i] = static_cast<T>(uniform_draw<T>(g, 0, 1));
    };
    draw_uniforms(p, n);
    for (int64_t i = 0; i + 16 <= n; i += 16) box_muller_16(p + i, mean, std);
    if (n % 16 != 0) {
      draw_uniforms(p + n - 16, 16);
      box_muller_16(p + n - 16, mean, std);
    }
  });
  return t;
}

Tensor uniform_fill(IntArrayRef size, const TensorOptions& options, double from, double to) {
  return random_fill(size, options,
                     [&]<typename T>(Generator& g) { return uniform_draw<T>(g, from, to); });
}
} // namespace

Tensor rand(IntArrayRef size, TensorOptions options) {
  compute_numel(size, "rand");
  TG_CHECK(isFloatingType(options.scalar_type()), "rand: expected a floating dtype, got ",
           options.scalar_type());
  return finish(uniform_fill(size, options, 0.0, 1.0), options);
}
Tensor randn(IntArrayRef size, TensorOptions options) {
  compute_numel(size, "randn");
  TG_CHECK(isFloatingType(options.scalar_type()), "randn: expected a floating dtype, got ",
           options.scalar_type());
  return finish(normal_fill(size, options, 0.0, 1.0), options);
}
Tensor normal(double mean, double std, IntArrayRef size, TensorOptions options) {
  TG_CHECK(std >= 0, "normal: expected std >= 0.0, got ", std);
  compute_numel(size, "normal");
  TG_CHECK(isFloatingType(options.scalar_type()), "normal: expected a floating dtype, got ",
           options.scalar_type());
  return finish(normal_fill(size, options, mean, std), options);
}

// normal with tensor arguments draws as LibTorch's normal_out_impl does (N(0, 1) or N(0, std)
// into a fresh tensor of mean's dtype, then scaled and shifted in place), so after one seed both
// print the same values. The result does not depend smoothly on mean or std through the draw, and
// LibTorch's gradient for them is zero: NormalBackward1/2/3 return zeros.
namespace {
void check_normal_args(const Tensor& t, const char* what) {
  TG_CHECK(t.defined(), "normal: ", what, " is undefined");
  TG_CHECK(isFloatingType(t.scalar_type()), "normal: expected a floating ", what, ", got ",
           t.scalar_type());
}
void check_std_nonnegative(const Tensor& std) {
  NoGradGuard no_grad;
  TG_CHECK(std.numel() == 0 || std.min().item<double>() >= 0.0,
           "normal expects all elements of std >= 0.0");
}
/// Zero gradients for every input of a normal draw.
void record_zero_grads(const char* name, const std::vector<Tensor>& inputs, Tensor& out) {
  if (!autograd::compute_requires_grad_list(inputs)) return;
  std::vector<std::pair<DimVector, ScalarType>> shapes;
  for (const Tensor& t : inputs) shapes.emplace_back(DimVector(t.sizes()), t.scalar_type());
  autograd::record(name, inputs, out, [shapes](const Tensor&) {
    variable_list grads;
    for (const auto& [sizes, dtype] : shapes) grads.push_back(zeros(sizes, dtype));
    return grads;
  });
}
} // namespace

Tensor normal(const Tensor& mean, double std) {
  check_normal_args(mean, "mean");
  TG_CHECK(std >= 0.0, "normal expects std >= 0.0, but found std ", std);
  Tensor out;
  {
    NoGradGuard no_grad;
    out = normal_fill(mean.sizes(), mean.scalar_type(), 0.0, std);
    out.add_(mean);
  }
  record_zero_grads("NormalBackward1", {mean}, out); // d/dmean = 0 (as LibTorch)
  return out;
}
Tensor normal(double mean, const Tensor& std) {
  check_normal_args(std, "std");
  check_std_nonnegative(std);
  Tensor out;
  {
    NoGradGuard no_grad;
    out = normal_fill(std.sizes(), std.scalar_type(), 0.0, 1.0);
    out.mul_(std).add_(mean);
  }
  record_zero_grads("NormalBackward2", {std}, out); // d/dstd = 0 (as LibTorch)
  return out;
}
Tensor normal(const Tensor& mean, const Tensor& std) {
  check_normal_args(mean, "mean");
  check_normal_args(std, "std");
  check_std_nonnegative(std);
  DimVector shape = ops::broadcast_shapes(mean.sizes(), std.sizes(), "normal");
  Tensor out;
  {
    NoGradGuard no_grad;
    out = normal_fill(shape, mean.scalar_type(), 0.0, 1.0);
    out.mul_(std).add_(mean);
  }
  record_zero_grads("NormalBackward3", {mean, std}, out); // d/dmean = d/dstd = 0 (as LibTorch)
  return out;
}

Tensor randint(int64_t high, IntArrayRef size, TensorOptions options) {
  return randint(0, high, size, options);
}
Tensor randint(int64_t low, int64_t high, IntArrayRef size, TensorOptions options) {
  compute_numel(size, "randint");
  TG_CHECK(low < high, "randint: random_ expects 'from' to be less than 'to', but got from=", low,
           " >= to=", high);
  // LibTorch 1.13's randint returns int64 unless a dtype is given.
  if (!options.has_dtype()) options = options.dtype(kLong);
  const uint64_t range = uint64_t(high) - uint64_t(low);
  // uniform_int_from_to_distribution: one 32-bit draw unless the range needs 64.
  return finish(random_fill(size, options,
                            [&]<typename T>(Generator& g) {
                              const uint64_t v = range >= (uint64_t(1) << 32) ? g.random64() : g.random();
                              return int64_t(v % range) + low;
                            }),
                options);
}
Tensor randperm(int64_t n, TensorOptions options) {
  TG_CHECK(n >= 0, "randperm: n must be non-negative, got ", n);
  std::vector<int64_t> perm(n);
  for (int64_t i = 0; i < n; ++i) perm[i] = i;
  {
    // LibTorch's randperm_cpu: a forward Fisher-Yates shuffle with one 32-bit draw per swap.
    Generator& g = default_generator();
    std::lock_guard<std::mutex> lock(g.mutex());
    for (int64_t i = 0; i + 1 < n; ++i) {
      const int64_t z = int64_t(g.random() % uint64_t(n - i));
      std::swap(perm[i], perm[z + i]);
    }
  }
  return tensor(TensorData(perm), options.has_dtype() ? options : options.dtype(kLong));
}

Tensor bernoulli(const Tensor& probabilities) {
  Tensor p = probabilities.contiguous();
  Tensor out = empty_like(p);
  Generator& g = default_generator();
  std::lock_guard<std::mutex> lock(g.mutex());
  dispatch_floating(p.scalar_type(), "bernoulli", [&]<typename T>() {
    const T* pp = p.data_ptr<T>();
    T* o = out.data_ptr<T>();
    for (int64_t i = 0; i < p.numel(); ++i) {
      TG_CHECK(pp[i] >= 0 && pp[i] <= 1, "bernoulli: expected all probabilities in [0, 1], got ",
               double(pp[i]));
      o[i] = uniform_draw<T>(g, 0, 1) < double(pp[i]) ? T(1) : T(0);
    }
  });
  return out;
}
Tensor bernoulli(const Tensor& self, double p) { return empty_like(self).bernoulli_(p); }
Tensor Tensor::bernoulli() const { return tg::bernoulli(*this); }

Tensor multinomial(const Tensor& probabilities, int64_t num_samples, bool replacement) {
  TG_CHECK(probabilities.dim() == 1 || probabilities.dim() == 2,
           "multinomial: prob_dist must be 1 or 2 dim, got ", probabilities.dim(), " dims");
  TG_CHECK(isFloatingType(probabilities.scalar_type()),
           "multinomial: only floating-point dtypes are supported for probabilities, got ",
           probabilities.scalar_type());
  TG_CHECK(num_samples > 0, "multinomial: cannot sample n_sample <= 0 samples, got ", num_samples);
  const int64_t k = probabilities.size(-1);
  TG_CHECK(k > 0, "multinomial: the distribution has no categories (shape ", probabilities.sizes(), ")");
  TG_CHECK(replacement || num_samples <= k, "multinomial: cannot sample n_sample > prob_dist.size(-1) ",
           "samples without replacement (n_sample ", num_samples, ", categories ", k, ")");
  Tensor rows = probabilities.detach().to(kDouble).contiguous().view({-1, k});
  const double* pr = rows.data_ptr<double>();
  for (int64_t r = 0; r < rows.size(0); ++r) {
    double sum = 0;
    for (int64_t c = 0; c < k; ++c) {
      const double v = pr[r * k + c];
      TG_CHECK(std::isfinite(v) && v >= 0,
               "multinomial: probability tensor contains either `inf`, `nan` or element < 0 (row ", r,
               ", category ", c, ": ", v, ")");
      sum += v;
    }
    TG_CHECK(sum > 0, "multinomial: invalid distribution in row ", r, " (sum of probabilities <= 0)");
  }
  Tensor out;
  if (!replacement) {
    // LibTorch's sampling without replacement: the top n of p / q with q ~ Exp(1), which is
    // sampling in proportion to p without putting anything back (the exponential race).
    Tensor q = empty_like(probabilities).exponential_(1);
    q = probabilities.detach() / q;
    out = num_samples == 1 ? q.argmax(-1, true) : std::get<1>(q.topk(num_samples));
    return out;
  }
  // With replacement: one U[0, 1) draw per sample, located in the row's cumulative distribution
  // by binary search (ATen's multinomial_with_replacement kernel, in the same draw order).
  out = empty({rows.size(0), num_samples}, kLong);
  int64_t* o = out.data_ptr<int64_t>();
  Generator& g = default_generator();
  std::lock_guard<std::mutex> lock(g.mutex());
  std::vector<double> cumulative(static_cast<size_t>(k));
  for (int64_t r = 0; r < rows.size(0); ++r) {
    double sum = 0;
    for (int64_t c = 0; c < k; ++c) cumulative[size_t(c)] = sum += pr[r * k + c];
    for (auto& c : cumulative) c /= sum;
    for (int64_t s = 0; s < num_samples; ++s) {
      const double u = g.uniform_double(0, 1);
      const auto at = std::lower_bound(cumulative.begin(), cumulative.end(), u);
      o[r * num_samples + s] = std::min<int64_t>(at - cumulative.begin(), k - 1);
    }
  }
  return probabilities.dim() == 1 ? out.view({num_samples}) : out;
}
Tensor Tensor::multinomial(int64_t num_samples, bool replacement) const {
  return tg::multinomial(*this, num_samples, replacement);
}

namespace {
Tensor& overwrite_with_drawn(const Tensor& self, const Tensor& drawn, const char* op,
                             const char* node_name);
} // namespace

Tensor& Tensor::exponential_(double lambd) const {
  TG_CHECK(lambd > 0, "exponential_: expects lambda > 0.0, but found lambda=", lambd);
  TG_CHECK(isFloatingType(scalar_type()), "exponential_: expected a floating dtype, got ", scalar_type());
  // -log(1 - u) / lambda from a 53-bit uniform whatever the dtype, as ATen's CPU kernel draws it.
  ops::check_inplace(*this, "exponential_");
  Tensor drawn = random_fill(sizes(), TensorOptions(scalar_type()),
                             [&]<typename T>(Generator& g) { return -std::log1p(-g.uniform_double(0, 1)) / lambd; });
  return overwrite_with_drawn(*this, drawn, "exponential_", "ExponentialBackward0");
}

namespace {
TensorOptions like(const Tensor& self, TensorOptions options) {
  return options.has_dtype() ? options : options.dtype(self.scalar_type());
}
} // namespace
Tensor empty_like(const Tensor& self, TensorOptions o) { return empty(self.sizes(), like(self, o)); }
Tensor zeros_like(const Tensor& self, TensorOptions o) { return zeros(self.sizes(), like(self, o)); }
Tensor ones_like(const Tensor& self, TensorOptions o) { return ones(self.sizes(), like(self, o)); }
Tensor full_like(const Tensor& self, const Scalar& v, TensorOptions o) {
  return full(self.sizes(), v, like(self, o));
}
Tensor rand_like(const Tensor& self, TensorOptions o) { return rand(self.sizes(), like(self, o)); }
Tensor randn_like(const Tensor& self, TensorOptions o) { return randn(self.sizes(), like(self, o)); }
Tensor randint_like(const Tensor& self, int64_t high, TensorOptions o) {
  return randint(high, self.sizes(), like(self, o));
}
Tensor randint_like(const Tensor& self, int64_t low, int64_t high, TensorOptions o) {
  return randint(low, high, self.sizes(), like(self, o));
}

Tensor Tensor::new_zeros(IntArrayRef size, TensorOptions o) const {
  return zeros(size, like(*this, o));
}
Tensor Tensor::new_ones(IntArrayRef size, TensorOptions o) const { return ones(size, like(*this, o)); }
Tensor Tensor::new_empty(IntArrayRef size, TensorOptions o) const {
  return empty(size, like(*this, o));
}
Tensor Tensor::new_full(IntArrayRef size, const Scalar& v, TensorOptions o) const {
  return full(size, v, like(*this, o));
}

Tensor from_blob(void* data, IntArrayRef sizes, TensorOptions options) {
  return from_blob(data, sizes, contiguous_strides(sizes), options);
}
Tensor from_blob(void* data, IntArrayRef sizes, IntArrayRef strides, TensorOptions options) {
  TG_CHECK(sizes.size() == strides.size(), "from_blob: sizes ", sizes, " and strides ", strides,
           " differ in length");
  check_device_supported(options.device(), "from_blob");
  int64_t extent = 1;
  for (size_t i = 0; i < sizes.size(); ++i) extent += (sizes[i] - 1) * strides[i];
  size_t nbytes = size_t(std::max<int64_t>(extent, 0)) * elementSize(options.scalar_type());
  auto storage = std::make_shared<StorageImpl>(data, nbytes, options.device(), nullptr);
  auto impl = std::make_shared<TensorImpl>(std::move(storage), options.scalar_type(), sizes, strides, 0);
  return finish(Tensor(std::move(impl)), options);
}
Tensor from_blob(void* data, IntArrayRef sizes, const std::function<void(void*)>& deleter,
                 TensorOptions options) {
  Tensor t = from_blob(data, sizes, options);
  t.unsafeGetTensorImpl()->storage()->deleter = deleter;
  return t;
}

// ---- tensor({...}) ----
TensorData::TensorData(std::initializer_list<TensorData> list) {
  sizes_.push_back(int64_t(list.size()));
  bool first = true;
  DimVector inner;
  for (const TensorData& e : list) {
    if (first) {
      inner = e.is_scalar_ ? DimVector() : e.sizes_;
      type_ = e.type_;
      first = false;
    } else {
      TG_CHECK((e.is_scalar_ ? DimVector() : e.sizes_) == inner,
               "tensor: expected all sub-lists to have sizes ", inner, " but got ",
               e.is_scalar_ ? DimVector() : e.sizes_);
      type_ = promoteTypes(type_, e.type_);
    }
    e.flatten_into(flat_);
  }
  for (int64_t s : inner) sizes_.push_back(s);
  if (list.size() == 0) type_ = get_default_dtype();
}

void TensorData::flatten_into(std::vector<Scalar>& out) const {
  if (is_scalar_) out.push_back(scalar_);
  else out.insert(out.end(), flat_.begin(), flat_.end());
}

Tensor TensorData::to_tensor(const TensorOptions& options) const {
  ScalarType dtype = options.dtype_opt().value_or(type_);
  Tensor t = ops::empty_tensor(is_scalar_ ? IntArrayRef() : sizes(), dtype, options.device());
  dispatch_all(dtype, "tensor", [&]<typename T>() {
    T* p = t.data_ptr<T>();
    if (is_scalar_) {
      p[0] = scalar_.to<T>();
      return;
    }
    for (size_t i = 0; i < flat_.size(); ++i) p[i] = flat_[i].to<T>();
  });
  return t;
}

Tensor tensor(const TensorData& data, TensorOptions options) {
  return finish(data.to_tensor(options), options);
}

// ---- in-place random fills ----
namespace {
/// Writes freshly drawn values into `self`. On a tensor that requires grad the drawn values are
/// constants: the old values get a zero gradient, and the tensor (or a view's base) keeps its
/// graph, as LibTorch's UniformBackward0 and its siblings.
Tensor& overwrite_with_drawn(const Tensor& self, const Tensor& drawn, const char* op,
                             const char* node_name) {
  if (!autograd::compute_requires_grad(self)) {
    NoGradGuard g;
    return self.copy_(drawn);
  }
  Tensor result = drawn.scalar_type() == self.scalar_type() ? drawn : drawn.to(self.scalar_type());
  // d/dself = 0: the drawn values do not depend on the old ones
  autograd::record(node_name, {self}, result,
                   [](const Tensor& grad) { return variable_list{zeros_like(grad)}; });
  return ops::commit_inplace(self, result, op);
}
} // namespace

Tensor& Tensor::uniform_(double from, double to) const {
  ops::check_inplace(*this, "uniform_");
  TG_CHECK(from <= to, "uniform_: expects to return a [from, to) range, but found from=", from,
           " > to=", to);
  Tensor r = uniform_fill(sizes(), TensorOptions(scalar_type()), from, to);
  return overwrite_with_drawn(*this, r, "uniform_", "UniformBackward0");
}
Tensor& Tensor::normal_(double mean, double std) const {
  ops::check_inplace(*this, "normal_");
  Tensor r = tg::normal(mean, std, sizes(), TensorOptions(scalar_type()));
  return overwrite_with_drawn(*this, r, "normal_", "NormalBackward0");
}
Tensor& Tensor::bernoulli_(double p) const {
  ops::check_inplace(*this, "bernoulli_");
  TG_CHECK(p >= 0 && p <= 1, "bernoulli_: expected p in [0, 1], got ", p);
  // bernoulli_distribution<double>: a 53-bit uniform below p.
  Tensor r = random_fill(sizes(), TensorOptions(scalar_type()), [&]<typename T>(Generator& g) {
    return g.uniform_double(0, 1) < p ? 1 : 0;
  });
  return overwrite_with_drawn(*this, r, "bernoulli_", "BernoulliBackward2");
}
namespace {
Tensor draw_integers(const Tensor& self, int64_t from, std::optional<int64_t> to) {
  int64_t hi = to.value_or(int64_t(1) << (isFloatingType(self.scalar_type()) ? 24 : 31));
  return randint(from, hi, self.sizes(), TensorOptions(self.scalar_type()));
}
} // namespace
Tensor& Tensor::random_(int64_t from, std::optional<int64_t> to) const {
  ops::check_inplace(*this, "random_");
  return overwrite_with_drawn(*this, draw_integers(*this, from, to), "random_", "RandomBackward0");
}
Tensor& Tensor::random_(int64_t to) const {
  ops::check_inplace(*this, "random_");
  return overwrite_with_drawn(*this, draw_integers(*this, 0, to), "random_", "RandomBackward1");
}

} // namespace tg
