// Matrix products. The GEMM is autograd/kernels/matmul.h (CBLAS; a transposed operand is passed as
// a BLAS flag, not copied). matmul's broadcasting cases are composed from mm/bmm and views, so their gradients come
// from those ops.
#include "autograd/graph/gradient_destination.h"
#include "autograd/kernels/loop.h"
#include "autograd/kernels/matmul.h"
#include "autograd/ops/internal.h"

namespace tg {

using autograd::Node;
using autograd::SavedVariable;
using autograd::variable_list;

namespace {

void check_same_dtype(const Tensor& a, const Tensor& b, const char* op) {
  TG_CHECK(a.scalar_type() == b.scalar_type(), op, ": expected both operands to have the same "
           "dtype, but got ", a.scalar_type(), " and ", b.scalar_type());
}

/// When the engine offers gradient `i` of `node` a destination (gradient_destination.h), adds
/// lhs·rhs into it and returns true; false: the caller returns the product as usual.
bool add_product_into_destination(Node& node, size_t i, const Tensor& lhs, const Tensor& rhs) {
  Tensor into = autograd::gradient_destination(node, i, {lhs, rhs});
  if (!into.defined()) return false;
  if (kernels::has_contiguous_rows(into)) {
    kernels::mm_add(lhs, rhs, into);
  } else if (kernels::has_contiguous_rows(into.t())) {
    kernels::mm_add(rhs.t(), lhs.t(), into.t()); // (L·R)ᵀ = Rᵀ·Lᵀ into the transposed window
  } else {
    into.add_(lhs.mm(rhs)); // any other window: a product, then an add
    return true;            // (add_ bumped the version)
  }
  ops::bump_version(into);
  return true;
}

/// The gradients of A·B for A and B, inputs `first` and `first + 1` of `node`, from the saved
/// A (`a`, kept only when B needs a gradient) and B (`b`, kept only when A needs one):
/// d/dA (A·B) = G·Bᵀ, d/dB (A·B) = Aᵀ·G. When B is a transposed view (linear's weight.t()), B̄ is
/// computed as (Gᵀ·A)ᵀ, so that after the view's own backward it arrives in the weight's row-major
/// layout: accumulating a transposed gradient into weight.grad walked memory column by column and
/// was 4% of mnist_cnn's time. A leaf's .grad() that the engine offers as destination gets the
/// product added in place (linear's weight after the first step): one GEMM with beta = 1 instead of
/// a new buffer and an add (autograd/graph/gradient_destination.h).
std::pair<Tensor, Tensor> product_grads(Node& node, size_t first, const Tensor& grad,
                                        const SavedVariable& a, const SavedVariable& b,
                                        bool b_transposed) {
  Tensor ga, gb;
  if (node.needs_input_grad(first)) {
    Tensor bt = b.unpack().t();
    if (!add_product_into_destination(node, first, grad, bt)) ga = grad.mm(bt);
  }
  if (node.needs_input_grad(first + 1)) {
    Tensor at = a.unpack().t();
    if (!add_product_into_destination(node, first + 1, at, grad))
      gb = b_transposed ? grad.t().mm(at.t()).t() : at.mm(grad);
  }
  return {ga, gb};
}

bool is_transposed(const Tensor& m) { return m.stride(0) == 1 && m.stride(1) != 1; }

void check_mm_shapes(const Tensor& self, const Tensor& mat2, const char* op) {
  TG_CHECK(self.dim() == 2 && mat2.dim() == 2, op, ": expected 2-D matrices, got ", self.sizes(),
           " and ", mat2.sizes());
  TG_CHECK(self.size(1) == mat2.size(0), op, ": cannot multiply ", self.sizes(), " by ",
           mat2.sizes(), " (", self.size(1), " != ", mat2.size(0), ")");
  check_same_dtype(self, mat2, op);
}

/// bias + mat1·mat2 for a 1-D bias of mat2's width (linear on a batch of vectors, as LibTorch's
/// linear calls addmm): every row of the result starts as the bias and the GEMM adds the product
/// into it (beta = 1), so there is no separate pass over the result to add the bias.
Tensor addmm_bias(const Tensor& bias, const Tensor& mat1, const Tensor& mat2) {
  check_mm_shapes(mat1, mat2, "addmm");
  const int64_t n = mat1.size(0), m = mat2.size(1);
  Tensor out = ops::empty_tensor({n, m}, mat1.scalar_type());
  kernels::copy(out, ops::make_alias(bias, {n, m}, {0, bias.stride(0)}, bias.storage_offset()));
  kernels::mm_add(mat1, mat2, out);
  // d/dbias = G summed over the rows (the engine sums the broadcast rows down to bias's shape);
  // d/dmat1, d/dmat2 as for mm
  if (autograd::compute_requires_grad(bias, mat1, mat2)) {
    autograd::record("AddmmBackward0", {bias, mat1, mat2}, out,
                     [a = SavedVariable(mat2.requires_grad() ? mat1 : Tensor(), false),
                      b = SavedVariable(mat1.requires_grad() ? mat2 : Tensor(), false),
                      b_transposed = is_transposed(mat2)](const Tensor& grad, Node& node) {
                       auto [ga, gb] = product_grads(node, 1, grad, a, b, b_transposed);
                       return variable_list{node.needs_input_grad(0) ? grad : Tensor(), ga, gb};
                     });
  }
  return out;
}

} // namespace

Tensor mm(const Tensor& self, const Tensor& mat2) {
  check_mm_shapes(self, mat2, "mm");
  Tensor out = ops::empty_tensor({self.size(0), mat2.size(1)}, self.scalar_type());
  kernels::mm(self, mat2, out);
  // d/dA (A·B) = G·Bᵀ, d/dB (A·B) = Aᵀ·G (product_grads)
  if (autograd::compute_requires_grad(self, mat2)) {
    autograd::record("MmBackward0", {self, mat2}, out,
                     [a = SavedVariable(mat2.requires_grad() ? self : Tensor(), false),
                      b = SavedVariable(self.requires_grad() ? mat2 : Tensor(), false),
                      b_transposed = is_transposed(mat2)](const Tensor& grad, Node& node) {
                       auto [ga, gb] = product_grads(node, 0, grad, a, b, b_transposed);
                       return variable_list{ga, gb};
                     });
  }
  return out;
}

Tensor bmm(const Tensor& self, const Tensor& mat2) {
  TG_CHECK(self.dim() == 3 && mat2.dim() == 3, "bmm: expected 3-D tensors, got ", self.sizes(),
           " and ", mat2.sizes());
  TG_CHECK(self.size(0) == mat2.size(0) && self.size(2) == mat2.size(1), "bmm: cannot multiply ",
           self.sizes(), " by ", mat2.sizes());
  check_same_dtype(self, mat2, "bmm");
  Tensor out = ops::empty_tensor({self.size(0), self.size(1), mat2.size(2)}, self.scalar_type());
  kernels::bmm(self, mat2, out);
  // per batch: d/dA = G·Bᵀ, d/dB = Aᵀ·G
  if (autograd::compute_requires_grad(self, mat2)) {
    autograd::record("BmmBackward0", {self, mat2}, out,
                     [a = SavedVariable(mat2.requires_grad() ? self : Tensor(), false),
                      b = SavedVariable(self.requires_grad() ? mat2 : Tensor(), false)](
                         const Tensor& grad, Node& node) {
                       return variable_list{
                           node.needs_input_grad(0) ? grad.bmm(b.unpack().transpose(1, 2)) : Tensor(),
                           node.needs_input_grad(1) ? a.unpack().transpose(1, 2).bmm(grad) : Tensor()};
                     });
  }
  return out;
}

Tensor matmul(const Tensor& a, const Tensor& b) {
  TG_CHECK(a.dim() >= 1 && b.dim() >= 1, "matmul: both arguments need at least 1 dimension, got ",
           a.dim(), "D and ", b.dim(), "D");
  TG_CHECK(a.scalar_type() == b.scalar_type(),
           "matmul: expected both operands to have the same "
           "dtype, got ",
           a.scalar_type(), " and ", b.scalar_type());
  auto mismatch = [&](int64_t ka, int64_t kb) {
    TG_CHECK(ka == kb, "matmul: cannot multiply ", a.sizes(), " by ", b.sizes(), " (", ka,
             " != ", kb, ")");
  };
  if (a.dim() == 1 && b.dim() == 1) {
    mismatch(a.size(0), b.size(0));
    return mm(a.unsqueeze(0), b.unsqueeze(1)).view({});
  }
  if (a.dim() == 2 && b.dim() == 1) {
    mismatch(a.size(1), b.size(0));
    return mm(a, b.unsqueeze(1)).squeeze(1);
  }
  if (a.dim() == 1 && b.dim() == 2) {
    mismatch(a.size(0), b.size(0));
    return mm(a.unsqueeze(0), b).squeeze(0);
  }
  if (a.dim() == 2 && b.dim() == 2) {
    mismatch(a.size(1), b.size(0));
    return mm(a, b);
  }
  if (a.dim() >= 3 && b.dim() <= 2) {
    // Fold the batch dims of `a` into rows: one big GEMM instead of many small ones.
    Tensor bb = b.dim() == 1 ? b.unsqueeze(1) : b;
    mismatch(a.size(-1), bb.size(0));
    DimVector out_shape(a.sizes());
    out_shape.back() = bb.size(1);
    Tensor r = mm(a.reshape({-1, a.size(-1)}), bb).view(out_shape);
    return b.dim() == 1 ? r.squeeze(-1) : r;
  }
  // General batched case: broadcast the batch dims, then bmm.
  Tensor aa = a.dim() == 1 ? a.unsqueeze(0) : a;
  Tensor bb = b.dim() == 1 ? b.unsqueeze(1) : b;
  mismatch(aa.size(-1), bb.size(-2));
  IntArrayRef ab = aa.sizes().slice(0, aa.dim() - 2), bbatch = bb.sizes().slice(0, bb.dim() - 2);
  DimVector batch = ops::broadcast_shapes(ab, bbatch, "matmul");
  int64_t nb = 1;
  for (int64_t s : batch) nb *= s;
  DimVector ea(batch), eb(batch), out_shape(batch);
  ea.push_back(aa.size(-2));
  ea.push_back(aa.size(-1));
  eb.push_back(bb.size(-2));
  eb.push_back(bb.size(-1));
  out_shape.push_back(aa.size(-2));
  out_shape.push_back(bb.size(-1));
  Tensor r = bmm(aa.expand(ea).reshape({nb, aa.size(-2), aa.size(-1)}),
                 bb.expand(eb).reshape({nb, bb.size(-2), bb.size(-1)}))
                 .view(out_shape);
  if (a.dim() == 1) r = r.squeeze(-2);
  if (b.dim() == 1) r = r.squeeze(-1);
  return r;
}

Tensor mv(const Tensor& self, const Tensor& vec) {
  TG_CHECK(self.dim() == 2 && vec.dim() == 1, "mv: expected a matrix and a vector, got ",
           self.sizes(), " and ", vec.sizes());
  return matmul(self, vec);
}
Tensor dot(const Tensor& self, const Tensor& other) {
  TG_CHECK(self.dim() == 1 && other.dim() == 1, "dot: 1D tensors expected, but got ", self.dim(),
           "D and ", other.dim(), "D tensors");
  TG_CHECK(self.size(0) == other.size(0), "dot: inconsistent tensor size, expected tensor [",
           self.size(0), "] and src [", other.size(0), "] to have the same number of elements");
  return matmul(self, other);
}
Tensor addmm(const Tensor& self, const Tensor& mat1, const Tensor& mat2, const Scalar& beta,
             const Scalar& alpha) {
  Tensor prod = mm(mat1, mat2);
  if (alpha.toDouble() != 1.0) prod = prod * alpha;
  if (beta.toDouble() == 0.0) return prod;
  return beta.toDouble() == 1.0 ? prod + self : prod + self * beta;
}
namespace {
/// beta·self + prod, where prod already carries alpha; with beta = 0 self is not read (so NaNs
/// in it do not propagate), as LibTorch documents for addmm, baddbmm and addbmm.
Tensor add_scaled(const Tensor& self, const Tensor& prod, const Scalar& beta, const char* op) {
  TG_CHECK(self.defined(), op, ": self is undefined");
  if (beta.toDouble() == 0.0) return prod;
  return beta.toDouble() == 1.0 ? prod + self : prod + self * beta;
}
} // namespace
Tensor baddbmm(const Tensor& self, const Tensor& batch1, const Tensor& batch2, const Scalar& beta,
               const Scalar& alpha) {
  TG_CHECK(batch1.dim() == 3 && batch2.dim() == 3,
           "baddbmm: batch1 must be a 3D tensor and "
           "batch2 must be a 3D tensor, got ",
           batch1.sizes(), " and ", batch2.sizes());
  TG_CHECK(batch1.size(0) == batch2.size(0) && batch1.size(2) == batch2.size(1),
           "baddbmm: Expected size for first two dimensions of batch2 tensor to be: [",
           batch1.size(0), ", ", batch1.size(2), "] but got: [", batch2.size(0), ", ",
           batch2.size(1), "].");
  Tensor prod = bmm(batch1, batch2);
  if (alpha.toDouble() != 1.0) prod = prod * alpha;
  return add_scaled(self, prod, beta, "baddbmm");
}
Tensor addbmm(const Tensor& self, const Tensor& batch1, const Tensor& batch2, const Scalar& beta,
              const Scalar& alpha) {
  TG_CHECK(batch1.dim() == 3 && batch2.dim() == 3,
           "addbmm: batch1 must be a 3D tensor and "
           "batch2 must be a 3D tensor, got ",
           batch1.sizes(), " and ", batch2.sizes());
  TG_CHECK(batch1.size(0) == batch2.size(0) && batch1.size(2) == batch2.size(1),
           "addbmm: Expected size for first two dimensions of batch2 tensor to be: [",
           batch1.size(0), ", ", batch1.size(2), "] but got: [", batch2.size(0), ", ",
           batch2.size(1), "].");
  // Σ_b batch1[b]·batch2[b] is one [n, b·k] x [b·k, m] product
  const int64_t b = batch1.size(0), n = batch1.size(1), k = batch1.size(2), m = batch2.size(2);
  Tensor prod = mm(batch1.permute({1, 0, 2}).reshape({n, b * k}), batch2.reshape({b * k, m}));
  if (alpha.toDouble() != 1.0) prod = prod * alpha;
  return add_scaled(self, prod, beta, "addbmm");
}

Tensor linear(const Tensor& input, const Tensor& weight, const Tensor& bias) {
  TG_CHECK(input.defined() && weight.defined(), "linear: input and weight must be defined");
  TG_CHECK(input.dim() >= 1 && weight.dim() == 2,
           "linear: expected an input of at least 1 dim and a "
           "2-D weight, got input of shape ",
           input.sizes(), " and weight of shape ", weight.sizes());
  TG_CHECK(
      !bias.defined() || (bias.dim() <= 1 && (bias.numel() == weight.size(0) || bias.numel() == 1)),
      "linear: bias of shape ", bias.defined() ? bias.sizes() : IntArrayRef(),
      " does not match weight of shape ", weight.sizes(), " (out_features ", weight.size(0), ")");
  TG_CHECK(input.size(-1) == weight.size(-1), "linear: input of shape ", input.sizes(),
           " does not match weight of shape ", weight.sizes(), " (in_features ", weight.size(-1),
           " != ", input.size(-1), ")");
  // LibTorch's linear: addmm for a batch of vectors with a bias, else matmul and an add
  if (input.dim() == 2 && bias.defined() && bias.dim() == 1 &&
      bias.scalar_type() == input.scalar_type() && bias.size(0) == weight.size(0))
    return addmm_bias(bias, input, weight.t());
  Tensor out = matmul(input, weight.t());
  return bias.defined() ? out + bias : out;
}

Tensor bilinear(const Tensor& input1, const Tensor& input2, const Tensor& weight,
                const Tensor& bias) {
  TG_CHECK(input1.defined() && input2.defined() && weight.defined(),
           "bilinear(): input1, input2 and weight must be defined");
  TG_CHECK(input1.dim() == input2.dim() && input1.dim() >= 1,
           "bilinear(): input dimensions do not match: got ", input1.dim(), " and ", input2.dim());
  for (int64_t d = 0; d < input1.dim() - 1; ++d)
    TG_CHECK(input1.size(d) == input2.size(d),
             "bilinear(): input batch dimensions do not match: got ", input1.sizes(), " and ",
             input2.sizes());
  TG_CHECK(weight.dim() == 3, "bilinear(): expected a 3-D weight [out, in1, in2], got ",
           weight.sizes());
  TG_CHECK(input1.size(-1) == weight.size(1),
           "bilinear(): input1 size does not match weight "
           "size: got ",
           input1.size(-1), " but expected ", weight.size(1));
  TG_CHECK(input2.size(-1) == weight.size(2),
           "bilinear(): input2 size does not match weight "
           "size: got ",
           input2.size(-1), " but expected ", weight.size(2));
  TG_CHECK(!bias.defined() || (bias.dim() == 1 && bias.size(0) == weight.size(0)),
           "bilinear(): bias size does not match weight size: got ",
           bias.defined() ? bias.sizes() : IntArrayRef(), " but expected [", weight.size(0), "]");
  // y_k = x1ᵀ W_k x2: one matmul of x1 [*, n] with W as [n, out·m], then the dot with x2 per k
  const int64_t out = weight.size(0), n = weight.size(1), m = weight.size(2);
  Tensor t = input1.matmul(weight.permute({1, 0, 2}).reshape({n, out * m}));
  DimVector shape(input1.sizes());
  shape.back() = out;
  shape.push_back(m);
  Tensor y = (t.reshape(shape) * input2.unsqueeze(-2)).sum({-1});
  return bias.defined() ? y + bias : y;
}

Tensor Tensor::matmul(const Tensor& o) const { return tg::matmul(*this, o); }
Tensor Tensor::mm(const Tensor& o) const { return tg::mm(*this, o); }
Tensor Tensor::bmm(const Tensor& o) const { return tg::bmm(*this, o); }
Tensor Tensor::mv(const Tensor& v) const { return tg::mv(*this, v); }
Tensor Tensor::dot(const Tensor& o) const { return tg::dot(*this, o); }
Tensor Tensor::addmm(const Tensor& m1, const Tensor& m2, const Scalar& beta,
                     const Scalar& alpha) const {
  return tg::addmm(*this, m1, m2, beta, alpha);
}
Tensor Tensor::baddbmm(const Tensor& b1, const Tensor& b2, const Scalar& beta,
                       const Scalar& alpha) const {
  return tg::baddbmm(*this, b1, b2, beta, alpha);
}
Tensor Tensor::addbmm(const Tensor& b1, const Tensor& b2, const Scalar& beta,
                      const Scalar& alpha) const {
  return tg::addbmm(*this, b1, b2, beta, alpha);
}
// The in-place forms compute out of place and commit the result into *this (ops/inplace.cpp),
// which records the write; the product's shape must then be *this's own.
Tensor& Tensor::addmm_(const Tensor& m1, const Tensor& m2, const Scalar& beta,
                       const Scalar& alpha) const {
  ops::check_inplace(*this, "addmm_");
  return ops::commit_inplace(*this, tg::addmm(*this, m1, m2, beta, alpha), "addmm_");
}
Tensor& Tensor::baddbmm_(const Tensor& b1, const Tensor& b2, const Scalar& beta,
                         const Scalar& alpha) const {
  ops::check_inplace(*this, "baddbmm_");
  return ops::commit_inplace(*this, tg::baddbmm(*this, b1, b2, beta, alpha), "baddbmm_");
}
Tensor& Tensor::addbmm_(const Tensor& b1, const Tensor& b2, const Scalar& beta,
                        const Scalar& alpha) const {
  ops::check_inplace(*this, "addbmm_");
  return ops::commit_inplace(*this, tg::addbmm(*this, b1, b2, beta, alpha), "addbmm_");
}

} // namespace tg
