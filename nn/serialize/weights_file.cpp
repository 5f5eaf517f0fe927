#include "nn/serialize/weights_file.h"

#include <cstring>

#include "nn/serialize/safetensors.h"
#include "nn/serialize/torch_archive.h"
#include "nn/serialize/zip.h"
#include "nn/serialize/archive.h"

namespace tg::serialize {

namespace {
constexpr char kTapegradMagic[8] = {'T', 'G', 'C', 'K', 'P', 'T', '0', '1'};

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}
} // namespace

WeightsFormat detect_weights_format(std::string_view bytes, const std::string& source) {
  // A prefix of the magic counts as tapegrad's: its reader then reports the truncation.
  if (!bytes.empty() && std::memcmp(bytes.data(), kTapegradMagic,
                                    std::min(bytes.size(), sizeof(kTapegradMagic))) == 0)
    return WeightsFormat::Tapegrad;
  if (looks_like_zip(bytes)) return WeightsFormat::PyTorch;
  if (looks_like_safetensors(bytes)) return WeightsFormat::Safetensors;
  TG_CHECK(bytes.empty() || uint8_t(bytes[0]) != 0x80, "tg::load: '", source,
           "' is a bare pickle: the torch.save format before PyTorch 1.6 (or "
           "_use_new_zipfile_serialization=False), which tapegrad does not read; load it in Python "
           "and save it again with a plain torch.save");
  throw Error(str("tg::load: '", source,
                  "' is not a tapegrad checkpoint (bad magic bytes), nor a "
                  "torch.save archive, nor a safetensors file"));
}

WeightsFormat weights_format_for_path(const std::string& path) {
  if (ends_with(path, ".pt") || ends_with(path, ".pth")) return WeightsFormat::PyTorch;
  if (ends_with(path, ".safetensors")) return WeightsFormat::Safetensors;
  return WeightsFormat::Tapegrad;
}

OrderedDict<std::string, Tensor> state_dict_from_ivalue(const IValue& value,
                                                        const std::string& source) {
  TG_CHECK(value.isGenericDict(), "tg::load: '", source, "' holds a ", value.type_name(),
           ", not a state_dict (a dict of tensors)");
  OrderedDict<std::string, Tensor> out("Key");
  std::string non_tensors;
  for (const DictEntry& e : value.toGenericDict()) {
    TG_CHECK(e.key().isString(), "tg::load: '", source, "' holds a dict with a ",
             e.key().type_name(), " key, not a state_dict");
    if (!e.value().isTensor()) {
      non_tensors += (non_tensors.empty() ? "'" : ", '") + e.key().toStringRef() + "' (" +
                     e.value().type_name() + ")";
      continue;
    }
    out.insert(e.key().toStringRef(), e.value().toTensor());
  }
  TG_CHECK(non_tensors.empty(), "tg::load: '", source,
           "' is a checkpoint, not a state_dict: ", non_tensors,
           " are not tensors; read it with tg::serialize::load_pytorch and pass its "
           "state dict entry to load_state_dict");
  return out;
}

IValue state_dict_to_ivalue(const OrderedDict<std::string, Tensor>& state) {
  GenericDict dict;
  for (const auto& item : state) dict.insert_or_assign(item.key(), item.value().detach());
  return IValue(dict);
}

OrderedDict<std::string, Tensor> read_state_dict_bytes(std::string_view bytes,
                                                       const std::string& source) {
  switch (detect_weights_format(bytes, source)) {
  case WeightsFormat::PyTorch:
    return state_dict_from_ivalue(load_pytorch_bytes(bytes, source), source);
  case WeightsFormat::Safetensors:
    return load_safetensors_bytes(bytes, source).tensors;
  case WeightsFormat::Tapegrad: {
    InputArchive archive;
    archive.load_from_bytes(std::string(bytes), source);
    archive.expect_kind(ArchiveKind::Module, "a module's state dict");
    OrderedDict<std::string, Tensor> out("Key");
    for (const std::string& key : archive.keys()) {
      if (key.rfind(kMetadataPrefix, 0) == 0) continue; // text about the model, not a weight
      out.insert(key, *archive.find(key));
    }
    return out;
  }
  }
  throw Error("tg::load: unknown weights format");
}

OrderedDict<std::string, Tensor> read_state_dict(const std::string& path) {
  return read_state_dict_bytes(detail::read_file(path), path);
}

void write_state_dict(const OrderedDict<std::string, Tensor>& state, const std::string& path) {
  switch (weights_format_for_path(path)) {
  case WeightsFormat::PyTorch:
    save_pytorch(state_dict_to_ivalue(state), path);
    return;
  case WeightsFormat::Safetensors:
    save_safetensors(state, path);
    return;
  case WeightsFormat::Tapegrad: {
    OutputArchive archive(ArchiveKind::Module);
    for (const auto& item : state) archive.write(item.key(), item.value());
    archive.save_to(path);
    return;
  }
  }
}

} // namespace tg::serialize
