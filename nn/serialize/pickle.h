#pragma once
// The pickle inside torch.save archives (data.pkl), restricted to what PyTorch's own weights-only
// unpickler (torch/_weights_only_unpickler.py) accepts: no code runs, only a fixed list of
// opcodes and globals is understood, everything else is a tg::Error naming the opcode or global.
//
// Opcodes read: PROTO, STOP, MARK, NONE, NEWTRUE, NEWFALSE, BININT, BININT1, BININT2, LONG1,
// BINFLOAT, BINUNICODE, SHORT_BINSTRING (as str), EMPTY_TUPLE, TUPLE, TUPLE1, TUPLE2, TUPLE3,
// EMPTY_LIST, APPEND, APPENDS, EMPTY_DICT, SETITEM, SETITEMS, BINPUT, LONG_BINPUT, BINGET,
// LONG_BINGET, GLOBAL, REDUCE, BUILD, NEWOBJ, BINPERSID. Refused: every other opcode (INST, OBJ,
// STACK_GLOBAL, EXT*, BINBYTES, sets, frames of protocol 4+, memo-less text opcodes...).
// Globals: collections.OrderedDict, torch.Size, torch.Tensor, torch.nn.parameter.Parameter,
// torch._utils._rebuild_tensor / _rebuild_tensor_v2 / _rebuild_parameter /
// _rebuild_parameter_with_state, torch._tensor._rebuild_from_type_v2 and the storage classes
// torch.{Float,Double,Half,BFloat16,Long,Int,Short,Char,Byte,Bool}Storage. Complex and quantized
// storages, sparse and meta tensors are refused.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "autograd/tensor/ivalue.h"

namespace tg::serialize {

/// Returns the bytes of storage `key` (the archive's "data/<key>" entry); throws if missing.
/// `expected_bytes` is what the pickle says the storage holds (the unpickler checks the size
/// returned against it; a loader may use it, as the fuzz target does, or ignore it).
using StorageLoader =
    std::function<std::string_view(const std::string& key, uint64_t expected_bytes)>;

/// Unpickles `pickle`, resolving persistent storage ids through `load_storage`. Tensors come back
/// contiguous and owning their data (views of one storage are copied apart); float16 and bfloat16
/// become float32, int8 and int16 become int32. Containers nested deeper than 1000 levels, cycles
/// and memo misuse are refused. `source` names the file in errors.
IValue unpickle(std::string_view pickle, const StorageLoader& load_storage,
                const std::string& source);

/// A tensor the pickler wrote as a persistent storage reference: its data goes to
/// "data/<index in this vector>" of the archive.
struct PickledStorages {
  std::vector<Tensor> tensors; ///< Contiguous CPU tensors, in key order.
};

/// Pickles `value` (protocol 2, the opcodes and globals torch.save writes) so that
/// `torch.load(..., weights_only=True)` reads it; each tensor becomes a storage appended to
/// `storages`. Throws tg::Error for a non-CPU tensor or a nesting deeper than 1000 levels.
std::string pickle(const IValue& value, PickledStorages& storages);

} // namespace tg::serialize
