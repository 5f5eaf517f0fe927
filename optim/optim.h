#pragma once
// tg::optim: optimizers and learning-rate schedulers (torch::optim), plus checkpoints
// (tg::save / tg::load, the format is described in nn/serialize/archive.h).
#include "optim/adagrad.h"
#include "optim/adam.h"
#include "optim/adamw.h"
#include "optim/optimizer.h"
#include "optim/rmsprop.h"
#include "optim/schedulers/cosine_annealing_lr.h"
#include "optim/schedulers/exponential_lr.h"
#include "optim/schedulers/lr_scheduler.h"
#include "optim/schedulers/step_lr.h"
#include "optim/serialize.h"
#include "optim/sgd.h"
