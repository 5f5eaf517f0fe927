#pragma once
// AdamW is declared beside Adam in optim/adam.h: the two share one update and differ only in where
// weight_decay acts. This header keeps LibTorch's include path (torch/optim/adamw.h).
#include "optim/adam.h"
