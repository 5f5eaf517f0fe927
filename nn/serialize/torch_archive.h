#pragma once
// torch.save files: a zip archive "<prefix>/data.pkl" (a weights-only pickle,
// nn/serialize/pickle.h) with one "<prefix>/data/<key>" entry per storage, plus "<prefix>/version".
// Read without Python, and written so that Python's `torch.load(path, weights_only=True)` accepts
// them.
//
//   tg::IValue ckpt = tg::serialize::load_pytorch("checkpoint.pt");   // any picklable tree
//   tg::serialize::save_pytorch(tg::IValue(dict), "weights.pt");
//   std::vector<char> bytes = tg::pickle_save(value);                   // torch::pickle_save
//
// Python 1.13's weights-only unpickler has no BINFLOAT: a float in the tree (an optimizer's lr)
// makes that version refuse the file; PyTorch 2.x reads it. Tensors, ints, strings, bools, None,
// lists, tuples and dicts are read by both.
#include <string>
#include <string_view>
#include <vector>

#include "autograd/tensor/ivalue.h"

namespace tg::serialize {

/// Reads a torch.save archive held in memory; `source` names it in errors.
IValue load_pytorch_bytes(std::string_view bytes, const std::string& source);
/// Reads a torch.save file. Throws tg::Error naming the file and the problem.
IValue load_pytorch(const std::string& path);
/// The bytes of a torch.save archive holding `value` (prefix "archive/").
std::string save_pytorch_bytes(const IValue& value);
/// Writes `value` as a torch.save file, atomically (temporary file, fsync, rename).
void save_pytorch(const IValue& value, const std::string& path);

} // namespace tg::serialize

namespace tg {

/// Reads the bytes of a torch.save archive, as torch::pickle_load (which LibTorch only fills
/// from its own pickles; this also reads Python's).
IValue pickle_load(const std::vector<char>& data);
/// The bytes of a torch.save archive holding `value`, as torch::pickle_save.
std::vector<char> pickle_save(const IValue& value);

} // namespace tg
