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

} // namespace tg
