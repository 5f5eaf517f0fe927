#include "nn/modules/upsampling.h"

#include <ostream>

#include "nn/functional/upsampling.h"

namespace tg::nn {

UpsampleImpl::UpsampleImpl(const UpsampleOptions& options_) : options(options_) {}

void UpsampleImpl::pretty_print(std::ostream& stream) const {
  stream << "tg::nn::Upsample(";
  if (options.scale_factor())
    stream << "scale_factor=" << ArrayRef<double>(*options.scale_factor());
  else if (options.size())
    stream << "size=" << IntArrayRef(*options.size());
  stream << ", mode=" << enumtype::get_enum_name(options.mode()) << ")";
}

Tensor UpsampleImpl::forward(const Tensor& input) {
  functional::InterpolateFuncOptions::mode_t mode = std::visit(
      [](auto m) -> functional::InterpolateFuncOptions::mode_t { return m; }, options.mode());
  return functional::interpolate(input, functional::InterpolateFuncOptions()
                                            .size(options.size())
                                            .scale_factor(options.scale_factor())
                                            .mode(mode)
                                            .align_corners(options.align_corners()));
}

} // namespace tg::nn
