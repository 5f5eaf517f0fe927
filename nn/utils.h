#pragma once
// torch::nn::utils: gradient clipping, flat parameter vectors, and packed sequences (rnn::).
#include "nn/utils/clip_grad.h"
#include "nn/utils/convert_parameters.h"
#include "nn/utils/rnn.h"
