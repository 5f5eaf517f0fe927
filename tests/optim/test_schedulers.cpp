// The schedulers of issue 21 against Python torch 1.13's torch.optim.lr_scheduler: the first
// group's learning rate (or momentum) after construction and after each step() must be the
// sequence recorded in scheduler_reference.inc (written by
// tests/fixtures/make_scheduler_reference.py; LibTorch 1.13 has none of these schedulers). Plus
// their argument checks and their state through tg::save(optimizer, scheduler, path).
#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "autograd/ops/functions.h"
#include "optim/optim.h"

using namespace tg;
namespace optim = tg::optim;

namespace {

struct RefCase {
  std::string name;
  std::vector<double> values;
};
const std::vector<RefCase> kReference = {
#include "scheduler_reference.inc"
};

const std::vector<double>& reference(const std::string& name) {
  for (const auto& c : kReference)
    if (c.name == name) return c.values;
  throw std::runtime_error("no scheduler reference case " + name);
}

// The metrics fed to ReduceLROnPlateau, as in make_scheduler_reference.py.
const std::vector<double> kPlateau = {1.0,  0.9,  0.95, 0.96,  0.97,   0.85, 0.86,
                                      0.87, 0.88, 0.84, 0.849, 0.8499, 0.85, 0.86,
                                      0.87, 0.9,  0.91, 0.92,  0.93,   0.94};

Tensor param() { return zeros({1}).requires_grad_(); }

double lr(const optim::Optimizer& opt) { return opt.param_groups()[0].options().get_lr(); }
double momentum(const optim::Optimizer& opt) {
  return static_cast<const optim::SGDOptions&>(opt.param_groups()[0].options()).momentum();
}
double beta1(const optim::Optimizer& opt) {
  return std::get<0>(
      static_cast<const optim::AdamOptions&>(opt.param_groups()[0].options()).betas());
}

/// The value after construction and after each of the reference's steps, compared with it.
void check_sequence(const std::string& name, optim::Optimizer& opt,
                    const std::function<void(size_t)>& step,
                    const std::function<double(const optim::Optimizer&)>& value = lr) {
  const auto& want = reference(name);
  BOOST_TEST_CONTEXT(name) {
    for (size_t k = 0; k < want.size(); ++k) {
      if (k > 0) step(k - 1);
      BOOST_TEST_CONTEXT("after " << k << " steps") {
        BOOST_CHECK_CLOSE_FRACTION(value(opt), want[k], 1e-12);
      }
    }
  }
}

struct TempFile {
  std::string path =
      (std::filesystem::temp_directory_path() / ("tg-sched-" + std::to_string(::getpid()) + ".tgc"))
          .string();
  ~TempFile() {
    std::error_code ec;
    std::filesystem::remove(path, ec);
  }
};

} // namespace

BOOST_AUTO_TEST_SUITE(optim_schedulers_python)

BOOST_AUTO_TEST_CASE(multi_step_lr) {
  Tensor p = param();
  optim::SGD opt({p}, 0.1);
  optim::MultiStepLR s(opt, {2, 5, 5, 8}, 0.5); // 5 twice: γ² there, as PyTorch's Counter
  check_sequence("multistep", opt, [&](size_t) { s.step(); });
  Tensor q = param();
  optim::SGD opt2({q}, 0.1);
  optim::MultiStepLR s2(opt2, {3});
  check_sequence("multistep_default_gamma", opt2, [&](size_t) { s2.step(); });
}

BOOST_AUTO_TEST_CASE(linear_lr) {
  Tensor p = param(), q = param();
  optim::SGD opt({p}, 0.1), opt2({q}, 0.1);
  optim::LinearLR s(opt);
  check_sequence("linear_default", opt, [&](size_t) { s.step(); });
  optim::LinearLR s2(opt2, 1.0, 0.1, 4);
  check_sequence("linear_decay", opt2, [&](size_t) { s2.step(); });
  BOOST_CHECK_THROW(optim::LinearLR(opt, 0.0), tg::Error);
  BOOST_CHECK_THROW(optim::LinearLR(opt, 0.5, 1.5), tg::Error);
}

BOOST_AUTO_TEST_CASE(lambda_lr) {
  Tensor p = param();
  optim::SGD opt({p}, 0.1);
  optim::LambdaLR s(opt, [](int64_t e) { return std::pow(0.95, double(e)) / double(1 + e); });
  check_sequence("lambda", opt, [&](size_t) { s.step(); });
  BOOST_CHECK_THROW(
      optim::LambdaLR(opt, std::vector<optim::LambdaLR::Lambda>(2, [](int64_t) { return 1.0; })),
      tg::Error);
}

BOOST_AUTO_TEST_CASE(cosine_annealing_warm_restarts) {
  Tensor p = param(), q = param();
  optim::SGD opt({p}, 0.1), opt2({q}, 0.1);
  optim::CosineAnnealingWarmRestarts s(opt, 3);
  check_sequence("warm_restarts", opt, [&](size_t) { s.step(); });
  optim::CosineAnnealingWarmRestarts s2(opt2, 2, 2, 0.01);
  check_sequence("warm_restarts_mult", opt2, [&](size_t) { s2.step(); });

  // step(epoch) lands on the same rates as the same number of step() calls (periods 2, 4, 8).
  const auto& want = reference("warm_restarts_mult");
  for (double epoch : {0.0, 1.0, 2.0, 5.0, 6.0, 13.0}) {
    s2.step(epoch);
    BOOST_CHECK_CLOSE_FRACTION(lr(opt2), want[size_t(epoch)], 1e-12);
  }
  s2.step(13.0);
  s2.step(); // goes on from epoch 13
  BOOST_CHECK_CLOSE_FRACTION(lr(opt2), want[14], 1e-12);
  // A fractional epoch: halfway through the first period of length 2, T_cur = 0.5.
  s2.step(0.5);
  BOOST_CHECK_CLOSE_FRACTION(lr(opt2), 0.01 + 0.09 * (1 + std::cos(M_PI * 0.25)) / 2, 1e-12);
  BOOST_CHECK_THROW(optim::CosineAnnealingWarmRestarts(opt, 0), tg::Error);
  BOOST_CHECK_THROW(s2.step(-1.0), tg::Error);
}

BOOST_AUTO_TEST_CASE(one_cycle_lr) {
  Tensor p = param(), q = param();
  optim::SGD opt({p}, optim::SGDOptions(0.1).momentum(0.9));
  optim::OneCycleLR s(opt, 1.0, 10);
  // The momentum cycles with the rate, inversely (checked in the same run, step by step).
  const auto& want_momentum = reference("one_cycle_cos_momentum");
  check_sequence("one_cycle_cos", opt, [&](size_t k) {
    BOOST_CHECK_CLOSE_FRACTION(momentum(opt), want_momentum[k], 1e-12);
    s.step();
  });
  BOOST_CHECK_CLOSE_FRACTION(momentum(opt), want_momentum.back(), 1e-12);
  BOOST_CHECK_THROW(s.step(), tg::Error); // step 11 of 10

  optim::Adam adam({q}, optim::AdamOptions(1e-3));
  optim::OneCycleLR s2(adam, 0.01, std::nullopt, 3, 4, 0.25, "linear", true, 0.85, 0.95, 10, 100,
                       true);
  const auto& want_beta1 = reference("one_cycle_linear_three_phase_beta1");
  check_sequence("one_cycle_linear_three_phase", adam, [&](size_t k) {
    BOOST_CHECK_CLOSE_FRACTION(beta1(adam), want_beta1[k], 1e-12);
    s2.step();
  });

  Tensor r = param();
  optim::Adagrad adagrad({r}, 0.1); // no momentum to cycle, as PyTorch refuses
  BOOST_CHECK_THROW(optim::OneCycleLR(adagrad, 1.0, 10), tg::Error);
  BOOST_CHECK_NO_THROW(
      optim::OneCycleLR(adagrad, 1.0, 10, std::nullopt, std::nullopt, 0.3, "cos", false));
  BOOST_CHECK_THROW(optim::OneCycleLR(opt, 1.0), tg::Error); // no length
  BOOST_CHECK_THROW(optim::OneCycleLR(opt, 1.0, 10, std::nullopt, std::nullopt, 1.5), tg::Error);
  BOOST_CHECK_THROW(optim::OneCycleLR(opt, 1.0, 10, std::nullopt, std::nullopt, 0.3, "exp"),
                    tg::Error);
}

BOOST_AUTO_TEST_CASE(reduce_lr_on_plateau) {
  using S = optim::ReduceLROnPlateauScheduler;
  Tensor p = param(), q = param(), r = param();
  optim::SGD opt({p}, 0.1);
  S s(opt, S::min, 0.1, 2);
  check_sequence("plateau_default", opt, [&](size_t k) { s.step(kPlateau[k]); });
  BOOST_CHECK_EQUAL(s.last_epoch(), 20);
  BOOST_CHECK_EQUAL(s.best(), 0.84);

  optim::SGD opt2({q}, 0.1);
  S s2(opt2, S::max, 0.5, 1, 0.01, S::abs, 2, {0.02});
  check_sequence("plateau_cooldown_abs", opt2, [&](size_t k) { s2.step(-kPlateau[k]); });

  optim::SGD opt3({r}, 1e-8);
  S s3(opt3, S::min, 0.1, 0); // 1e-8 → 1e-9 is a change below eps: not made
  check_sequence("plateau_eps", opt3, [&](size_t k) { s3.step(double(k + 1)); });

  BOOST_CHECK_THROW(S(opt, S::min, 1.0), tg::Error);
  BOOST_CHECK_THROW(S(opt, S::min, 0.1, 10, 1e-4, S::rel, 0, {0.1, 0.2}), tg::Error);
}

// A checkpoint of optimizer and scheduler taken mid-schedule resumes the same sequence.
BOOST_AUTO_TEST_CASE(state_travels_with_the_optimizer) {
  TempFile file;
  {
    Tensor p = param(), q = param();
    optim::SGD opt({p}, 0.1);
    optim::CosineAnnealingWarmRestarts s(opt, 2, 2, 0.01);
    for (int k = 0; k < 5; ++k) s.step();
    tg::save(opt, s, file.path);
    optim::SGD opt2({q}, 0.1);
    optim::CosineAnnealingWarmRestarts s2(opt2, 2, 2, 0.01);
    tg::load(opt2, s2, file.path);
    const auto& want = reference("warm_restarts_mult");
    BOOST_CHECK_CLOSE_FRACTION(lr(opt2), want[5], 1e-12); // the rate came with the optimizer
    for (size_t k = 6; k < want.size(); ++k) {
      s2.step(); // T_cur and T_i came with the scheduler
      BOOST_CHECK_CLOSE_FRACTION(lr(opt2), want[k], 1e-12);
    }
  }
  {
    using S = optim::ReduceLROnPlateauScheduler;
    Tensor p = param(), q = param();
    optim::SGD opt({p}, 0.1);
    S s(opt, S::min, 0.1, 2);
    for (size_t k = 0; k < 8; ++k) s.step(kPlateau[k]);
    tg::save(opt, s, file.path);
    optim::SGD opt2({q}, 0.1);
    S s2(opt2, S::min, 0.1, 2);
    tg::load(opt2, s2, file.path);
    BOOST_CHECK_EQUAL(s2.best(), s.best());
    BOOST_CHECK_EQUAL(s2.num_bad_epochs(), s.num_bad_epochs());
    BOOST_CHECK_EQUAL(s2.last_epoch(), 8);
    const auto& want = reference("plateau_default");
    for (size_t k = 8; k < kPlateau.size(); ++k) {
      s2.step(kPlateau[k]);
      BOOST_CHECK_CLOSE_FRACTION(lr(opt2), want[k + 1], 1e-12);
    }
  }
  {
    Tensor p = param(), q = param();
    optim::SGD opt({p}, 0.1);
    optim::LambdaLR s(opt, [](int64_t e) { return 1.0 / double(1 + e); });
    for (int k = 0; k < 3; ++k) s.step();
    tg::save(opt, s, file.path);
    optim::SGD opt2({q}, 0.5); // another base rate: the saved one wins
    optim::LambdaLR s2(opt2, [](int64_t e) { return 1.0 / double(1 + e); });
    tg::load(opt2, s2, file.path);
    s2.step();
    BOOST_CHECK_CLOSE_FRACTION(lr(opt2), 0.1 / 5, 1e-12);
    // The file also loads as a plain optimizer checkpoint.
    optim::SGD opt3({q}, 0.5);
    tg::load(opt3, file.path);
    BOOST_CHECK_CLOSE_FRACTION(lr(opt3), 0.1 / 4, 1e-12);
    // Another kind of schedule refuses it, and leaves its optimizer as it was.
    optim::SGD opt4({q}, 0.5);
    optim::StepLR other(opt4, 2);
    BOOST_CHECK_THROW(tg::load(opt4, other, file.path), tg::Error);
    BOOST_CHECK_EQUAL(lr(opt4), 0.5);
  }
}

BOOST_AUTO_TEST_SUITE_END()
