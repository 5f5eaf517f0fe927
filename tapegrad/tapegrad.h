#pragma once
// The umbrella header: #include <tapegrad/tapegrad.h> gives the whole public API in namespace tg.
#include "autograd/graph/anomaly_mode.h"
#include "autograd/tensor/array_ref.h"
#include "autograd/tensor/context.h"
#include "autograd/tensor/device.h"
#include "autograd/tensor/dtype.h"
#include "autograd/graph/engine.h"
#include "autograd/tensor/error.h"
#include "autograd/ops/functions.h"
#include "autograd/graph/grad_mode.h"
#include "autograd/graph/custom_function.h"
#include "autograd/tensor/format.h"
#include "autograd/tools/gradcheck.h"
#include "autograd/tensor/indexing.h"
#include "autograd/tensor/ivalue.h"
#include "autograd/tensor/memory.h"
#include "autograd/graph/node.h"
#include "autograd/tensor/parallel.h"
#include "autograd/tensor/scalar.h"
#include "autograd/tensor/tensor.h"
#include "autograd/tensor/tensor_data.h"
#include "autograd/tensor/tensor_options.h"
#include "autograd/tools/to_dot.h"
#include "autograd/tools/to_html.h"
#include "nn/nn.h"
#include "nn/serialize/safetensors.h"
#include "nn/serialize/torch_archive.h"
#include "nn/serialize/weights_file.h"
#include "optim/optim.h"
#include "data/data.h"

/// \namespace tg
/// tapegrad's public API, spelled as LibTorch's `torch::` (tensors, factories, free ops).
/// \namespace tg::autograd
/// The tape: nodes, the backward engine, custom `Function`s, gradcheck, graph drawing.
/// \namespace tg::nn
/// Modules, their options builders and module holders, as in `torch::nn`.
/// \namespace tg::nn::functional
/// Stateless layer functions (`F::relu`, `F::conv2d`, losses...), as in `torch::nn::functional`.
/// \namespace tg::nn::init
/// Parameter initialisers (uniform, normal, Xavier, Kaiming...), as in `torch::nn::init`.
/// \namespace tg::nn::utils
/// Gradient clipping and parameter/vector conversion, as in `torch::nn::utils`.
/// \namespace tg::nn::parallel
/// Data-parallel training over MPI (`DistributedDataParallel`).
/// \namespace tg::optim
/// Optimizers and learning-rate schedulers, as in `torch::optim`.
/// \namespace tg::data
/// Datasets, samplers, transforms and data loaders, as in `torch::data`.
/// \namespace tg::data::datasets
/// Dataset base classes and the built-in datasets (MNIST, TensorDataset, subsets).
/// \namespace tg::data::transforms
/// Example and batch transforms (`Normalize`, `Stack`, lambdas).
/// \namespace tg::data::samplers
/// Index samplers: sequential, random, stream and distributed.
/// \namespace tg::serialize
/// Checkpoint archives behind `tg::save`/`tg::load`; PyTorch's torch.save archives, safetensors
/// files and the weights-only pickle reader and writer.
/// \namespace tg::indexing
/// Index objects for `Tensor::index` (`Slice`, `None`, `Ellipsis`).
/// \namespace tg::distributed
/// Process-group collectives over MPI (init, broadcast, all_reduce...).
