// tg::optim::LBFGS against LibTorch 1.13: the same problems, started from the same point and
// optimised with the same closure, must reach LibTorch's parameters, losses and evaluation counts
// (lbfgs_reference.inc, written by tests/fixtures/make_lbfgs_reference.cpp), with and without the
// strong Wolfe line search; plus the options' defaults, the errors, and checkpoints.
#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "autograd/ops/functions.h"
#include "autograd/tensor/tensor_data.h"
#include "optim/optim.h"

using namespace tg;
namespace optim = tg::optim;

namespace {

struct RefStep {
  double loss;
  int64_t func_evals, n_iter;
  std::vector<double> params;
};
struct RefCase {
  std::string name;
  std::vector<RefStep> steps;
};
const std::vector<RefCase> kReference = {
#include "lbfgs_reference.inc"
};

const RefCase& reference(const std::string& name) {
  for (const auto& c : kReference)
    if (c.name == name) return c;
  throw std::runtime_error("no LBFGS reference case " + name);
}

// The same formulas as tests/fixtures/make_lbfgs_reference.cpp.
Tensor filled(std::vector<int64_t> shape, double a, double b) {
  int64_t n = 1;
  for (auto s : shape) n *= s;
  std::vector<double> v(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) v[size_t(i)] = std::sin(a * double(i) + b);
  return tg::tensor(v, {n}, kDouble).reshape(shape);
}

struct Problem {
  std::vector<Tensor> params;
  std::function<Tensor()> loss;
};

Problem rosenbrock() {
  Problem p;
  p.params = {tg::tensor(std::vector<double>{-1.5, 2.0}, {2}, kDouble).requires_grad_()};
  Tensor x = p.params[0];
  p.loss = [x] {
    Tensor a = x.narrow(0, 0, 1), b = x.narrow(0, 1, 1);
    return ((1 - a).pow(2) + 100 * (b - a * a).pow(2)).sum();
  };
  return p;
}

Problem mlp() {
  Problem p;
  p.params = {filled({3, 4}, 0.7, 0.1).mul(0.5).requires_grad_(),
              filled({4}, 1.3, 0.2).mul(0.1).requires_grad_(),
              filled({4, 1}, 0.9, 0.3).mul(0.5).requires_grad_(),
              filled({1}, 1.1, 0.4).mul(0.1).requires_grad_()};
  Tensor x = filled({32, 3}, 0.37, 0.5), y = filled({32, 1}, 0.53, 0.9);
  auto w1 = p.params[0], b1 = p.params[1], w2 = p.params[2], b2 = p.params[3];
  p.loss = [=] {
    Tensor h = (x.matmul(w1) + b1).tanh();
    return (h.matmul(w2) + b2 - y).pow(2).mean();
  };
  return p;
}

// The problem and options of each case of make_lbfgs_reference.cpp.
Problem problem_for(const std::string& name) {
  return name.rfind("rosenbrock", 0) == 0 ? rosenbrock() : mlp();
}
optim::LBFGSOptions options_for(const std::string& name) {
  using O = optim::LBFGSOptions;
  if (name == "rosenbrock_plain") return O(0.1);
  if (name == "rosenbrock_wolfe") return O(1).line_search_fn("strong_wolfe");
  if (name == "rosenbrock_wolfe_short_history")
    return O(1).line_search_fn("strong_wolfe").history_size(3).max_iter(7);
  if (name == "mlp_plain") return O(0.5).max_iter(10);
  if (name == "mlp_wolfe") return O(1).line_search_fn("strong_wolfe").history_size(5);
  if (name == "mlp_wolfe_max_eval")
    return O(1).line_search_fn("strong_wolfe").max_iter(30).max_eval(12);
  throw std::runtime_error("no options for " + name);
}

std::vector<double> flat_params(const Problem& p) {
  std::vector<double> out;
  for (const Tensor& t : p.params) {
    Tensor c = t.detach().contiguous();
    out.insert(out.end(), c.data_ptr<double>(), c.data_ptr<double>() + c.numel());
  }
  return out;
}

Tensor step(optim::LBFGS& opt, const Problem& p) {
  return opt.step([&] {
    opt.zero_grad();
    Tensor l = p.loss();
    l.backward();
    return l;
  });
}

const optim::LBFGSParamState& lbfgs_state(const optim::LBFGS& opt, const Problem& p) {
  return static_cast<const optim::LBFGSParamState&>(
      *opt.state().at(optim::Optimizer::state_key(p.params[0])));
}

// How close step k of a case must come to LibTorch. The counters (closure calls, iterations) must
// be equal, and the first step agrees to rounding (~1e-14) in every case; later steps carry the
// rounding of sums taken in another order (dot products, matmul, the mean), which L-BFGS
// amplifies along flat valleys. LibTorch is as sensitive to it: scaling mlp_wolfe's loss by
// 1 + 1e-14 moves LibTorch's own parameters by 3e-13, 4e-9 and 6e-6 after steps 1, 2 and 3
// (here they differ from LibTorch's by 8e-14, 3e-8 and 4e-5).
double tolerance(const std::string& name, size_t k) {
  if (k == 0) return 1e-10;
  if (name == "mlp_wolfe") return k == 1 ? 1e-6 : 1e-3;
  return 1e-7;
}

// Step k of case `ref`: the loss, the counters and the parameters as LibTorch had them.
void check_step(const RefCase& ref, size_t k, const optim::LBFGS& opt, const Problem& p,
                const Tensor& loss) {
  const RefStep& want = ref.steps[k];
  const double tol = tolerance(ref.name, k);
  BOOST_TEST_CONTEXT(ref.name << ", step " << k + 1) {
    BOOST_CHECK_CLOSE_FRACTION(loss.item<double>(), want.loss, tol);
    BOOST_CHECK_EQUAL(lbfgs_state(opt, p).func_evals(), want.func_evals);
    BOOST_CHECK_EQUAL(lbfgs_state(opt, p).n_iter(), want.n_iter);
    const auto got = flat_params(p);
    BOOST_REQUIRE_EQUAL(got.size(), want.params.size());
    double worst = 0;
    for (size_t i = 0; i < got.size(); ++i)
      worst = std::max(worst,
                       std::abs(got[i] - want.params[i]) / std::max(1.0, std::abs(want.params[i])));
    BOOST_TEST_MESSAGE(ref.name << " step " << k + 1 << ": largest difference " << worst);
    BOOST_CHECK_MESSAGE(worst <= tol,
                        "parameters differ from LibTorch's by up to " << worst << " > " << tol);
  }
}

struct TempFile {
  std::string path =
      (std::filesystem::temp_directory_path() / ("tg-lbfgs-" + std::to_string(::getpid()) + ".tgc"))
          .string();
  ~TempFile() {
    std::error_code ec;
    std::filesystem::remove(path, ec);
  }
};

} // namespace

BOOST_AUTO_TEST_SUITE(optim_lbfgs)

BOOST_AUTO_TEST_CASE(matches_libtorch) {
  BOOST_REQUIRE_EQUAL(kReference.size(), 6u);
  for (const RefCase& ref : kReference) {
    Problem p = problem_for(ref.name);
    optim::LBFGS opt(p.params, options_for(ref.name));
    for (size_t k = 0; k < ref.steps.size(); ++k) check_step(ref, k, opt, p, step(opt, p));
  }
}

BOOST_AUTO_TEST_CASE(options_defaults_as_libtorch) {
  optim::LBFGSOptions o;
  BOOST_CHECK_EQUAL(o.lr(), 1.0);
  BOOST_CHECK_EQUAL(o.max_iter(), 20);
  BOOST_CHECK(!o.max_eval().has_value());
  BOOST_CHECK_EQUAL(o.tolerance_grad(), 1e-7);
  BOOST_CHECK_EQUAL(o.tolerance_change(), 1e-9);
  BOOST_CHECK_EQUAL(o.history_size(), 100);
  BOOST_CHECK(!o.line_search_fn().has_value());

  // The constructor fills in max_eval = max_iter·5/4 (integer division), in the group and the
  // defaults, and keeps an explicit one.
  Problem p = rosenbrock();
  optim::LBFGS opt(p.params, optim::LBFGSOptions().max_iter(7));
  const auto& group = static_cast<const optim::LBFGSOptions&>(opt.param_groups()[0].options());
  BOOST_CHECK_EQUAL(group.max_eval().value_or(-1), 8);
  BOOST_CHECK_EQUAL(static_cast<const optim::LBFGSOptions&>(opt.defaults()).max_eval().value_or(-1),
                    8);
  Problem q = rosenbrock();
  optim::LBFGS explicit_eval(q.params, optim::LBFGSOptions().max_eval(3));
  BOOST_CHECK_EQUAL(
      static_cast<const optim::LBFGSOptions&>(explicit_eval.param_groups()[0].options())
          .max_eval()
          .value_or(-1),
      3);
}

BOOST_AUTO_TEST_CASE(errors) {
  Problem p = rosenbrock(), q = rosenbrock();
  // One group only, as in LibTorch.
  BOOST_CHECK_THROW(
      optim::LBFGS({optim::OptimizerParamGroup(p.params), optim::OptimizerParamGroup(q.params)}),
      tg::Error);
  BOOST_CHECK_THROW(optim::LBFGS(p.params, optim::LBFGSOptions(-1)), tg::Error);
  optim::LBFGS opt(p.params);
  BOOST_CHECK_THROW(opt.step(nullptr), tg::Error);
  optim::LBFGS bad_search(q.params, optim::LBFGSOptions().line_search_fn("armijo"));
  BOOST_CHECK_THROW(step(bad_search, q), tg::Error);
}

BOOST_AUTO_TEST_CASE(stops_at_once_when_the_gradient_is_small) {
  Problem p;
  p.params = {tg::tensor(std::vector<double>{1.0, 1.0}, {2}, kDouble).requires_grad_()};
  Tensor x = p.params[0];
  p.loss = [x] { return (x - 1).pow(2).sum(); }; // at its minimum: the gradient is 0
  optim::LBFGS opt(p.params);
  Tensor loss = step(opt, p);
  BOOST_CHECK_EQUAL(loss.item<double>(), 0.0);
  BOOST_CHECK_EQUAL(lbfgs_state(opt, p).func_evals(), 1);
  BOOST_CHECK_EQUAL(lbfgs_state(opt, p).n_iter(), 0);
}

// A checkpoint taken after one step and loaded into a fresh optimizer over a copy of the
// parameters continues exactly as the uninterrupted run (and as LibTorch's): the curvature
// history, the step length and the counters all travel.
BOOST_AUTO_TEST_CASE(checkpoint_restores_the_history) {
  for (const std::string name : {"mlp_wolfe", "rosenbrock_plain"}) {
    const RefCase& ref = reference(name);
    Problem p = problem_for(name);
    optim::LBFGS opt(p.params, options_for(name));
    step(opt, p);
    TempFile file;
    tg::save(opt, file.path);

    Problem q = problem_for(name);
    {
      NoGradGuard no_grad;
      for (size_t i = 0; i < q.params.size(); ++i) q.params[i].copy_(p.params[i]);
    }
    optim::LBFGS resumed(q.params, optim::LBFGSOptions(123).history_size(1));
    tg::load(resumed, file.path);
    const auto& options =
        static_cast<const optim::LBFGSOptions&>(resumed.param_groups()[0].options());
    BOOST_CHECK(options ==
                static_cast<const optim::LBFGSOptions&>(opt.param_groups()[0].options()));
    BOOST_CHECK(lbfgs_state(resumed, q) == lbfgs_state(opt, p));
    BOOST_CHECK(!lbfgs_state(resumed, q).old_dirs().empty());
    for (size_t k = 1; k < ref.steps.size(); ++k) check_step(ref, k, resumed, q, step(resumed, q));

    // Without the state the second step would be a fresh start, far from LibTorch's.
    Problem r = problem_for(name);
    {
      NoGradGuard no_grad;
      for (size_t i = 0; i < r.params.size(); ++i) r.params[i].copy_(p.params[i]);
    }
    optim::LBFGS fresh(r.params, options_for(name));
    step(fresh, r);
    double diff = 0;
    const auto got = flat_params(r);
    for (size_t i = 0; i < got.size(); ++i)
      diff = std::max(diff, std::abs(got[i] - ref.steps[1].params[i]));
    BOOST_CHECK_GT(diff, 1e-6);
  }

  // A checkpoint of other parameters (another total size) is refused.
  Problem m = mlp(), rb = rosenbrock();
  optim::LBFGS a(m.params);
  step(a, m);
  TempFile file;
  tg::save(a, file.path);
  Problem m2 = mlp();
  m2.params.pop_back();
  optim::LBFGS b(m2.params);
  BOOST_CHECK_THROW(tg::load(b, file.path), tg::Error);
}

BOOST_AUTO_TEST_SUITE_END()
