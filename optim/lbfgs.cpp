#include "optim/lbfgs.h"

#include <algorithm>
#include <cmath>

#include "autograd/graph/grad_mode.h"
#include "autograd/ops/functions.h"
#include "optim/serialize.h"

namespace tg::optim {

// ---------------------------------------------------------------- options and state
LBFGSOptions::LBFGSOptions(double lr) : lr_(lr) {}

bool operator==(const LBFGSOptions& lhs, const LBFGSOptions& rhs) {
  return lhs.lr() == rhs.lr() && lhs.max_iter() == rhs.max_iter() &&
         lhs.max_eval() == rhs.max_eval() && lhs.tolerance_grad() == rhs.tolerance_grad() &&
         lhs.tolerance_change() == rhs.tolerance_change() &&
         lhs.history_size() == rhs.history_size() && lhs.line_search_fn() == rhs.line_search_fn();
}
void LBFGSOptions::serialize(serialize::OutputArchive& archive) const {
  archive.write_double("lr", lr());
  archive.write_int("max_iter", max_iter());
  if (max_eval()) archive.write_int("max_eval", *max_eval());
  archive.write_double("tolerance_grad", tolerance_grad());
  archive.write_double("tolerance_change", tolerance_change());
  archive.write_int("history_size", history_size());
  if (line_search_fn()) archive.write_string("line_search_fn", *line_search_fn());
}
void LBFGSOptions::serialize(serialize::InputArchive& archive) {
  lr(archive.read_double("lr"));
  max_iter(archive.read_int("max_iter"));
  max_eval(archive.contains("max_eval") ? std::optional<int64_t>(archive.read_int("max_eval"))
                                        : std::nullopt);
  tolerance_grad(archive.read_double("tolerance_grad"));
  tolerance_change(archive.read_double("tolerance_change"));
  history_size(archive.read_int("history_size"));
  line_search_fn(archive.contains("line_search_fn")
                     ? std::optional<std::string>(archive.read_string("line_search_fn"))
                     : std::nullopt);
}

namespace {
bool same(const Tensor& a, const Tensor& b) {
  if (a.defined() != b.defined()) return false;
  return !a.defined() || (a.sizes().equals(b.sizes()) && a.equal(b));
}
template <typename List> bool same_list(const List& a, const List& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (!same(a[i], b[i])) return false;
  return true;
}
// A list of tensors as "<name>.size" and "<name>.<i>" (undefined entries left out).
template <typename List>
void write_list(serialize::OutputArchive& archive, const std::string& name, const List& list) {
  archive.write_int(name + ".size", int64_t(list.size()));
  for (size_t i = 0; i < list.size(); ++i)
    if (list[i].defined()) archive.write(name + "." + std::to_string(i), list[i]);
}
template <typename List> List read_list(serialize::InputArchive& archive, const std::string& name) {
  const int64_t n = archive.read_int(name + ".size");
  TG_CHECK(n >= 0, "tg::load: '", archive.source(), "': negative size of '", name, "'");
  List list(static_cast<size_t>(n));
  for (size_t i = 0; i < list.size(); ++i)
    archive.try_read(name + "." + std::to_string(i), list[i]);
  return list;
}
void write_tensor(serialize::OutputArchive& archive, const std::string& name, const Tensor& t) {
  if (t.defined()) archive.write(name, t);
}
Tensor read_tensor(serialize::InputArchive& archive, const std::string& name) {
  Tensor t;
  archive.try_read(name, t);
  return t;
}
} // namespace

bool operator==(const LBFGSParamState& lhs, const LBFGSParamState& rhs) {
  return lhs.func_evals() == rhs.func_evals() && lhs.n_iter() == rhs.n_iter() &&
         lhs.t() == rhs.t() && lhs.prev_loss() == rhs.prev_loss() && same(lhs.d(), rhs.d()) &&
         same(lhs.H_diag(), rhs.H_diag()) && same(lhs.prev_flat_grad(), rhs.prev_flat_grad()) &&
         same_list(lhs.old_dirs(), rhs.old_dirs()) && same_list(lhs.old_stps(), rhs.old_stps()) &&
         same_list(lhs.ro(), rhs.ro()) && lhs.al().has_value() == rhs.al().has_value() &&
         (!lhs.al() || same_list(*lhs.al(), *rhs.al()));
}
void LBFGSParamState::serialize(serialize::OutputArchive& archive) const {
  archive.write_int("func_evals", func_evals());
  archive.write_int("n_iter", n_iter());
  archive.write_double("t", t());
  archive.write_double("prev_loss", prev_loss());
  write_tensor(archive, "d", d());
  write_tensor(archive, "H_diag", H_diag());
  write_tensor(archive, "prev_flat_grad", prev_flat_grad());
  write_list(archive, "old_dirs", old_dirs());
  write_list(archive, "old_stps", old_stps());
  write_list(archive, "ro", ro());
  if (al()) write_list(archive, "al", *al());
}
void LBFGSParamState::serialize(serialize::InputArchive& archive) {
  func_evals(archive.read_int("func_evals"));
  n_iter(archive.read_int("n_iter"));
  t(archive.read_double("t"));
  prev_loss(archive.read_double("prev_loss"));
  d(read_tensor(archive, "d"));
  H_diag(read_tensor(archive, "H_diag"));
  prev_flat_grad(read_tensor(archive, "prev_flat_grad"));
  old_dirs(read_list<std::deque<Tensor>>(archive, "old_dirs"));
  old_stps(read_list<std::deque<Tensor>>(archive, "old_stps"));
  ro(read_list<std::deque<Tensor>>(archive, "ro"));
  if (archive.contains("al.size"))
    al(read_list<std::vector<Tensor>>(archive, "al"));
  else
    al(std::nullopt);
}

// ---------------------------------------------------------------- line search
namespace {

double val(const Tensor& t) { return t.item<double>(); }

/// The minimiser of the cubic through (x1, f1, g1) and (x2, f2, g2), clamped to bounds (default
/// [min(x1, x2), max(x1, x2)]); the middle of the bounds when the cubic has no minimum. Ported,
/// as LibTorch's, from torch/optim's polyinterp.lua.
double cubic_interpolate(double x1, double f1, double g1, double x2, double f2, double g2,
                         std::optional<std::pair<double, double>> bounds = std::nullopt) {
  const auto [xmin_bound, xmax_bound] =
      bounds ? *bounds : (x1 <= x2 ? std::pair(x1, x2) : std::pair(x2, x1));
  const double d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2);
  const double d2_square = d1 * d1 - g1 * g2;
  if (d2_square >= 0) {
    const double d2 = std::sqrt(d2_square);
    const double min_pos = x1 <= x2 ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
                                    : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
    return std::min(std::max(min_pos, xmin_bound), xmax_bound);
  }
  return (xmin_bound + xmax_bound) / 2.;
}

using ObjFunc =
    std::function<std::tuple<double, Tensor>(const std::vector<Tensor>&, double, const Tensor&)>;

/// The strong Wolfe line search of LibTorch (from torch/optim's lswolfe.lua): brackets a step
/// length, then zooms in by cubic interpolation. Returns the loss, the flat gradient and the step
/// length found, and the number of closure calls made.
std::tuple<double, Tensor, double, int64_t>
strong_wolfe(const ObjFunc& obj_func, const std::vector<Tensor>& x, double t, const Tensor& d,
             double f, Tensor g, double gtd, double c1 = 1e-4, double c2 = 0.9,
             double tolerance_change = 1e-9, int64_t max_ls = 25) {
  const double d_norm = val(d.abs().max());
  g = g.clone(MemoryFormat::Contiguous);
  // Evaluate the objective and its gradient at the initial step.
  auto [f_new, g_new] = obj_func(x, t, d);
  int64_t ls_func_evals = 1;
  double gtd_new = val(g_new.dot(d));

  // Bracket an interval that contains a point satisfying the strong Wolfe conditions.
  double t_prev = 0, f_prev = f, gtd_prev = gtd;
  Tensor g_prev = g;
  bool done = false;
  int64_t ls_iter = 0;
  std::vector<double> bracket, bracket_f, bracket_gtd;
  std::vector<Tensor> bracket_g;
  while (ls_iter < max_ls) {
    if (f_new > (f + c1 * t * gtd) || (ls_iter > 1 && f_new >= f_prev)) {
      bracket = {t_prev, t};
      bracket_f = {f_prev, f_new};
      bracket_g = {g_prev, g_new.clone(MemoryFormat::Contiguous)};
      bracket_gtd = {gtd_prev, gtd_new};
      break;
    }
    if (std::abs(gtd_new) <= -c2 * gtd) {
      bracket = {t};
      bracket_f = {f_new};
      bracket_g = {g_new};
      done = true;
      break;
    }
    if (gtd_new >= 0) {
      bracket = {t_prev, t};
      bracket_f = {f_prev, f_new};
      bracket_g = {g_prev, g_new.clone(MemoryFormat::Contiguous)};
      bracket_gtd = {gtd_prev, gtd_new};
      break;
    }
    // Extrapolate: the cubic's minimiser, at least 1% beyond t and at most 10·t.
    const double min_step = t + 0.01 * (t - t_prev), max_step = t * 10;
    const double tmp = t;
    t = cubic_interpolate(t_prev, f_prev, gtd_prev, t, f_new, gtd_new,
                          std::pair(min_step, max_step));
    t_prev = tmp;
    f_prev = f_new;
    g_prev = g_new.clone(MemoryFormat::Contiguous);
    gtd_prev = gtd_new;
    std::tie(f_new, g_new) = obj_func(x, t, d);
    ls_func_evals += 1;
    gtd_new = val(g_new.dot(d));
    ls_iter += 1;
  }
  if (ls_iter == max_ls) { // no bracket found within max_ls evaluations
    bracket = {0, t};
    bracket_f = {f, f_new};
    bracket_g = {g, g_new};
  }

  // Zoom: shrink the bracket until a point satisfies the conditions.
  bool insuf_progress = false;
  size_t low_pos = 0, high_pos = 0;
  std::tie(low_pos, high_pos) =
      bracket_f.front() <= bracket_f.back() ? std::pair(0, 1) : std::pair(1, 0);
  while (!done && ls_iter < max_ls) {
    if (std::abs(bracket[1] - bracket[0]) * d_norm < tolerance_change) break; // too small
    t = cubic_interpolate(bracket[0], bracket_f[0], bracket_gtd[0], bracket[1], bracket_f[1],
                          bracket_gtd[1]);
    // A trial next to an end of the bracket makes little progress: if the previous one did not
    // either, or it lies on the boundary, move it 10% of the bracket's length inside.
    const double bmax = std::max(bracket[0], bracket[1]), bmin = std::min(bracket[0], bracket[1]);
    const double eps = 0.1 * (bmax - bmin);
    if (std::min(bmax - t, t - bmin) < eps) {
      if (insuf_progress || t >= bmax || t <= bmin) {
        t = std::abs(t - bmax) < std::abs(t - bmin) ? bmax - eps : bmin + eps;
        insuf_progress = false;
      } else {
        insuf_progress = true;
      }
    } else {
      insuf_progress = false;
    }
    std::tie(f_new, g_new) = obj_func(x, t, d);
    ls_func_evals += 1;
    gtd_new = val(g_new.dot(d));
    ls_iter += 1;

    if (f_new > (f + c1 * t * gtd) || f_new >= bracket_f[low_pos]) {
      // Armijo condition not met, or not below the lowest point: t is the new high end.
      bracket[high_pos] = t;
      bracket_f[high_pos] = f_new;
      bracket_g[high_pos] = g_new.clone(MemoryFormat::Contiguous);
      bracket_gtd[high_pos] = gtd_new;
      std::tie(low_pos, high_pos) =
          bracket_f[0] <= bracket_f[1] ? std::pair(0, 1) : std::pair(1, 0);
    } else {
      if (std::abs(gtd_new) <= -c2 * gtd) {
        done = true; // the strong Wolfe conditions hold
      } else if (gtd_new * (bracket[high_pos] - bracket[low_pos]) >= 0) {
        // The old high end becomes the new low end.
        bracket[high_pos] = bracket[low_pos];
        bracket_f[high_pos] = bracket_f[low_pos];
        bracket_g[high_pos] = bracket_g[low_pos];
        bracket_gtd[high_pos] = bracket_gtd[low_pos];
      }
      // The new point becomes the low end.
      bracket[low_pos] = t;
      bracket_f[low_pos] = f_new;
      bracket_g[low_pos] = g_new.clone(MemoryFormat::Contiguous);
      bracket_gtd[low_pos] = gtd_new;
    }
  }
  return {bracket_f[low_pos], bracket_g[low_pos], bracket[low_pos], ls_func_evals};
}

} // namespace

// ---------------------------------------------------------------- optimizer
LBFGS::LBFGS(std::vector<OptimizerParamGroup> param_groups, LBFGSOptions defaults)
    : Optimizer(std::move(param_groups), std::make_unique<LBFGSOptions>(defaults)) {
  TG_CHECK(param_groups_.size() == 1,
           "LBFGS doesn't support per-parameter options (parameter groups)");
  TG_CHECK(std::isfinite(defaults.lr()) && defaults.lr() >= 0,
           "LBFGS: Invalid learning rate: ", defaults.lr());
  if (!defaults.max_eval()) {
    const int64_t max_eval = defaults.max_iter() * 5 / 4;
    static_cast<LBFGSOptions&>(param_groups_[0].options()).max_eval(max_eval);
    static_cast<LBFGSOptions&>(*defaults_).max_eval(max_eval);
  }
}

int64_t LBFGS::numel() const {
  int64_t n = 0;
  for (const Tensor& p : param_groups_[0].params()) n += p.numel();
  return n;
}

Tensor LBFGS::gather_flat_grad() const {
  std::vector<Tensor> views;
  for (const Tensor& p : param_groups_[0].params())
    views.push_back(p.grad().defined() ? p.grad().reshape({-1}) : p.new_zeros({p.numel()}));
  return cat(views, 0);
}

void LBFGS::add_grad(double step_size, const Tensor& update) {
  int64_t offset = 0;
  for (const Tensor& p : param_groups_[0].params()) {
    const int64_t n = p.numel();
    p.add_(update.narrow(0, offset, n).view(p.sizes()), step_size);
    offset += n;
  }
}

std::vector<Tensor> LBFGS::clone_param() const {
  std::vector<Tensor> copies;
  for (const Tensor& p : param_groups_[0].params())
    copies.push_back(p.clone(MemoryFormat::Contiguous));
  return copies;
}

void LBFGS::set_param(const std::vector<Tensor>& params_data) {
  const auto& params = param_groups_[0].params();
  for (size_t i = 0; i < params.size(); ++i) params[i].copy_(params_data[i]);
}

std::tuple<double, Tensor> LBFGS::directional_evaluate(const LossClosure& closure,
                                                       const std::vector<Tensor>& x, double t,
                                                       const Tensor& d) {
  add_grad(t, d);
  const double loss = val(run_closure(closure));
  Tensor flat_grad = gather_flat_grad();
  set_param(x);
  return {loss, flat_grad};
}

void LBFGS::check_loaded_state(const serialize::InputArchive& state, const Tensor& param,
                               size_t group, size_t index) const {
  // The state is flat over all parameters, or 0-dimensional, and in the parameters' dtype; the
  // doubles t and prev_loss are 0-dimensional too.
  const int64_t n = numel();
  for (const auto& key : state.keys()) {
    const Tensor* t = state.find(key);
    if (!t->defined() || !t->is_floating_point() || t->dim() == 0) continue;
    TG_CHECK(t->dim() == 1 && t->numel() == n && t->scalar_type() == param.scalar_type(),
             "tg::load: '", state.source(), "': LBFGS state '", key, "' of parameter ", index,
             " of param group ", group, " is ", t->scalar_type(), t->sizes(), " but should be ",
             param.scalar_type(), "[", n, "] (all parameters, flattened)");
  }
}

Tensor LBFGS::step(LossClosure closure) {
  TG_CHECK(closure != nullptr, "LBFGS requires a closure function");
  check_learning_rates("LBFGS");
  NoGradGuard no_grad;
  const auto& options = static_cast<const LBFGSOptions&>(param_groups_[0].options());
  const double lr = options.lr(), tolerance_grad = options.tolerance_grad(),
               tolerance_change = options.tolerance_change();
  const int64_t max_iter = options.max_iter(), history_size = options.history_size();
  const int64_t max_eval = options.max_eval().value_or(max_iter * 5 / 4);
  const auto& line_search_fn = options.line_search_fn();
  TG_CHECK(!line_search_fn || *line_search_fn == "strong_wolfe",
           "LBFGS: only 'strong_wolfe' is supported as line_search_fn, got '", *line_search_fn,
           "'");
  const auto& params = param_groups_[0].params();
  TG_CHECK(!params.empty(), "LBFGS: there are no parameters to optimize");

  // One state for the whole optimizer, kept as the first parameter's, as LibTorch does.
  auto& slot = state_[state_key(params[0])];
  if (!slot) slot = std::make_unique<LBFGSParamState>();
  auto& state = static_cast<LBFGSParamState&>(*slot);

  // Evaluate the initial f(x) and df/dx.
  Tensor orig_loss = run_closure(closure);
  double loss = val(orig_loss);
  int64_t current_evals = 1;
  state.func_evals(state.func_evals() + 1);
  Tensor flat_grad = gather_flat_grad();
  bool opt_cond = val(flat_grad.abs().max()) <= tolerance_grad;
  if (opt_cond) return orig_loss; // already optimal

  Tensor& d = state.d();
  double& t = state.t();
  auto& old_dirs = state.old_dirs();
  auto& old_stps = state.old_stps();
  auto& ro = state.ro();
  Tensor& H_diag = state.H_diag();
  Tensor& prev_flat_grad = state.prev_flat_grad();
  double& prev_loss = state.prev_loss();

  int64_t n_iter = 0;
  while (n_iter < max_iter) {
    ++n_iter;
    state.n_iter(state.n_iter() + 1);

    // The descent direction.
    if (state.n_iter() == 1) {
      d = flat_grad.neg();
      old_dirs.clear();
      old_stps.clear();
      ro.clear();
      H_diag = full({}, 1, flat_grad.options());
    } else {
      // Update the curvature history with the last step, if it has positive curvature.
      Tensor y = flat_grad.sub(prev_flat_grad);
      Tensor s = d.mul(t);
      Tensor ys = y.dot(s);
      if (val(ys) > 1e-10) {
        if (int64_t(old_dirs.size()) == history_size) { // forget the oldest pair
          old_dirs.pop_front();
          old_stps.pop_front();
          ro.pop_front();
        }
        old_dirs.push_back(y);
        old_stps.push_back(s);
        ro.push_back(1. / ys);
        H_diag = ys / y.dot(y); // scale of the initial inverse-Hessian approximation
      }
      // The two-loop recursion: d = −H·g with H the L-BFGS inverse-Hessian approximation.
      const int64_t num_old = int64_t(old_dirs.size());
      if (!state.al()) state.al(std::vector<Tensor>(size_t(history_size)));
      auto& al = *state.al();
      Tensor q = flat_grad.neg();
      for (int64_t i = num_old - 1; i > -1; --i) {
        al[i] = old_stps[i].dot(q) * ro[i];
        q.add_(old_dirs[i], -val(al[i]));
      }
      Tensor r = q.mul(H_diag);
      d = r;
      for (int64_t i = 0; i < num_old; ++i) {
        Tensor be_i = old_dirs[i].dot(r) * ro[i];
        r.add_(old_stps[i], val(al[i] - be_i));
      }
    }
    if (!prev_flat_grad.defined())
      prev_flat_grad = flat_grad.clone(MemoryFormat::Contiguous);
    else
      prev_flat_grad.copy_(flat_grad);
    prev_loss = loss;

    // The step length: the first iteration ever is scaled down by the gradient's size.
    t = state.n_iter() == 1 ? std::min(1., 1. / val(flat_grad.abs().sum())) * lr : lr;

    const double gtd = val(flat_grad.dot(d)); // the directional derivative
    if (gtd > -tolerance_change) break;       // not a descent direction any more

    int64_t ls_func_evals = 0;
    if (line_search_fn) {
      const std::vector<Tensor> x_init = clone_param();
      ObjFunc obj_func = [&](const std::vector<Tensor>& x, double step, const Tensor& dir) {
        return directional_evaluate(closure, x, step, dir);
      };
      std::tie(loss, flat_grad, t, ls_func_evals) =
          strong_wolfe(obj_func, x_init, t, d, loss, flat_grad, gtd);
      add_grad(t, d);
      opt_cond = val(flat_grad.abs().max()) <= tolerance_grad;
    } else {
      add_grad(t, d);
      // The last iteration does not re-evaluate: in a stochastic setting it would be wasted.
      if (n_iter != max_iter) {
        loss = val(run_closure(closure));
        flat_grad = gather_flat_grad();
        opt_cond = val(flat_grad.abs().max()) <= tolerance_grad;
        ls_func_evals = 1;
      }
    }
    current_evals += ls_func_evals;
    state.func_evals(state.func_evals() + ls_func_evals);

    if (n_iter == max_iter) break;
    if (current_evals >= max_eval) break;
    if (opt_cond) break;
    if (val(d.mul(t).abs().max()) <= tolerance_change) break; // no progress in the parameters
    if (std::abs(loss - prev_loss) < tolerance_change) break; // nor in the loss
  }
  return orig_loss;
}

} // namespace tg::optim
