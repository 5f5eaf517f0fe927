// The nn containers' APIs as LibTorch spells them: ModuleList (push_back, extend, insert,
// indexing, iteration, parameter names) and ModuleDict (keys in insertion order, update, pop,
// errors naming the missing key).
#include <boost/test/unit_test.hpp>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <tapegrad/tapegrad.h>

#include "libtorch_reference.h"

namespace nn_containers_test {

namespace T = tg;
namespace NN = tg::nn;
using tg::Tensor;

using tg_test::contains;
using tg_test::error_of;

BOOST_AUTO_TEST_SUITE(nn_containers)

BOOST_AUTO_TEST_CASE(module_list_api) {
  NN::ModuleList list{NN::Linear(2, 3), NN::ReLU()};
  BOOST_TEST(list->size() == 2u);
  list->push_back(NN::Linear(3, 1));
  list->push_back(std::make_shared<NN::TanhImpl>());
  list->push_back(NN::SiLUImpl());
  BOOST_TEST(list->size() == 5u);
  BOOST_TEST(list[0]->as<NN::Linear>() != nullptr);
  BOOST_TEST(list->ptr<NN::LinearImpl>(2)->options.in_features() == 3);
  BOOST_TEST(list->at<NN::LinearImpl>(0).options.out_features() == 3);
  BOOST_CHECK_THROW(list->ptr<NN::LinearImpl>(1), tg::Error);
  BOOST_CHECK_THROW(list->ptr(5), tg::Error);
  BOOST_TEST(list->named_parameters().keys() ==
                 std::vector<std::string>({"0.weight", "0.bias", "2.weight", "2.bias"}),
             boost::test_tools::per_element());
  // iteration, and forward through the list as an owner would write it
  Tensor x = tg::ones({4, 2});
  size_t count = 0;
  for (const auto& module : *list) {
    ++count;
    if (auto* lin = module->as<NN::Linear>())
      x = lin->forward(x);
    else if (auto* relu = module->as<NN::ReLU>())
      x = relu->forward(x);
  }
  BOOST_TEST(count == 5u);
  BOOST_TEST(x.sizes() == T::IntArrayRef({4, 1}));
  // extend with another list's modules; insert renames the later ones
  NN::ModuleList more{NN::Identity(), NN::GELU()};
  list->extend(*more);
  BOOST_TEST(list->size() == 7u);
  list->insert(1, NN::ELU());
  BOOST_TEST(list->size() == 8u);
  BOOST_TEST(list[1]->as<NN::ELU>() != nullptr);
  BOOST_TEST(list->named_children().keys() ==
                 std::vector<std::string>({"0", "1", "2", "3", "4", "5", "6", "7"}),
             boost::test_tools::per_element());
  BOOST_TEST(list->named_children()["3"]->as<NN::Linear>() != nullptr);
  BOOST_TEST(list->named_parameters().keys() ==
                 std::vector<std::string>({"0.weight", "0.bias", "3.weight", "3.bias"}),
             boost::test_tools::per_element());
  // a deep copy
  auto copy = std::dynamic_pointer_cast<NN::ModuleListImpl>(list->clone());
  BOOST_TEST(copy->size() == 8u);
  BOOST_TEST(copy->ptr<NN::LinearImpl>(0)->weight.data_ptr() !=
             list->ptr<NN::LinearImpl>(0)->weight.data_ptr());
  BOOST_TEST(tg::equal(copy->ptr<NN::LinearImpl>(0)->weight, list->ptr<NN::LinearImpl>(0)->weight));
  // as a member of a model
  struct Model : NN::Module {
    Model() {
      layers = register_module("layers", NN::ModuleList(NN::Linear(2, 2), NN::Linear(2, 2)));
    }
    NN::ModuleList layers{nullptr};
  };
  Model m;
  BOOST_TEST(m.parameters().size() == 4u);
  BOOST_TEST(m.named_parameters().keys()[2] == "layers.1.weight");
}

BOOST_AUTO_TEST_CASE(module_dict_api) {
  std::vector<std::pair<std::string, std::shared_ptr<NN::Module>>> items{
      {"b", NN::Tanh().ptr()}, {"a", NN::Linear(2, 3).ptr()}};
  NN::ModuleDict dict(items);
  BOOST_TEST(dict->keys() == std::vector<std::string>({"b", "a"}),
             boost::test_tools::per_element());
  BOOST_TEST(dict->size() == 2u);
  BOOST_TEST(dict->contains("a"));
  BOOST_TEST(!dict->contains("c"));
  BOOST_TEST(!dict->empty());
  BOOST_TEST(dict["a"]->as<NN::Linear>() != nullptr);
  BOOST_TEST(dict->at<NN::LinearImpl>("a").options.out_features() == 3);
  const std::string missing = error_of([&] { dict["nope"]; });
  BOOST_TEST(contains(missing, "'nope'"));
  BOOST_TEST(contains(missing, "'b', 'a'"));
  BOOST_CHECK_THROW(dict->at<NN::LinearImpl>("b"), tg::Error);
  BOOST_TEST(dict->named_parameters().keys() == std::vector<std::string>({"a.weight", "a.bias"}),
             boost::test_tools::per_element());
  // update: new keys appended, existing ones replaced (also as children)
  tg::OrderedDict<std::string, std::shared_ptr<NN::Module>> od;
  od.insert("a", NN::Linear(2, 5).ptr());
  od.insert("c", NN::SiLU().ptr());
  dict->update(od);
  BOOST_TEST(dict->keys() == std::vector<std::string>({"b", "a", "c"}),
             boost::test_tools::per_element());
  BOOST_TEST(dict->at<NN::LinearImpl>("a").options.out_features() == 5);
  BOOST_TEST(dict->named_parameters()["a.weight"].size(0) == 5);
  NN::ModuleDict other(std::vector<std::pair<std::string, std::shared_ptr<NN::Module>>>{
      {"d", NN::Identity().ptr()}});
  dict->update(*other);
  BOOST_TEST(dict->size() == 4u);
  size_t count = 0;
  for (const auto& item : *dict) count += item.value() != nullptr;
  BOOST_TEST(count == 4u);
  BOOST_TEST(dict->items().size() == 4u);
  BOOST_TEST(dict->values().size() == 4u);
  auto popped = dict->pop("b");
  BOOST_TEST(popped->as<NN::Tanh>() != nullptr);
  BOOST_TEST(!dict->contains("b"));
  auto copy = std::dynamic_pointer_cast<NN::ModuleDictImpl>(dict->clone());
  BOOST_TEST(copy->keys() == dict->keys(), boost::test_tools::per_element());
  dict->clear();
  BOOST_TEST(dict->empty());
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace nn_containers_test
