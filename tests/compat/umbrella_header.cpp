// A LibTorch 1.13 program that leans on what <torch/torch.h> brings along: standard headers it
// never includes itself (assert, std::list, std::ostringstream, std::cout, std::map, ...), the short
// dtype names, torch::cuda seeding on a CPU-only build, torch::data::Dataset, at::globalContext(),
// at::normal with tensor arguments, triu/tril, isinf/isfinite, two-tensor max/min, _cast_*, and
// to(other.dtype()). The #include is its only difference from the LibTorch program; the expected
// numbers were printed by this same file built against LibTorch 1.13 (sed the include to
// <torch/torch.h>; it passes there too). It exits non-zero (TORCH_CHECK throws) on a mismatch.
#include <tapegrad/torch_compat.h>

namespace {

struct Squares : torch::data::Dataset<Squares> {
  torch::data::Example<> get(size_t i) override {
    return {torch::full({1}, double(i * i)), torch::tensor(int64_t(i))};
  }
  torch::optional<size_t> size() const override { return 4; }
};

void check_close(const torch::Tensor& got, std::vector<double> want, const char* what) {
  auto flat = got.to(torch::kF64).reshape({-1});
  TORCH_CHECK(flat.numel() == int64_t(want.size()), what, ": ", flat.numel(), " values");
  for (size_t i = 0; i < want.size(); ++i)
    TORCH_CHECK(std::fabs(flat[i].item<double>() - want[i]) < 1e-4, what, "[", i,
                "] = ", flat[i].item<double>(), ", LibTorch printed ", want[i]);
}

} // namespace

int main() {
  // Seeding every device unconditionally, as programs written for GPUs do.
  torch::manual_seed(0);
  torch::cuda::manual_seed(0);
  torch::cuda::manual_seed_all(0);
  at::globalContext().setDeterministicCuDNN(true);
  at::globalContext().setBenchmarkCuDNN(false);
  TORCH_CHECK(at::globalContext().deterministicCuDNN() && !at::globalContext().benchmarkCuDNN());
  TORCH_CHECK(!at::globalContext().deterministicAlgorithms() &&
              at::globalContext().userEnabledCuDNN() && at::globalContext().allowTF32CuDNN() &&
              !at::globalContext().allowTF32CuBLAS());

  // at::normal with tensor arguments draws exactly LibTorch's numbers after the same seed.
  auto mean = torch::arange(6, torch::kF64).reshape({2, 3});
  check_close(at::normal(mean, 0.5), {0.7705, 0.8533, 0.9106, 3.2842, 3.4577, 4.3007},
              "normal(mean, 0.5)");
  check_close(at::normal(2.0, torch::full({4}, 3.0, torch::kF64)),
              {3.2100, 4.5141, -0.1578, 0.7900}, "normal(2, std)");
  check_close(at::normal(mean, torch::full({3}, 2.0, torch::kF64)),
              {-1.1933, 1.3641, 0.2867, 5.2012, 1.8576, 5.2454}, "normal(mean, std)");
  check_close(at::normal(torch::zeros({20}), torch::ones({20})),
              {-0.6136, 0.0316, -0.4927, 0.2484, -0.2303, -0.3918, 0.5433, -0.3952, 0.2055,
               -0.4503, -0.5731, -0.5554, -1.5312, -1.2341, 1.8197, -0.5515, -1.3253, 0.1886,
               -0.0691, -0.4949},
              "normal(zeros(20), ones(20))");
  auto m = torch::zeros({3}, torch::kF64).requires_grad_(true);
  auto s = torch::ones({3}, torch::kF64).requires_grad_(true);
  auto y = at::normal(m, s);
  TORCH_CHECK(y.grad_fn()->name() == "NormalBackward3");
  TORCH_CHECK(at::normal(m, 1.0).grad_fn()->name() == "NormalBackward1");
  TORCH_CHECK(at::normal(1.0, s).grad_fn()->name() == "NormalBackward2");
  y.sum().backward();
  check_close(m.grad(), {0, 0, 0}, "d normal / d mean"); // zero, as LibTorch
  check_close(s.grad(), {0, 0, 0}, "d normal / d std");

  // triu / tril and a causal mask built from them.
  auto t = torch::arange(12, torch::kF64).reshape({3, 4}).requires_grad_(true);
  TORCH_CHECK(t.triu(1).grad_fn()->name() == "TriuBackward0");
  TORCH_CHECK(t.tril(-1).grad_fn()->name() == "TrilBackward0");
  check_close(torch::triu(t, -1), {0, 1, 2, 3, 4, 5, 6, 7, 0, 9, 10, 11}, "triu(t, -1)");
  check_close(torch::tril(t, 2), {0, 1, 2, 0, 4, 5, 6, 7, 8, 9, 10, 11}, "tril(t, 2)");
  auto causal = torch::ones({3, 3}).tril().logical_not();
  check_close(causal, {0, 1, 1, 0, 0, 1, 0, 0, 0}, "causal mask");
  TORCH_CHECK(torch::max(t, t.flip(0)).grad_fn()->name() == "MaximumBackward0");
  check_close(torch::min(t, t.flip(0)), {0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3}, "min(t, flip)");

  // isinf / isfinite as free functions.
  const double inf = std::numeric_limits<double>::infinity();
  auto z = torch::tensor({1.0, inf, -inf, std::nan("")});
  check_close(torch::isinf(z), {0, 1, 1, 0}, "isinf");
  check_close(torch::isfinite(z), {1, 0, 0, 0}, "isfinite");
  check_close(torch::isposinf(z), {0, 1, 0, 0}, "isposinf");
  check_close(torch::isneginf(z), {0, 0, 1, 0}, "isneginf");
  check_close(torch::isfinite(torch::tensor({1, 2})), {1, 1}, "isfinite(int)");

  // dtype spellings and conversions.
  TORCH_CHECK(torch::_cast_Float(t).dtype() == torch::kF32);
  TORCH_CHECK(t.to(torch::ones({1}, torch::kF32).dtype()).dtype() == torch::kFloat);
  TORCH_CHECK(torch::kI64 == torch::kLong && torch::kI32 == torch::kInt && torch::kU8 == torch::kByte);
  TORCH_CHECK(torch::TensorOptions().device(torch::kCPU, 0).device().is_cpu());

  // Standard headers that arrive with the umbrella header.
  std::list<int64_t> sizes;
  std::map<std::string, double> totals;
  auto loader = torch::data::make_data_loader(Squares{}, /*batch_size=*/2);
  for (auto& batch : *loader) {
    sizes.push_back(batch.size());
    for (auto& example : batch) totals["sum"] += example.data.item<double>();
  }
  assert(sizes.size() == 2);
  TORCH_CHECK(totals["sum"] == 0 + 1 + 4 + 9);
  std::ostringstream out;
  out << std::setw(4) << sizes.front();
  TORCH_CHECK(out.str() == "   2");
  std::cout << "umbrella header: ok" << std::endl;
  return 0;
}
