// Tutorial part 3: your own op as a tg::autograd::Function, checked with gradcheck.
#include <iostream>

#include <tapegrad/tapegrad.h>

using tg::Tensor;
using namespace tg::autograd;

// >>> function
// The seeds' Sigmoid layer: forward keeps its output y, backward uses dy/dx = y (1 - y).
struct MySigmoid : Function<MySigmoid> {
  static Tensor forward(AutogradContext* ctx, Tensor x) {
    Tensor y = 1 / (1 + tg::exp(-x));
    ctx->save_for_backward({y});
    return y;
  }
  static tensor_list backward(AutogradContext* ctx, tensor_list grad_outputs) {
    Tensor y = ctx->get_saved_variables()[0];
    return {grad_outputs[0] * y * (1 - y)};
  }
};
// <<<

int main() {
  // >>> use
  auto x = tg::randn({5}, tg::TensorOptions().dtype(tg::kDouble).requires_grad(true));
  MySigmoid::apply(x).sum().backward();
  std::cout << x.grad() << "\n";

  // gradcheck compares backward with central differences, element by element. Use float64:
  // in float32 the differences themselves are too inexact to check anything.
  bool ok = gradcheck([](const variable_list& in) { return MySigmoid::apply(in[0]); }, {x});
  std::cout << (ok ? "gradcheck passed" : "gradcheck failed") << "\n";
  // <<<
  TG_CHECK(ok, "gradcheck");

  // >>> broken
  // A wrong backward (the derivative of tanh instead) is caught, with the worst element named.
  struct Broken : Function<Broken> {
    static Tensor forward(AutogradContext* ctx, Tensor x) {
      ctx->save_for_backward({x});
      return tg::sigmoid(x);
    }
    static tensor_list backward(AutogradContext* ctx, tensor_list g) {
      Tensor t = tg::tanh(ctx->get_saved_variables()[0]);
      return {g[0] * (1 - t * t)};
    }
  };
  auto report = gradcheck_report(
      [](const variable_list& in) { return variable_list{Broken::apply(in[0])}; }, {x});
  std::cout << report << "\n"; // names the input, the element and both values
  // <<<
  TG_CHECK(!report.empty(), "the broken backward must be reported");
  return 0;
}
