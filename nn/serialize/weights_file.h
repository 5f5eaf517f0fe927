#pragma once
// Weight files in any of the three formats tapegrad reads, as a flat state dict: tapegrad's own
// checkpoints, torch.save archives and safetensors files. The format is recognised from the
// file's first bytes, never from its name; writing picks it from the extension.
//
//   auto state = tg::serialize::read_state_dict("model_from_python.pt");
//   net->load_state_dict(state, /*strict=*/false, [](const std::string& k) {
//     return k.rfind("module.", 0) == 0 ? k.substr(7) : k;   // DataParallel's prefix
//   });
#include <string>
#include <string_view>

#include "autograd/tensor/ivalue.h"
#include "autograd/tensor/tensor.h"
#include "nn/ordered_dict.h"

namespace tg::serialize {

/// The formats of weight files.
enum class WeightsFormat {
  Tapegrad,    ///< tapegrad's checksummed checkpoint (nn/serialize/archive.h)
  PyTorch,     ///< a torch.save zip archive
  Safetensors, ///< a safetensors file
};

/// The format of a file starting with `bytes`; throws tg::Error naming `source` when it is none of
/// the three.
WeightsFormat detect_weights_format(std::string_view bytes, const std::string& source);
/// The format tg::save writes for `path`: PyTorch for .pt and .pth, Safetensors for
/// .safetensors, Tapegrad for any other name.
WeightsFormat weights_format_for_path(const std::string& path);

/// The name -> tensor pairs of a weights file in any of the three formats. A torch.save file must
/// hold a dict of tensors (a state_dict); a nested checkpoint is refused with the names of its
/// entries (read it with load_pytorch and pick the state dict out).
OrderedDict<std::string, Tensor> read_state_dict(const std::string& path);
/// Same as above, from the file's bytes in memory.
OrderedDict<std::string, Tensor> read_state_dict_bytes(std::string_view bytes,
                                                       const std::string& source);
/// The state dict held by `value`, which must be a dict of str -> Tensor.
OrderedDict<std::string, Tensor> state_dict_from_ivalue(const IValue& value,
                                                        const std::string& source);
/// A dict IValue of `state` (what torch.save(model.state_dict()) holds).
IValue state_dict_to_ivalue(const OrderedDict<std::string, Tensor>& state);
/// Writes `state` in the format weights_format_for_path(path) names, atomically. (In tapegrad's
/// own format every entry is recorded as a parameter; tg::save(module, path) also marks buffers.)
void write_state_dict(const OrderedDict<std::string, Tensor>& state, const std::string& path);

} // namespace tg::serialize
