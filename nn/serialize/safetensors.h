#pragma once
// safetensors files (Hugging Face): an 8-byte little-endian header length N, N bytes of JSON
// {"name": {"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}, ...,
//  "__metadata__": {"key": "value"}}, then the tensors' bytes, row-major and little-endian.
//
//   auto file = tg::serialize::load_safetensors("model.safetensors");
//   tg::Tensor w = file.tensors["fc1.weight"];
//   tg::serialize::save_safetensors(model->state_dict(), "model.safetensors");
//
// Read: F64, F32, F16 and BF16 (as float32), I64, I32, I16 and I8 (as int32), U8, BOOL; other
// dtypes are refused by name. The header is validated before any tensor is made: at most 100 MB,
// well-formed JSON, known dtypes, shapes matching their byte ranges, ranges inside the data that
// neither overlap nor leave holes.
#include <map>
#include <string>
#include <string_view>

#include "autograd/tensor/tensor.h"
#include "nn/ordered_dict.h"

namespace tg::serialize {

/// What a safetensors file holds.
struct SafetensorsFile {
  /// The tensors in the order of their data in the file.
  OrderedDict<std::string, Tensor> tensors{"Tensor"};
  /// The free-form "__metadata__" strings (empty when the file has none).
  std::map<std::string, std::string> metadata;
};

/// Whether `bytes` start like a safetensors file (a plausible header length, then '{').
bool looks_like_safetensors(std::string_view bytes);
/// Parses a safetensors file held in memory; `source` names it in errors.
SafetensorsFile load_safetensors_bytes(std::string_view bytes, const std::string& source);
/// Reads a safetensors file; throws tg::Error naming the file and the problem.
SafetensorsFile load_safetensors(const std::string& path);
/// The bytes of a safetensors file holding `tensors` (CPU, any of tapegrad's dtypes) and
/// `metadata`, with the header padded to a multiple of 8 bytes.
std::string save_safetensors_bytes(const OrderedDict<std::string, Tensor>& tensors,
                                   const std::map<std::string, std::string>& metadata = {});
/// Writes a safetensors file atomically (temporary file, fsync, rename).
void save_safetensors(const OrderedDict<std::string, Tensor>& tensors, const std::string& path,
                      const std::map<std::string, std::string>& metadata = {});

} // namespace tg::serialize
