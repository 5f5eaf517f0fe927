// Sorting: sort, argsort and topk. Each orders a permutation of every row along `dim`; the
// backward sends the gradient of each picked value back to the position it was picked from.
#include <algorithm>
#include <cmath>
#include <numeric>

#include "autograd/kernels/loop.h"
#include "autograd/kernels/parallel_for.h"
#include "autograd/ops/index_internal.h"

namespace tg {

using autograd::variable_list;
using ops::offsets_of;
using ops::sizes1;
using ops::strides1;
using ops::without;

namespace {

/// a < b with NaN above everything, as PyTorch orders values.
template <typename T> bool nan_less(T a, T b) {
  if constexpr (std::is_floating_point_v<T>) {
    return a < b || (std::isnan(b) && !std::isnan(a));
  } else {
    return a < b;
  }
}

/// For every row along `dim`: fills `k` values and int64 indices chosen by `pick`, which receives
/// the row (a strided view) and a permutation buffer to order in place.
template <typename Pick>
std::tuple<Tensor, Tensor> select_rows(const Tensor& self, int64_t dim, int64_t k, const char* op,
                                       Pick pick) {
  DimVector out_shape(self.sizes());
  if (self.dim() > 0) out_shape[size_t(dim)] = k;
  Tensor values = ops::empty_tensor(out_shape, self.scalar_type());
  Tensor indices = ops::empty_tensor(out_shape, kLong);
  if (values.numel() == 0) return {values, indices};
  DimVector ss = sizes1(self);
  DimVector outer = without(ss, dim);
  std::vector<int64_t> soff = offsets_of(outer, without(strides1(self), dim));
  std::vector<int64_t> ooff = offsets_of(outer, without(strides1(values), dim));
  const int64_t n = ss[size_t(dim)];
  const int64_t sst = strides1(self)[size_t(dim)], ost = strides1(values)[size_t(dim)];
  dispatch_all(self.scalar_type(), op, [&]<typename T>() {
    const T* s = static_cast<const T*>(self.unsafeGetTensorImpl()->data());
    T* vo = values.data_ptr<T>();
    int64_t* io = indices.data_ptr<int64_t>();
    auto body = [&](size_t r0, size_t r1) {
      std::vector<int64_t> perm(static_cast<size_t>(n)); // one buffer per chunk of rows
      for (size_t r = r0; r < r1; ++r) {
        const T* row = s + soff[r];
        std::iota(perm.begin(), perm.end(), 0);
        pick(perm, [row, sst](int64_t i) { return row[i * sst]; });
        for (int64_t j = 0; j < k; ++j) {
          vo[ooff[r] + j * ost] = row[perm[size_t(j)] * sst];
          io[ooff[r] + j * ost] = perm[size_t(j)];
        }
      }
    };
    if (self.numel() < kernels::kParallelGrain) {
      body(0, soff.size());
    } else {
      size_t grain =
          size_t(std::max<int64_t>(1, kernels::kParallelGrain / std::max<int64_t>(n, 1)));
      kernels::parallel_for(0, int64_t(soff.size()), int64_t(grain), body);
    }
  });
  return {values, indices};
}

/// The backward of sort/topk: each picked value's gradient goes back to where it was picked from.
void record_selection(const char* name, const Tensor& self, Tensor& values, const Tensor& indices,
                      int64_t dim) {
  if (!autograd::compute_requires_grad(self)) return;
  DimVector shape(self.sizes());
  autograd::record(name, {self}, values, [shape, dim, indices](const Tensor& grad) {
    if (shape.empty()) return variable_list{grad};
    return variable_list{zeros(shape, grad.scalar_type()).scatter(dim, indices, grad)};
  });
}

} // namespace

std::tuple<Tensor, Tensor> sort(const Tensor& self, int64_t dim, bool descending) {
  const int64_t d = ops::wrap_dim(dim, self.dim(), "sort");
  const int64_t n = sizes1(self)[size_t(d)];
  auto [values, indices] =
      select_rows(self, d, n, "sort", [descending](std::vector<int64_t>& perm, auto at) {
        // stable: equal values keep their original order, in both directions
        if (descending)
          std::stable_sort(perm.begin(), perm.end(),
                           [&](int64_t i, int64_t j) { return nan_less(at(j), at(i)); });
        else
          std::stable_sort(perm.begin(), perm.end(),
                           [&](int64_t i, int64_t j) { return nan_less(at(i), at(j)); });
      });
  // d/dself: the gradient of sorted position j goes back to original position indices[j]
  record_selection("SortBackward0", self, values, indices, d);
  return {values, indices};
}
std::tuple<Tensor, Tensor> Tensor::sort(int64_t dim, bool descending) const {
  return tg::sort(*this, dim, descending);
}
Tensor argsort(const Tensor& self, int64_t dim, bool descending) {
  NoGradGuard ng; // indices only
  return std::get<1>(sort(self, dim, descending));
}
Tensor Tensor::argsort(int64_t dim, bool descending) const {
  return tg::argsort(*this, dim, descending);
}

std::tuple<Tensor, Tensor> topk(const Tensor& self, int64_t k, int64_t dim, bool largest, bool) {
  const int64_t d = ops::wrap_dim(dim, self.dim(), "topk");
  const int64_t n = sizes1(self)[size_t(d)];
  TG_CHECK(k >= 0 && k <= n, "topk: k (", k, ") is out of range for dimension ", dim, " of size ",
           n);
  auto [values, indices] =
      select_rows(self, d, k, "topk", [largest, k](std::vector<int64_t>& perm, auto at) {
        // ties go to the lower index, so the result is deterministic (and always sorted)
        auto mid = perm.begin() + k;
        if (largest)
          std::partial_sort(perm.begin(), mid, perm.end(), [&](int64_t i, int64_t j) {
            return nan_less(at(j), at(i)) || (!nan_less(at(i), at(j)) && i < j);
          });
        else
          std::partial_sort(perm.begin(), mid, perm.end(), [&](int64_t i, int64_t j) {
            return nan_less(at(i), at(j)) || (!nan_less(at(j), at(i)) && i < j);
          });
      });
  // d/dself: the gradient of each kept value goes back to its position; 0 for the rest
  record_selection("TopkBackward0", self, values, indices, d);
  return {values, indices};
}
std::tuple<Tensor, Tensor> Tensor::topk(int64_t k, int64_t dim, bool largest, bool sorted) const {
  return tg::topk(*this, k, dim, largest, sorted);
}

} // namespace tg
