// apple_orange: the seeds' shopping computation graph. Two apples at 100 and three oranges at 150
// are bought with 10% tax:
//
//   price = (apple * apple_num + orange * orange_num) * tax = (200 + 450) * 1.1 = 715
//
// Backward gives how much the price moves per unit change of each input: d price / d apple =
// 2.2, / d apple_num = 110, / d orange = 3.3, / d orange_num = 165, / d tax = 650. The graph is
// built twice: from multiply and add layers whose backward is written out by hand (as custom
// tg::autograd::Functions, the seeds' MulLayer and AddLayer), then from plain tensor arithmetic,
// which autograd differentiates by itself. The second graph is drawn with its values and
// gradients (apple_orange.dot, and apple_orange.svg when Graphviz is installed), and written as a
// page that steps through backward node by node in the engine's order (apple_orange.html).
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <tapegrad/tapegrad.h>

#include "common/teaching.h"

using tg::Tensor;
using tg::autograd::AutogradContext;
using tg::autograd::Function;
using tg::autograd::tensor_list;

// A multiply node. Its backward needs the inputs of forward ("swap x and y"), so it saves them.
struct MulLayer : Function<MulLayer> {
  static const char* name() { return "MulLayer"; }
  static Tensor forward(AutogradContext* ctx, Tensor x, Tensor y) {
    ctx->save_for_backward({x, y});
    return x * y;
  }
  static tensor_list backward(AutogradContext* ctx, tensor_list grad_outputs) {
    auto saved = ctx->get_saved_variables();
    const Tensor& dout = grad_outputs[0];
    Tensor dx = dout * saved[1], dy = dout * saved[0];
    fmt::print("  MulLayer.backward: dout {:g} -> dx = dout * y = {:g}, dy = dout * x = {:g}\n",
               dout.item<double>(), dx.item<double>(), dy.item<double>());
    return {dx, dy};
  }
};

// An add node passes the upstream gradient to both inputs unchanged: it needs nothing from forward.
struct AddLayer : Function<AddLayer> {
  static const char* name() { return "AddLayer"; }
  static Tensor forward(AutogradContext*, Tensor x, Tensor y) { return x + y; }
  static tensor_list backward(AutogradContext*, tensor_list grad_outputs) {
    fmt::print("  AddLayer.backward: dout {:g} -> dx = dout = {:g}, dy = dout = {:g}\n",
               grad_outputs[0].item<double>(), grad_outputs[0].item<double>(),
               grad_outputs[0].item<double>());
    return {grad_outputs[0], grad_outputs[0]};
  }
};

// The five inputs as named float64 leaves that ask for gradients.
struct Inputs {
  Tensor apple, apple_num, orange, orange_num, tax;
  Inputs() {
    auto leaf = [](double v, const char* name) {
      auto t = tg::tensor(v, tg::TensorOptions().dtype(tg::kDouble).requires_grad(true));
      t.set_name(name);
      return t;
    };
    apple = leaf(100, "apple");
    apple_num = leaf(2, "apple_num");
    orange = leaf(150, "orange");
    orange_num = leaf(3, "orange_num");
    tax = leaf(1.1, "tax");
  }
  void print_grads() const {
    // In the seeds' order: dapple_num, dapple, dorange, dorange_num, dtax.
    fmt::print("d price / d apple_num = {:g}\nd price / d apple = {:g}\nd price / d orange = {:g}\n"
               "d price / d orange_num = {:g}\nd price / d tax = {:g}\n",
               apple_num.grad().item<double>(), apple.grad().item<double>(),
               orange.grad().item<double>(), orange_num.grad().item<double>(),
               tax.grad().item<double>());
  }
};

int main(int argc, char** argv) {
  std::string out_dir = "runs";
  bool quick = false;
  CLI::App app{"The seeds' apple/orange shopping graph: forward 715, backward by hand-written "
               "layers and by autograd, drawn with Graphviz."};
  app.add_option("--out", out_dir, "folder for apple_orange.dot, .svg and .html")
      ->capture_default_str();
  app.add_flag("--quick", quick, "accepted for the test suite (this example is always quick)");
  CLI11_PARSE(app, argc, argv);

  fmt::print("== 1. hand-written layers (custom autograd Functions) ==\n");
  {
    Inputs in;
    Tensor apple_price = MulLayer::apply(in.apple, in.apple_num);    // (1) 200
    Tensor orange_price = MulLayer::apply(in.orange, in.orange_num); // (2) 450
    Tensor all_price = AddLayer::apply(apple_price, orange_price);   // (3) 650
    Tensor price = MulLayer::apply(all_price, in.tax);               // (4) 715
    fmt::print("forward: apple_price {:g}, orange_price {:g}, all_price {:g}, price {:g}\n",
               apple_price.item<double>(), orange_price.item<double>(), all_price.item<double>(),
               price.item<double>());
    fmt::print("backward, starting from d price / d price = 1 (the engine calls the layers in "
               "reverse order):\n");
    price.backward();
    in.print_grads();
  }

  fmt::print("\n== 2. plain tensor arithmetic, differentiated by autograd ==\n");
  Inputs in;
  Tensor apple_price = in.apple * in.apple_num;
  Tensor orange_price = in.orange * in.orange_num;
  Tensor all_price = apple_price + orange_price;
  Tensor price = all_price * in.tax;
  apple_price.set_name("apple_price");
  orange_price.set_name("orange_price");
  all_price.set_name("all_price");
  price.set_name("price");
  // The page that replays backward step by step; written before backward() runs, which it leaves
  // untouched (it asks the engine for its order without storing any gradient).
  examples::write_backward_page(
      examples::output_path(out_dir, "apple_orange.html"), price,
      tg::autograd::DotOptions().title("price = (apple * apple_num + orange * orange_num) * tax"));
  // Keep the gradients of the intermediate results too, so every arrow of the drawing has one.
  tg::autograd::retain_grads(price);
  price.backward();
  fmt::print("price = {:g}\n", price.item<double>());
  in.print_grads();
  fmt::print("intermediate gradients: d price / d all_price = {:g}, / d apple_price = {:g}, "
             "/ d orange_price = {:g}\n",
             all_price.grad().item<double>(), apple_price.grad().item<double>(),
             orange_price.grad().item<double>());

  fmt::print("\n== 3. the picture ==\n");
  const std::string dot =
      tg::autograd::to_dot(price, tg::autograd::DotOptions().values(true).grads(true).title(
                                      "price = (apple * apple_num + orange * orange_num) * tax"));
  examples::write_dot(examples::output_path(out_dir, "apple_orange.dot"), dot);
  fmt::print(
      "How to read it: yellow ellipses are the inputs (leaves) with their names; blue boxes are "
      "the operations (Mul, Add) that the tape recorded, named after their backward node; the "
      "bold ellipse is the result. Each arrow carries the value that flowed forward along it "
      "(left to right, as in the seeds' drawing) and, below it, 'grad': the "
      "derivative of the price with respect to that value, which flowed back the other way. "
      "A Mul box multiplies the gradient arriving from the right by its other input: price = "
      "all_price * tax sends 1 * tax = 1.1 to all_price and 1 * all_price = 650 to tax. The Add "
      "box copies its gradient unchanged to both inputs (1.1 and 1.1), and the first Mul boxes "
      "turn 1.1 into 1.1 * 2 = 2.2 for apple and 1.1 * 100 = 110 for apple_num.\n");
  return 0;
}
