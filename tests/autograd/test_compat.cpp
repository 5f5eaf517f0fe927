// A LibTorch-style program of our own, compiled through the compatibility header with nothing
// changed but the include line.
#include <boost/test/unit_test.hpp>

#include <tapegrad/torch_compat.h>

namespace {
// --- everything below is written exactly as for LibTorch ---
torch::Tensor fit_line(int steps) {
  torch::manual_seed(1);
  auto device = torch::cuda::is_available() ? torch::Device(torch::kCUDA) : torch::Device(torch::kCPU);
  auto x = torch::linspace(-1, 1, 50, torch::TensorOptions().dtype(torch::kFloat).device(device))
               .unsqueeze(1);
  auto y = 3 * x + 0.5;
  auto w = torch::zeros({1, 1}, torch::requires_grad());
  auto b = torch::zeros({1}, torch::dtype(torch::kFloat32).requires_grad(true));
  for (int i = 0; i < steps; ++i) {
    auto loss = (torch::matmul(x, w) + b - y).pow(2).mean();
    loss.backward();
    {
      torch::NoGradGuard no_grad;
      w -= 0.5 * w.grad();
      b -= 0.5 * b.grad();
      w.grad().zero_();
      b.grad().zero_();
    }
  }
  TORCH_CHECK(w.sizes() == at::IntArrayRef({1, 1}), "unexpected shape ", w.sizes());
  AT_ASSERT(b.numel() == 1);
  return torch::cat({w.flatten(), b});
}
} // namespace

BOOST_AUTO_TEST_CASE(libtorch_style_program_compiles_and_fits) {
  auto p = fit_line(200);
  BOOST_TEST(p[0].item<float>() == 3.0f, boost::test_tools::tolerance(1e-3f));
  BOOST_TEST(p[1].item<float>() == 0.5f, boost::test_tools::tolerance(1e-3f));
  c10::optional<int64_t> maybe = c10::nullopt;
  BOOST_TEST(!maybe.has_value());
  BOOST_CHECK_THROW(TORCH_CHECK(false, "boom ", 1), c10::Error);
}
