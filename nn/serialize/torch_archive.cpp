#include "nn/serialize/torch_archive.h"

#include "nn/serialize/pickle.h"
#include "nn/serialize/zip.h"
#include "nn/serialize/archive.h"

namespace tg::serialize {

IValue load_pytorch_bytes(std::string_view bytes, const std::string& source) {
  TG_CHECK(looks_like_zip(bytes), "tg::load: '", source,
           "' is not a torch.save archive (it does not start like a zip file)");
  const ZipReader zip(bytes, source);
  // "<prefix>/data.pkl": the prefix is the name the file had when Python saved it.
  const ZipReader::Entry* pkl = nullptr;
  for (const auto& e : zip.entries()) {
    const size_t slash = e.name.find('/');
    if (slash != std::string::npos && e.name.compare(slash, std::string::npos, "/data.pkl") == 0) {
      TG_CHECK(pkl == nullptr, "tg::load: '", source, "' holds two data.pkl entries ('",
               pkl ? pkl->name : "", "' and '", e.name, "')");
      pkl = &e;
    }
  }
  TG_CHECK(pkl != nullptr, "tg::load: '", source,
           "' is a zip file without <prefix>/data.pkl: not a torch.save archive (a TorchScript "
           "archive from torch.jit.save holds code, which tapegrad does not run)");
  const std::string prefix = pkl->name.substr(0, pkl->name.size() - std::string("data.pkl").size());
  // torch.jit.save archives also hold a data.pkl, but their objects are TorchScript classes
  // defined by the code/ entries.
  for (const auto& e : zip.entries())
    TG_CHECK(e.name.compare(0, prefix.size() + 5, prefix + "code/") != 0 &&
                 e.name != prefix + "constants.pkl",
             "tg::load: '", source,
             "' is a TorchScript archive (torch.jit.save, or LibTorch's "
             "torch::save), which holds code; save the state_dict with torch.save instead");
  if (const auto* order = zip.find(prefix + "byteorder"))
    TG_CHECK(zip.stored_data(*order) == "little", "tg::load: '", source, "' was written on a '",
             std::string(order->data.substr(0, 16)),
             "'-endian machine; only little-endian is read");
  const auto* version = zip.find(prefix + "version");
  TG_CHECK(version != nullptr, "tg::load: '", source, "' has no ", prefix, "version entry");
  auto load_storage = [&](const std::string& key, uint64_t) -> std::string_view {
    const auto* e = zip.find(prefix + "data/" + key);
    TG_CHECK(e != nullptr, "tg::load: '", source, "': data.pkl refers to storage '", key,
             "' but the archive has no ", prefix, "data/", key);
    return zip.stored_data(*e);
  };
  return unpickle(zip.stored_data(*pkl), load_storage, source);
}

IValue load_pytorch(const std::string& path) {
  const std::string bytes = detail::read_file(path);
  return load_pytorch_bytes(bytes, path);
}

std::string save_pytorch_bytes(const IValue& value) {
  PickledStorages storages;
  const std::string data = pickle(value, storages);
  ZipWriter zip;
  zip.add("archive/data.pkl", data);
  zip.add("archive/byteorder", "little");
  for (size_t k = 0; k < storages.tensors.size(); ++k) {
    const Tensor& t = storages.tensors[k];
    zip.add("archive/data/" + std::to_string(k),
            std::string_view(static_cast<const char*>(t.data_ptr()), t.nbytes()));
  }
  zip.add("archive/version", "3\n");
  return zip.finish();
}

void save_pytorch(const IValue& value, const std::string& path) {
  detail::write_file_atomic(path, save_pytorch_bytes(value));
}

} // namespace tg::serialize

namespace tg {

IValue pickle_load(const std::vector<char>& data) {
  return serialize::load_pytorch_bytes(std::string_view(data.data(), data.size()),
                                       "<pickle_load bytes>");
}
std::vector<char> pickle_save(const IValue& value) {
  const std::string bytes = serialize::save_pytorch_bytes(value);
  return std::vector<char>(bytes.begin(), bytes.end());
}

} // namespace tg
