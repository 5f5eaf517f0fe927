#pragma once
// tg::data: datasets, transforms, samplers and the data loader, spelled as torch::data.
#include "data/dataloader.h"
#include "data/datasets/base.h"
#include "data/datasets/digits.h"
#include "data/datasets/mnist.h"
#include "data/datasets/subset.h"
#include "data/datasets/tensor.h"
#include "data/example.h"
#include "data/idx.h"
#include "data/samplers.h"
#include "data/samplers/distributed.h"
#include "data/transforms.h"

namespace tg::data {
/// torch::data::Dataset, LibTorch's short name for datasets::Dataset.
using datasets::Dataset;
} // namespace tg::data
