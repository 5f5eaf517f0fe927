#include "autograd/kernels/nll.h"

#include "autograd/kernels/dispatch.h"

namespace tg::kernels {

double nll_loss(const Tensor& x, const Tensor& target, const Tensor& weight, const Tensor& out,
                const NllShape& s, int64_t ignore_index, NllReduction reduction) {
  const bool none = reduction == NllReduction::None;
  double total_weight = 0;
  dispatch_floating(x.scalar_type(), "nll_loss", [&]<typename T>() {
    const T* xp = x.data_ptr<T>();
    const int64_t* tp = target.data_ptr<int64_t>();
    const T* wp = weight.defined() ? weight.data_ptr<T>() : nullptr;
    T* op = out.data_ptr<T>();
    double total = 0;
    for (int64_t n = 0; n < s.N; ++n) {
      for (int64_t i = 0; i < s.S; ++i) {
        const int64_t k = n * s.S + i, cls = tp[k];
        if (cls == ignore_index) {
          if (none) op[k] = T(0);
          continue;
        }
        TG_CHECK(cls >= 0 && cls < s.C, "nll_loss: Target ", cls,
                 " is out of bounds (the input has ", s.C, " classes; ignore_index is ",
                 ignore_index, ")");
        const double wc = wp ? double(wp[cls]) : 1.0;
        const double loss = -wc * double(xp[(n * s.C + cls) * s.S + i]);
        if (none) op[k] = T(loss);
        total += loss;
        total_weight += wc;
      }
    }
    if (reduction == NllReduction::Sum) op[0] = T(total);
    if (reduction == NllReduction::Mean) op[0] = T(total / total_weight); // all ignored: nan
  });
  return total_weight;
}

void nll_loss_coefficients(const Tensor& target, const Tensor& weight, const Tensor& coef,
                           const NllShape& s, int64_t ignore_index, double scale) {
  dispatch_floating(coef.scalar_type(), "nll_loss_backward", [&]<typename T>() {
    const int64_t* tp = target.data_ptr<int64_t>();
    const T* wp = weight.defined() ? weight.data_ptr<T>() : nullptr;
    T* cp = coef.data_ptr<T>();
    for (int64_t n = 0; n < s.N; ++n)
      for (int64_t i = 0; i < s.S; ++i) {
        const int64_t cls = tp[n * s.S + i];
        if (cls == ignore_index) continue;
        cp[(n * s.C + cls) * s.S + i] = T(-(wp ? double(wp[cls]) : 1.0) * scale);
      }
  });
}

} // namespace tg::kernels
