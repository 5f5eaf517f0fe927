#pragma once
// The free functions of tg::, spelled as torch:: spells them. Each family's forward and backward
// live together in autograd/ops/<family>.cpp; this header is the table of contents.
#include <optional>
#include <string_view>
#include <tuple>
#include <vector>

#include "autograd/tensor/tensor.h"

namespace tg {

// ---- factories (ops/factory.cpp) ----
/// A tensor of shape `size` with uninitialised values, as torch::empty. The dtype defaults to
/// get_default_dtype(); a negative size or a non-CPU device throws tg::Error.
Tensor empty(IntArrayRef size, TensorOptions options = {});
/// A tensor of shape `size` filled with 0, as torch::zeros (default dtype unless `options` says).
Tensor zeros(IntArrayRef size, TensorOptions options = {});
/// A tensor of shape `size` filled with 1, as torch::ones (default dtype unless `options` says).
Tensor ones(IntArrayRef size, TensorOptions options = {});
/// A tensor of shape `size` filled with `fill_value`, as torch::full. Without a dtype in
/// `options` the dtype follows the value, as in LibTorch: bool gives kBool, an integer kLong, a
/// floating value the default dtype.
Tensor full(IntArrayRef size, const Scalar& fill_value, TensorOptions options = {});
/// The n x n identity matrix, as torch::eye; a negative `n` throws tg::Error.
Tensor eye(int64_t n, TensorOptions options = {});
/// Same as above, n x m: ones on the main diagonal, zeros elsewhere.
Tensor eye(int64_t n, int64_t m, TensorOptions options = {});
/// arange(end), arange(start, end), arange(start, end, step): integer arguments give int64 values.
Tensor arange(const Scalar& end, TensorOptions options = {});
/// Same as above: start, start + 1, ... up to but excluding `end`.
Tensor arange(const Scalar& start, const Scalar& end, TensorOptions options = {});
/// Same as above with a step: ceil((end - start) / step) values start + i·step, as torch::arange.
/// A zero step, or one whose sign does not lead from start to end, throws tg::Error.
Tensor arange(const Scalar& start, const Scalar& end, const Scalar& step,
              TensorOptions options = {});
/// `steps` evenly spaced values from `start` to `end`, both included, as torch::linspace (the
/// last value is exactly `end`). Default dtype unless `options` says; steps < 0 throws tg::Error.
Tensor linspace(const Scalar& start, const Scalar& end, int64_t steps, TensorOptions options = {});
/// Uniform samples in [0, 1) from the global generator, as torch::rand, drawn in LibTorch's CPU
/// order so a seed gives the same values. A non-floating dtype throws tg::Error.
Tensor rand(IntArrayRef size, TensorOptions options = {});
/// Standard normal samples from the global generator, as torch::randn (LibTorch's CPU
/// Box-Muller order, so a seed gives the same values). A non-floating dtype throws tg::Error.
Tensor randn(IntArrayRef size, TensorOptions options = {});
/// Same as randint(0, high, size, options).
Tensor randint(int64_t high, IntArrayRef size, TensorOptions options = {});
/// Uniform integers in [low, high), as torch::randint: kLong unless `options` gives a dtype.
/// Throws tg::Error unless low < high.
Tensor randint(int64_t low, int64_t high, IntArrayRef size, TensorOptions options = {});
/// A random permutation of 0 .. n-1 (kLong by default), as torch::randperm, shuffled as
/// LibTorch's CPU randperm does. A negative `n` throws tg::Error.
Tensor randperm(int64_t n, TensorOptions options = kLong);
/// 0/1 samples, element i being 1 with probability probabilities[i], as torch::bernoulli; the
/// result has the input's shape and (floating) dtype. A probability outside [0, 1] throws
/// tg::Error. Not differentiable.
Tensor bernoulli(const Tensor& probabilities);
/// Same as above with one probability `p` for every element; only `self`'s shape and dtype are
/// used.
Tensor bernoulli(const Tensor& self, double p);
/// `num_samples` category indices (kLong) per row of a 1-D or 2-D tensor of non-negative
/// weights, drawn in proportion to them, as torch::multinomial; the result is [num_samples] or
/// [rows, num_samples]. Throws tg::Error for a negative, inf or NaN weight, a row summing to 0,
/// or, without replacement, more samples than categories.
Tensor multinomial(const Tensor& probabilities, int64_t num_samples, bool replacement = false);
/// Samples of N(mean, std²) of shape `size`, as torch::normal. Throws tg::Error for std < 0 or a
/// non-floating dtype.
Tensor normal(double mean, double std, IntArrayRef size, TensorOptions options = {});
/// Samples of N(mean[i], std²), shaped and typed as `mean` (torch::normal(mean, std)). The
/// gradient with respect to mean is zero, as in LibTorch. Throws tg::Error for std < 0.
Tensor normal(const Tensor& mean, double std = 1.0);
/// Samples of N(mean, std[i]²), shaped and typed as `std`; zero gradient for std, as LibTorch.
Tensor normal(double mean, const Tensor& std);
/// Samples of N(mean[i], std[i]²), mean and std broadcast; mean's dtype; zero gradients.
Tensor normal(const Tensor& mean, const Tensor& std);
/// empty() with `self`'s shape, and its dtype unless `options` gives one (torch::empty_like).
Tensor empty_like(const Tensor& self, TensorOptions options = {});
/// zeros() with `self`'s shape, and its dtype unless `options` gives one (torch::zeros_like).
Tensor zeros_like(const Tensor& self, TensorOptions options = {});
/// ones() with `self`'s shape, and its dtype unless `options` gives one (torch::ones_like).
Tensor ones_like(const Tensor& self, TensorOptions options = {});
/// full() with `self`'s shape, and its dtype unless `options` gives one (torch::full_like).
Tensor full_like(const Tensor& self, const Scalar& fill_value, TensorOptions options = {});
/// rand() with `self`'s shape, and its dtype unless `options` gives one (torch::rand_like).
Tensor rand_like(const Tensor& self, TensorOptions options = {});
/// randn() with `self`'s shape, and its dtype unless `options` gives one (torch::randn_like).
Tensor randn_like(const Tensor& self, TensorOptions options = {});
/// randint(high, ...) with `self`'s shape, and its dtype unless `options` gives one.
Tensor randint_like(const Tensor& self, int64_t high, TensorOptions options = {});
/// randint(low, high, ...) with `self`'s shape, and its dtype unless `options` gives one.
Tensor randint_like(const Tensor& self, int64_t low, int64_t high, TensorOptions options = {});
/// Wraps memory you own (no copy). Keep it alive as long as the tensor, or pass a deleter.
Tensor from_blob(void* data, IntArrayRef sizes, TensorOptions options = {});
/// Same as above with explicit strides (in elements); sizes and strides of different lengths
/// throw tg::Error.
Tensor from_blob(void* data, IntArrayRef sizes, IntArrayRef strides, TensorOptions options = {});
/// Same as above (contiguous), calling `deleter(data)` when the last tensor sharing the memory
/// goes away.
Tensor from_blob(void* data, IntArrayRef sizes, const std::function<void(void*)>& deleter,
                 TensorOptions options = {});
/// Sets the seed of the global generator (rand, randn, dropout, RandomSampler, init).
void manual_seed(uint64_t seed);

// ---- elementwise (ops/elementwise.cpp) ----
/// self + alpha·other, broadcast, with PyTorch's type promotion (torch::add). A floating
/// `alpha` with integral tensors throws tg::Error; so do shapes that do not broadcast.
Tensor add(const Tensor& self, const Tensor& other, const Scalar& alpha = 1);
/// Same as above with a scalar `other`, which promotes as a wrapped number (int tensor + 2.5 is
/// float, float tensor + 2 stays float).
Tensor add(const Tensor& self, const Scalar& other, const Scalar& alpha = 1);
/// self - alpha·other, broadcast and promoted as add (torch::sub). A bool operand throws
/// tg::Error, as in LibTorch (use logical_not to invert a mask).
Tensor sub(const Tensor& self, const Tensor& other, const Scalar& alpha = 1);
/// Same as above with a scalar `other`; a bool scalar throws tg::Error.
Tensor sub(const Tensor& self, const Scalar& other, const Scalar& alpha = 1);
/// other - alpha·self (torch::rsub): what `2 - x` computes.
Tensor rsub(const Tensor& self, const Scalar& other, const Scalar& alpha = 1);
/// self·other elementwise, broadcast and promoted (torch::mul); for two bool tensors, logical and.
Tensor mul(const Tensor& self, const Tensor& other);
/// Same as above with a scalar `other`.
Tensor mul(const Tensor& self, const Scalar& other);
/// True division self / other, broadcast (torch::div): integer inputs give the default floating
/// dtype, and division by zero gives inf or NaN, never an error.
Tensor div(const Tensor& self, const Tensor& other);
/// Same as above with a scalar `other`.
Tensor div(const Tensor& self, const Scalar& other);
/// self^exponent elementwise (torch::pow), promoted as a binary op: an int tensor to 2.5 is float.
/// A bool tensor with a bool exponent throws tg::Error.
Tensor pow(const Tensor& self, const Scalar& exponent);
/// Same as above with a tensor exponent, broadcast; differentiable in both. The gradient with
/// respect to the exponent is taken as 0 where self is 0 (as PyTorch does). Bool throws tg::Error.
Tensor pow(const Tensor& self, const Tensor& exponent);
/// Same as above with a scalar base: base^exponent[i].
Tensor pow(const Scalar& self, const Tensor& exponent);
/// Elementwise maximum, broadcast and promoted (torch::maximum); NaN propagates. On a tie the
/// gradient is split equally between the two inputs, as in PyTorch.
Tensor maximum(const Tensor& self, const Tensor& other);
/// Elementwise minimum; same rules as maximum.
Tensor minimum(const Tensor& self, const Tensor& other);
/// Same as maximum(self, other): LibTorch's two-tensor torch::max (ops/extrema.cpp).
Tensor max(const Tensor& self, const Tensor& other);
/// Same as minimum(self, other): LibTorch's two-tensor torch::min (ops/extrema.cpp).
Tensor min(const Tensor& self, const Tensor& other);
/// -self (torch::neg); a bool tensor throws tg::Error (use logical_not).
Tensor neg(const Tensor& self);
/// e^x elementwise (torch::exp). Integer inputs give the default floating dtype, as do all the
/// transcendental ops below.
Tensor exp(const Tensor& self);
/// Natural logarithm (torch::log); -inf at 0 and NaN below, no error.
Tensor log(const Tensor& self);
/// log(1 + x), accurate for small x (torch::log1p).
Tensor log1p(const Tensor& self);
/// Square root (torch::sqrt); NaN for negative inputs.
Tensor sqrt(const Tensor& self);
/// 1 / sqrt(x) (torch::rsqrt).
Tensor rsqrt(const Tensor& self);
/// x² (torch::square), i.e. pow(self, 2): an integer tensor stays integral.
Tensor square(const Tensor& self);
/// |x| in the input's dtype (torch::abs); the gradient is sign(x), so 0 at x = 0. Bool throws
/// tg::Error.
Tensor abs(const Tensor& self);
/// Sine, in radians (torch::sin).
Tensor sin(const Tensor& self);
/// Cosine, in radians (torch::cos).
Tensor cos(const Tensor& self);
/// -1, 0 or 1 by the sign of x, in the input's dtype (torch::sign); zero gradient.
Tensor sign(const Tensor& self);
/// Largest integer <= x, in the input's dtype (torch::floor); zero gradient.
Tensor floor(const Tensor& self);
/// Smallest integer >= x, in the input's dtype (torch::ceil); zero gradient.
Tensor ceil(const Tensor& self);
/// Nearest integer, halves to even as in PyTorch (torch::round); zero gradient.
Tensor round(const Tensor& self);
/// 1 / x (torch::reciprocal); integer inputs give the default floating dtype.
Tensor reciprocal(const Tensor& self);
/// max(x, 0) in the input's dtype (torch::relu); the gradient at 0 is 0.
Tensor relu(const Tensor& self);
/// grad_output where self > threshold, else 0: relu's backward in one pass.
Tensor threshold_backward(const Tensor& grad_output, const Tensor& self, const Scalar& threshold);
/// 1 / (1 + e^-x) (torch::sigmoid); backward reuses the output, σ' = σ(1 - σ).
Tensor sigmoid(const Tensor& self);
/// Hyperbolic tangent (torch::tanh); backward reuses the output, 1 - tanh².
Tensor tanh(const Tensor& self);
/// The Gauss error function (torch::erf).
Tensor erf(const Tensor& self);
/// Each element limited to [min, max] (torch::clamp); either bound may be omitted, not both
/// (tg::Error). A floating bound makes an integer tensor floating. The gradient is 1 where
/// min <= x <= max and 0 elsewhere.
Tensor clamp(const Tensor& self, const std::optional<Scalar>& min = std::nullopt,
             const std::optional<Scalar>& max = std::nullopt);
/// clamp(self, min, nullopt): max(x, min).
Tensor clamp_min(const Tensor& self, const Scalar& min);
/// clamp(self, nullopt, max): min(x, max).
Tensor clamp_max(const Tensor& self, const Scalar& max);
/// self where `condition` is true, else other; all three broadcast together, self and other are
/// promoted (torch::where). Differentiable in self and other; a condition that is not bool or
/// uint8 throws tg::Error.
Tensor where(const Tensor& condition, const Tensor& self, const Tensor& other);
/// Same as above with a scalar for the true branch.
Tensor where(const Tensor& condition, const Scalar& self, const Tensor& other);
/// Same as above with a scalar for the false branch.
Tensor where(const Tensor& condition, const Tensor& self, const Scalar& other);
/// Same as above with two scalars: the result is the default floating dtype if either is
/// floating, kBool if both are bool, else kLong.
Tensor where(const Tensor& condition, const Scalar& self, const Scalar& other);

// out= forms, in LibTorch's out-first order.
/// add() written into `out` (torch::add_out): `out` is resized to the result's shape and keeps its
/// dtype; an undefined `out` just takes the result. Not differentiable: throws tg::Error in grad
/// mode when `out` or an input requires grad.
Tensor& add_out(Tensor& out, const Tensor& self, const Tensor& other, const Scalar& alpha = 1);
/// sub() into `out`; same rules as add_out.
Tensor& sub_out(Tensor& out, const Tensor& self, const Tensor& other, const Scalar& alpha = 1);
/// mul() into `out`; same rules as add_out.
Tensor& mul_out(Tensor& out, const Tensor& self, const Tensor& other);
/// div() into `out`; same rules as add_out.
Tensor& div_out(Tensor& out, const Tensor& self, const Tensor& other);
/// matmul() into `out`; same rules as add_out.
Tensor& matmul_out(Tensor& out, const Tensor& self, const Tensor& other);
/// mm() into `out`; same rules as add_out.
Tensor& mm_out(Tensor& out, const Tensor& self, const Tensor& mat2);

// ---- comparisons and logic, no gradient (ops/compare.cpp) ----
/// self == other elementwise, as a kBool tensor (torch::eq). The operands broadcast and are
/// compared in their promoted dtype; like every op in this group it has no gradient.
Tensor eq(const Tensor& self, const Tensor& other);
/// Same as above against a scalar.
Tensor eq(const Tensor& self, const Scalar& other);
/// self != other elementwise, as a kBool tensor (torch::ne); NaN != NaN is true.
Tensor ne(const Tensor& self, const Tensor& other);
/// Same as above against a scalar.
Tensor ne(const Tensor& self, const Scalar& other);
/// self < other elementwise, as a kBool tensor (torch::lt).
Tensor lt(const Tensor& self, const Tensor& other);
/// Same as above against a scalar.
Tensor lt(const Tensor& self, const Scalar& other);
/// self <= other elementwise, as a kBool tensor (torch::le).
Tensor le(const Tensor& self, const Tensor& other);
/// Same as above against a scalar.
Tensor le(const Tensor& self, const Scalar& other);
/// self > other elementwise, as a kBool tensor (torch::gt).
Tensor gt(const Tensor& self, const Tensor& other);
/// Same as above against a scalar.
Tensor gt(const Tensor& self, const Scalar& other);
/// self >= other elementwise, as a kBool tensor (torch::ge).
Tensor ge(const Tensor& self, const Tensor& other);
/// Same as above against a scalar.
Tensor ge(const Tensor& self, const Scalar& other);
/// True where self is zero (false), as a kBool tensor of any input dtype (torch::logical_not).
Tensor logical_not(const Tensor& self);
/// Nonzero-and-nonzero, broadcast, as a kBool tensor (torch::logical_and).
Tensor logical_and(const Tensor& self, const Tensor& other);
/// Nonzero-or-nonzero, broadcast, as a kBool tensor (torch::logical_or).
Tensor logical_or(const Tensor& self, const Tensor& other);
/// True where self is NaN (torch::isnan); always false for integer dtypes.
Tensor isnan(const Tensor& self);
/// True where self is +inf or -inf (torch::isinf); always false for integer dtypes.
Tensor isinf(const Tensor& self);
/// True where self is +inf (torch::isposinf).
Tensor isposinf(const Tensor& self);
/// True where self is -inf (torch::isneginf).
Tensor isneginf(const Tensor& self);
/// True where self is neither NaN nor infinite (torch::isfinite); always true for integer dtypes.
Tensor isfinite(const Tensor& self);
/// Whether both have the same shape, the same dtype and equal elements (torch::equal); false,
/// not an error, when shape or dtype differ. NaN makes it false.
bool equal(const Tensor& self, const Tensor& other);
/// Whether isclose() holds for every element (torch::allclose). Shapes must broadcast.
bool allclose(const Tensor& self, const Tensor& other, double rtol = 1e-5, double atol = 1e-8);
/// |self - other| <= atol + rtol·|other| elementwise, broadcast, as kBool (torch::isclose);
/// equal values (infinities included) are close, NaN is close to nothing.
Tensor isclose(const Tensor& self, const Tensor& other, double rtol = 1e-5, double atol = 1e-8);

// ---- reductions (ops/reduce.cpp) ----
/// The sum of all elements as a 0-dim tensor (torch::sum). Integral and bool inputs sum in kLong
/// unless `dtype` is given.
Tensor sum(const Tensor& self, std::optional<ScalarType> dtype = std::nullopt);
/// Same as above over the dims in `dim` (negative ones count from the end; an empty list means
/// all), which are removed unless `keepdim`. A repeated or out-of-range dim throws tg::Error.
Tensor sum(const Tensor& self, IntArrayRef dim, bool keepdim = false,
           std::optional<ScalarType> dtype = std::nullopt);
/// The mean of all elements as a 0-dim tensor (torch::mean); NaN for an empty tensor. The input
/// (or `dtype`) must be floating, otherwise tg::Error, as in LibTorch.
Tensor mean(const Tensor& self, std::optional<ScalarType> dtype = std::nullopt);
/// Same as above over the dims in `dim`, with the dim rules of sum().
Tensor mean(const Tensor& self, IntArrayRef dim, bool keepdim = false,
            std::optional<ScalarType> dtype = std::nullopt);
/// Whether every element is nonzero, as a 0-dim kBool tensor (torch::all); true when empty.
Tensor all(const Tensor& self);
/// Same as above along `dim`.
Tensor all(const Tensor& self, int64_t dim, bool keepdim = false);
/// Whether some element is nonzero, as a 0-dim kBool tensor (torch::any); false when empty.
Tensor any(const Tensor& self);
/// Same as above along `dim`.
Tensor any(const Tensor& self, int64_t dim, bool keepdim = false);

// ---- extrema, statistics and scans (ops/extrema.cpp) ----
/// The product of all elements as a 0-dim tensor (torch::prod); integral and bool inputs give
/// kLong unless `dtype` is given. The gradient is right with zeros in the input (no division by
/// zero), twice differentiable.
Tensor prod(const Tensor& self, std::optional<ScalarType> dtype = std::nullopt);
/// The largest element as a 0-dim tensor (torch::max); NaN if any element is NaN. Tied maxima
/// share the gradient equally. An empty tensor throws tg::Error.
Tensor max(const Tensor& self);
/// (values, indices) of the maximum along `dim` (torch::max with dim); indices are kLong and
/// point at the first maximum (a NaN counts as one). The gradient goes to those positions only.
/// A dim of size 0 throws tg::Error.
std::tuple<Tensor, Tensor> max(const Tensor& self, int64_t dim, bool keepdim = false);
/// The smallest element as a 0-dim tensor (torch::min); same rules as max().
Tensor min(const Tensor& self);
/// (values, indices) of the minimum along `dim`; same rules as max() with a dim.
std::tuple<Tensor, Tensor> min(const Tensor& self, int64_t dim, bool keepdim = false);
/// kLong index of the first maximum along `dim`, or into the flattened tensor when no dim is
/// given (torch::argmax). Bool input and empty reductions throw tg::Error. No gradient.
Tensor argmax(const Tensor& self, std::optional<int64_t> dim = std::nullopt, bool keepdim = false);
/// kLong index of the first minimum; same rules as argmax().
Tensor argmin(const Tensor& self, std::optional<int64_t> dim = std::nullopt, bool keepdim = false);
/// Variance of all elements (torch::var), with Bessel's correction (divide by N - 1) when
/// `unbiased`; NaN when no degrees of freedom remain. Floating input only, else tg::Error.
Tensor var(const Tensor& self, bool unbiased = true);
/// Same as above over the dims in `dim`, with the dim rules of sum().
Tensor var(const Tensor& self, IntArrayRef dim, bool unbiased = true, bool keepdim = false);
/// Standard deviation, sqrt(var()) (torch::std); same rules as var().
Tensor std(const Tensor& self, bool unbiased = true);
/// Same as above over the dims in `dim`, with the dim rules of sum().
Tensor std(const Tensor& self, IntArrayRef dim, bool unbiased = true, bool keepdim = false);
/// The p-norm of all elements, (Σ|x|^p)^(1/p), as a 0-dim tensor (torch::norm); p may be 0
/// (count of nonzeros), inf (max |x|) or -inf (min |x|). At a zero norm the gradient is taken
/// as 0. Floating input only, else tg::Error.
Tensor norm(const Tensor& self, const Scalar& p = 2);
/// Same as above over the dims in `dim`; nullopt `p` means 2.
Tensor norm(const Tensor& self, const std::optional<Scalar>& p, IntArrayRef dim,
            bool keepdim = false);
/// log(Σ exp(x)) over `dim`, computed stably (torch::logsumexp); integer inputs give the default
/// floating dtype. The gradient is softmax(x) along the reduced dims.
Tensor logsumexp(const Tensor& self, IntArrayRef dim, bool keepdim = false);
/// Running sums along `dim`, same shape as the input (torch::cumsum); integral and bool inputs
/// give kLong unless `dtype` is given.
Tensor cumsum(const Tensor& self, int64_t dim, std::optional<ScalarType> dtype = std::nullopt);

// ---- activations (ops/activation.cpp) ----
/// scale·(x > 0 ? x : alpha·(exp(input_scale·x) - 1))
Tensor elu(const Tensor& self, const Scalar& alpha = 1, const Scalar& scale = 1,
           const Scalar& input_scale = 1);
/// x·Φ(x); approximate "tanh" uses 0.5·x·(1 + tanh(sqrt(2/π)·(x + 0.044715·x³))). Any other
/// `approximate` than "none" or "tanh" throws tg::Error.
Tensor gelu(const Tensor& self, std::string_view approximate = "none");
/// x·σ(x)
Tensor silu(const Tensor& self);
/// log(1 + exp(beta·x)) / beta, and x itself where beta·x > threshold.
Tensor softplus(const Tensor& self, const Scalar& beta = 1, const Scalar& threshold = 20);
/// x·tanh(softplus(x))
Tensor mish(const Tensor& self);
/// x clamped to [min_val, max_val]; the gradient is 1 strictly inside, 0 elsewhere.
Tensor hardtanh(const Tensor& self, const Scalar& min_val = -1, const Scalar& max_val = 1);
/// x for x > 0, negative_slope·x otherwise (torch::leaky_relu); at 0 the gradient is
/// negative_slope, as in LibTorch. Floating input only, else tg::Error.
Tensor leaky_relu(const Tensor& self, const Scalar& negative_slope = 0.01);
/// x·relu6(x + 3)/6 (torch::hardswish): 0 below -3, x above 3.
Tensor hardswish(const Tensor& self);
/// relu6(x + 3)/6 (torch::hardsigmoid): 0 below -3, 1 above 3, linear between.
Tensor hardsigmoid(const Tensor& self);
/// x where x > threshold, else `value` (torch::threshold).
Tensor threshold(const Tensor& self, const Scalar& threshold, const Scalar& value);
/// log(σ(x)) = -softplus(-x), computed without overflow (torch::log_sigmoid).
Tensor log_sigmoid(const Tensor& self);
/// x where |x| > lambd, else 0 (torch::hardshrink; lambd 0.5 by default).
Tensor hardshrink(const Tensor& self, const Scalar& lambd = 0.5);
/// x - lambd above lambd, x + lambd below -lambd, 0 between (torch::softshrink); a negative
/// lambd throws tg::Error.
Tensor softshrink(const Tensor& self, const Scalar& lambd = 0.5);
/// max(0, x) + min(0, alpha·(exp(x/alpha) - 1)) (torch::celu); alpha 0 throws tg::Error.
Tensor celu(const Tensor& self, const Scalar& alpha = 1.0);
/// scale·elu(x, alpha) with the self-normalising constants (torch::selu).
Tensor selu(const Tensor& self);
/// min(max(0, x), 6) (torch::relu6).
Tensor relu6(const Tensor& self);
/// x for x > 0, weight·x otherwise, one weight per channel (dim 1) or one for all
/// (torch::prelu). A weight that is neither throws tg::Error naming both sizes.
Tensor prelu(const Tensor& self, const Tensor& weight);
/// Randomized leaky relu (torch::rrelu): in training each x <= 0 is scaled by its own slope
/// drawn from U(lower, upper); otherwise leaky_relu with the mean slope (lower + upper)/2.
Tensor rrelu(const Tensor& self, const Scalar& lower = 1.0 / 8.0, const Scalar& upper = 1.0 / 3.0,
             bool training = false);
/// a·σ(b) for the halves a, b of `self` along `dim` (torch::glu); an odd size throws tg::Error.
Tensor glu(const Tensor& self, int64_t dim = -1);

// ---- softmax family (ops/softmax.cpp) ----
/// exp(x) / Σ exp(x) along `dim`, computed with the row max subtracted so large inputs do not
/// overflow (torch::softmax). The input is first cast to `dtype` if given; integer inputs use the
/// default floating dtype. A non-floating `dtype` throws tg::Error.
Tensor softmax(const Tensor& self, int64_t dim, std::optional<ScalarType> dtype = std::nullopt);
/// log(softmax(x)) along `dim` in one stable pass (torch::log_softmax), what nll_loss expects;
/// same dtype rules as softmax().
Tensor log_softmax(const Tensor& self, int64_t dim, std::optional<ScalarType> dtype = std::nullopt);

// ---- linear algebra (ops/matmul.cpp) ----
/// Matrix product with NumPy's rules (torch::matmul): 1-D·1-D is a dot product, a 1-D operand
/// is treated as a row (left) or a column (right) and that dim is removed again, and dims before
/// the last two broadcast as batch dims. Both operands must have the same dtype; mismatched inner
/// sizes throw tg::Error naming both shapes.
Tensor matmul(const Tensor& self, const Tensor& other);
/// [n, m] x [m, p] -> [n, p] (torch::mm), through BLAS for float and double (a transposed view
/// is passed as a BLAS flag, not copied). Same dtype required; bool is not supported.
Tensor mm(const Tensor& self, const Tensor& mat2);
/// Batched product [b, n, m] x [b, m, p] -> [b, n, p] (torch::bmm); no broadcasting of b.
Tensor bmm(const Tensor& self, const Tensor& mat2);
/// Matrix [n, m] times vector [m] -> [n] (torch::mv).
Tensor mv(const Tensor& self, const Tensor& vec);
/// Inner product of two 1-D tensors of equal length, as a 0-dim tensor (torch::dot).
Tensor dot(const Tensor& self, const Tensor& other);
/// beta·self + alpha·(mat1 x mat2) (torch::addmm); `self` broadcasts to the product's shape and is
/// ignored when beta is 0.
Tensor addmm(const Tensor& self, const Tensor& mat1, const Tensor& mat2, const Scalar& beta = 1,
             const Scalar& alpha = 1);
/// beta·self + alpha·bmm(batch1, batch2) (torch::baddbmm): batch1 [b, n, k], batch2 [b, k, m];
/// `self` broadcasts to [b, n, m] and is ignored when beta is 0.
Tensor baddbmm(const Tensor& self, const Tensor& batch1, const Tensor& batch2,
               const Scalar& beta = 1, const Scalar& alpha = 1);
/// beta·self + alpha·Σ_b batch1[b]·batch2[b] (torch::addbmm) -> [n, m].
Tensor addbmm(const Tensor& self, const Tensor& batch1, const Tensor& batch2,
              const Scalar& beta = 1, const Scalar& alpha = 1);
/// Einstein summation (torch::einsum): "ij,jk->ik", "bij,bjk->bik", "ii->i", "i,j->ij",
/// "...ij->...ji", implicit output (labels used once, sorted) without "->". Labels are [a-zA-Z],
/// a repeated label within an operand takes its diagonal, size-1 dims broadcast; built from
/// permute/reshape/sum/bmm, so it is differentiable. A malformed equation throws tg::Error.
Tensor einsum(std::string_view equation, TensorList tensors);
/// p-norm distances between the rows of x1 [*, r1, m] and x2 [*, r2, m] -> [*, r1, r2]
/// (torch::cdist); batch dims broadcast. p = 2 with more than 25 rows on either side uses the
/// matmul expansion ‖a‖² + ‖b‖² - 2a·b, as LibTorch does. The gradient at a zero distance is 0.
Tensor cdist(const Tensor& x1, const Tensor& x2, double p = 2.0);
/// Σ x1·x2 / max(‖x1‖·‖x2‖, eps) along `dim` (torch::cosine_similarity); x1, x2 broadcast.
Tensor cosine_similarity(const Tensor& x1, const Tensor& x2, int64_t dim = 1, double eps = 1e-8);
/// ‖x1 - x2 + eps‖_p over the last dim (torch::pairwise_distance).
Tensor pairwise_distance(const Tensor& x1, const Tensor& x2, double p = 2, double eps = 1e-6,
                         bool keepdim = false);
/// y_k = x1ᵀ·weight[k]·x2 + bias[k] (torch::bilinear): input1 [*, n], input2 [*, m], weight
/// [out, n, m], bias [out] or undefined -> [*, out].
Tensor bilinear(const Tensor& input1, const Tensor& input2, const Tensor& weight,
                const Tensor& bias = {});
/// [*, c·r², h, w] -> [*, c, h·r, w·r] (torch::pixel_shuffle).
Tensor pixel_shuffle(const Tensor& self, int64_t upscale_factor);
/// [*, c, h·r, w·r] -> [*, c·r², h, w], the inverse of pixel_shuffle (torch::pixel_unshuffle).
Tensor pixel_unshuffle(const Tensor& self, int64_t downscale_factor);
/// input·weightᵀ + bias (torch::nn::functional::linear): input [*, in], weight [out, in], bias
/// [out] (or a single value, or undefined for none) -> [*, out]. Mismatched shapes throw
/// tg::Error naming them.
Tensor linear(const Tensor& input, const Tensor& weight, const Tensor& bias = {});

// ---- shape (ops/shape.cpp) ----
/// `self` with a new shape of the same numel (torch::reshape): a view when the strides allow it,
/// a contiguous copy otherwise. One size may be -1 (inferred); a shape that does not fit throws
/// tg::Error.
Tensor reshape(const Tensor& self, IntArrayRef shape);
/// Merges dims start_dim .. end_dim into one (torch::flatten), through reshape(); a 0-dim tensor
/// becomes [1]. start_dim after end_dim throws tg::Error.
Tensor flatten(const Tensor& self, int64_t start_dim = 0, int64_t end_dim = -1);
/// A view with dims `dim0` and `dim1` swapped (torch::transpose); no data is copied, so the
/// result is usually not contiguous.
Tensor transpose(const Tensor& self, int64_t dim0, int64_t dim1);
/// A view whose dim i is `self`'s dim dims[i] (torch::permute). `dims` must name every dim once,
/// otherwise tg::Error.
Tensor permute(const Tensor& self, IntArrayRef dims);
/// Transpose of a matrix (torch::t), as a view; tensors of fewer than 2 dims come back unchanged
/// and more than 2 throw tg::Error.
Tensor t(const Tensor& self);
/// A view with a size-1 dim inserted at `dim`, which may be -(dim()+1) .. dim() (torch::unsqueeze).
Tensor unsqueeze(const Tensor& self, int64_t dim);
/// A view without any of the size-1 dims (torch::squeeze).
Tensor squeeze(const Tensor& self);
/// Same as above for `dim` only; a dim whose size is not 1 is left as it is, not an error.
Tensor squeeze(const Tensor& self, int64_t dim);
/// A view of `length` entries of `dim` from `start` (negative counts from the end), as
/// torch::narrow. A range past the end throws tg::Error.
Tensor narrow(const Tensor& self, int64_t dim, int64_t start, int64_t length);
/// A view of slice `index` of `dim`, with that dim removed (torch::select, Python's x[:, i]).
/// Negative indices count from the end; out of range throws tg::Error.
Tensor select(const Tensor& self, int64_t dim, int64_t index);
/// A view with the given sizes, strides and storage offset (default: self's) onto self's storage
/// (torch::as_strided); tg::Error when the window runs past the storage. Its gradient adds each
/// element's gradient back where it was read (summed where the window repeats elements).
Tensor as_strided(const Tensor& self, IntArrayRef size, IntArrayRef stride,
                  std::optional<int64_t> storage_offset = std::nullopt);
/// A view of the diagonal of the (dim1, dim2) plane, shifted `offset` above it (below when
/// negative), as the last dim of the result (torch::diagonal).
Tensor diagonal(const Tensor& self, int64_t offset = 0, int64_t dim1 = 0, int64_t dim2 = 1);
/// A copy with the order of entries reversed along each dim in `dims` (torch::flip); a repeated
/// dim throws tg::Error.
Tensor flip(const Tensor& self, IntArrayRef dims);
/// Pads (or, with negative amounts, crops) with `value`; `pad` lists (before, after) pairs from the
/// last dim backwards: {1, 2} pads the last dim by 1 in front and 2 behind.
Tensor constant_pad_nd(const Tensor& self, IntArrayRef pad, const Scalar& value = 0);

// ---- joining and splitting (ops/join.cpp) ----
/// Concatenation along `dim` (torch::cat). Sizes must match except in `dim`, dtypes are
/// promoted, and 1-D empty tensors are skipped whatever their shape, as in PyTorch. An empty
/// list, a 0-dim or undefined tensor, or a size mismatch throws tg::Error naming the position.
Tensor cat(TensorList tensors, int64_t dim = 0);
/// Alias of cat() (torch::concat).
Tensor concat(TensorList tensors, int64_t dim = 0);
/// Joins tensors of equal shape along a new dim `dim` (torch::stack): N tensors of shape S give
/// [.., N, ..]. An empty list or unequal shapes throw tg::Error.
Tensor stack(TensorList tensors, int64_t dim = 0);
/// Splits into pieces of ceil(size / chunks) along `dim` (torch::chunk): the last may be smaller
/// and there may be fewer than `chunks` pieces. All are views; chunks <= 0 throws tg::Error.
std::vector<Tensor> chunk(const Tensor& self, int64_t chunks, int64_t dim = 0);
/// Views of `split_size` entries each along `dim`, the last possibly smaller (torch::split).
std::vector<Tensor> split(const Tensor& self, int64_t split_size, int64_t dim = 0);
/// Every slice along `dim`, as views with that dim removed (torch::unbind).
std::vector<Tensor> unbind(const Tensor& self, int64_t dim = 0);
/// The tensors expanded (as views, no copies) to their common broadcast shape
/// (torch::broadcast_tensors); shapes that do not broadcast throw tg::Error.
std::vector<Tensor> broadcast_tensors(TensorList tensors);

// ---- indexing (ops/index.cpp; Tensor::index and index_put_ are methods) ----
/// The slices of `dim` named by a 1-D int64 or int32 `index`, in that order and with repeats,
/// copied (torch::index_select); the gradient of a repeated slice is summed. An out-of-range
/// index throws tg::Error.
Tensor index_select(const Tensor& self, int64_t dim, const Tensor& index);
/// The kLong coordinates of the nonzero elements, one row each, in row-major order: shape
/// [count, dim()] (torch::nonzero).
Tensor nonzero(const Tensor& self);

// ---- gather, scatter and masks (ops/scatter_gather.cpp) ----
/// out[i][j] = self[index[i][j]][j] for dim 0, and likewise for other dims (torch::gather): the
/// result has `index`'s shape. `index` is int64 with as many dims as `self` and no larger except
/// along `dim`; out-of-range values throw tg::Error. The gradient is scatter-added back (repeats
/// sum). `sparse_grad` is accepted and ignored: the gradient is dense.
Tensor gather(const Tensor& self, int64_t dim, const Tensor& index, bool sparse_grad = false);
/// A copy of `self` with src[i][j] added at row index[i][j] (dim 0; likewise for other dims), as
/// torch::scatter_add; repeated indices accumulate. `src` is converted to `self`'s dtype; index
/// rules as gather(). Differentiable in self and src.
Tensor scatter_add(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& src);
/// A copy of `self` with src[i][j] written at row index[i][j] (dim 0; likewise for other dims), as
/// torch::scatter. With repeated indices the last write wins. Overwritten positions get no
/// gradient for `self`.
Tensor scatter(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& src);
/// `self` with `value` where the kBool `mask` (broadcast) is true (torch::masked_fill); the
/// gradient is 0 at the filled positions. A mask of another dtype throws tg::Error.
Tensor masked_fill(const Tensor& self, const Tensor& mask, const Scalar& value);
/// The elements of `self` where the kBool `mask` is true, in row-major order, as a 1-D copy
/// (torch::masked_select); self and mask broadcast together.
Tensor masked_select(const Tensor& self, const Tensor& mask);
/// int64 class indices of any shape to kLong one-hot vectors, shape [*self.shape, num_classes]
/// (torch::nn::functional::one_hot). -1 infers num_classes as max + 1; a negative class, one
/// >= num_classes, or a non-int64 input throws tg::Error.
Tensor one_hot(const Tensor& self, int64_t num_classes = -1);

// ---- sorting (ops/sort.cpp) ----
/// (values, kLong indices) sorted along `dim` (torch::sort), stable in both directions; NaN sorts
/// as the largest value. The gradient goes back to each value's original position.
std::tuple<Tensor, Tensor> sort(const Tensor& self, int64_t dim = -1, bool descending = false);
/// The indices of sort() only (torch::argsort).
Tensor argsort(const Tensor& self, int64_t dim = -1, bool descending = false);
/// The k largest (or smallest) entries along `dim` and their kLong indices (torch::topk). The
/// result is always sorted, ties go to the lower index and NaN counts as the largest value;
/// `sorted` is accepted and ignored. k outside [0, size] throws tg::Error.
std::tuple<Tensor, Tensor> topk(const Tensor& self, int64_t k, int64_t dim = -1,
                                bool largest = true, bool sorted = true);

// ---- embedding (ops/embedding.cpp) ----
/// Rows of `weight` [num_embeddings, dim] picked by int64 `indices` of any shape: the result is
/// [*indices.shape, dim]. The row padding_idx gets no gradient; scale_grad_by_freq divides each
/// row's gradient by how often it occurs in `indices`. sparse is accepted, the gradient stays
/// dense.
Tensor embedding(const Tensor& weight, const Tensor& indices, int64_t padding_idx = -1,
                 bool scale_grad_by_freq = false, bool sparse = false);
/// Rescales, in place and without recording, each row of `self` named in `indices` whose
/// norm_type-norm exceeds max_norm, so that its norm becomes max_norm.
Tensor& embedding_renorm_(Tensor& self, const Tensor& indices, double max_norm, double norm_type);

// ---- convolution (ops/conv.cpp) ----
/// 1-D cross-correlation, as torch::conv1d: input [N, C_in, L] (or unbatched [C_in, L]), weight
/// [C_out, C_in / groups, kW], optional bias [C_out]; arguments and checks as conv2d.
Tensor conv1d(const Tensor& input, const Tensor& weight, const Tensor& bias = {},
              IntArrayRef stride = 1, IntArrayRef padding = 0, IntArrayRef dilation = 1,
              int64_t groups = 1);
/// 2-D cross-correlation, as torch::conv2d: input [N, C_in, H, W] (or unbatched [C_in, H, W]),
/// weight [C_out, C_in / groups, kH, kW], optional bias [C_out]; the output is [N, C_out,
/// (H + 2·padding - dilation·(kH - 1) - 1) / stride + 1, ...]. stride, padding and dilation take
/// one value or an (h, w) pair. Same floating dtype for all operands; every shape or argument
/// mismatch throws tg::Error with LibTorch's message. Twice differentiable.
Tensor conv2d(const Tensor& input, const Tensor& weight, const Tensor& bias = {},
              IntArrayRef stride = 1, IntArrayRef padding = 0, IntArrayRef dilation = 1,
              int64_t groups = 1);
/// 3-D cross-correlation, as torch::conv3d: input [N, C_in, D, H, W] (or unbatched [C_in, D, H,
/// W]), weight [C_out, C_in / groups, kD, kH, kW]; arguments and checks as conv2d.
Tensor conv3d(const Tensor& input, const Tensor& weight, const Tensor& bias = {},
              IntArrayRef stride = 1, IntArrayRef padding = 0, IntArrayRef dilation = 1,
              int64_t groups = 1);
/// The adjoint of conv1d in its input: input [N, in, L] (or [in, L]), weight [in_channels,
/// out_channels / groups, kW]; arguments as conv_transpose2d.
Tensor conv_transpose1d(const Tensor& input, const Tensor& weight, const Tensor& bias = {},
                        IntArrayRef stride = 1, IntArrayRef padding = 0,
                        IntArrayRef output_padding = 0, int64_t groups = 1,
                        IntArrayRef dilation = 1);
/// The adjoint of conv2d in its input: weight [in_channels, out_channels / groups, kH, kW], output
/// [N, out_channels, (H - 1)·stride - 2·padding + dilation·(kH - 1) + output_padding + 1, ...].
Tensor conv_transpose2d(const Tensor& input, const Tensor& weight, const Tensor& bias = {},
                        IntArrayRef stride = 1, IntArrayRef padding = 0,
                        IntArrayRef output_padding = 0, int64_t groups = 1,
                        IntArrayRef dilation = 1);
/// The adjoint of conv3d in its input: input [N, in, D, H, W] (or unbatched), weight
/// [in_channels, out_channels / groups, kD, kH, kW]; arguments as conv_transpose2d.
Tensor conv_transpose3d(const Tensor& input, const Tensor& weight, const Tensor& bias = {},
                        IntArrayRef stride = 1, IntArrayRef padding = 0,
                        IntArrayRef output_padding = 0, int64_t groups = 1,
                        IntArrayRef dilation = 1);

// ---- pooling (ops/pool.cpp) ----
/// Maximum over each kH x kW window of the last two dims of a [C, H, W] or [N, C, H, W]
/// floating tensor (torch::max_pool2d). An empty `stride` means kernel_size; padded cells (at
/// most half the kernel) never win; ceil_mode rounds the output size up. NaN propagates, ties go
/// to the first position, and the gradient goes to that position only.
Tensor max_pool2d(const Tensor& self, IntArrayRef kernel_size, IntArrayRef stride = {},
                  IntArrayRef padding = 0, IntArrayRef dilation = 1, bool ceil_mode = false);
/// Same as max_pool2d, also returning the kLong position of each maximum as a flat index into
/// its H x W plane, as LibTorch returns it.
std::tuple<Tensor, Tensor> max_pool2d_with_indices(const Tensor& self, IntArrayRef kernel_size,
                                                   IntArrayRef stride = {}, IntArrayRef padding = 0,
                                                   IntArrayRef dilation = 1,
                                                   bool ceil_mode = false);
/// Mean over each kH x kW window of the last two dims of a [C, H, W] or [N, C, H, W] tensor
/// (torch::avg_pool2d). Window arguments as max_pool2d. The divisor counts the padded cells when
/// count_include_pad, only the real ones otherwise, and is `divisor_override` when given (0
/// throws tg::Error). Floating or int64 input; int64 divides with truncation, as PyTorch's CPU
/// kernel does.
Tensor avg_pool2d(const Tensor& self, IntArrayRef kernel_size, IntArrayRef stride = {},
                  IntArrayRef padding = 0, bool ceil_mode = false, bool count_include_pad = true,
                  std::optional<int64_t> divisor_override = std::nullopt);
/// Average pooling to a fixed (oH, oW) = `output_size` whatever the input size
/// (torch::adaptive_avg_pool2d): output cell i averages input rows floor(i·H/oH) ..
/// ceil((i+1)·H/oH) - 1, and likewise for columns. Input [C, H, W] or [N, C, H, W], floating.
Tensor adaptive_avg_pool2d(const Tensor& self, IntArrayRef output_size);

/// max_pool2d over the last dim of [C, L] or [N, C, L] (torch::max_pool1d): the 2-D op on a
/// height-1 view, squeezed back, as LibTorch computes it.
Tensor max_pool1d(const Tensor& self, IntArrayRef kernel_size, IntArrayRef stride = {},
                  IntArrayRef padding = 0, IntArrayRef dilation = 1, bool ceil_mode = false);
/// max_pool1d, also returning the kLong position of each maximum along L.
std::tuple<Tensor, Tensor> max_pool1d_with_indices(const Tensor& self, IntArrayRef kernel_size,
                                                   IntArrayRef stride = {}, IntArrayRef padding = 0,
                                                   IntArrayRef dilation = 1,
                                                   bool ceil_mode = false);
/// Maximum over each kD x kH x kW window of the last three dims of a [C, D, H, W] or [N, C, D, H,
/// W] floating tensor (torch::max_pool3d); window arguments and rules as max_pool2d.
Tensor max_pool3d(const Tensor& self, IntArrayRef kernel_size, IntArrayRef stride = {},
                  IntArrayRef padding = 0, IntArrayRef dilation = 1, bool ceil_mode = false);
/// max_pool3d, also returning the kLong flat position of each maximum in its D x H x W volume.
std::tuple<Tensor, Tensor> max_pool3d_with_indices(const Tensor& self, IntArrayRef kernel_size,
                                                   IntArrayRef stride = {}, IntArrayRef padding = 0,
                                                   IntArrayRef dilation = 1,
                                                   bool ceil_mode = false);
/// avg_pool2d over the last dim of [C, L] or [N, C, L] (torch::avg_pool1d, which has no
/// divisor_override): the 2-D op on a height-1 view, as LibTorch computes it.
Tensor avg_pool1d(const Tensor& self, IntArrayRef kernel_size, IntArrayRef stride = {},
                  IntArrayRef padding = 0, bool ceil_mode = false, bool count_include_pad = true);
/// Mean over each kD x kH x kW window of the last three dims of [C, D, H, W] or [N, C, D, H, W]
/// (torch::avg_pool3d); arguments and rules as avg_pool2d (floating input only).
Tensor avg_pool3d(const Tensor& self, IntArrayRef kernel_size, IntArrayRef stride = {},
                  IntArrayRef padding = 0, bool ceil_mode = false, bool count_include_pad = true,
                  std::optional<int64_t> divisor_override = std::nullopt);
/// adaptive_avg_pool2d over the last dim of [C, L] or [N, C, L] (torch::adaptive_avg_pool1d).
Tensor adaptive_avg_pool1d(const Tensor& self, IntArrayRef output_size);
/// adaptive_avg_pool2d's windows along three dims of [C, D, H, W] or [N, C, D, H, W]
/// (torch::adaptive_avg_pool3d).
Tensor adaptive_avg_pool3d(const Tensor& self, IntArrayRef output_size);
/// Maximum over adaptive_avg_pool1d's windows of [C, L] or [N, C, L], and the kLong position of
/// each (torch::adaptive_max_pool1d).
std::tuple<Tensor, Tensor> adaptive_max_pool1d(const Tensor& self, IntArrayRef output_size);
/// Maximum over adaptive_avg_pool2d's windows of [C, H, W] or [N, C, H, W], and its flat position
/// in the H x W plane (torch::adaptive_max_pool2d). NaN propagates; ties go to the first.
std::tuple<Tensor, Tensor> adaptive_max_pool2d(const Tensor& self, IntArrayRef output_size);
/// Maximum over adaptive_avg_pool3d's windows of [C, D, H, W] or [N, C, D, H, W], and its flat
/// position in the D x H x W volume (torch::adaptive_max_pool3d).
std::tuple<Tensor, Tensor> adaptive_max_pool3d(const Tensor& self, IntArrayRef output_size);

// ---- fold / unfold (ops/fold.cpp) ----
/// Sliding local blocks of [N, C, H, W] (or [C, H, W]) as columns (torch::im2col, F::unfold):
/// [N, C·kH·kW, L] with L the number of block positions; the same im2col kernel conv2d uses.
Tensor im2col(const Tensor& self, IntArrayRef kernel_size, IntArrayRef dilation,
              IntArrayRef padding, IntArrayRef stride);
/// The adjoint of im2col (torch::col2im, F::fold): columns [N, C·kH·kW, L] (or [C·kH·kW, L])
/// summed back into [N, C, output_size[0], output_size[1]]; overlapping blocks add up.
Tensor col2im(const Tensor& self, IntArrayRef output_size, IntArrayRef kernel_size,
              IntArrayRef dilation, IntArrayRef padding, IntArrayRef stride);

// ---- dropout (ops/dropout.cpp) ----
/// Zeroes each element with probability `p` and scales the rest by 1/(1 - p), when `train`
/// (torch::dropout); otherwise, or for p = 0, returns `input` itself. The mask comes from the
/// global generator in LibTorch's CPU order. p outside [0, 1] or a non-floating input throws
/// tg::Error.
Tensor dropout(const Tensor& input, double p, bool train);
/// In-place dropout(): `input` is multiplied by the mask and returned.
Tensor& dropout_(Tensor& input, double p, bool train);
/// Dropout of whole channels: input [N, C, *] keeps each (n, c) slice with probability 1 - p.
Tensor feature_dropout(const Tensor& input, double p, bool train);
/// In-place feature_dropout(): `input` is multiplied by the channel mask and returned.
Tensor& feature_dropout_(Tensor& input, double p, bool train);

// ---- Triangular parts: ops/triangular.cpp ----
/// The upper triangle of the last two dims: elements with column - row >= `diagonal`, the rest
/// zero (torch::triu). diagonal 0 keeps the main diagonal, 1 starts above it, -1 below it.
Tensor triu(const Tensor& self, int64_t diagonal = 0);
/// The lower triangle of the last two dims: column - row <= `diagonal` (torch::tril).
Tensor tril(const Tensor& self, int64_t diagonal = 0);

// ---- LibTorch's _cast_* functions: conversions spelled as ATen's legacy names ----
/// self.to(kByte), as torch::_cast_Byte.
inline Tensor _cast_Byte(const Tensor& self, bool non_blocking = false) {
  return self.to(kByte, non_blocking);
}
/// self.to(kInt), as torch::_cast_Int.
inline Tensor _cast_Int(const Tensor& self, bool non_blocking = false) {
  return self.to(kInt, non_blocking);
}
/// self.to(kLong), as torch::_cast_Long.
inline Tensor _cast_Long(const Tensor& self, bool non_blocking = false) {
  return self.to(kLong, non_blocking);
}
/// self.to(kFloat), as torch::_cast_Float.
inline Tensor _cast_Float(const Tensor& self, bool non_blocking = false) {
  return self.to(kFloat, non_blocking);
}
/// self.to(kDouble), as torch::_cast_Double.
inline Tensor _cast_Double(const Tensor& self, bool non_blocking = false) {
  return self.to(kDouble, non_blocking);
}

} // namespace tg
