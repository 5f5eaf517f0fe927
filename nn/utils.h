#pragma once
// torch::nn::utils: gradient clipping and flat parameter vectors.
#include "nn/utils/clip_grad.h"
#include "nn/utils/convert_parameters.h"
