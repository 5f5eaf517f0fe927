#pragma once
// The IDX format of the MNIST files: a big-endian header (magic 0x00000803 for uint8 images of
// rank 3, 0x00000801 for labels), the dimension sizes, then the raw bytes. read_idx validates the
// magic, the dimensions and the file length before trusting any of it; gzipped files (.gz) are
// read through zlib.
#include <string>

#include "autograd/tensor/tensor.h"

namespace tg::data {

/// Reads an unsigned-byte IDX file (raw or gzipped) into a kUInt8 tensor of its shape.
/// Throws tg::Error naming the file and what is wrong (bad magic, truncated, absurd sizes).
Tensor read_idx(const std::string& path);

/// Writes `t` (kUInt8) as a raw IDX file; used by tests to make fixtures.
void write_idx(const std::string& path, const Tensor& t);

} // namespace tg::data
