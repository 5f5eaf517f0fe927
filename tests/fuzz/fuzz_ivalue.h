#pragma once
// Shared by the weight-file fuzz targets: read every byte of every tensor in a value tree, and
// compare two trees (bit-exact floats, so a NaN equals itself).
#include <algorithm>
#include <bit>
#include <cstdlib>
#include <cstring>
#include <unordered_map>

#include "autograd/tensor/ivalue.h"

namespace fuzz {

inline void touch(const tg::Tensor& t) {
  if (!t.defined() || t.numel() == 0) return;
  const tg::Tensor c = t.contiguous();
  const auto* p = static_cast<const unsigned char*>(c.data_ptr());
  volatile unsigned char sink = p[0] ^ p[c.nbytes() - 1];
  (void)sink;
}

/// Reads every tensor of the tree once (shared objects once).
inline void touch(const tg::IValue& v, int depth, std::unordered_map<const void*, uint64_t>& seen) {
  if (depth > 1000) std::abort(); // the reader promised at most 1000 levels
  if (const void* a = v.object_address(); a && !seen.emplace(a, 0).second) return;
  if (v.isTensor()) touch(v.toTensor());
  if (v.isList())
    for (const auto& e : v.toListRef()) touch(e, depth + 1, seen);
  if (v.isTuple())
    for (const auto& e : v.toTupleRef()) touch(e, depth + 1, seen);
  if (v.isGenericDict())
    for (const auto& e : v.toGenericDict()) touch(e.value(), depth + 1, seen);
}
/// Same as above, from the root.
inline void touch(const tg::IValue& v) {
  std::unordered_map<const void*, uint64_t> seen;
  touch(v, 0, seen);
}

/// The size of the tree written out as a tree (a shared list counted at each use), saturating:
/// memo references can make a small pickle describe an exponentially large tree, which the round
/// trip would then write out in full.
inline uint64_t expanded_size(const tg::IValue& v,
                              std::unordered_map<const void*, uint64_t>& memo) {
  constexpr uint64_t kCap = uint64_t(1) << 40;
  // A node weighs as much as 64 tensor bytes.
  if (v.isTensor()) return 64 + (v.toTensor().defined() ? v.toTensor().nbytes() : 0);
  const void* a = v.object_address();
  if (!a) return 64;
  if (auto it = memo.find(a); it != memo.end()) return it->second;
  uint64_t n = 64;
  auto add = [&](const tg::IValue& e) { n = std::min(kCap, n + expanded_size(e, memo)); };
  if (v.isList())
    for (const auto& e : v.toListRef()) add(e);
  if (v.isTuple())
    for (const auto& e : v.toTupleRef()) add(e);
  if (v.isGenericDict())
    for (const auto& e : v.toGenericDict()) add(e.value());
  memo[a] = n;
  return n;
}
/// Whether the round trip of `v` is cheap enough to run for every input.
inline bool small_enough(const tg::IValue& v) {
  std::unordered_map<const void*, uint64_t> memo;
  return expanded_size(v, memo) <= (uint64_t(1) << 23);
}

inline bool same_tensor(const tg::Tensor& a, const tg::Tensor& b) {
  if (a.scalar_type() != b.scalar_type() || !a.sizes().equals(b.sizes())) return false;
  const tg::Tensor ca = a.contiguous(), cb = b.contiguous();
  return ca.nbytes() == 0 || std::memcmp(ca.data_ptr(), cb.data_ptr(), ca.nbytes()) == 0;
}

inline bool same(const tg::IValue& a, const tg::IValue& b, int depth) {
  if (std::string(a.type_name()) != b.type_name() || depth > 1000) return false;
  if (a.isBool()) return a.toBool() == b.toBool();
  if (a.isInt()) return a.toInt() == b.toInt();
  if (a.isDouble())
    return std::bit_cast<uint64_t>(a.toDouble()) == std::bit_cast<uint64_t>(b.toDouble());
  if (a.isString()) return a.toStringRef() == b.toStringRef();
  if (a.isTensor())
    return same_tensor(a.toTensor(), b.toTensor()) &&
           a.toTensor().requires_grad() == b.toTensor().requires_grad();
  if (a.isList() || a.isTuple()) {
    const auto& x = a.isList() ? a.toListRef() : a.toTupleRef();
    const auto& y = b.isList() ? b.toListRef() : b.toTupleRef();
    if (x.size() != y.size()) return false;
    for (size_t i = 0; i < x.size(); ++i)
      if (!same(x[i], y[i], depth + 1)) return false;
    return true;
  }
  if (a.isGenericDict()) {
    const auto& x = a.toGenericDict();
    const auto& y = b.toGenericDict();
    if (x.size() != y.size()) return false;
    for (auto i = x.begin(), j = y.begin(); i != x.end(); ++i, ++j)
      if (!same(i->key(), j->key(), depth + 1) || !same(i->value(), j->value(), depth + 1))
        return false;
    return true;
  }
  return true; // None
}

} // namespace fuzz
