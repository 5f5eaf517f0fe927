#pragma once
// tg::save / tg::load of an optimizer's options and state, as torch::save / torch::load; the file
// format is nn/serialize/archive.h. Includes the module and tensor checkpoints, so one include
// gives every tg::save.
#include <string>

#include "nn/serialize/checkpoint.h"
#include "optim/optimizer.h"
#include "optim/schedulers/lr_scheduler.h"
#include "optim/schedulers/reduce_on_plateau_scheduler.h"

namespace tg {

/// Saves the options of every param group and the state of every parameter.
void save(const optim::Optimizer& optimizer, const std::string& path);

/// Restores options and state saved from an optimizer of the same type over parameters of the
/// same shapes, in the same groups and order.
void load(optim::Optimizer& optimizer, const std::string& path);

/// Saves the optimizer as save(optimizer, path) does, and the scheduler's state (its step count
/// and schedule position, see each scheduler's save()) under "scheduler." in the same file, as
/// PyTorch programs save both state_dicts in one checkpoint. The file loads with either load().
void save(const optim::Optimizer& optimizer, const optim::LRScheduler& scheduler,
          const std::string& path);
/// Restores what save(optimizer, scheduler, path) wrote; the scheduler must be of the same kind
/// and schedule the same number of param groups.
void load(optim::Optimizer& optimizer, optim::LRScheduler& scheduler, const std::string& path);
/// Saves the optimizer and a ReduceLROnPlateauScheduler's state (best metric, counters).
void save(const optim::Optimizer& optimizer, const optim::ReduceLROnPlateauScheduler& scheduler,
          const std::string& path);
/// Restores what the save() above wrote.
void load(optim::Optimizer& optimizer, optim::ReduceLROnPlateauScheduler& scheduler,
          const std::string& path);

} // namespace tg
