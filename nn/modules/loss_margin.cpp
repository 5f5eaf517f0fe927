#include "nn/modules/loss_margin.h"

#include <ostream>

#include "nn/functional/loss_margin.h"

namespace tg::nn {

void SoftMarginLossImpl::pretty_print(std::ostream& stream) const {
  stream << "tg::nn::SoftMarginLoss()";
}
Tensor SoftMarginLossImpl::forward(const Tensor& input, const Tensor& target) {
  return functional::soft_margin_loss(input, target, options);
}

void CosineEmbeddingLossImpl::pretty_print(std::ostream& stream) const {
  stream << "tg::nn::CosineEmbeddingLoss(margin=" << options.margin() << ")";
}
Tensor CosineEmbeddingLossImpl::forward(const Tensor& input1, const Tensor& input2,
                                        const Tensor& target) {
  return functional::cosine_embedding_loss(input1, input2, target, options);
}

void HingeEmbeddingLossImpl::pretty_print(std::ostream& stream) const {
  stream << "tg::nn::HingeEmbeddingLoss(margin=" << options.margin() << ")";
}
Tensor HingeEmbeddingLossImpl::forward(const Tensor& input, const Tensor& target) {
  return functional::hinge_embedding_loss(input, target, options);
}

void TripletMarginLossImpl::pretty_print(std::ostream& stream) const {
  stream << "tg::nn::TripletMarginLoss(margin=" << options.margin() << ", p=" << options.p()
         << ", eps=" << std::defaultfloat << options.eps() << std::boolalpha
         << ", swap=" << options.swap() << ")";
}
Tensor TripletMarginLossImpl::forward(const Tensor& anchor, const Tensor& positive,
                                      const Tensor& negative) {
  return functional::triplet_margin_loss(anchor, positive, negative, options);
}

void TripletMarginWithDistanceLossImpl::pretty_print(std::ostream& stream) const {
  stream << "tg::nn::TripletMarginWithDistanceLoss(margin=" << options.margin() << std::boolalpha
         << ", swap=" << options.swap() << ")";
}
Tensor TripletMarginWithDistanceLossImpl::forward(const Tensor& anchor, const Tensor& positive,
                                                  const Tensor& negative) {
  return functional::triplet_margin_with_distance_loss(anchor, positive, negative, options);
}

MultiMarginLossImpl::MultiMarginLossImpl(const MultiMarginLossOptions& options_)
    : options(options_) {
  reset();
}
void MultiMarginLossImpl::reset() { weight = register_buffer("weight", options.weight()); }
void MultiMarginLossImpl::pretty_print(std::ostream& stream) const {
  stream << "tg::nn::MultiMarginLoss(p=" << options.p() << ", margin=" << options.margin()
         << ", weight=" << options.weight()
         << ", reduction=" << enumtype::get_enum_name(options.reduction()) << ")";
}
Tensor MultiMarginLossImpl::forward(const Tensor& input, const Tensor& target) {
  auto with_weight = [&] { return MultiMarginLossOptions(options).weight(weight); };
  return functional::multi_margin_loss(input, target, with_weight());
}

void MultiLabelMarginLossImpl::pretty_print(std::ostream& stream) const {
  stream << "tg::nn::MultiLabelMarginLoss()";
}
Tensor MultiLabelMarginLossImpl::forward(const Tensor& input, const Tensor& target) {
  return functional::multilabel_margin_loss(input, target, options);
}

MultiLabelSoftMarginLossImpl::MultiLabelSoftMarginLossImpl(
    const MultiLabelSoftMarginLossOptions& options_)
    : options(options_) {
  reset();
}
void MultiLabelSoftMarginLossImpl::reset() { weight = register_buffer("weight", options.weight()); }
void MultiLabelSoftMarginLossImpl::pretty_print(std::ostream& stream) const {
  stream << "tg::nn::MultiLabelSoftMarginLoss()";
}
Tensor MultiLabelSoftMarginLossImpl::forward(const Tensor& input, const Tensor& target) {
  auto with_weight = [&] { return MultiLabelSoftMarginLossOptions(options).weight(weight); };
  return functional::multilabel_soft_margin_loss(input, target, with_weight());
}

void PoissonNLLLossImpl::pretty_print(std::ostream& stream) const {
  stream << "tg::nn::PoissonNLLLoss()";
}
Tensor PoissonNLLLossImpl::forward(const Tensor& log_input, const Tensor& target) {
  return functional::poisson_nll_loss(log_input, target, options);
}

} // namespace tg::nn
