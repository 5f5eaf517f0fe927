#include "autograd/tools/gradcheck.h"

#include <cmath>
#include <random>
#include <sstream>

#include "autograd/graph/engine.h"
#include "autograd/ops/functions.h"

namespace tg::autograd {
namespace {

/// All differentiable outputs, flattened into one float64 vector.
std::vector<double> flatten_outputs(const variable_list& outs) {
  std::vector<double> v;
  for (const Tensor& o : outs) {
    if (!o.defined() || !o.is_floating_point()) continue;
    Tensor c = o.detach().to(kDouble).contiguous();
    const double* p = c.data_ptr<double>();
    v.insert(v.end(), p, p + c.numel());
  }
  return v;
}

double get(const Tensor& t, int64_t i) {
  return t.scalar_type() == kDouble ? t.data_ptr<double>()[i] : double(t.data_ptr<float>()[i]);
}
void set(const Tensor& t, int64_t i, double v) {
  if (t.scalar_type() == kDouble) t.data_ptr<double>()[i] = v;
  else t.data_ptr<float>()[i] = float(v);
}

} // namespace

std::string gradcheck_report(const std::function<variable_list(const variable_list&)>& fn,
                             const variable_list& inputs, const GradcheckOptions& opt) {
  std::vector<size_t> diff; // inputs that require grad
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (!inputs[i].defined() || !inputs[i].requires_grad()) continue;
    TG_CHECK(inputs[i].is_floating_point() && inputs[i].is_contiguous(), "gradcheck: input ", i,
             " must be a contiguous floating tensor (float64 recommended), got ",
             inputs[i].scalar_type(), " ", inputs[i].sizes());
    diff.push_back(i);
  }
  TG_CHECK(!diff.empty(), "gradcheck: no input requires grad");

  // Numeric Jacobian, one column per perturbed input element: J[k][col].
  std::vector<double> base;
  base = flatten_outputs(fn(inputs));
  const size_t n_out = base.size();
  TG_CHECK(n_out > 0, "gradcheck: the function has no floating output");
  std::vector<std::vector<double>> numeric; // per diff input: [n_out * numel]
  for (size_t i : diff) {
    const Tensor& x = inputs[i];
    std::vector<double> J(n_out * size_t(x.numel()));
    for (int64_t j = 0; j < x.numel(); ++j) {
      double orig = get(x, j);
      std::vector<double> plus, minus;
      {
        // Grad mode stays on: gradgradcheck's function itself calls grad(create_graph=true).
        set(x, j, orig + opt.eps);
        plus = flatten_outputs(fn(inputs));
        set(x, j, orig - opt.eps);
        minus = flatten_outputs(fn(inputs));
        set(x, j, orig);
      }
      for (size_t k = 0; k < n_out; ++k)
        J[k * size_t(x.numel()) + size_t(j)] = (plus[k] - minus[k]) / (2 * opt.eps);
    }
    numeric.push_back(std::move(J));
  }

  // Analytic rows: v·J for one-hot v (full Jacobian) or random v (projections).
  variable_list outs = fn(inputs);
  variable_list diff_outs, diff_inputs;
  for (const Tensor& o : outs)
    if (o.defined() && o.is_floating_point()) diff_outs.push_back(o);
  for (size_t i : diff) diff_inputs.push_back(inputs[i]);
  bool full = int64_t(n_out) <= opt.max_full_jacobian_outputs;
  int64_t rows = full ? int64_t(n_out) : opt.projections;
  std::mt19937_64 rng(1234);
  std::normal_distribution<double> normal(0.0, 1.0);

  std::ostringstream report;
  double worst_err = 0;
  for (int64_t r = 0; r < rows; ++r) {
    std::vector<double> v(n_out, 0.0);
    if (full) v[size_t(r)] = 1.0;
    else
      for (double& e : v) e = normal(rng);
    // Split v across the outputs that require grad.
    variable_list used_outs, grad_outs;
    size_t off = 0;
    for (const Tensor& o : diff_outs) {
      Tensor g = zeros(o.sizes(), TensorOptions(o.scalar_type()));
      for (int64_t e = 0; e < o.numel(); ++e) set(g, e, v[off + size_t(e)]);
      off += size_t(o.numel());
      if (o.requires_grad()) {
        used_outs.push_back(o);
        grad_outs.push_back(g);
      }
    }
    variable_list got;
    if (!used_outs.empty())
      got = grad(used_outs, diff_inputs, grad_outs, /*retain_graph=*/true, false, /*allow_unused=*/true);
    for (size_t d = 0; d < diff.size(); ++d) {
      const Tensor& x = inputs[diff[d]];
      Tensor a = got.empty() || !got[d].defined() ? zeros_like(x) : got[d].to(kDouble).contiguous();
      for (int64_t j = 0; j < x.numel(); ++j) {
        double num = 0;
        for (size_t k = 0; k < n_out; ++k)
          if (v[k] != 0) num += v[k] * numeric[d][k * size_t(x.numel()) + size_t(j)];
        double ana = get(a, j);
        double err = std::fabs(ana - num);
        if (!(err <= opt.atol + opt.rtol * std::fabs(num)) && (err > worst_err || std::isnan(err))) {
          worst_err = std::isnan(err) ? INFINITY : err;
          report.str("");
          report << "gradcheck failed for input " << diff[d] << " (shape " << x.sizes() << ") at element "
                 << j << (full ? " of output element " : " in random projection ") << r
                 << ": analytic " << ana << " vs numeric " << num << " (|diff| " << err
                 << " > atol " << opt.atol << " + rtol " << opt.rtol << " * |numeric|)";
        }
      }
    }
  }
  return report.str();
}

bool gradcheck(const std::function<variable_list(const variable_list&)>& fn,
               const variable_list& inputs, double eps, double atol, double rtol,
               bool raise_exception) {
  GradcheckOptions opt;
  opt.eps = eps;
  opt.atol = atol;
  opt.rtol = rtol;
  std::string r = gradcheck_report(fn, inputs, opt);
  if (r.empty()) return true;
  if (raise_exception) throw Error(r);
  return false;
}

bool gradcheck(const std::function<Tensor(const variable_list&)>& fn, const variable_list& inputs,
               double eps, double atol, double rtol, bool raise_exception) {
  return gradcheck([&](const variable_list& x) { return variable_list{fn(x)}; }, inputs, eps, atol,
                   rtol, raise_exception);
}

bool gradgradcheck(const std::function<variable_list(const variable_list&)>& fn,
                   const variable_list& inputs, double eps, double atol, double rtol,
                   bool raise_exception) {
  // Fixed random output weights make the first derivative a function of the inputs alone.
  variable_list probe = fn(inputs);
  variable_list weights;
  for (const Tensor& o : probe) weights.push_back(randn(o.sizes(), TensorOptions(o.scalar_type())));
  auto first = [&](const variable_list& x) {
    variable_list outs = fn(x);
    variable_list diff_inputs;
    for (const Tensor& t : x)
      if (t.requires_grad()) diff_inputs.push_back(t);
    return grad(outs, diff_inputs, weights, true, /*create_graph=*/true, /*allow_unused=*/true);
  };
  return gradcheck(first, inputs, eps, atol, rtol, raise_exception);
}

} // namespace tg::autograd
