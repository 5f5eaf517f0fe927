#include "optim/serialize.h"

// ---------------------------------------------------------------- tg::save / tg::load (optimizer)
namespace tg {

using serialize::ArchiveKind;

void save(const optim::Optimizer& optimizer, const std::string& path) {
  serialize::OutputArchive archive(ArchiveKind::Optimizer);
  optimizer.save(archive);
  archive.save_to(path);
}
void load(optim::Optimizer& optimizer, const std::string& path) {
  serialize::InputArchive archive;
  archive.load_from(path);
  archive.expect_kind(ArchiveKind::Optimizer, "an optimizer");
  optimizer.load(archive);
}

namespace {
template <typename Scheduler>
void save_pair(const optim::Optimizer& optimizer, const Scheduler& scheduler,
               const std::string& path) {
  serialize::OutputArchive archive(ArchiveKind::Optimizer);
  optimizer.save(archive);
  serialize::OutputArchive nested;
  scheduler.save(nested);
  archive.write("scheduler", nested);
  archive.save_to(path);
}
template <typename Scheduler>
void load_pair(optim::Optimizer& optimizer, Scheduler& scheduler, const std::string& path) {
  serialize::InputArchive archive;
  archive.load_from(path);
  archive.expect_kind(ArchiveKind::Optimizer, "an optimizer");
  serialize::InputArchive nested;
  archive.read("scheduler", nested);
  // Each load() is all-or-nothing, but the pair is not: the scheduler goes first because its
  // state is small and its checks (kind, group count) are the likelier to fail.
  scheduler.load(nested);
  optimizer.load(archive);
}
} // namespace

void save(const optim::Optimizer& optimizer, const optim::LRScheduler& scheduler,
          const std::string& path) {
  save_pair(optimizer, scheduler, path);
}
void load(optim::Optimizer& optimizer, optim::LRScheduler& scheduler, const std::string& path) {
  load_pair(optimizer, scheduler, path);
}
void save(const optim::Optimizer& optimizer, const optim::ReduceLROnPlateauScheduler& scheduler,
          const std::string& path) {
  save_pair(optimizer, scheduler, path);
}
void load(optim::Optimizer& optimizer, optim::ReduceLROnPlateauScheduler& scheduler,
          const std::string& path) {
  load_pair(optimizer, scheduler, path);
}

} // namespace tg
