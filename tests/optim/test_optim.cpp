// Optimizers and schedulers against PyTorch's documented update rules, computed step by step in
// plain doubles next to each test.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <functional>
#include <numbers>
#include <sstream>
#include <string>
#include <vector>

#include "autograd/ops/functions.h"
#include "autograd/graph/grad_mode.h"
#include "autograd/tensor/tensor_data.h"
#include "optim/optim.h"

using namespace tg;
namespace optim = tg::optim;

namespace {

using Vec = std::vector<double>;

Tensor param(const Vec& v) {
  return tg::tensor(v, {int64_t(v.size())}, kDouble).requires_grad_();
}
void set_grad(const Tensor& p, const Vec& g) {
  p.mutable_grad() = tg::tensor(g, {int64_t(g.size())}, kDouble);
}
Vec values(const Tensor& t) {
  Tensor c = t.detach().contiguous();
  const double* d = c.data_ptr<double>();
  return Vec(d, d + c.numel());
}
void check_values(const Tensor& t, const Vec& expected, double tol = 1e-12) {
  Vec got = values(t);
  BOOST_REQUIRE_EQUAL(got.size(), expected.size());
  for (size_t i = 0; i < got.size(); ++i) {
    double scale = std::max(1.0, std::abs(expected[i]));
    BOOST_CHECK_MESSAGE(std::abs(got[i] - expected[i]) <= tol * scale,
                        "element " << i << ": got " << got[i] << ", expected " << expected[i]);
  }
}
bool message_contains(const tg::Error& e, const std::string& part) {
  return std::string(e.what()).find(part) != std::string::npos;
}

// Fixed gradients for four steps of a three-element parameter.
const std::vector<Vec> kGrads = {
    {0.5, -1.5, 2.0}, {1.0, 0.25, -0.5}, {-0.75, 2.5, 0.1}, {0.3, -0.2, 0.9}};
const Vec kStart = {1.0, -2.0, 3.0};

/// Runs `steps` steps of `opt` on `p`, setting the fixed gradients by hand.
void run_fixed(optim::Optimizer& opt, const Tensor& p, size_t steps) {
  for (size_t k = 0; k < steps; ++k) {
    set_grad(p, kGrads[k % kGrads.size()]);
    opt.step();
  }
}

/// Adam / AdamW in plain doubles, as PyTorch documents them.
Vec adam_reference(double lr, double beta1, double beta2, double eps, double weight_decay,
                   bool amsgrad, bool decoupled, size_t steps) {
  Vec x = kStart, m(3, 0.0), v(3, 0.0), vmax(3, 0.0);
  for (size_t k = 0; k < steps; ++k) {
    const double t = double(k + 1);
    const double bc1 = 1 - std::pow(beta1, t), bc2 = 1 - std::pow(beta2, t);
    for (size_t i = 0; i < 3; ++i) {
      double g = kGrads[k % kGrads.size()][i];
      if (decoupled) x[i] *= 1 - lr * weight_decay;
      else g += weight_decay * x[i];
      m[i] = beta1 * m[i] + (1 - beta1) * g;
      v[i] = beta2 * v[i] + (1 - beta2) * g * g;
      vmax[i] = std::max(vmax[i], v[i]);
      const double second = amsgrad ? vmax[i] : v[i];
      const double denom = std::sqrt(second) / std::sqrt(bc2) + eps;
      x[i] -= lr / bc1 * m[i] / denom;
    }
  }
  return x;
}
} // namespace

BOOST_AUTO_TEST_SUITE(optim_sgd)

BOOST_AUTO_TEST_CASE(plain_sgd_first_step_by_hand) {
  Tensor p = param({1.0, 2.0, 3.0});
  optim::SGD opt({p}, 0.1); // a bare learning rate, as LibTorch allows
  set_grad(p, {0.5, -1.5, 2.0});
  TensorImpl* before = p.unsafeGetTensorImpl();
  opt.step();
  // p − 0.1·g
  check_values(p, {1.0 - 0.05, 2.0 + 0.15, 3.0 - 0.2});
  BOOST_CHECK(p.unsafeGetTensorImpl() == before); // updated in place
  BOOST_CHECK(p.is_leaf());
  BOOST_CHECK(p.requires_grad());
  BOOST_CHECK(!p.grad_fn());
  BOOST_CHECK(opt.state().empty()); // no momentum, no state
}

BOOST_AUTO_TEST_CASE(momentum_dampening_weight_decay_nesterov) {
  struct Case {
    double lr, momentum, dampening, weight_decay;
    bool nesterov;
  };
  for (Case c : {Case{0.1, 0.0, 0.0, 0.0, false}, Case{0.1, 0.9, 0.0, 0.0, false},
                 Case{0.05, 0.8, 0.3, 0.0, false}, Case{0.1, 0.9, 0.0, 0.0, true},
                 Case{0.07, 0.5, 0.0, 0.1, true}, Case{0.2, 0.0, 0.0, 0.25, false},
                 Case{0.1, 0.6, 0.2, 0.05, false}}) {
    Tensor p = param(kStart);
    optim::SGD opt({p}, optim::SGDOptions(c.lr)
                            .momentum(c.momentum)
                            .dampening(c.dampening)
                            .weight_decay(c.weight_decay)
                            .nesterov(c.nesterov));
    Vec x = kStart, buf(3, 0.0);
    for (size_t k = 0; k < kGrads.size(); ++k) {
      set_grad(p, kGrads[k]);
      opt.step();
      for (size_t i = 0; i < 3; ++i) {
        double d = kGrads[k][i] + c.weight_decay * x[i];
        if (c.momentum != 0) {
          buf[i] = k == 0 ? d : c.momentum * buf[i] + (1 - c.dampening) * d;
          d = c.nesterov ? d + c.momentum * buf[i] : buf[i];
        }
        x[i] -= c.lr * d;
      }
      check_values(p, x);
    }
    if (c.momentum != 0) {
      auto& state = static_cast<optim::SGDParamState&>(*opt.state().at(optim::Optimizer::state_key(p)));
      check_values(state.momentum_buffer(), buf);
    }
  }
}

BOOST_AUTO_TEST_CASE(parameters_without_gradient_are_skipped) {
  Tensor a = param({1.0, 2.0}), b = param({3.0, 4.0});
  optim::SGD opt({a, b}, optim::SGDOptions(0.5).momentum(0.9));
  set_grad(a, {1.0, 1.0});
  opt.step();
  check_values(a, {0.5, 1.5});
  check_values(b, {3.0, 4.0});
  BOOST_CHECK_EQUAL(opt.state().size(), 1u);
}

BOOST_AUTO_TEST_CASE(invalid_options_throw) {
  Tensor p = param({1.0});
  BOOST_CHECK_THROW(optim::SGD({p}, -0.1), tg::Error);
  BOOST_CHECK_THROW(optim::SGD({p}, optim::SGDOptions(0.1).momentum(-1)), tg::Error);
  BOOST_CHECK_THROW(optim::SGD({p}, optim::SGDOptions(0.1).weight_decay(-1)), tg::Error);
  try {
    optim::SGD({p}, optim::SGDOptions(0.1).nesterov(true));
    BOOST_FAIL("expected tg::Error");
  } catch (const tg::Error& e) {
    BOOST_CHECK(message_contains(e, "Nesterov momentum requires a momentum and zero dampening"));
  }
  BOOST_CHECK_THROW(optim::SGD({p}, optim::SGDOptions(0.1).momentum(0.9).dampening(0.1).nesterov(true)),
                    tg::Error);
  BOOST_CHECK_THROW(optim::Adam({p}, optim::AdamOptions(-1)), tg::Error);
  BOOST_CHECK_THROW(optim::Adam({p}, optim::AdamOptions().betas(std::make_tuple(1.0, 0.9))),
                    tg::Error);
  BOOST_CHECK_THROW(optim::AdamW({p}, optim::AdamWOptions().eps(-1)), tg::Error);
  BOOST_CHECK_THROW(optim::Adagrad({p}, optim::AdagradOptions().lr_decay(-1)), tg::Error);
  BOOST_CHECK_THROW(optim::RMSprop({p}, optim::RMSpropOptions().alpha(-1)), tg::Error);
  // Non-leaves and duplicates across groups.
  Tensor non_leaf = p * 2;
  BOOST_CHECK_THROW(optim::SGD({non_leaf}, 0.1), tg::Error);
  std::vector<optim::OptimizerParamGroup> dup{optim::OptimizerParamGroup({p}),
                                              optim::OptimizerParamGroup({p})};
  BOOST_CHECK_THROW(optim::SGD(dup, 0.1), tg::Error);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(optim_adagrad)

BOOST_AUTO_TEST_CASE(matches_documented_update) {
  struct Case {
    double lr, lr_decay, weight_decay, init, eps;
  };
  for (Case c : {Case{0.1, 0.0, 0.0, 0.0, 1e-10}, Case{0.5, 0.1, 0.0, 0.0, 1e-10},
                 Case{0.3, 0.05, 0.2, 0.5, 1e-3}, Case{0.01, 0.0, 0.0, 1.0, 0.1}}) {
    Tensor p = param(kStart);
    optim::Adagrad opt({p}, optim::AdagradOptions(c.lr)
                                .lr_decay(c.lr_decay)
                                .weight_decay(c.weight_decay)
                                .initial_accumulator_value(c.init)
                                .eps(c.eps));
    // LibTorch creates Adagrad's state up front.
    BOOST_CHECK_EQUAL(opt.state().size(), 1u);
    Vec x = kStart, sum(3, c.init);
    for (size_t k = 0; k < kGrads.size(); ++k) {
      set_grad(p, kGrads[k]);
      opt.step();
      const double t = double(k + 1);
      const double clr = c.lr / (1 + (t - 1) * c.lr_decay);
      for (size_t i = 0; i < 3; ++i) {
        double g = kGrads[k][i] + c.weight_decay * x[i];
        sum[i] += g * g;
        x[i] -= clr * g / (std::sqrt(sum[i]) + c.eps);
      }
      check_values(p, x);
    }
    auto& state = static_cast<optim::AdagradParamState&>(*opt.state().at(optim::Optimizer::state_key(p)));
    BOOST_CHECK_EQUAL(state.step(), 4);
    check_values(state.sum(), sum);
  }
}

BOOST_AUTO_TEST_CASE(first_step_is_lr_times_sign) {
  // sum = g², so the step is lr·g/|g| (up to eps).
  Tensor p = param({0.0, 0.0});
  optim::Adagrad opt({p}, optim::AdagradOptions(0.25).eps(0));
  set_grad(p, {3.0, -0.5});
  opt.step();
  check_values(p, {-0.25, 0.25});
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(optim_rmsprop)

BOOST_AUTO_TEST_CASE(matches_documented_update) {
  struct Case {
    double lr, alpha, eps, weight_decay, momentum;
    bool centered;
  };
  for (Case c : {Case{0.01, 0.99, 1e-8, 0.0, 0.0, false}, Case{0.05, 0.9, 1e-6, 0.0, 0.0, true},
                 Case{0.02, 0.95, 1e-8, 0.0, 0.8, false}, Case{0.03, 0.8, 1e-4, 0.1, 0.5, true},
                 Case{0.1, 0.5, 1e-8, 0.3, 0.0, false}}) {
    Tensor p = param(kStart);
    optim::RMSprop opt({p}, optim::RMSpropOptions(c.lr)
                                .alpha(c.alpha)
                                .eps(c.eps)
                                .weight_decay(c.weight_decay)
                                .momentum(c.momentum)
                                .centered(c.centered));
    Vec x = kStart, v(3, 0.0), gavg(3, 0.0), buf(3, 0.0);
    for (size_t k = 0; k < kGrads.size(); ++k) {
      set_grad(p, kGrads[k]);
      opt.step();
      for (size_t i = 0; i < 3; ++i) {
        double g = kGrads[k][i] + c.weight_decay * x[i];
        v[i] = c.alpha * v[i] + (1 - c.alpha) * g * g;
        double avg;
        if (c.centered) {
          gavg[i] = c.alpha * gavg[i] + (1 - c.alpha) * g;
          avg = std::sqrt(v[i] - gavg[i] * gavg[i]) + c.eps;
        } else {
          avg = std::sqrt(v[i]) + c.eps;
        }
        if (c.momentum > 0) {
          buf[i] = c.momentum * buf[i] + g / avg;
          x[i] -= c.lr * buf[i];
        } else {
          x[i] -= c.lr * g / avg;
        }
      }
      check_values(p, x, 1e-11);
    }
    auto& state = static_cast<optim::RMSpropParamState&>(*opt.state().at(optim::Optimizer::state_key(p)));
    BOOST_CHECK_EQUAL(state.step(), 4);
    check_values(state.square_avg(), v);
    BOOST_CHECK_EQUAL(state.grad_avg().defined(), c.centered);
    BOOST_CHECK_EQUAL(state.momentum_buffer().defined(), c.momentum > 0);
  }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(optim_adam)


BOOST_AUTO_TEST_CASE(first_step_is_lr_times_sign) {
  // m̂ = g and v̂ = g² after one step, so p moves by lr·g/(|g| + eps).
  Tensor p = param({1.0, 1.0});
  optim::Adam opt({p}, optim::AdamOptions(0.1).eps(0));
  set_grad(p, {4.0, -0.01});
  opt.step();
  check_values(p, {0.9, 1.1});
}

BOOST_AUTO_TEST_CASE(adam_variants_match_documented_update) {
  struct Case {
    double lr, beta1, beta2, eps, weight_decay;
    bool amsgrad;
  };
  for (Case c : {Case{1e-3, 0.9, 0.999, 1e-8, 0.0, false}, Case{0.1, 0.8, 0.99, 1e-6, 0.0, false},
                 Case{0.05, 0.9, 0.999, 1e-8, 0.1, false}, Case{0.1, 0.5, 0.9, 1e-8, 0.0, true},
                 Case{0.02, 0.7, 0.95, 1e-3, 0.2, true}}) {
    Tensor q = param(kStart);
    optim::Adam opt2({q}, optim::AdamOptions(c.lr)
                              .betas(std::make_tuple(c.beta1, c.beta2))
                              .eps(c.eps)
                              .weight_decay(c.weight_decay)
                              .amsgrad(c.amsgrad));
    for (size_t k = 0; k < 8; ++k) {
      set_grad(q, kGrads[k % 4]);
      opt2.step();
      check_values(q, adam_reference(c.lr, c.beta1, c.beta2, c.eps, c.weight_decay, c.amsgrad,
                                     false, k + 1));
    }
    auto& state = static_cast<optim::AdamParamState&>(*opt2.state().at(optim::Optimizer::state_key(q)));
    BOOST_CHECK_EQUAL(state.step(), 8);
    BOOST_CHECK_EQUAL(state.max_exp_avg_sq().defined(), c.amsgrad);
  }
}

BOOST_AUTO_TEST_CASE(amsgrad_changes_the_result) {
  // A large gradient followed by small ones: v shrinks, the AMSGrad maximum does not.
  auto run = [](bool amsgrad) {
    Tensor p = param({0.0});
    optim::Adam opt({p}, optim::AdamOptions(0.1).betas(std::make_tuple(0.5, 0.5)).amsgrad(amsgrad));
    for (double g : {10.0, 0.1, 0.1, 0.1}) {
      set_grad(p, {g});
      opt.step();
    }
    return values(p)[0];
  };
  BOOST_CHECK(std::abs(run(true) - run(false)) > 1e-3);
}

BOOST_AUTO_TEST_CASE(adamw_matches_documented_update) {
  BOOST_CHECK_EQUAL(optim::AdamWOptions().weight_decay(), 1e-2);
  BOOST_CHECK_EQUAL(optim::AdamOptions().weight_decay(), 0.0);
  struct Case {
    double lr, weight_decay;
    bool amsgrad;
  };
  for (Case c : {Case{1e-3, 1e-2, false}, Case{0.1, 0.5, false}, Case{0.05, 0.0, false},
                 Case{0.1, 0.3, true}}) {
    Tensor p = param(kStart);
    optim::AdamW opt({p}, optim::AdamWOptions(c.lr).weight_decay(c.weight_decay).amsgrad(c.amsgrad));
    for (size_t k = 0; k < 8; ++k) {
      set_grad(p, kGrads[k % 4]);
      opt.step();
      check_values(p, adam_reference(c.lr, 0.9, 0.999, 1e-8, c.weight_decay, c.amsgrad, true, k + 1));
    }
  }
  // Decoupled decay differs from Adam's L2 penalty.
  Tensor a = param(kStart), b = param(kStart);
  optim::Adam adam({a}, optim::AdamOptions(0.1).weight_decay(0.5));
  optim::AdamW adamw({b}, optim::AdamWOptions(0.1).weight_decay(0.5));
  run_fixed(adam, a, 3);
  run_fixed(adamw, b, 3);
  BOOST_CHECK(!a.equal(b));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(optim_base)

BOOST_AUTO_TEST_CASE(per_group_options) {
  Tensor a = param(kStart), b = param(kStart);
  std::vector<optim::OptimizerParamGroup> groups;
  groups.emplace_back(std::vector<Tensor>{a}); // takes the defaults
  groups.emplace_back(std::vector<Tensor>{b},
                      std::make_unique<optim::SGDOptions>(optim::SGDOptions(0.5).momentum(0.5)));
  optim::SGD opt(groups, optim::SGDOptions(0.1));
  BOOST_CHECK_EQUAL(opt.param_groups().size(), 2u);
  BOOST_CHECK_EQUAL(opt.size(), 2u);
  BOOST_CHECK_EQUAL(opt.parameters().size(), 1u);
  BOOST_CHECK(opt.parameters()[0].is_same(a));
  BOOST_CHECK_EQUAL(opt.param_groups()[0].options().get_lr(), 0.1);
  BOOST_CHECK_EQUAL(static_cast<optim::SGDOptions&>(opt.param_groups()[1].options()).momentum(), 0.5);

  Vec xa = kStart, xb = kStart, buf(3);
  for (size_t k = 0; k < 3; ++k) {
    set_grad(a, kGrads[k]);
    set_grad(b, kGrads[k]);
    opt.step();
    for (size_t i = 0; i < 3; ++i) {
      xa[i] -= 0.1 * kGrads[k][i];
      buf[i] = k == 0 ? kGrads[k][i] : 0.5 * buf[i] + kGrads[k][i];
      xb[i] -= 0.5 * buf[i];
    }
    check_values(a, xa);
    check_values(b, xb);
  }

  // Adam groups with their own betas and lr.
  Tensor c = param(kStart), d = param(kStart);
  optim::Adam adam({c}, optim::AdamOptions(0.1));
  adam.add_param_group(optim::OptimizerParamGroup(
      {d}, std::make_unique<optim::AdamOptions>(optim::AdamOptions(0.02).betas(std::make_tuple(0.5, 0.9)))));
  for (size_t k = 0; k < 4; ++k) {
    set_grad(c, kGrads[k]);
    set_grad(d, kGrads[k]);
    adam.step();
    check_values(c, adam_reference(0.1, 0.9, 0.999, 1e-8, 0, false, false, k + 1));
    check_values(d, adam_reference(0.02, 0.5, 0.9, 1e-8, 0, false, false, k + 1));
  }
  BOOST_CHECK_THROW(adam.add_param_group(optim::OptimizerParamGroup({c})), tg::Error);
}

BOOST_AUTO_TEST_CASE(base_reference_zero_grad_and_closure) {
  Tensor p = param({1.0, 2.0});
  optim::Adam adam({p}, optim::AdamOptions(0.1));
  optim::Optimizer& opt = adam; // used only through the base
  auto loss_fn = [&] { return (p * p).sum(); };

  loss_fn().backward();
  Tensor grad_before = p.grad();
  opt.zero_grad(); // 1.13: zeroed in place, still defined
  BOOST_REQUIRE(p.grad().defined());
  check_values(p.grad(), {0.0, 0.0});
  BOOST_CHECK(p.grad().is_same(grad_before));

  size_t calls = 0;
  Tensor loss;
  {
    NoGradGuard outer; // the closure still runs with grad mode on
    loss = opt.step([&] {
      ++calls;
      BOOST_CHECK(GradMode::is_enabled());
      opt.zero_grad();
      Tensor l = loss_fn();
      l.backward();
      return l;
    });
  }
  BOOST_CHECK_EQUAL(calls, 1u);
  BOOST_CHECK_CLOSE(loss.item<double>(), 5.0, 1e-12);
  // First Adam step: p − lr·g/(|g| + eps) with g = 2p = (2, 4).
  check_values(p, {1.0 - 0.1 * 2 / (2 + 1e-8), 2.0 - 0.1 * 4 / (4 + 1e-8)});
  BOOST_CHECK(!opt.step().defined()); // no closure, no loss

  opt.zero_grad(true);
  BOOST_CHECK(!p.grad().defined());
  BOOST_CHECK_EQUAL(opt.param_groups()[0].options().lr(), 0.1);
  opt.param_groups()[0].options().lr(0.5);
  BOOST_CHECK_EQUAL(static_cast<optim::AdamOptions&>(opt.param_groups()[0].options()).lr(), 0.5);

  // state() is keyed by the TensorImpl address, as LibTorch prints it.
  std::ostringstream key;
  key << static_cast<const void*>(p.unsafeGetTensorImpl());
  BOOST_CHECK_EQUAL(optim::Optimizer::state_key(p), key.str());
  BOOST_CHECK(opt.state().count(key.str()));

  Tensor q = param({3.0});
  opt.add_parameters({q});
  BOOST_CHECK_EQUAL(opt.size(), 2u);
  BOOST_CHECK_THROW(opt.add_parameters({q}), tg::Error);
}

BOOST_AUTO_TEST_CASE(all_optimizers_approach_the_minimum) {
  // f(x, y) = x²/20 + y² from (−7, 2).
  const Tensor weights = tg::tensor(Vec{1.0 / 20, 1.0}, {2}, kDouble);
  auto run = [&](const std::string& name,
                 const std::function<std::unique_ptr<optim::Optimizer>(Tensor)>& make, int steps,
                 double bound) {
    Tensor p = param({-7.0, 2.0});
    auto opt = make(p);
    const double start = std::hypot(-7.0, 2.0);
    for (int s = 0; s < steps; ++s) {
      opt->zero_grad();
      (p * p * weights).sum().backward();
      opt->step();
    }
    Vec x = values(p);
    double dist = std::hypot(x[0], x[1]);
    BOOST_TEST_MESSAGE(name << ": distance " << dist);
    BOOST_CHECK_MESSAGE(dist < bound * start, name << " ended at (" << x[0] << ", " << x[1] << ")");
  };
  using P = std::unique_ptr<optim::Optimizer>;
  run("SGD", [](Tensor p) -> P { return std::make_unique<optim::SGD>(std::vector<Tensor>{p}, 0.4); },
      100, 0.1);
  run("SGD+momentum", [](Tensor p) -> P {
    return std::make_unique<optim::SGD>(std::vector<Tensor>{p}, optim::SGDOptions(0.05).momentum(0.9));
  }, 100, 0.1);
  run("SGD+nesterov", [](Tensor p) -> P {
    return std::make_unique<optim::SGD>(std::vector<Tensor>{p},
                                        optim::SGDOptions(0.05).momentum(0.9).nesterov(true));
  }, 100, 0.1);
  run("Adagrad", [](Tensor p) -> P {
    return std::make_unique<optim::Adagrad>(std::vector<Tensor>{p}, optim::AdagradOptions(1.5));
  }, 100, 0.1);
  run("RMSprop", [](Tensor p) -> P {
    return std::make_unique<optim::RMSprop>(std::vector<Tensor>{p}, optim::RMSpropOptions(0.1));
  }, 100, 0.1);
  run("RMSprop centered+momentum", [](Tensor p) -> P {
    return std::make_unique<optim::RMSprop>(std::vector<Tensor>{p},
                                            optim::RMSpropOptions(0.05).momentum(0.5).centered(true));
  }, 100, 0.1);
  run("Adam", [](Tensor p) -> P {
    return std::make_unique<optim::Adam>(std::vector<Tensor>{p}, optim::AdamOptions(0.3));
  }, 100, 0.1);
  run("Adam amsgrad", [](Tensor p) -> P {
    return std::make_unique<optim::Adam>(std::vector<Tensor>{p}, optim::AdamOptions(0.3).amsgrad(true));
  }, 100, 0.1);
  run("AdamW", [](Tensor p) -> P {
    return std::make_unique<optim::AdamW>(std::vector<Tensor>{p}, optim::AdamWOptions(0.3));
  }, 100, 0.1);
}

BOOST_AUTO_TEST_CASE(float32_parameters) {
  Tensor p = tg::tensor(Vec{1.0, -2.0}, {2}, kFloat).requires_grad_();
  optim::Adam opt({p}, optim::AdamOptions(0.1));
  p.mutable_grad() = tg::tensor(Vec{0.5, 0.5}, {2}, kFloat);
  opt.step();
  BOOST_CHECK_EQUAL(p.scalar_type(), kFloat);
  BOOST_CHECK_CLOSE(p.detach().data_ptr<float>()[0], 0.9f, 1e-4);
  BOOST_CHECK_CLOSE(p.detach().data_ptr<float>()[1], -2.1f, 1e-4);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(optim_schedulers)

namespace {
std::vector<double> lr_sequence(optim::Optimizer& opt, optim::LRScheduler& scheduler, int n) {
  std::vector<double> lrs;
  for (int i = 0; i < n; ++i) {
    scheduler.step();
    lrs.push_back(opt.param_groups()[0].options().get_lr());
  }
  return lrs;
}
void check_sequence(const std::vector<double>& got, const std::vector<double>& expected) {
  BOOST_REQUIRE_EQUAL(got.size(), expected.size());
  for (size_t i = 0; i < got.size(); ++i)
    BOOST_CHECK_MESSAGE(std::abs(got[i] - expected[i]) <= 1e-15 * std::max(1.0, expected[i]),
                        "step " << i + 1 << ": " << got[i] << " vs " << expected[i]);
}
} // namespace

BOOST_AUTO_TEST_CASE(step_lr_matches_libtorch) {
  // LibTorch 1.13 prints 0.1 0.1 0.05 0.05 0.025 0.025 for StepLR(opt, 2, 0.5).
  Tensor p = param({1.0});
  optim::SGD opt({p}, 0.1);
  optim::StepLR scheduler(opt, 2, 0.5);
  check_sequence(lr_sequence(opt, scheduler, 6), {0.1, 0.1, 0.05, 0.05, 0.025, 0.025});

  // Every group decays by the same factor; default gamma = 0.1.
  Tensor q = param({1.0});
  optim::Adam adam({p}, optim::AdamOptions(1.0));
  adam.add_param_group(optim::OptimizerParamGroup({q}, std::make_unique<optim::AdamOptions>(0.5)));
  optim::StepLR s2(adam, 3);
  std::vector<double> g0, g1;
  for (int i = 0; i < 7; ++i) {
    s2.step();
    g0.push_back(adam.param_groups()[0].options().get_lr());
    g1.push_back(adam.param_groups()[1].options().get_lr());
  }
  check_sequence(g0, {1.0, 1.0, 1.0, 0.1, 0.1, 0.1, 0.1 * 0.1});
  check_sequence(g1, {0.5, 0.5, 0.5, 0.05, 0.05, 0.05, 0.05 * 0.1});
  BOOST_CHECK_THROW(optim::StepLR(opt, 0), tg::Error);
}

BOOST_AUTO_TEST_CASE(exponential_lr) {
  Tensor p = param({1.0});
  optim::RMSprop opt({p}, optim::RMSpropOptions(0.2));
  optim::ExponentialLR scheduler(opt, 0.9);
  std::vector<double> expected;
  double lr = 0.2;
  for (int k = 0; k < 5; ++k) expected.push_back(lr *= 0.9); // lr·γ^k after k steps
  check_sequence(lr_sequence(opt, scheduler, 5), expected);
}

BOOST_AUTO_TEST_CASE(cosine_annealing_lr) {
  Tensor p = param({1.0});
  optim::SGD opt({p}, 0.1);
  optim::CosineAnnealingLR scheduler(opt, 4, 0.01);
  std::vector<double> expected;
  for (int k = 1; k <= 8; ++k)
    expected.push_back(0.01 + (0.1 - 0.01) * (1 + std::cos(std::numbers::pi * k / 4)) / 2);
  std::vector<double> got = lr_sequence(opt, scheduler, 8);
  check_sequence(got, expected);
  BOOST_CHECK_CLOSE(got[3], 0.01, 1e-10);  // eta_min at T_max
  BOOST_CHECK_CLOSE(got[7], 0.1, 1e-10);   // back at the base after 2·T_max
  BOOST_CHECK_THROW(optim::CosineAnnealingLR(opt, 0), tg::Error);
}

BOOST_AUTO_TEST_CASE(scheduler_changes_what_step_uses) {
  Tensor p = param({1.0});
  optim::SGD opt({p}, 1.0);
  optim::StepLR scheduler(opt, 1, 0.5);
  Vec x = {1.0};
  double lr = 1.0;
  for (int k = 0; k < 4; ++k) {
    set_grad(p, {1.0});
    opt.step();
    x[0] -= lr;
    check_values(p, x);
    scheduler.step();
    if (k >= 1) lr *= 0.5; // LibTorch's first StepLR decay comes on the second call here
    BOOST_CHECK_EQUAL(opt.param_groups()[0].options().get_lr(), lr);
  }
}

BOOST_AUTO_TEST_SUITE_END()
