#pragma once
// tg::nn::functional, spelled as torch::nn::functional. Programs write
//   namespace F = tg::nn::functional;
//   auto y = F::relu(F::linear(x, w, b));
#include "autograd/ops/functions.h"
#include "nn/functional/activation.h"
#include "nn/functional/batchnorm.h"
#include "nn/functional/conv.h"
#include "nn/functional/distance.h"
#include "nn/functional/dropout.h"
#include "nn/functional/embedding.h"
#include "nn/functional/linear.h"
#include "nn/functional/loss.h"
#include "nn/functional/loss_ctc.h"
#include "nn/functional/loss_gaussian_nll.h"
#include "nn/functional/loss_margin.h"
#include "nn/functional/normalization.h"
#include "nn/functional/normalize.h"
#include "nn/functional/padding.h"
#include "nn/functional/pixelshuffle.h"
#include "nn/functional/pooling.h"
#include "nn/functional/rnn.h"
