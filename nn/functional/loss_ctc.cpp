// The CTC loss: checks, the kernel calls (autograd/kernels/ctc.cpp) and the reduction. The loss is
// a node of its own, CtcLossBackward0, as in LibTorch, whose gradient it reproduces: the alpha
// and beta recursions give Σ alpha·beta per (frame, label), and the recorded gradient is the one
// with respect to the logits of a log_softmax (see ctc.h). That gradient is computed in a loop, not
// with tensor ops, so it is not differentiable again (nor is LibTorch's).
#include <algorithm>
#include <limits>
#include <vector>

#include "autograd/kernels/ctc.h"
#include "autograd/ops/functions.h"
#include "autograd/ops/internal.h"
#include "autograd/tensor/tensor_data.h"
#include "nn/functional.h"

namespace tg {

using autograd::Node;
using autograd::SavedVariable;
using autograd::variable_list;

namespace {

std::vector<int64_t> lengths_of(const Tensor& lengths, const char* what) {
  TG_CHECK(lengths.defined() && isIntegralType(lengths.scalar_type(), false), "ctc_loss: ", what,
           " must be integral, got ", lengths.defined() ? str(lengths.scalar_type()) : "none");
  TG_CHECK(lengths.dim() <= 1, "ctc_loss: ", what,
           " must be a 1-D tensor of one length per "
           "sample, got shape ",
           lengths.sizes());
  Tensor l = lengths.to(kLong).contiguous();
  const int64_t* p = l.data_ptr<int64_t>();
  return std::vector<int64_t>(p, p + l.numel());
}

/// -log p(target | input) per sample, [N]; infinite where no alignment exists.
Tensor ctc_negative_log_likelihood(const Tensor& log_probs, const Tensor& targets,
                                   IntArrayRef input_lengths, IntArrayRef target_lengths,
                                   int64_t blank, bool zero_infinity) {
  TG_CHECK(log_probs.defined() && targets.defined(), "ctc_loss: log_probs and targets must be "
                                                     "defined");
  TG_CHECK(log_probs.is_floating_point(), "ctc_loss: expected floating point log_probs, got ",
           log_probs.scalar_type());
  TG_CHECK(log_probs.dim() == 3,
           "ctc_loss: expected log_probs of shape [T, N, C] (frames, batch, "
           "classes), got ",
           log_probs.sizes());
  TG_CHECK(isIntegralType(targets.scalar_type(), false),
           "ctc_loss: expected integer targets "
           "(class labels), got ",
           targets.scalar_type());
  const int64_t Tmax = log_probs.size(0), N = log_probs.size(1), C = log_probs.size(2);
  TG_CHECK(blank >= 0 && blank < C, "ctc_loss: blank must be in label range: blank ", blank,
           " for ", C, " classes");
  TG_CHECK(int64_t(input_lengths.size()) == N,
           "ctc_loss: input_lengths must be of size "
           "batch_size: got ",
           input_lengths.size(), " lengths for a batch of ", N);
  TG_CHECK(int64_t(target_lengths.size()) == N,
           "ctc_loss: target_lengths must be of size "
           "batch_size: got ",
           target_lengths.size(), " lengths for a batch of ", N);
  Tensor tgt = targets.to(kLong).contiguous();
  std::vector<int64_t> offsets(static_cast<size_t>(N));
  int64_t max_target_length = 0, stride = 1;
  for (int64_t n = 0; n < N; ++n) {
    TG_CHECK(target_lengths[size_t(n)] >= 0 && input_lengths[size_t(n)] >= 0,
             "ctc_loss: lengths "
             "must not be negative (sample ",
             n, ": input ", input_lengths[size_t(n)], ", target ", target_lengths[size_t(n)], ")");
    TG_CHECK(input_lengths[size_t(n)] <= Tmax,
             "ctc_loss: Expected input_lengths to have value at "
             "most ",
             Tmax, ", but got value ", input_lengths[size_t(n)], " (sample ", n, ")");
    max_target_length = std::max(max_target_length, target_lengths[size_t(n)]);
  }
  if (tgt.dim() == 1) { // concatenated: sample n's labels follow sample n - 1's
    int64_t pos = 0;
    for (int64_t n = 0; n < N; ++n) {
      offsets[size_t(n)] = pos;
      pos += target_lengths[size_t(n)];
    }
    TG_CHECK(tgt.size(0) == pos, "ctc_loss: concatenated targets of shape ", tgt.sizes(),
             " must hold the sum of target_lengths, ", pos, " labels");
  } else {
    TG_CHECK(tgt.dim() == 2 && tgt.size(0) == N,
             "ctc_loss: expected targets of shape [N, S] "
             "with N = ",
             N, ", or concatenated [sum(target_lengths)], got ", tgt.sizes());
    TG_CHECK(tgt.size(1) >= max_target_length, "ctc_loss: Expected tensor to have size at least ",
             max_target_length, " at dimension 1, but got size ", tgt.size(1), " for targets");
    stride = 1;
    for (int64_t n = 0; n < N; ++n) offsets[size_t(n)] = n * tgt.size(1);
  }
  const int64_t* tp = tgt.data_ptr<int64_t>();
  for (int64_t n = 0; n < N; ++n)
    for (int64_t k = 0; k < target_lengths[size_t(n)]; ++k) {
      const int64_t label = tp[offsets[size_t(n)] + k * stride];
      TG_CHECK(label >= 0 && label < C, "ctc_loss: target label ", label, " of sample ", n,
               " is out of range for ", C, " classes");
    }

  kernels::CtcProblem prob;
  prob.max_input_length = Tmax;
  prob.batch = N;
  prob.classes = C;
  prob.max_target_length = max_target_length;
  prob.blank = blank;
  prob.target_stride = stride;
  const ScalarType st = log_probs.scalar_type();
  Tensor x = log_probs.contiguous();
  Tensor nll = ops::empty_tensor({N}, st);
  Tensor log_alpha = ops::empty_tensor({N, Tmax, 2 * max_target_length + 1}, st);
  std::vector<int64_t> il(input_lengths.begin(), input_lengths.end());
  std::vector<int64_t> tl(target_lengths.begin(), target_lengths.end());
  auto bind = [](kernels::CtcProblem q, const Tensor& t, const std::vector<int64_t>& off,
                 const std::vector<int64_t>& in, const std::vector<int64_t>& out) {
    q.targets = t.data_ptr<int64_t>();
    q.target_offsets = off.data();
    q.input_lengths = in.data();
    q.target_lengths = out.data();
    return q;
  };
  dispatch_floating(st, "ctc_loss", [&]<typename T>() {
    kernels::ctc_loss_forward<T>(bind(prob, tgt, offsets, il, tl), x.data_ptr<T>(),
                                 nll.data_ptr<T>(), log_alpha.data_ptr<T>());
  });
  if (autograd::compute_requires_grad(log_probs)) {
    autograd::record(
        "CtcLossBackward0", {log_probs}, nll,
        [prob, bind, tgt, offsets, il, tl, log_alpha, zero_infinity, st,
         sx = SavedVariable(log_probs, false), raw = nll.clone()](const Tensor& grad, Node&) {
          Tensor lp = sx.unpack().contiguous(), g = grad.to(st).contiguous();
          Tensor out = ops::empty_tensor(lp.sizes(), st);
          dispatch_floating(st, "ctc_loss_backward", [&]<typename T>() {
            kernels::ctc_loss_backward<T>(bind(prob, tgt, offsets, il, tl), lp.data_ptr<T>(),
                                          raw.data_ptr<T>(), log_alpha.data_ptr<T>(),
                                          g.data_ptr<T>(), zero_infinity, out.data_ptr<T>());
          });
          return variable_list{out};
        });
  }
  return nll;
}

} // namespace

// Mean divides each loss by its target length (at least 1) before averaging, as LibTorch does.
Tensor ctc_loss(const Tensor& log_probs, const Tensor& targets, IntArrayRef input_lengths,
                IntArrayRef target_lengths, int64_t blank, int64_t reduction, bool zero_infinity) {
  Tensor res = ctc_negative_log_likelihood(log_probs, targets, input_lengths, target_lengths, blank,
                                           zero_infinity);
  if (zero_infinity) res = where(res == std::numeric_limits<double>::infinity(), 0.0, res);
  switch (reduction) {
  case Reduction::Mean: {
    std::vector<double> lengths(target_lengths.begin(), target_lengths.end());
    Tensor divisor =
        tg::tensor(lengths, {int64_t(lengths.size())}, kDouble).to(res.scalar_type()).clamp_min(1);
    return (res / divisor).mean();
  }
  case Reduction::Sum:
    return res.sum();
  case Reduction::None:
    return res;
  default:
    break;
  }
  throw Error(str("ctc_loss: ", reduction,
                  " is not a valid value for reduction (expected "
                  "Reduction::None, Reduction::Mean or Reduction::Sum)"));
}

Tensor ctc_loss(const Tensor& log_probs, const Tensor& targets, const Tensor& input_lengths,
                const Tensor& target_lengths, int64_t blank, int64_t reduction,
                bool zero_infinity) {
  std::vector<int64_t> il = lengths_of(input_lengths, "input_lengths");
  std::vector<int64_t> tl = lengths_of(target_lengths, "target_lengths");
  return ctc_loss(log_probs, targets, IntArrayRef(il), IntArrayRef(tl), blank, reduction,
                  zero_infinity);
}

} // namespace tg

namespace tg::nn::functional {

Tensor ctc_loss(const Tensor& log_probs, const Tensor& targets, const Tensor& input_lengths,
                const Tensor& target_lengths, const CTCLossFuncOptions& options) {
  return tg::ctc_loss(log_probs, targets, input_lengths, target_lengths, options.blank(),
                      enumtype::reduction_get_enum(options.reduction()), options.zero_infinity());
}

} // namespace tg::nn::functional
