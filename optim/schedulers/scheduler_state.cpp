#include "optim/schedulers/scheduler_state.h"

#include <algorithm>

#include "autograd/ops/functions.h"

namespace tg::optim::detail {

void write_doubles(serialize::OutputArchive& archive, const std::string& key,
                   const std::vector<double>& values) {
  Tensor t = empty({int64_t(values.size())}, kDouble);
  std::copy(values.begin(), values.end(), t.data_ptr<double>());
  archive.write(key, t);
}

std::vector<double> read_doubles(const serialize::InputArchive& archive, const std::string& key,
                                 size_t expected) {
  Tensor t;
  archive.read(key, t);
  TG_CHECK(t.defined() && t.scalar_type() == kDouble && t.dim() == 1 &&
               size_t(t.numel()) == expected,
           "tg::load: '", archive.source(), "': scheduler state '", key, "' should hold ", expected,
           " doubles (one per param group)");
  Tensor c = t.contiguous();
  return std::vector<double>(c.data_ptr<double>(), c.data_ptr<double>() + c.numel());
}

} // namespace tg::optim::detail
