#include "autograd/tensor/ivalue.h"

#include <unordered_map>

namespace tg {

// ---------------------------------------------------------------- GenericDict
struct GenericDict::Impl {
  std::vector<DictEntry> entries;
  // Keys by kind and value ("s:name", "i:3", "b:1"): Python's 1 and True are the same key, but a
  // state_dict never mixes them, and telling them apart keeps a round trip exact.
  std::unordered_map<std::string, size_t> index;
};

namespace {
std::string key_code(const IValue& key) {
  if (key.isString()) return "s:" + key.toStringRef();
  if (key.isInt()) return "i:" + std::to_string(key.toInt());
  if (key.isBool()) return key.toBool() ? "b:1" : "b:0";
  throw Error(str("GenericDict: a key must be a String, Int or Bool, not ", key.tagKind()));
}
std::string key_text(const IValue& key) {
  if (key.isString()) return "'" + key.toStringRef() + "'";
  if (key.isInt()) return std::to_string(key.toInt());
  if (key.isBool()) return key.toBool() ? "True" : "False";
  return key.tagKind();
}
} // namespace

GenericDict::GenericDict() : impl_(std::make_shared<Impl>()) {}
size_t GenericDict::size() const noexcept { return impl_->entries.size(); }
bool GenericDict::contains(const IValue& key) const { return find(key) != nullptr; }
const IValue* GenericDict::find(const IValue& key) const {
  if (!key.isString() && !key.isInt() && !key.isBool()) return nullptr;
  auto it = impl_->index.find(key_code(key));
  return it == impl_->index.end() ? nullptr : &impl_->entries[it->second].value_;
}
const IValue& GenericDict::at(const IValue& key) const {
  const IValue* v = find(key);
  TG_CHECK(v != nullptr, "GenericDict::at: no key ", key_text(key));
  return *v;
}
void GenericDict::insert_or_assign(IValue key, IValue value) {
  auto [it, inserted] = impl_->index.emplace(key_code(key), impl_->entries.size());
  if (inserted)
    impl_->entries.emplace_back(std::move(key), std::move(value));
  else
    impl_->entries[it->second].value_ = std::move(value);
}
void GenericDict::clear() {
  // Moved out first: destroying a value can reach this dict again through a shared reference.
  std::vector<DictEntry> old = std::move(impl_->entries);
  impl_->entries.clear();
  impl_->index.clear();
}
const DictEntry* GenericDict::begin() const { return impl_->entries.data(); }
const DictEntry* GenericDict::end() const { return impl_->entries.data() + impl_->entries.size(); }

// ---------------------------------------------------------------- IValue
IValue IValue::list(std::vector<IValue> elements) {
  return IValue(std::make_shared<std::vector<IValue>>(std::move(elements)));
}
IValue IValue::tuple(std::vector<IValue> elements) {
  return IValue(TuplePtr(std::make_shared<std::vector<IValue>>(std::move(elements))));
}

const char* IValue::type_name() const {
  static constexpr const char* names[] = {"None",   "float", "int",  "bool",  "str",
                                          "Tensor", "list",  "list", "tuple", "dict"};
  return names[v_.index()];
}

const void* IValue::object_address() const noexcept {
  if (const auto* l = std::get_if<ListPtr>(&v_)) return l->get();
  if (const auto* t = std::get_if<TuplePtr>(&v_)) return t->get();
  if (const auto* d = std::get_if<GenericDict>(&v_)) return d->address();
  return nullptr;
}

} // namespace tg
