#include "nn/serialize/checkpoint.h"

#include <unordered_set>

#include "autograd/ops/functions.h"
#include "autograd/graph/grad_mode.h"
#include "nn/serialize/torch_archive.h"
#include "nn/serialize/weights_file.h"
#include "nn/serialize/zip.h"

// ---------------------------------------------------------------- tg::save / tg::load
namespace tg {

using serialize::ArchiveKind;

void save(const nn::Module& module, const std::string& path) { save(module, path, {}); }
void save(const nn::Module& module, const std::string& path, const serialize::Metadata& metadata) {
  if (serialize::weights_format_for_path(path) != serialize::WeightsFormat::Tapegrad) {
    // PyTorch's and safetensors' state dicts carry the weights only (metadata is tapegrad's own).
    serialize::write_state_dict(module.state_dict(), path);
    return;
  }
  const std::string prefix(serialize::kMetadataPrefix);
  serialize::OutputArchive archive(ArchiveKind::Module);
  auto write = [&](const std::string& name, const Tensor& value, bool buffer) {
    // A submodule named "__metadata__" would make its weights unreadable as weights.
    TG_CHECK(name.compare(0, prefix.size(), prefix) != 0, "tg::save: '", name, "' starts with '",
             prefix, "', which checkpoints reserve for metadata");
    archive.write(name, value, buffer);
  };
  for (const auto& p : module.named_parameters()) write(p.key(), p.value(), false);
  for (const auto& b : module.named_buffers()) write(b.key(), b.value(), true);
  for (const auto& [key, value] : metadata) {
    TG_CHECK(!key.empty(), "tg::save: a metadata key is empty");
    archive.write_string(prefix + key, value);
  }
  archive.save_to(path);
}
void save(const std::shared_ptr<nn::Module>& module, const std::string& path) {
  TG_CHECK(module != nullptr, "tg::save: the module is null");
  save(*module, path);
}
void save(const Tensor& tensor, const std::string& path) {
  if (serialize::weights_format_for_path(path) == serialize::WeightsFormat::PyTorch) {
    serialize::save_pytorch(IValue(tensor.detach()), path);
    return;
  }
  serialize::OutputArchive archive(ArchiveKind::Tensor);
  archive.write("tensor", tensor);
  archive.save_to(path);
}
void save(const std::vector<Tensor>& tensors, const std::string& path) {
  if (serialize::weights_format_for_path(path) == serialize::WeightsFormat::PyTorch) {
    std::vector<IValue> list;
    for (const Tensor& t : tensors) list.emplace_back(t.detach());
    serialize::save_pytorch(IValue::list(std::move(list)), path);
    return;
  }
  serialize::OutputArchive archive(ArchiveKind::TensorList);
  archive.write_int("size", int64_t(tensors.size()));
  for (size_t i = 0; i < tensors.size(); ++i) archive.write(std::to_string(i), tensors[i]);
  archive.save_to(path);
}

void load(nn::Module& module, const std::string& path) {
  const std::string bytes = serialize::detail::read_file(path);
  if (serialize::detect_weights_format(bytes, path) != serialize::WeightsFormat::Tapegrad) {
    const auto state = serialize::read_state_dict_bytes(bytes, path);
    try {
      module.load_state_dict(state, /*strict=*/true);
    } catch (const Error& e) {
      throw Error(str("tg::load: '", path, "': ", e.what()));
    }
    return;
  }
  serialize::InputArchive archive;
  archive.load_from_bytes(bytes, path);
  archive.expect_kind(ArchiveKind::Module, "a module");

  // Match every parameter and buffer before touching any of them.
  std::vector<std::pair<Tensor, Tensor>> plan; // (destination, source)
  std::unordered_set<std::string> matched;
  auto match = [&](const std::string& name, const Tensor& dst, bool buffer) {
    const char* what = buffer ? "buffer" : "parameter";
    const Tensor* src = archive.find(name);
    TG_CHECK(src != nullptr, "tg::load: '", path, "' has no ", what, " named '", name,
             "', which the module ", module.name(), " has");
    TG_CHECK(archive.is_buffer(name) == buffer, "tg::load: '", name, "' is a ",
             buffer ? "parameter" : "buffer", " in '", path, "' but a ", what, " in the module");
    TG_CHECK(src->defined(), "tg::load: '", path, "' holds an undefined tensor for '", name, "'");
    TG_CHECK(src->sizes().equals(dst.sizes()), "tg::load: shape mismatch for ", what, " '", name,
             "': ", src->sizes(), " in '", path, "', ", dst.sizes(), " in the module");
    TG_CHECK(src->scalar_type() == dst.scalar_type() ||
                 (isFloatingType(src->scalar_type()) && isFloatingType(dst.scalar_type())),
             "tg::load: dtype mismatch for ", what, " '", name, "': ", src->scalar_type(), " in '",
             path, "', ", dst.scalar_type(), " in the module");
    plan.emplace_back(dst, *src);
    matched.insert(name);
  };
  for (const auto& p : module.named_parameters()) match(p.key(), p.value(), false);
  for (const auto& b : module.named_buffers()) match(b.key(), b.value(), true);
  for (const auto& key : archive.keys())
    TG_CHECK(matched.count(key) || key.rfind(serialize::kMetadataPrefix, 0) == 0, "tg::load: '",
             path, "' holds '", key, "', but the module ", module.name(),
             " has no parameter or buffer of that name");

  NoGradGuard no_grad;
  for (auto& [dst, src] : plan) dst.copy_(src);
}
void load(const std::shared_ptr<nn::Module>& module, const std::string& path) {
  TG_CHECK(module != nullptr, "tg::load: the module is null");
  load(*module, path);
}
void load(Tensor& tensor, const std::string& path) {
  const std::string bytes = serialize::detail::read_file(path);
  if (serialize::looks_like_zip(bytes)) {
    const IValue v = serialize::load_pytorch_bytes(bytes, path);
    TG_CHECK(v.isTensor(), "tg::load: '", path, "' holds a ", v.type_name(), ", not a tensor");
    tensor = v.toTensor();
    return;
  }
  serialize::InputArchive archive;
  archive.load_from_bytes(bytes, path);
  archive.expect_kind(ArchiveKind::Tensor, "a tensor");
  archive.read("tensor", tensor);
}
void load(std::vector<Tensor>& tensors, const std::string& path) {
  const std::string bytes = serialize::detail::read_file(path);
  if (serialize::looks_like_zip(bytes)) {
    const IValue v = serialize::load_pytorch_bytes(bytes, path);
    TG_CHECK(v.isList() || v.isTuple(), "tg::load: '", path, "' holds a ", v.type_name(),
             ", not a list of tensors");
    std::vector<Tensor> out;
    for (const IValue& e : v.isList() ? v.toListRef() : v.toTupleRef()) {
      TG_CHECK(e.isTensor(), "tg::load: '", path, "' holds a list with a ", e.type_name(),
               ", not only tensors");
      out.push_back(e.toTensor());
    }
    tensors = std::move(out);
    return;
  }
  serialize::InputArchive archive;
  archive.load_from_bytes(bytes, path);
  archive.expect_kind(ArchiveKind::TensorList, "a tensor list");
  const int64_t n = archive.read_int("size");
  TG_CHECK(n >= 0 && uint64_t(n) + 1 == archive.keys().size(), "tg::load: '", path,
           "' is a tensor list of ", n, " entries but holds ", archive.keys().size() - 1);
  std::vector<Tensor> out(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) archive.read(std::to_string(i), out[size_t(i)]);
  tensors = std::move(out);
}

} // namespace tg
