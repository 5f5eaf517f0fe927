#pragma once
// Helpers for the schedulers' save()/load(): a list of doubles (one per param group) as a 1-D
// double tensor.
#include <string>
#include <vector>

#include "optim/serialize.h"

namespace tg::optim::detail {

/// Writes values under key as a 1-D double tensor.
void write_doubles(serialize::OutputArchive& archive, const std::string& key,
                   const std::vector<double>& values);
/// Reads what write_doubles() wrote; throws tg::Error unless it holds `expected` values.
std::vector<double> read_doubles(const serialize::InputArchive& archive, const std::string& key,
                                 size_t expected);

} // namespace tg::optim::detail
