// Extrema and statistics: max/min (with indices), argmax/argmin, prod, var/std, norm, logsumexp and
// cumsum. Kernels see the input in the [outer, R, inner] layout of kernels/reduce.h and walk one
// reduced row (R elements, `inner` apart) per output element. Backwards are written with tensor ops
// so that double backward works.
#include <algorithm>
#include <cmath>
#include <limits>
#include <type_traits>
#include <vector>

#include "autograd/kernels/parallel_for.h"
#include "autograd/kernels/reduce.h"
#include "autograd/ops/internal.h"

namespace tg {

using autograd::Node;
using autograd::SavedVariable;
using autograd::variable_list;

namespace {

using kernels::ReduceLayout;

/// Float reductions accumulate in double: long float sums and products lose digits otherwise.
template <typename T> using acc_t = std::conditional_t<std::is_same_v<T, float>, double, T>;

/// Calls f(begin, end) over ranges of the outer*inner reduced rows, on oneTBB when there is enough
/// work for threads to pay off.
template <typename F> void for_rows(int64_t rows, int64_t R, F f) {
  if (rows <= 1 || rows * std::max<int64_t>(R, 1) < kernels::kParallelGrain) {
    f(int64_t(0), rows);
    return;
  }
  int64_t grain = std::max<int64_t>(1, kernels::kParallelGrain / std::max<int64_t>(R, 1));
  kernels::parallel_for(0, rows, grain, f);
}

/// First element of reduced row `row` (its elements are L.inner apart).
template <typename T> const T* row_start(const T* x, const ReduceLayout& L, int64_t row) {
  return x + (row / L.inner) * L.reduced * L.inner + row % L.inner;
}

Tensor alloc_out(const ReduceLayout& L, bool keepdim, ScalarType t) {
  return ops::empty_tensor(keepdim ? L.out_shape.ref() : L.out_shape_squeezed.ref(), t);
}

// ---------------------------------------------------------------- max / min / argmax / argmin

template <typename T> bool is_nan(T v) {
  if constexpr (std::is_floating_point_v<T>) return v != v;
  else return false;
}

/// The extreme of x[b*s], ..., x[(e-1)*s] and its first index. A NaN wins at once, as in PyTorch.
template <typename T, bool IsMax> std::pair<T, int64_t> scan(const T* x, int64_t b, int64_t e,
                                                             int64_t s) {
  T best = x[b * s];
  int64_t at = b;
  if (is_nan(best)) return {best, at};
  for (int64_t r = b + 1; r < e; ++r) {
    T v = x[r * s];
    if (is_nan(v)) return {v, r};
    if (IsMax ? v > best : v < best) {
      best = v;
      at = r;
    }
  }
  return {best, at};
}

/// Values and int64 indices of the max (or min) over the reduced dims; either output may be skipped.
std::pair<Tensor, Tensor> extreme(const Tensor& self, IntArrayRef dims, bool keepdim, bool is_max,
                                  bool want_values, const char* op) {
  NoGradGuard no_grad;
  ReduceLayout L = kernels::reduce_layout(self, dims);
  Tensor values = want_values ? alloc_out(L, keepdim, self.scalar_type()) : Tensor();
  Tensor indices = alloc_out(L, keepdim, kLong);
  const int64_t rows = L.outer * L.inner, R = L.reduced;
  dispatch_all(self.scalar_type(), op, [&]<typename T>() {
    const T* x = L.input.data_ptr<T>();
    T* v = want_values ? values.data_ptr<T>() : nullptr;
    int64_t* ix = indices.data_ptr<int64_t>();
    auto run = [&](const T* p, int64_t b, int64_t e, int64_t s) {
      return is_max ? scan<T, true>(p, b, e, s) : scan<T, false>(p, b, e, s);
    };
    if (rows == 1 && R >= kernels::kParallelGrain) {
      // One long row: scan chunks in parallel, then combine them in order so ties keep the first.
      const int64_t chunk = kernels::kParallelGrain;
      const int64_t n = (R + chunk - 1) / chunk;
      std::vector<std::pair<T, int64_t>> part(static_cast<size_t>(n));
      kernels::parallel_for_each(0, n, [&](int64_t c) {
        part[size_t(c)] = run(x, c * chunk, std::min(R, (c + 1) * chunk), 1);
      });
      auto best = part[0];
      for (const auto& p : part) {
        if (is_nan(best.first)) break;
        if (is_nan(p.first) || (is_max ? p.first > best.first : p.first < best.first)) best = p;
      }
      if (v) v[0] = best.first;
      ix[0] = best.second;
      return;
    }
    for_rows(rows, R, [&](int64_t b, int64_t e) {
      for (int64_t row = b; row < e; ++row) {
        auto [val, at] = run(row_start(x, L, row), 0, R, L.inner);
        if (v) v[row] = val;
        ix[row] = at;
      }
    });
  });
  return {values, indices};
}

const char* name_of(bool is_max) { return is_max ? "max" : "min"; }

Tensor extreme_all(const Tensor& self, bool is_max) {
  TG_CHECK(self.numel() > 0, name_of(is_max), "(): Expected reduction dim to be specified for "
           "input.numel() == 0. Specify the reduction dim with the 'dim' argument.");
  Tensor out = extreme(self, {}, false, is_max, true, name_of(is_max)).first;
  // d/dx_i max(x) = [x_i == max(x)] / #ties: tied extremes share the gradient evenly
  if (autograd::compute_requires_grad(self)) {
    autograd::record(is_max ? "MaxBackward1" : "MinBackward1", {self}, out,
                     [s = SavedVariable(self, false),
                      r = SavedVariable(out, true)](const Tensor& grad, Node&) {
                       Tensor x = s.unpack(), value = r.unpack();
                       Tensor hit = isnan(value).item<bool>() ? isnan(x) : x.eq(value);
                       Tensor mask = hit.to(grad.scalar_type());
                       return variable_list{mask * (grad / mask.sum())};
                     });
  }
  return out;
}

std::tuple<Tensor, Tensor> extreme_dim(const Tensor& self, int64_t dim, bool keepdim, bool is_max) {
  const char* op = name_of(is_max);
  int64_t d = ops::wrap_dim(dim, self.dim(), op);
  TG_CHECK(self.dim() == 0 || self.size(d) > 0, op, "(): Expected reduction dim ", d,
           " to have non-zero size.");
  auto [values, indices] = extreme(self, {d}, keepdim, is_max, true, op);
  // d/dx_j max_k x_k = [j == argmax]: the gradient goes to the index each value came from
  if (autograd::compute_requires_grad(self)) {
    DimVector in_shape(self.sizes());
    autograd::record(is_max ? "MaxBackward0" : "MinBackward0", {self}, values,
                     [in_shape, d, keepdim, ix = SavedVariable(indices, false)](const Tensor& grad) {
                       if (in_shape.empty()) return variable_list{grad};
                       Tensor g = keepdim ? grad : grad.unsqueeze(d);
                       Tensor at = keepdim ? ix.unpack() : ix.unpack().unsqueeze(d);
                       DimVector pos_shape(in_shape.size(), 1);
                       pos_shape[size_t(d)] = in_shape[size_t(d)];
                       Tensor pos = arange(in_shape[size_t(d)], kLong).view(pos_shape);
                       return variable_list{where(pos.eq(at), g, Scalar(0))};
                     });
  }
  return {values, indices};
}

Tensor arg_extreme(const Tensor& self, std::optional<int64_t> dim, bool keepdim, bool is_max) {
  const char* op = is_max ? "argmax" : "argmin";
  TG_CHECK(self.scalar_type() != kBool, "\"", op, "_cpu\" not implemented for 'Bool'");
  if (!dim) {
    TG_CHECK(self.numel() > 0, op, "(): Expected reduction dim to be specified for "
             "input.numel() == 0.");
    // The index into the flattened tensor; keepdim keeps every dim as size 1.
    Tensor idx = extreme(self, {}, false, is_max, false, op).second;
    return keepdim ? idx.reshape(DimVector(size_t(self.dim()), 1)) : idx;
  }
  int64_t d = ops::wrap_dim(*dim, self.dim(), op);
  TG_CHECK(self.dim() == 0 || self.size(d) > 0, op, "(): Expected reduction dim ", d,
           " to have non-zero size.");
  return extreme(self, {d}, keepdim, is_max, false, op).second;
}

} // namespace

Tensor max(const Tensor& self) { return extreme_all(self, true); }
Tensor min(const Tensor& self) { return extreme_all(self, false); }
std::tuple<Tensor, Tensor> max(const Tensor& self, int64_t dim, bool keepdim) {
  return extreme_dim(self, dim, keepdim, true);
}
std::tuple<Tensor, Tensor> min(const Tensor& self, int64_t dim, bool keepdim) {
  return extreme_dim(self, dim, keepdim, false);
}
Tensor argmax(const Tensor& self, std::optional<int64_t> dim, bool keepdim) {
  return arg_extreme(self, dim, keepdim, true);
}
Tensor argmin(const Tensor& self, std::optional<int64_t> dim, bool keepdim) {
  return arg_extreme(self, dim, keepdim, false);
}

Tensor max(const Tensor& self, const Tensor& other) { return maximum(self, other); }
Tensor min(const Tensor& self, const Tensor& other) { return minimum(self, other); }
Tensor Tensor::max(const Tensor& other) const { return tg::maximum(*this, other); }
Tensor Tensor::min(const Tensor& other) const { return tg::minimum(*this, other); }
Tensor Tensor::max() const { return tg::max(*this); }
Tensor Tensor::min() const { return tg::min(*this); }
std::tuple<Tensor, Tensor> Tensor::max(int64_t dim, bool keepdim) const {
  return tg::max(*this, dim, keepdim);
}
std::tuple<Tensor, Tensor> Tensor::min(int64_t dim, bool keepdim) const {
  return tg::min(*this, dim, keepdim);
}
Tensor Tensor::argmax(std::optional<int64_t> dim, bool keepdim) const {
  return tg::argmax(*this, dim, keepdim);
}
Tensor Tensor::argmin(std::optional<int64_t> dim, bool keepdim) const {
  return tg::argmin(*this, dim, keepdim);
}

// ---------------------------------------------------------------- prod

Tensor prod(const Tensor& self, std::optional<ScalarType> dtype) {
  ScalarType t = dtype ? *dtype : (isIntegralType(self.scalar_type(), true) ? kLong
                                                                             : self.scalar_type());
  Tensor in = self.to(t); // differentiable: the gradient is cast back to self's dtype
  Tensor out = ops::empty_tensor({}, t);
  {
    NoGradGuard no_grad;
    Tensor x = in.contiguous();
    dispatch_all(t, "prod", [&]<typename T>() {
      using Acc = acc_t<T>;
      Acc r = Acc(1);
      kernels::reduce_orin<T, Acc>(x.data_ptr<T>(), &r, 1, x.numel(), 1, Acc(1),
                                   [](Acc a, Acc b) { return Acc(a * b); });
      out.data_ptr<T>()[0] = T(r);
    });
  }
  // d/dx_k Πx = Π_{j≠k} x_j, which is prod/x_k when no x_j is zero
  if (autograd::compute_requires_grad(in)) {
    autograd::record("ProdBackward0", {in}, out,
                     [s = SavedVariable(in, false),
                      r = SavedVariable(out, true)](const Tensor& grad, Node& node) {
                       Tensor x = s.unpack();
                       Tensor zero = x.eq(0);
                       int64_t zeros = zero.sum().item<int64_t>();
                       if (zeros == 0)
                         return variable_list{grad * r.unpack(node.shared_from_this()) / x};
                       // Two or more zeros: every partial product still contains a zero.
                       if (zeros > 1) return variable_list{zeros_like(x)};
                       // One zero x_z: its partial product is the product of the others; every
                       // other partial product is x_z * others / x_j, zero in value but kept as
                       // such so that its derivative in x_z (double backward) is right.
                       Tensor safe = where(zero, Scalar(1), x);
                       Tensor others = safe.prod();
                       Tensor xz = where(zero, x, Scalar(0)).sum();
                       return variable_list{where(zero, grad * others, grad * xz * others / safe)};
                     });
  }
  return out;
}
Tensor Tensor::prod(std::optional<ScalarType> dtype) const { return tg::prod(*this, dtype); }

// ---------------------------------------------------------------- var / std

namespace {
Tensor var_std(const Tensor& self, IntArrayRef dim, bool unbiased, bool keepdim, bool take_sqrt) {
  TG_CHECK(isFloatingType(self.scalar_type()),
           "std and var only support floating point and complex dtypes");
  DimVector dims = ops::reduce_dims(dim, self.dim(), take_sqrt ? "std" : "var");
  Tensor out;
  int64_t n = 0;
  {
    NoGradGuard no_grad;
    ReduceLayout L = kernels::reduce_layout(self, dims);
    n = L.reduced;
    out = alloc_out(L, keepdim, self.scalar_type());
    // Bessel's correction; no samples left over gives 0/0 = NaN, as in PyTorch
    const double divisor = double(std::max<int64_t>(0, n - (unbiased ? 1 : 0)));
    dispatch_floating(self.scalar_type(), take_sqrt ? "std" : "var", [&]<typename T>() {
      const T* x = L.input.data_ptr<T>();
      T* o = out.data_ptr<T>();
      for_rows(L.outer * L.inner, n, [&](int64_t b, int64_t e) {
        for (int64_t row = b; row < e; ++row) {
          const T* p = row_start(x, L, row);
          // Two passes: the mean first, then squared deviations (stable, unlike E[x²] - E[x]²).
          double sum = 0;
          for (int64_t r = 0; r < n; ++r) sum += double(p[r * L.inner]);
          const double mean = sum / double(n);
          double ss = 0;
          for (int64_t r = 0; r < n; ++r) {
            double dev = double(p[r * L.inner]) - mean;
            ss += dev * dev;
          }
          double v = ss / divisor;
          o[row] = T(take_sqrt ? std::sqrt(v) : v);
        }
      });
    });
  }
  if (autograd::compute_requires_grad(self)) {
    DimVector in_shape(self.sizes());
    const double divisor = double(std::max<int64_t>(0, n - (unbiased ? 1 : 0)));
    if (!take_sqrt) {
      // d/dx_i var(x) = 2 (x_i - mean) / (N - correction)
      autograd::record("VarBackward0", {self}, out,
                       [s = SavedVariable(self, false), in_shape, dims, keepdim,
                        divisor](const Tensor& grad) {
                         Tensor x = s.unpack();
                         Tensor g = ops::unsqueeze_reduced(grad, in_shape, dims, keepdim);
                         return variable_list{g * (x - x.mean(dims, true)) * (2.0 / divisor)};
                       });
    } else {
      // d/dx_i std(x) = (x_i - mean) / ((N - correction) std(x))
      autograd::record("StdBackward0", {self}, out,
                       [s = SavedVariable(self, false), r = SavedVariable(out, true), in_shape, dims,
                        keepdim, divisor](const Tensor& grad, Node& node) {
                         Tensor x = s.unpack();
                         Tensor g = ops::unsqueeze_reduced(grad, in_shape, dims, keepdim);
                         Tensor sd = ops::unsqueeze_reduced(r.unpack(node.shared_from_this()),
                                                            in_shape, dims, keepdim);
                         return variable_list{g * (x - x.mean(dims, true)) / (sd * divisor)};
                       });
    }
  }
  return out;
}
} // namespace

Tensor var(const Tensor& self, bool unbiased) { return var_std(self, {}, unbiased, false, false); }
Tensor var(const Tensor& self, IntArrayRef dim, bool unbiased, bool keepdim) {
  return var_std(self, dim, unbiased, keepdim, false);
}
Tensor std(const Tensor& self, bool unbiased) { return var_std(self, {}, unbiased, false, true); }
Tensor std(const Tensor& self, IntArrayRef dim, bool unbiased, bool keepdim) {
  return var_std(self, dim, unbiased, keepdim, true);
}
Tensor Tensor::var(bool unbiased) const { return tg::var(*this, unbiased); }
Tensor Tensor::var(IntArrayRef dim, bool unbiased, bool keepdim) const {
  return tg::var(*this, dim, unbiased, keepdim);
}
Tensor Tensor::std(bool unbiased) const { return tg::std(*this, unbiased); }
Tensor Tensor::std(IntArrayRef dim, bool unbiased, bool keepdim) const {
  return tg::std(*this, dim, unbiased, keepdim);
}

// ---------------------------------------------------------------- norm

namespace {
/// The p-norm of one row of n values `s` apart, accumulated in double.
template <typename T> double row_norm(const T* x, int64_t n, int64_t s, double p) {
  const double inf = std::numeric_limits<double>::infinity();
  if (p == inf || p == -inf) {
    double best = p > 0 ? 0.0 : inf;
    for (int64_t r = 0; r < n; ++r) {
      double a = std::abs(double(x[r * s]));
      if (a != a) return a; // NaN propagates
      best = p > 0 ? std::max(best, a) : std::min(best, a);
    }
    return best;
  }
  double acc = 0;
  if (p == 0) {
    for (int64_t r = 0; r < n; ++r) acc += x[r * s] != T(0) ? 1.0 : 0.0;
    return acc;
  }
  if (p == 1) {
    for (int64_t r = 0; r < n; ++r) acc += std::abs(double(x[r * s]));
    return acc;
  }
  if (p == 2) {
    for (int64_t r = 0; r < n; ++r) acc += double(x[r * s]) * double(x[r * s]);
    return std::sqrt(acc);
  }
  for (int64_t r = 0; r < n; ++r) acc += std::pow(std::abs(double(x[r * s])), p);
  return std::pow(acc, 1.0 / p);
}

Tensor norm_impl(const Tensor& self, double p, IntArrayRef dim, bool keepdim, const char* node_name) {
  TG_CHECK(isFloatingType(self.scalar_type()), "norm(): input dtype should be either floating "
           "point or complex. Got ", self.scalar_type(), " instead.");
  DimVector dims = ops::reduce_dims(dim, self.dim(), "norm");
  Tensor out;
  {
    NoGradGuard no_grad;
    ReduceLayout L = kernels::reduce_layout(self, dims);
    out = alloc_out(L, keepdim, self.scalar_type());
    dispatch_floating(self.scalar_type(), "norm", [&]<typename T>() {
      const T* x = L.input.data_ptr<T>();
      T* o = out.data_ptr<T>();
      for_rows(L.outer * L.inner, L.reduced, [&](int64_t b, int64_t e) {
        for (int64_t row = b; row < e; ++row)
          o[row] = T(row_norm(row_start(x, L, row), L.reduced, L.inner, p));
      });
    });
  }
  if (!autograd::compute_requires_grad(self)) return out;
  DimVector in_shape(self.sizes());
  autograd::record(node_name, {self}, out,
                   [s = SavedVariable(self, false), r = SavedVariable(out, true), in_shape, dims,
                    keepdim, p](const Tensor& grad, Node& node) {
    Tensor x = s.unpack();
    Tensor g = ops::unsqueeze_reduced(grad, in_shape, dims, keepdim);
    Tensor nrm = ops::unsqueeze_reduced(r.unpack(node.shared_from_this()), in_shape, dims, keepdim);
    // ‖x‖₀ counts nonzeros: piecewise constant
    if (p == 0) return variable_list{zeros_like(x)};
    // d/dx_i Σ|x| = sign(x_i)
    if (p == 1) return variable_list{x.sign() * g};
    if (std::isinf(p)) {
      // d/dx_i max|x| = sign(x_i) [|x_i| == max] / #ties, shared like max()
      Tensor mask = x.abs().eq(nrm).to(x.scalar_type());
      return variable_list{x.sign() * mask * g / mask.sum(dims, true)};
    }
    // d/dx_i ‖x‖_p = sign(x_i) |x_i|^(p-1) / ‖x‖^(p-1); taken as 0 where the norm is 0 (a
    // subgradient), with a safe denominator so that double backward stays finite there.
    Tensor is_zero = nrm.eq(0);
    Tensor safe = where(is_zero, Scalar(1), nrm);
    if (p == 2) return variable_list{x * where(is_zero, Scalar(0), g / safe)};
    if (p < 1) {
      // |x_i|^(p-1) is infinite at x_i = 0, where the one-sided slopes disagree: use 0 there.
      Tensor scaled = x.sign() * where(x.eq(0), Scalar(0), x.abs().pow(p - 1));
      return variable_list{scaled * g * nrm.pow(1 - p)};
    }
    Tensor scaled = x.sign() * x.abs().pow(p - 1);
    return variable_list{scaled * where(is_zero, Scalar(0), g / safe.pow(p - 1))};
  });
  return out;
}
} // namespace

Tensor norm(const Tensor& self, const Scalar& p) {
  return norm_impl(self, p.toDouble(), {}, false, "NormBackward0");
}
Tensor norm(const Tensor& self, const std::optional<Scalar>& p, IntArrayRef dim, bool keepdim) {
  return norm_impl(self, p ? p->toDouble() : 2.0, dim, keepdim, "NormBackward1");
}
Tensor Tensor::norm(const Scalar& p) const { return tg::norm(*this, p); }
Tensor Tensor::norm(const std::optional<Scalar>& p, IntArrayRef dim, bool keepdim) const {
  return tg::norm(*this, p, dim, keepdim);
}

// ---------------------------------------------------------------- logsumexp

Tensor logsumexp(const Tensor& self, IntArrayRef dim, bool keepdim) {
  // Integer inputs compute in the default float dtype.
  Tensor in = isFloatingType(self.scalar_type()) ? self : self.to(get_default_dtype());
  DimVector dims = ops::reduce_dims(dim, in.dim(), "logsumexp");
  Tensor out;
  {
    NoGradGuard no_grad;
    ReduceLayout L = kernels::reduce_layout(in, dims);
    out = alloc_out(L, keepdim, in.scalar_type());
    dispatch_floating(in.scalar_type(), "logsumexp", [&]<typename T>() {
      const T* x = L.input.data_ptr<T>();
      T* o = out.data_ptr<T>();
      const int64_t n = L.reduced, s = L.inner;
      for_rows(L.outer * L.inner, n, [&](int64_t b, int64_t e) {
        for (int64_t row = b; row < e; ++row) {
          const T* p = row_start(x, L, row);
          // Shift by the row max so exp cannot overflow; an infinite max is not subtracted
          // (inf - inf would be NaN), which still gives +inf or -inf as the answer.
          double m = -std::numeric_limits<double>::infinity();
          for (int64_t r = 0; r < n; ++r) m = std::max(m, double(p[r * s]));
          if (std::isinf(m)) m = 0;
          double sum = 0;
          for (int64_t r = 0; r < n; ++r) sum += std::exp(double(p[r * s]) - m);
          o[row] = T(std::log(sum) + m);
        }
      });
    });
  }
  // d/dx_i log Σexp(x) = exp(x_i - logsumexp(x)), the softmax
  if (autograd::compute_requires_grad(in)) {
    DimVector in_shape(in.sizes());
    autograd::record("LogsumexpBackward0", {in}, out,
                     [s = SavedVariable(in, false), r = SavedVariable(out, true), in_shape, dims,
                      keepdim](const Tensor& grad, Node& node) {
                       Tensor x = s.unpack();
                       Tensor g = ops::unsqueeze_reduced(grad, in_shape, dims, keepdim);
                       Tensor lse = ops::unsqueeze_reduced(r.unpack(node.shared_from_this()),
                                                           in_shape, dims, keepdim);
                       return variable_list{g * (x - lse).exp()};
                     });
  }
  return out;
}
Tensor Tensor::logsumexp(IntArrayRef dim, bool keepdim) const {
  return tg::logsumexp(*this, dim, keepdim);
}

// ---------------------------------------------------------------- cumsum

Tensor cumsum(const Tensor& self, int64_t dim, std::optional<ScalarType> dtype) {
  int64_t d = ops::wrap_dim(dim, self.dim(), "cumsum");
  ScalarType t = dtype ? *dtype : (isIntegralType(self.scalar_type(), true) ? kLong
                                                                             : self.scalar_type());
  Tensor in = self.to(t); // differentiable: the gradient is cast back to self's dtype
  Tensor out = ops::empty_tensor(in.sizes(), t);
  {
    NoGradGuard no_grad;
    ReduceLayout L = kernels::reduce_layout(in, {d});
    dispatch_all(t, "cumsum", [&]<typename T>() {
      using Acc = acc_t<T>;
      const T* x = L.input.data_ptr<T>();
      T* y = out.data_ptr<T>();
      const int64_t R = L.reduced, inner = L.inner;
      // One [R, inner] plane at a time, running sums kept for a whole row of `inner` columns.
      auto planes = [&](int64_t b, int64_t e) {
        std::vector<Acc> acc(static_cast<size_t>(inner));
        for (int64_t o = b; o < e; ++o) {
          std::fill(acc.begin(), acc.end(), Acc(0));
          const T* src = x + o * R * inner;
          T* dst = y + o * R * inner;
          for (int64_t r = 0; r < R; ++r)
            for (int64_t i = 0; i < inner; ++i) {
              acc[size_t(i)] = Acc(acc[size_t(i)] + Acc(src[r * inner + i]));
              dst[r * inner + i] = T(acc[size_t(i)]);
            }
        }
      };
      if (L.outer <= 1 || L.outer * R * inner < kernels::kParallelGrain) {
        planes(0, L.outer);
      } else {
        int64_t plane = std::max<int64_t>(R * inner, 1);
        int64_t grain = std::max<int64_t>(1, kernels::kParallelGrain / plane);
        kernels::parallel_for(0, L.outer, grain, planes);
      }
    });
  }
  // d/dx_j Σ_{k≤i} x_k = [j ≤ i]: the gradient is the reversed cumulative sum of grad
  if (autograd::compute_requires_grad(in)) {
    autograd::record("CumsumBackward0", {in}, out, [d](const Tensor& grad) {
      return variable_list{grad.sum(d, true) - grad.cumsum(d) + grad};
    });
  }
  return out;
}
Tensor Tensor::cumsum(int64_t dim, std::optional<ScalarType> dtype) const {
  return tg::cumsum(*this, dim, dtype);
}

} // namespace tg
