// Tutorial part 2: computation graphs and the chain rule, with the seeds' shopping example.
#include <fstream>
#include <iostream>

#include <tapegrad/tapegrad.h>

int main() {
  // >>> chain
  // z = t^2 with t = x + y: dz/dx = dz/dt * dt/dx = 2t * 1.
  auto x = tg::tensor(1.0, tg::requires_grad()), y = tg::tensor(2.0, tg::requires_grad());
  auto t = x + y; // an add node: backward passes the gradient through unchanged
  auto z = t * t; // a mul node: backward multiplies by the other input (here t itself, twice)
  z.backward();
  std::cout << x.grad().item<float>() << " " << y.grad().item<float>() << "\n"; // 6 6
  // <<<
  TG_CHECK(x.grad().item<float>() == 6.f, "dz/dx");

  // >>> apple
  auto leaf = [](double v, const char* name) {
    auto t = tg::tensor(v, tg::TensorOptions().dtype(tg::kDouble).requires_grad(true));
    t.set_name(name); // the name appears on the drawing
    return t;
  };
  auto apple = leaf(100, "apple"), apple_num = leaf(2, "apple_num");
  auto orange = leaf(150, "orange"), orange_num = leaf(3, "orange_num"), tax = leaf(1.1, "tax");
  auto price = (apple * apple_num + orange * orange_num) * tax;
  tg::autograd::retain_grads(price); // keep the intermediate gradients for the picture
  price.backward();
  std::cout << price.item<double>() << "\n"; // 715
  std::cout << apple.grad().item<double>() << " " << apple_num.grad().item<double>() << " "
            << orange.grad().item<double>() << " " << orange_num.grad().item<double>() << " "
            << tax.grad().item<double>() << "\n"; // 2.2 110 3.3 165 650
  std::cout << price.grad_fn()->name() << "\n";   // MulBackward0
  // <<<
  TG_CHECK(std::abs(price.item<double>() - 715) < 1e-9, "forward");
  TG_CHECK(std::abs(apple_num.grad().item<double>() - 110) < 1e-9, "d price / d apple_num");
  TG_CHECK(std::abs(tax.grad().item<double>() - 650) < 1e-9, "d price / d tax");

  // >>> draw
  std::ofstream("price.dot") << tg::autograd::to_dot(
      price, tg::autograd::DotOptions().values(true).grads(true));
  // then, in a shell: dot -Tsvg price.dot -o price.svg
  // <<<
  return 0;
}
