// Custom autograd Functions: LibTorch's documented examples (LinearFunction, MulConstant, the
// mark_dirty MyFunction) written unchanged but for the namespace, the shopping graph built from
// hand-written layers, multiple outputs, optional inputs, saved-tensor safety.
#include <boost/test/unit_test.hpp>

#include <memory>
#include <optional>
#include <string>

#include <tapegrad/tapegrad.h>

using namespace tg;
using namespace tg::autograd;

namespace {

Tensor scalar(double v) { return tg::tensor({v}, tg::dtype(kDouble)).requires_grad_(); }
double value(const Tensor& t) { return t.item<double>(); }
bool message_contains(const tg::Error& e, const std::string& part) {
  return std::string(e.what()).find(part) != std::string::npos;
}

// ---- the seeds' shopping graph, with the layers' backward written by hand ----
struct MulLayer : public Function<MulLayer> {
  static Tensor forward(AutogradContext* ctx, Tensor x, Tensor y) {
    ctx->save_for_backward({x, y});
    return x * y;
  }
  // d(xy)/dx = y, d(xy)/dy = x
  static tensor_list backward(AutogradContext* ctx, tensor_list grad_outputs) {
    auto saved = ctx->get_saved_variables();
    return {grad_outputs[0] * saved[1], grad_outputs[0] * saved[0]};
  }
};

struct AddLayer : public Function<AddLayer> {
  static const char* name() { return "AddLayerBackward"; }
  static Tensor forward(AutogradContext*, Tensor x, Tensor y) { return x + y; }
  // d(x+y)/dx = d(x+y)/dy = 1
  static tensor_list backward(AutogradContext*, tensor_list grad_outputs) {
    return {grad_outputs[0], grad_outputs[0]};
  }
};

// ---- LibTorch's documented examples, verbatim but for the namespace ----
class LinearFunction : public Function<LinearFunction> {
public:
  // Note that both forward and backward are static functions

  // bias is an optional argument
  static Tensor forward(AutogradContext* ctx, Tensor input, Tensor weight,
                        Tensor bias = Tensor()) {
    ctx->save_for_backward({input, weight, bias});
    auto output = input.mm(weight.t());
    if (bias.defined()) {
      output += bias.unsqueeze(0).expand_as(output);
    }
    return output;
  }

  static tensor_list backward(AutogradContext* ctx, tensor_list grad_outputs) {
    auto saved = ctx->get_saved_variables();
    auto input = saved[0];
    auto weight = saved[1];
    auto bias = saved[2];

    auto grad_output = grad_outputs[0];
    auto grad_input = grad_output.mm(weight);
    auto grad_weight = grad_output.t().mm(input);
    auto grad_bias = Tensor();
    if (bias.defined()) {
      grad_bias = grad_output.sum(0);
    }

    return {grad_input, grad_weight, grad_bias};
  }
};

class MulConstant : public Function<MulConstant> {
public:
  static Tensor forward(AutogradContext* ctx, Tensor tensor, double constant) {
    // ctx is a context object that can be used to stash information
    // for backward computation
    ctx->saved_data["constant"] = constant;
    return tensor * constant;
  }

  static tensor_list backward(AutogradContext* ctx, tensor_list grad_outputs) {
    // We return as many input gradients as there were arguments.
    // Gradients of non-tensor arguments to forward must be `Tensor()`.
    return {grad_outputs[0] * ctx->saved_data["constant"].toDouble(), Tensor()};
  }
};

// The mark_dirty example of LibTorch's custom_function.h, with a gradient count that matches the
// two forward arguments.
class MyFunction : public Function<MyFunction> {
public:
  static variable_list forward(AutogradContext* ctx, int n, Variable var) {
    // Save data for backward in context
    ctx->saved_data["n"] = n;
    var.mul_(n);
    // Mark var as modified by inplace operation
    ctx->mark_dirty({var});
    return {var};
  }

  static variable_list backward(AutogradContext* ctx, variable_list grad_output) {
    // Use data saved in forward
    auto n = ctx->saved_data["n"].toInt();
    return {Variable(), grad_output[0] * n};
  }
};

// Two outputs: sin and cos of the same input.
struct SinCos : public Function<SinCos> {
  static variable_list forward(AutogradContext* ctx, Tensor x) {
    ctx->save_for_backward({x});
    return {x.sin(), x.cos()};
  }
  // d sin = cos, d cos = -sin
  static variable_list backward(AutogradContext* ctx, variable_list g) {
    Tensor x = ctx->get_saved_variables()[0];
    return {g[0] * x.cos() - g[1] * x.sin()};
  }
};

// A value and a non-differentiable integer output (the index of the row maximum).
struct ScaledWithArgmax : public Function<ScaledWithArgmax> {
  static variable_list forward(AutogradContext* ctx, Tensor x, double scale) {
    ctx->saved_data["scale"] = scale;
    Tensor idx = x.argmax(1);
    ctx->mark_non_differentiable({idx});
    return {x * scale, idx};
  }
  static variable_list backward(AutogradContext* ctx, variable_list g) {
    BOOST_CHECK(g[1].defined()); // materialized, even though no gradient flows to the index
    return {g[0] * ctx->saved_data["scale"].toDouble(), Tensor()};
  }
};

// An optional input that may be absent.
struct ShiftedSquare : public Function<ShiftedSquare> {
  static Tensor forward(AutogradContext* ctx, Tensor x, std::optional<Tensor> shift) {
    Tensor s = shift.has_value() ? *shift : Tensor();
    ctx->save_for_backward({x, s});
    return s.defined() ? (x - s).square() : x.square();
  }
  // d/dx (x-s)^2 = 2(x-s), d/ds = -2(x-s)
  static tensor_list backward(AutogradContext* ctx, tensor_list g) {
    auto saved = ctx->get_saved_variables();
    Tensor d = saved[1].defined() ? saved[0] - saved[1] : saved[0];
    Tensor gx = g[0] * 2 * d;
    return {gx, saved[1].defined() ? -gx : Tensor()};
  }
};

// Saves its own output: exp(x), whose derivative is itself.
struct Exp : public Function<Exp> {
  static Tensor forward(AutogradContext* ctx, Tensor x) {
    Tensor out = x.exp();
    ctx->save_for_backward({out});
    return out;
  }
  // d/dx exp(x) = exp(x)
  static tensor_list backward(AutogradContext* ctx, tensor_list g) {
    return {g[0] * ctx->get_saved_variables()[0]};
  }
};

// x^3 with a differentiable backward, so create_graph gives the second derivative.
struct Cube : public Function<Cube> {
  static Tensor forward(AutogradContext* ctx, Tensor x) {
    ctx->save_for_backward({x});
    return x * x * x;
  }
  // d/dx x^3 = 3x^2
  static tensor_list backward(AutogradContext* ctx, tensor_list g) {
    Tensor x = ctx->get_saved_variables()[0];
    return {g[0] * 3 * x * x};
  }
};

// Records which inputs backward was asked for.
struct NeedsProbe : public Function<NeedsProbe> {
  static inline bool needs[2] = {false, false};
  static Tensor forward(AutogradContext*, Tensor a, Tensor b) { return a * b; }
  static tensor_list backward(AutogradContext* ctx, tensor_list g) {
    needs[0] = ctx->needs_input_grad(0);
    needs[1] = ctx->needs_input_grad(1);
    return {Tensor(), g[0]};
  }
};

struct WrongCount : public Function<WrongCount> {
  static Tensor forward(AutogradContext*, Tensor x) { return x * 2; }
  static tensor_list backward(AutogradContext*, tensor_list g) { return {g[0], g[0]}; }
};

struct GradForNonTensor : public Function<GradForNonTensor> {
  static Tensor forward(AutogradContext*, Tensor x, double c) { return x * c; }
  static tensor_list backward(AutogradContext*, tensor_list g) { return {g[0], g[0]}; }
};

struct Identity : public Function<Identity> {
  static Tensor forward(AutogradContext*, Tensor x) { return x; }
  static tensor_list backward(AutogradContext*, tensor_list g) { return {g[0] * 3}; }
};

} // namespace

BOOST_AUTO_TEST_SUITE(custom_function)

BOOST_AUTO_TEST_CASE(shopping_graph_with_hand_written_layers) {
  Tensor apple = scalar(100), apple_num = scalar(2), orange = scalar(150), orange_num = scalar(3),
         tax = scalar(1.1);
  Tensor apple_price = MulLayer::apply(apple, apple_num);
  Tensor orange_price = MulLayer::apply(orange, orange_num);
  Tensor all_price = AddLayer::apply(apple_price, orange_price);
  Tensor price = MulLayer::apply(all_price, tax);
  BOOST_CHECK_CLOSE(value(price), 715.0, 1e-9);
  BOOST_REQUIRE(price.grad_fn());
  BOOST_CHECK(price.grad_fn()->name().find("MulLayer") != std::string::npos);
  BOOST_CHECK_EQUAL(all_price.grad_fn()->name(), "AddLayerBackward");

  price.backward();
  BOOST_CHECK_CLOSE(value(apple_num.grad()), 110.0, 1e-9);
  BOOST_CHECK_CLOSE(value(apple.grad()), 2.2, 1e-9);
  BOOST_CHECK_CLOSE(value(orange.grad()), 3.3, 1e-9);
  BOOST_CHECK_CLOSE(value(orange_num.grad()), 165.0, 1e-9);
  BOOST_CHECK_CLOSE(value(tax.grad()), 650.0, 1e-9);
}

BOOST_AUTO_TEST_CASE(shopping_graph_with_plain_autograd) {
  Tensor apple = scalar(100), apple_num = scalar(2), orange = scalar(150), orange_num = scalar(3),
         tax = scalar(1.1);
  Tensor price = (apple * apple_num + orange * orange_num) * tax;
  BOOST_CHECK_CLOSE(value(price), 715.0, 1e-9);
  price.backward();
  BOOST_CHECK_CLOSE(value(apple_num.grad()), 110.0, 1e-9);
  BOOST_CHECK_CLOSE(value(apple.grad()), 2.2, 1e-9);
  BOOST_CHECK_CLOSE(value(orange.grad()), 3.3, 1e-9);
  BOOST_CHECK_CLOSE(value(orange_num.grad()), 165.0, 1e-9);
  BOOST_CHECK_CLOSE(value(tax.grad()), 650.0, 1e-9);
}

BOOST_AUTO_TEST_CASE(linear_function_documented_usage_and_gradcheck) {
  manual_seed(3);
  auto x = tg::randn({2, 3}).requires_grad_();
  auto weight = tg::randn({4, 3}).requires_grad_();
  auto y = LinearFunction::apply(x, weight);
  y.sum().backward();
  BOOST_CHECK(x.grad().allclose(tg::ones({2, 4}).mm(weight.detach())));
  BOOST_CHECK(weight.grad().allclose(tg::ones({4, 2}).mm(x.detach())));

  auto in = tg::randn({5, 3}, kDouble).requires_grad_();
  auto w = tg::randn({2, 3}, kDouble).requires_grad_();
  auto b = tg::randn({2}, kDouble).requires_grad_();
  auto with_bias = [](const variable_list& v) { return LinearFunction::apply(v[0], v[1], v[2]); };
  auto without_bias = [](const variable_list& v) { return LinearFunction::apply(v[0], v[1]); };
  BOOST_CHECK(autograd::gradcheck(with_bias, {in, w, b}));
  BOOST_CHECK(autograd::gradcheck(without_bias, {in, w}));
  // The backward is made of differentiable ops, so second derivatives work too.
  BOOST_CHECK(autograd::gradgradcheck(
      [](const variable_list& v) { return variable_list{LinearFunction::apply(v[0], v[1], v[2])}; },
      {in, w, b}));
  // Same values as the built-in ops.
  BOOST_CHECK(LinearFunction::apply(in, w, b).allclose(in.mm(w.t()) + b));
}

BOOST_AUTO_TEST_CASE(mul_constant_documented_usage_and_gradcheck) {
  auto x = tg::randn({2}).requires_grad_();
  auto y = MulConstant::apply(x, 5.5);
  y.sum().backward();
  BOOST_CHECK(x.grad().allclose(tg::full({2}, 5.5)));

  auto xd = tg::randn({3, 4}, kDouble).requires_grad_();
  BOOST_CHECK(autograd::gradcheck(
      [](const variable_list& v) { return MulConstant::apply(v[0], -1.25); }, {xd}));
}

BOOST_AUTO_TEST_CASE(mark_dirty_takes_over_the_input_history) {
  auto x = tg::randn({3}, kDouble).requires_grad_();
  auto v = x * 1; // a non-leaf, so it may be modified in place
  int64_t version = v._version();
  auto out = MyFunction::apply(6, v);
  BOOST_REQUIRE_EQUAL(out.size(), 1u);
  BOOST_CHECK(out[0].is_same(v));
  BOOST_CHECK(v._version() > version);
  BOOST_CHECK(v.allclose(x.detach() * 6));
  BOOST_REQUIRE(v.grad_fn());
  BOOST_CHECK(v.grad_fn()->name().find("MyFunction") != std::string::npos);
  out[0].sum().backward();
  BOOST_CHECK(x.grad().allclose(tg::full({3}, 6.0, kDouble)));

  // A leaf that requires grad may not be modified in place by a Function.
  auto leaf = tg::randn({3}, kDouble).requires_grad_();
  BOOST_CHECK_THROW(MyFunction::apply(2, leaf), tg::Error);
}

BOOST_AUTO_TEST_CASE(multiple_outputs) {
  auto x = tg::randn({2, 3}, kDouble).requires_grad_();
  auto outs = SinCos::apply(x);
  BOOST_REQUIRE_EQUAL(outs.size(), 2u);
  BOOST_CHECK(outs[0].grad_fn() == outs[1].grad_fn());
  BOOST_CHECK_EQUAL(outs[0].output_nr(), 0u);
  BOOST_CHECK_EQUAL(outs[1].output_nr(), 1u);
  BOOST_CHECK(outs[0].allclose(x.sin()));
  BOOST_CHECK(outs[1].allclose(x.cos()));
  BOOST_CHECK(autograd::gradcheck([](const variable_list& v) { return SinCos::apply(v[0]); }, {x}));
  // Only one output used: the other's gradient arrives as zeros.
  (outs[1] * 2).sum().backward();
  BOOST_CHECK(x.grad().allclose(-2 * x.detach().sin()));

  // A non-differentiable output gets no history.
  auto m = tg::randn({3, 4}, kDouble).requires_grad_();
  auto r = ScaledWithArgmax::apply(m, 3.0);
  BOOST_CHECK(r[0].requires_grad());
  BOOST_CHECK(!r[1].requires_grad());
  BOOST_CHECK_EQUAL(r[1].scalar_type(), kLong);
  r[0].sum().backward();
  BOOST_CHECK(m.grad().allclose(tg::full({3, 4}, 3.0, kDouble)));
}

BOOST_AUTO_TEST_CASE(undefined_optional_input) {
  auto x = tg::randn({4}, kDouble).requires_grad_();
  auto s = tg::randn({4}, kDouble).requires_grad_();
  Tensor y = ShiftedSquare::apply(x, std::nullopt);
  y.sum().backward();
  BOOST_CHECK(x.grad().allclose(2 * x.detach()));

  BOOST_CHECK(autograd::gradcheck(
      [](const variable_list& v) { return ShiftedSquare::apply(v[0], std::optional<Tensor>()); },
      {x}));
  BOOST_CHECK(autograd::gradcheck(
      [](const variable_list& v) { return ShiftedSquare::apply(v[0], std::optional<Tensor>(v[1])); },
      {x, s}));
  // An undefined Tensor (not an optional) is a tensor argument without a gradient.
  x.mutable_grad().reset();
  LinearFunction::apply(x.view({1, 4}), tg::ones({2, 4}, kDouble), Tensor()).sum().backward();
  BOOST_CHECK(x.grad().allclose(tg::full({4}, 2.0, kDouble)));
}

BOOST_AUTO_TEST_CASE(saved_input_modified_in_place_throws) {
  auto a = tg::randn({3}, kDouble).requires_grad_();
  auto b = tg::randn({3}, kDouble).requires_grad_();
  auto a2 = a * 1;
  auto y = MulLayer::apply(a2, b);
  a2.add_(1);
  try {
    y.sum().backward();
    BOOST_FAIL("expected tg::Error");
  } catch (const tg::Error& e) {
    BOOST_CHECK(message_contains(e, "modified by an inplace operation"));
  }
  // A leaf changed under NoGradGuard is caught as well.
  auto y2 = MulLayer::apply(a, b);
  {
    NoGradGuard g;
    b.mul_(2);
  }
  BOOST_CHECK_THROW(y2.sum().backward(), tg::Error);
}

BOOST_AUTO_TEST_CASE(saved_output_is_not_a_cycle_and_is_checked) {
  auto x = tg::randn({5}, kDouble).requires_grad_();
  std::weak_ptr<Node> node;
  {
    Tensor y = Exp::apply(x);
    node = y.grad_fn();
    BOOST_CHECK(!node.expired());
    y.sum().backward();
    BOOST_CHECK(x.grad().allclose(x.detach().exp()));
  }
  BOOST_CHECK(node.expired()); // the node saved its own output without owning itself

  {
    Tensor y = Exp::apply(x);
    node = y.grad_fn();
  }
  BOOST_CHECK(node.expired()); // freed without ever running backward

  Tensor y = Exp::apply(x);
  y.mul_(2);
  try {
    y.sum().backward();
    BOOST_FAIL("expected tg::Error");
  } catch (const tg::Error& e) {
    BOOST_CHECK(message_contains(e, "modified by an inplace operation"));
  }

  BOOST_CHECK(autograd::gradcheck([](const variable_list& v) { return Exp::apply(v[0]); }, {x}));
  BOOST_CHECK(autograd::gradgradcheck(
      [](const variable_list& v) { return variable_list{Exp::apply(v[0])}; }, {x}));
}

BOOST_AUTO_TEST_CASE(backward_twice_needs_retain_graph) {
  auto a = scalar(3), b = scalar(4);
  Tensor y = MulLayer::apply(a, b);
  y.backward({}, /*retain_graph=*/true);
  y.backward();
  BOOST_CHECK_CLOSE(value(a.grad()), 8.0, 1e-9);
  try {
    y.backward();
    BOOST_FAIL("expected tg::Error");
  } catch (const tg::Error& e) {
    BOOST_CHECK(message_contains(e, "second time"));
    BOOST_CHECK(message_contains(e, "MulLayer"));
  }
}

BOOST_AUTO_TEST_CASE(second_derivative_through_custom_backward) {
  auto x = tg::tensor({1.5, -2.0}, tg::dtype(kDouble)).requires_grad_();
  Tensor y = Cube::apply(x).sum();
  auto g = autograd::grad({y}, {x}, {}, std::nullopt, /*create_graph=*/true)[0];
  BOOST_CHECK(g.allclose(3 * x.detach() * x.detach()));
  auto gg = autograd::grad({g.sum()}, {x})[0];
  BOOST_CHECK(gg.allclose(6 * x.detach()));
}

BOOST_AUTO_TEST_CASE(needs_input_grad_and_no_recording) {
  auto a = tg::randn({3});
  auto b = tg::randn({3}).requires_grad_();
  NeedsProbe::apply(a, b).sum().backward();
  BOOST_CHECK(!NeedsProbe::needs[0]);
  BOOST_CHECK(NeedsProbe::needs[1]);

  // Nothing requires grad, or grad mode is off: no node.
  BOOST_CHECK(!MulConstant::apply(a, 2.0).requires_grad());
  {
    NoGradGuard g;
    BOOST_CHECK(!MulConstant::apply(b, 2.0).requires_grad());
  }
  // forward runs with grad mode off, whatever the caller's mode.
  struct ProbeMode : public Function<ProbeMode> {
    static Tensor forward(AutogradContext*, Tensor x) {
      BOOST_CHECK(!GradMode::is_enabled());
      return x.clone();
    }
    static tensor_list backward(AutogradContext*, tensor_list g) { return {g[0]}; }
  };
  BOOST_CHECK(ProbeMode::apply(b).requires_grad());
}

BOOST_AUTO_TEST_CASE(returned_input_gets_its_own_identity) {
  auto x = tg::randn({3}).requires_grad_();
  Tensor y = Identity::apply(x);
  BOOST_CHECK(!y.is_same(x));
  BOOST_CHECK(x.is_leaf());
  BOOST_CHECK(!y.is_leaf());
  BOOST_CHECK_EQUAL(y.data_ptr(), x.data_ptr());
  y.sum().backward();
  BOOST_CHECK(x.grad().allclose(tg::full({3}, 3.0)));
}

BOOST_AUTO_TEST_CASE(bad_backward_results_throw) {
  auto x = tg::randn({3}).requires_grad_();
  BOOST_CHECK_THROW(WrongCount::apply(x).sum().backward(), tg::Error);
  BOOST_CHECK_THROW(GradForNonTensor::apply(x, 2.0).sum().backward(), tg::Error);
}

BOOST_AUTO_TEST_CASE(ivalue_holds_the_common_types) {
  IValue d = 2.5, i = 7, l = int64_t(1) << 40, b = true, s = "name", t = tg::ones({2});
  BOOST_CHECK(d.isDouble() && d.toDouble() == 2.5);
  BOOST_CHECK(i.isInt() && i.toInt() == 7);
  BOOST_CHECK_EQUAL(l.toInt(), int64_t(1) << 40);
  BOOST_CHECK(b.isBool() && b.toBool());
  BOOST_CHECK(s.isString() && s.toStringRef() == "name");
  BOOST_CHECK(t.isTensor() && t.toTensor().numel() == 2);
  BOOST_CHECK(IValue().isNone());
  BOOST_CHECK(IValue(std::vector<int64_t>{1, 2}).toIntVector() == std::vector<int64_t>({1, 2}));
  try {
    (void)i.toDouble();
    BOOST_FAIL("expected tg::Error");
  } catch (const tg::Error& e) {
    BOOST_CHECK(message_contains(e, "expected Double but got Int"));
  }
}

BOOST_AUTO_TEST_SUITE_END()
