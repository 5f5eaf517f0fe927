// simple_cnn: the seeds' SimpleConvNet (conv 1->30 5x5, ReLU, max-pool 2, Linear 4320->100, ReLU,
// Linear 10), Adam lr 1e-3, batch 100, one epoch.
//
// Built a second time as simple_cnn_blas2 (BENCH_BLAS_THREADS=2): the program itself calls
// openblas_set_num_threads(2) after start-up, as some programs do (issue #23). The framework's
// products inside its own parallel loops must not then start OpenBLAS threads on top of them.
#include "common.h"

#ifdef BENCH_BLAS_THREADS
extern "C" void openblas_set_num_threads(int);
#define BENCH_WORKLOAD "simple_cnn_blas2"
#else
#define BENCH_WORKLOAD "simple_cnn"
#endif

struct NetImpl : torch::nn::Module {
  NetImpl()
      : conv(register_module("conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(1, 30, 5)))),
        fc1(register_module("fc1", torch::nn::Linear(4320, 100))),
        fc2(register_module("fc2", torch::nn::Linear(100, 10))) {}
  torch::Tensor forward(torch::Tensor x) {
    x = torch::max_pool2d(torch::relu(conv(x)), 2);
    return fc2(torch::relu(fc1(x.flatten(1))));
  }
  torch::nn::Conv2d conv;
  torch::nn::Linear fc1, fc2;
};
TORCH_MODULE(Net);

int main(int argc, char** argv) {
  bench::parse_args(argc, argv);
  torch::set_num_threads(bench::threads());
#ifdef BENCH_BLAS_THREADS
  openblas_set_num_threads(BENCH_BLAS_THREADS);
#endif
  torch::manual_seed(0);
  auto train = bench::load_mnist(true), test = bench::load_mnist(false);
  Net model;
  torch::optim::Adam optimizer(model->parameters(), torch::optim::AdamOptions(1e-3));
  auto [seconds, loss] = bench::train_epoch(model, optimizer, train, 100);
  char buf[256];
  std::snprintf(buf, sizeof buf, "seconds=%.4f loss=%.4f accuracy=%.4f", seconds, loss,
                bench::test_accuracy(model, test));
  bench::report(BENCH_WORKLOAD, buf);
}
