#pragma once
// tg::save / tg::load of an optimizer's options and state, as torch::save / torch::load; the file
// format is nn/serialize/archive.h. Includes the module and tensor checkpoints, so one include
// gives every tg::save.
#include <string>

#include "nn/serialize/checkpoint.h"
#include "optim/optimizer.h"

namespace tg {

/// Saves the options of every param group and the state of every parameter.
void save(const optim::Optimizer& optimizer, const std::string& path);

/// Restores options and state saved from an optimizer of the same type over parameters of the
/// same shapes, in the same groups and order.
void load(optim::Optimizer& optimizer, const std::string& path);

} // namespace tg
