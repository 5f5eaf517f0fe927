#include "nn/serialize/pickle.h"

#include <bit>
#include <cstring>
#include <limits>
#include <unordered_map>

#include "autograd/ops/functions.h"
#include "nn/serialize/half.h"

namespace tg::serialize {

static_assert(std::endian::native == std::endian::little,
              "storages are read as little-endian raw bytes");

namespace {

constexpr size_t kMaxDepth = 1000; // containers inside containers (Python's recursion limit)
constexpr size_t kMaxDims = 64;
constexpr uint8_t kMaxRawDepth = 8; // tuples holding classes or functions (rebuild arguments)
// A view may have more elements than its storage (stride 0, as after expand()); copying it apart
// costs memory the file does not: at most this many bytes per file.
constexpr int64_t kExpansionBudget = int64_t(256) << 20;

// ---------------------------------------------------------------- storage classes
struct StorageClass {
  const char* name;    // torch.<name>
  size_t element_size; // bytes per element in the file
  ScalarType dtype;    // what tapegrad makes of it
};
constexpr StorageClass kStorageClasses[] = {
    {"FloatStorage", 4, ScalarType::Float}, {"DoubleStorage", 8, ScalarType::Double},
    {"HalfStorage", 2, ScalarType::Float},  {"BFloat16Storage", 2, ScalarType::Float},
    {"LongStorage", 8, ScalarType::Long},   {"IntStorage", 4, ScalarType::Int},
    {"ShortStorage", 2, ScalarType::Int},   {"CharStorage", 1, ScalarType::Int},
    {"ByteStorage", 1, ScalarType::Byte},   {"BoolStorage", 1, ScalarType::Bool},
};
enum StorageIndex {
  kFloatS,
  kDoubleS,
  kHalfS,
  kBFloat16S,
  kLongS,
  kIntS,
  kShortS,
  kCharS,
  kByteS,
  kBoolS
};
// Storage classes PyTorch has and tapegrad cannot hold: named in the error.
constexpr const char* kRefusedStorages[] = {
    "ComplexFloatStorage", "ComplexDoubleStorage", "ComplexHalfStorage", "QInt8Storage",
    "QUInt8Storage",       "QInt32Storage",        "QUInt4x2Storage",    "QUInt2x4Storage",
    "UntypedStorage",      "TypedStorage"};

// ---------------------------------------------------------------- the unpickler's stack items
enum class Global : uint8_t {
  OrderedDict,
  Size,
  TensorType,
  Parameter,
  RebuildTensor,
  RebuildTensorV2,
  RebuildParameter,
  RebuildParameterWithState,
  RebuildFromTypeV2,
  Storage
};

struct StorageRef {
  int cls;                // index into kStorageClasses
  std::string_view bytes; // numel * element_size bytes
  int64_t numel;
};

/// What the pickle machine's stack holds: a value, or one of the things only rebuild calls may
/// consume (a class or function, a storage, a tuple holding either).
struct Item {
  enum Kind : uint8_t { Value, GlobalRef, Storage, RawTuple } kind = Value;
  IValue value;
  Global global = Global::OrderedDict;
  int storage_class = 0;
  std::shared_ptr<const StorageRef> storage;
  std::shared_ptr<std::vector<Item>> tuple;
  uint8_t raw_depth = 0;
};

class Unpickler {
public:
  Unpickler(std::string_view data, const StorageLoader& loader, const std::string& source)
      : data_(data), loader_(loader), source_(source) {}

  IValue run() {
    try {
      IValue result = parse();
      check_tree(result);
      // Whatever was built but not returned (memo leftovers) is cleared: it may hold cycles.
      teardown(&visited_);
      return result;
    } catch (...) {
      teardown(nullptr);
      throw;
    }
  }

private:
  template <typename... Args> [[noreturn]] void fail(const Args&... what) const {
    throw Error(str("tg::load: '", source_, "': data.pkl, opcode at byte ", op_at_, ": ", what...));
  }

  // ------------------------------------------------------------ reading bytes
  const char* take(size_t n) {
    if (data_.size() - pos_ < n) fail("the pickle ends in the middle of an opcode (truncated)");
    const char* p = data_.data() + pos_;
    pos_ += n;
    return p;
  }
  uint8_t u8() { return uint8_t(*take(1)); }
  uint16_t u16() {
    const char* p = take(2);
    return uint16_t(uint8_t(p[0]) | uint8_t(p[1]) << 8);
  }
  uint32_t u32() {
    const char* p = take(4);
    uint32_t v;
    std::memcpy(&v, p, 4);
    return v;
  }
  std::string line() {
    const size_t end = data_.find('\n', pos_);
    if (end == std::string_view::npos) fail("GLOBAL without a newline (truncated)");
    std::string s(data_.substr(pos_, end - pos_));
    pos_ = end + 1;
    return s;
  }

  // ------------------------------------------------------------ the stack
  size_t floor() const { return marks_.empty() ? 0 : marks_.back(); }
  Item pop(const char* op) {
    if (stack_.size() <= floor()) fail(op, " on an empty stack");
    Item it = std::move(stack_.back());
    stack_.pop_back();
    return it;
  }
  Item& top(const char* op) {
    if (stack_.size() <= floor()) fail(op, " on an empty stack");
    return stack_.back();
  }
  std::vector<Item> pop_mark(const char* op) {
    if (marks_.empty()) fail(op, " without a MARK");
    std::vector<Item> items(std::make_move_iterator(stack_.begin() + ptrdiff_t(marks_.back())),
                            std::make_move_iterator(stack_.end()));
    stack_.resize(marks_.back());
    marks_.pop_back();
    return items;
  }
  void push(IValue v) {
    Item it;
    it.value = std::move(v);
    stack_.push_back(std::move(it));
  }
  const char* describe(const Item& it) const {
    switch (it.kind) {
    case Item::GlobalRef:
      return "a class or function";
    case Item::Storage:
      return "a storage";
    case Item::RawTuple:
      return "a tuple holding a class, function or storage";
    default:
      return it.value.type_name();
    }
  }
  IValue& value(Item& it, const char* where) {
    if (it.kind != Item::Value) fail(describe(it), " cannot be ", where);
    return it.value;
  }

  // ------------------------------------------------------------ containers (tracked for teardown)
  IValue new_list() {
    auto l = std::make_shared<std::vector<IValue>>();
    lists_.push_back(l);
    return IValue(l);
  }
  IValue new_dict() {
    GenericDict d;
    dicts_.push_back(d);
    return IValue(d);
  }
  Item make_tuple(std::vector<Item> items) {
    Item out;
    bool raw = false;
    uint8_t depth = 0;
    for (const Item& it : items) {
      if (it.kind != Item::Value) raw = true;
      if (it.kind == Item::RawTuple) depth = std::max<uint8_t>(depth, it.raw_depth);
    }
    if (raw) {
      if (depth >= kMaxRawDepth) fail("tuples of rebuild arguments nested too deeply");
      out.kind = Item::RawTuple;
      out.raw_depth = uint8_t(depth + 1);
      out.tuple = std::make_shared<std::vector<Item>>(std::move(items));
      return out;
    }
    auto t = std::make_shared<std::vector<IValue>>();
    t->reserve(items.size());
    for (Item& it : items) t->push_back(std::move(it.value));
    tuples_.push_back(t);
    out.value = IValue(IValue::TuplePtr(t));
    return out;
  }
  void set_item(Item& target, Item key, Item val) {
    IValue& d = value(target, "the target of SETITEM(S)");
    if (!d.isGenericDict()) fail("SETITEM(S) on a ", d.type_name(), ", not a dict");
    IValue& k = value(key, "a dict key");
    if (!k.isString() && !k.isInt() && !k.isBool())
      fail("a dict key of type ", k.type_name(), " (only str, int and bool keys are supported)");
    GenericDict dict = d.toGenericDict();
    dict.insert_or_assign(std::move(k), std::move(value(val, "a dict value")));
  }

  // Clears every container built (except, on success, those reachable from the result): contents
  // are moved out before they die, so no destructor recurses deeply and no cycle leaks.
  void teardown(const std::unordered_map<const void*, size_t>* keep) {
    auto kept = [&](const void* p) { return keep && keep->count(p); };
    for (auto& l : lists_)
      if (!kept(l.get())) std::vector<IValue>().swap(*l);
    for (auto& t : tuples_)
      if (!kept(t.get())) std::vector<IValue>().swap(*t);
    for (auto& d : dicts_)
      if (!kept(d.address())) d.clear();
    stack_.clear();
    memo_.clear();
  }

  // Walks the result without recursion: refuses cycles and nesting deeper than kMaxDepth.
  void check_tree(const IValue& root) {
    auto child = [](const IValue& v, size_t i) -> const IValue* {
      if (v.isList()) return i < v.toListRef().size() ? &v.toListRef()[i] : nullptr;
      if (v.isTuple()) return i < v.toTupleRef().size() ? &v.toTupleRef()[i] : nullptr;
      const GenericDict& d = v.toGenericDict();
      return i < d.size() ? &(d.begin() + i)->value() : nullptr;
    };
    struct Frame {
      const IValue* v;
      size_t next;
      size_t height;
    };
    if (!root.object_address()) return;
    std::vector<Frame> frames{{&root, 0, 1}};
    visited_[root.object_address()] = 0; // 0: on the current path
    while (!frames.empty()) {
      Frame& f = frames.back();
      if (const IValue* c = child(*f.v, f.next++)) {
        const void* a = c->object_address();
        if (!a) continue;
        auto it = visited_.find(a);
        if (it == visited_.end()) {
          if (frames.size() >= kMaxDepth) fail("containers nested more than ", kMaxDepth, " deep");
          visited_[a] = 0;
          frames.push_back({c, 0, 1});
        } else if (it->second == 0) {
          fail("a container that contains itself (a reference cycle)");
        } else {
          f.height = std::max(f.height, it->second + 1);
        }
        continue;
      }
      const size_t h = f.height;
      visited_[f.v->object_address()] = h;
      frames.pop_back();
      if (h > kMaxDepth) fail("containers nested more than ", kMaxDepth, " deep");
      if (!frames.empty()) frames.back().height = std::max(frames.back().height, h + 1);
    }
  }

  // ------------------------------------------------------------ globals and calls
  Item global(const std::string& module, const std::string& name) {
    Item it;
    it.kind = Item::GlobalRef;
    const std::string full = module + "." + name;
    if (full == "collections.OrderedDict")
      it.global = Global::OrderedDict;
    else if (full == "torch.Size")
      it.global = Global::Size;
    else if (full == "torch.Tensor")
      it.global = Global::TensorType;
    else if (full == "torch.nn.parameter.Parameter")
      it.global = Global::Parameter;
    else if (full == "torch._utils._rebuild_tensor")
      it.global = Global::RebuildTensor;
    else if (full == "torch._utils._rebuild_tensor_v2")
      it.global = Global::RebuildTensorV2;
    else if (full == "torch._utils._rebuild_parameter")
      it.global = Global::RebuildParameter;
    else if (full == "torch._utils._rebuild_parameter_with_state")
      it.global = Global::RebuildParameterWithState;
    else if (full == "torch._tensor._rebuild_from_type_v2")
      it.global = Global::RebuildFromTypeV2;
    else if (module == "torch") {
      for (int k = 0; k < int(std::size(kStorageClasses)); ++k)
        if (name == kStorageClasses[k].name) {
          it.global = Global::Storage;
          it.storage_class = k;
          return it;
        }
      for (const char* refused : kRefusedStorages)
        if (name == refused) fail("tensors of torch.", name, " are not supported by tapegrad");
      fail("global '", full, "' is not allowed (weights-only loading)");
    } else {
      fail("global '", full, "' is not allowed (weights-only loading)");
    }
    return it;
  }

  static const char* global_name(Global g) {
    switch (g) {
    case Global::OrderedDict:
      return "collections.OrderedDict";
    case Global::Size:
      return "torch.Size";
    case Global::TensorType:
      return "torch.Tensor";
    case Global::Parameter:
      return "torch.nn.parameter.Parameter";
    case Global::RebuildTensor:
      return "torch._utils._rebuild_tensor";
    case Global::RebuildTensorV2:
      return "torch._utils._rebuild_tensor_v2";
    case Global::RebuildParameter:
      return "torch._utils._rebuild_parameter";
    case Global::RebuildParameterWithState:
      return "torch._utils._rebuild_parameter_with_state";
    case Global::RebuildFromTypeV2:
      return "torch._tensor._rebuild_from_type_v2";
    case Global::Storage:
      return "a storage class";
    }
    return "?";
  }

  std::vector<Item>& args_of(Item& args, const char* callee, size_t min, size_t max) {
    if (args.kind == Item::Value && args.value.isTuple()) {
      // A tuple of plain values: wrap it as items (the callee may want them as values).
      auto items = std::make_shared<std::vector<Item>>();
      for (const IValue& v : args.value.toTupleRef()) {
        Item it;
        it.value = v;
        items->push_back(std::move(it));
      }
      args.tuple = std::move(items);
    } else if (args.kind != Item::RawTuple) {
      fail("the arguments of ", callee, " are ", describe(args), ", not a tuple");
    }
    if (args.tuple->size() < min || args.tuple->size() > max)
      fail(callee, " called with ", args.tuple->size(), " arguments");
    return *args.tuple;
  }

  std::vector<int64_t> int_tuple(Item& it, const char* what) {
    IValue& v = value(it, what);
    if (!v.isTuple()) fail(what, " is a ", v.type_name(), ", not a tuple");
    if (v.toTupleRef().size() > kMaxDims) fail(what, " has more than ", kMaxDims, " dimensions");
    std::vector<int64_t> out;
    for (const IValue& e : v.toTupleRef()) {
      if (!e.isInt() || e.toInt() < 0) fail(what, " must hold non-negative ints");
      out.push_back(e.toInt());
    }
    return out;
  }
  bool flag(Item& it, const char* what) {
    IValue& v = value(it, what);
    if (!v.isBool()) fail(what, " is a ", v.type_name(), ", not a bool");
    return v.toBool();
  }
  void expect_empty_state(Item& it, const char* what) {
    if (it.kind != Item::Value) fail(what, " is ", describe(it));
    const IValue& v = it.value;
    const bool empty = v.isNone() || (v.isGenericDict() && v.toGenericDict().empty()) ||
                       (v.isTuple() && v.toTupleRef().empty());
    if (!empty) fail(what, " holds Python attributes; tapegrad cannot restore them");
  }
  Tensor tensor_arg(Item& it, const char* what) {
    IValue& v = value(it, what);
    if (!v.isTensor()) fail(what, " is a ", v.type_name(), ", not a tensor");
    return v.toTensor();
  }
  static Tensor with_requires_grad(Tensor t, bool requires_grad) {
    if (requires_grad && isFloatingType(t.scalar_type())) t.set_requires_grad(true);
    return t;
  }

  // _rebuild_tensor(_v2)(storage, storage_offset, size, stride, ...): the view, copied apart.
  Tensor rebuild_tensor(std::vector<Item>& a) {
    if (a[0].kind != Item::Storage)
      fail("a tensor's first argument is ", describe(a[0]), ", not a storage");
    const StorageRef& s = *a[0].storage;
    const StorageClass& cls = kStorageClasses[s.cls];
    IValue& off = value(a[1], "a storage offset");
    if (!off.isInt() || off.toInt() < 0) fail("a storage offset must be a non-negative int");
    const int64_t offset = off.toInt();
    const std::vector<int64_t> sizes = int_tuple(a[2], "a tensor's size");
    const std::vector<int64_t> strides = int_tuple(a[3], "a tensor's stride");
    if (sizes.size() != strides.size())
      fail("a tensor has ", sizes.size(), " sizes but ", strides.size(), " strides");
    constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
    int64_t numel = 1, last = offset;
    for (size_t d = 0; d < sizes.size(); ++d) {
      if (sizes[d] != 0 && numel > kMax / sizes[d]) fail("a tensor of too many elements");
      numel *= sizes[d];
    }
    if (numel > 0) {
      for (size_t d = 0; d < sizes.size(); ++d) {
        if (strides[d] != 0 && sizes[d] - 1 > (kMax - last) / strides[d])
          fail("a tensor's strides overflow");
        last += (sizes[d] - 1) * strides[d];
      }
      if (last >= s.numel)
        fail("a tensor of size ", IntArrayRef(sizes), ", stride ", IntArrayRef(strides),
             " at offset ", offset, " reaches element ", last, " of a storage of ", s.numel);
    } else if (offset > s.numel) {
      fail("storage offset ", offset, " is past the end of a storage of ", s.numel);
    }
    if (numel > s.numel) {
      if (numel - s.numel > kExpansionBudget / int64_t(cls.element_size) ||
          (expansion_ += (numel - s.numel) * int64_t(cls.element_size)) > kExpansionBudget)
        fail("tensors expanded from small storages (stride 0) would need over ",
             kExpansionBudget >> 20, " MiB");
    }
    // Gather the view's elements in row-major order, then convert them. A contiguous view (the
    // usual case: a state_dict's tensors) is one block of the storage.
    const size_t es = cls.element_size;
    bool contiguous = true;
    for (int64_t d = int64_t(sizes.size()) - 1, expected = 1; d >= 0; --d) {
      if (sizes[size_t(d)] != 1 && strides[size_t(d)] != expected) contiguous = false;
      expected *= sizes[size_t(d)];
    }
    const bool same_layout = cls.element_size == elementSize(cls.dtype) && s.cls != kBoolS;
    if (contiguous && same_layout) {
      Tensor t = empty(sizes, cls.dtype);
      if (numel > 0)
        std::memcpy(t.data_ptr(), s.bytes.data() + size_t(offset) * es, size_t(numel) * es);
      return t;
    }
    std::string raw(size_t(numel) * es, '\0');
    if (contiguous) {
      if (numel > 0) std::memcpy(raw.data(), s.bytes.data() + size_t(offset) * es, raw.size());
    } else if (numel > 0) {
      std::vector<int64_t> index(sizes.size(), 0);
      int64_t src = offset;
      for (int64_t i = 0; i < numel; ++i) {
        std::memcpy(raw.data() + size_t(i) * es, s.bytes.data() + size_t(src) * es, es);
        for (size_t d = sizes.size(); d-- > 0;) {
          if (++index[d] < sizes[d]) {
            src += strides[d];
            break;
          }
          src -= (sizes[d] - 1) * strides[d];
          index[d] = 0;
        }
      }
    }
    Tensor t = empty(sizes, cls.dtype);
    const size_t n = size_t(numel);
    switch (s.cls) {
    case kHalfS: {
      float* out = t.data_ptr<float>();
      for (size_t i = 0; i < n; ++i) {
        uint16_t h;
        std::memcpy(&h, raw.data() + 2 * i, 2);
        out[i] = detail::half_to_float(h);
      }
      break;
    }
    case kBFloat16S: {
      float* out = t.data_ptr<float>();
      for (size_t i = 0; i < n; ++i) {
        uint16_t h;
        std::memcpy(&h, raw.data() + 2 * i, 2);
        out[i] = detail::bfloat16_to_float(h);
      }
      break;
    }
    case kShortS: {
      int32_t* out = t.data_ptr<int32_t>();
      for (size_t i = 0; i < n; ++i) {
        int16_t v;
        std::memcpy(&v, raw.data() + 2 * i, 2);
        out[i] = v;
      }
      break;
    }
    case kCharS: {
      int32_t* out = t.data_ptr<int32_t>();
      for (size_t i = 0; i < n; ++i) out[i] = int8_t(raw[i]);
      break;
    }
    case kBoolS: {
      bool* out = t.data_ptr<bool>();
      for (size_t i = 0; i < n; ++i) out[i] = raw[i] != 0;
      break;
    }
    default:
      if (n > 0) std::memcpy(t.data_ptr(), raw.data(), raw.size());
    }
    return t;
  }

  Item call(Item& func, Item& args) {
    if (func.kind != Item::GlobalRef)
      fail("REDUCE calls ", describe(func), ", not an allowed function");
    const char* name = global_name(func.global);
    Item out;
    switch (func.global) {
    case Global::OrderedDict:
      args_of(args, name, 0, 0);
      out.value = new_dict();
      return out;
    case Global::Size: {
      auto& a = args_of(args, name, 1, 1);
      int_tuple(a[0], "torch.Size's argument");
      out.value = a[0].value;
      return out;
    }
    case Global::RebuildTensor: {
      auto& a = args_of(args, name, 4, 4);
      out.value = rebuild_tensor(a);
      return out;
    }
    case Global::RebuildTensorV2: {
      auto& a = args_of(args, name, 6,
                        7); // (storage, offset, size, stride, requires_grad, hooks[, metadata])
      const bool rg = flag(a[4], "requires_grad");
      if (a[5].kind != Item::Value || !a[5].value.isGenericDict())
        fail("backward hooks of a tensor must be a dict");
      if (a.size() == 7) expect_empty_state(a[6], "tensor metadata");
      out.value = with_requires_grad(rebuild_tensor(a), rg);
      return out;
    }
    case Global::RebuildParameter:
    case Global::RebuildParameterWithState: {
      const bool with_state = func.global == Global::RebuildParameterWithState;
      auto& a = args_of(args, name, with_state ? 4 : 3, with_state ? 4 : 3);
      Tensor data = tensor_arg(a[0], "a parameter's data");
      const bool rg = flag(a[1], "a parameter's requires_grad");
      if (with_state) expect_empty_state(a[3], "a parameter's state");
      out.value = with_requires_grad(data.detach(), rg);
      return out;
    }
    case Global::RebuildFromTypeV2: {
      auto& a = args_of(args, name, 4, 4); // (func, new_type, args, state)
      if (a[0].kind != Item::GlobalRef ||
          (a[0].global != Global::RebuildTensorV2 && a[0].global != Global::RebuildTensor))
        fail(name, " may only rebuild tensors");
      if (a[1].kind != Item::GlobalRef ||
          (a[1].global != Global::TensorType && a[1].global != Global::Parameter))
        fail(name, " may only make torch.Tensor or Parameter");
      expect_empty_state(a[3], "a tensor's Python state");
      return call(a[0], a[2]);
    }
    default:
      fail("calling ", name, " is not allowed");
    }
  }

  Item persistent_load(Item pid) {
    if (pid.kind != Item::RawTuple || pid.tuple->size() != 5)
      fail("a persistent id must be ('storage', class, key, location, numel)");
    auto& a = *pid.tuple;
    if (a[0].kind != Item::Value || !a[0].value.isString() || a[0].value.toStringRef() != "storage")
      fail("only persistent ids of storages are allowed");
    if (a[1].kind != Item::GlobalRef || a[1].global != Global::Storage)
      fail("a storage's class is ", describe(a[1]));
    IValue& key = value(a[2], "a storage key");
    if (!key.isString()) fail("a storage key must be a str");
    if (!value(a[3], "a storage location").isString()) fail("a storage location must be a str");
    IValue& numel = value(a[4], "a storage size");
    if (!numel.isInt() || numel.toInt() < 0) fail("a storage size must be a non-negative int");
    const int cls = a[1].storage_class;
    Item out;
    out.kind = Item::Storage;
    auto found = storages_.find(key.toStringRef());
    if (found != storages_.end()) {
      if (found->second->cls != cls || found->second->numel != numel.toInt())
        fail("storage '", key.toStringRef(), "' is used as two different types or sizes");
      out.storage = found->second;
      return out;
    }
    const size_t es = kStorageClasses[cls].element_size;
    const uint64_t expected = uint64_t(numel.toInt()) > std::numeric_limits<uint64_t>::max() / es
                                  ? std::numeric_limits<uint64_t>::max()
                                  : uint64_t(numel.toInt()) * es;
    const std::string_view bytes = loader_(key.toStringRef(), expected);
    if (uint64_t(numel.toInt()) > bytes.size() / es || bytes.size() != size_t(numel.toInt()) * es)
      fail("storage '", key.toStringRef(), "' holds ", bytes.size(), " bytes, not ", numel.toInt(),
           " elements of torch.", kStorageClasses[cls].name);
    auto ref = std::make_shared<StorageRef>(StorageRef{cls, bytes, numel.toInt()});
    storages_.emplace(key.toStringRef(), ref);
    out.storage = std::move(ref);
    return out;
  }

  // ------------------------------------------------------------ the machine
  IValue parse() {
    while (true) {
      op_at_ = pos_;
      const uint8_t op = u8();
      switch (op) {
      case 0x80: { // PROTO
        const uint8_t v = u8();
        if (v < 2 || v > 5) fail("pickle protocol ", int(v), " (2 to 5 are read)");
        break;
      }
      case '.': { // STOP
        Item result = pop("STOP");
        return value(result, "the pickle's result");
      }
      case '(':
        marks_.push_back(stack_.size());
        break;
      case 'N':
        push(IValue());
        break;
      case 0x88:
        push(IValue(true));
        break;
      case 0x89:
        push(IValue(false));
        break;
      case 'J':
        push(IValue(int64_t(int32_t(u32()))));
        break;
      case 'K':
        push(IValue(int64_t(u8())));
        break;
      case 'M':
        push(IValue(int64_t(u16())));
        break;
      case 0x8a: { // LONG1: little-endian two's complement
        const uint8_t n = u8();
        if (n > 8) fail("an int of ", int(n), " bytes (at most 64 bits are supported)");
        const char* p = take(n);
        uint64_t v = 0;
        for (int i = n - 1; i >= 0; --i) v = v << 8 | uint8_t(p[i]);
        if (n > 0 && n < 8 && (uint8_t(p[n - 1]) & 0x80)) v |= ~uint64_t(0) << (8 * n);
        push(IValue(int64_t(v)));
        break;
      }
      case 'G': { // BINFLOAT: big-endian double
        const char* p = take(8);
        uint64_t bits = 0;
        for (int i = 0; i < 8; ++i) bits = bits << 8 | uint8_t(p[i]);
        push(IValue(std::bit_cast<double>(bits)));
        break;
      }
      case 'X': { // BINUNICODE
        const uint32_t n = u32();
        push(IValue(std::string(take(n), n)));
        break;
      }
      case 'U': { // SHORT_BINSTRING
        const uint8_t n = u8();
        push(IValue(std::string(take(n), n)));
        break;
      }
      case ')':
        stack_.push_back(make_tuple({}));
        break;
      case 't':
        stack_.push_back(make_tuple(pop_mark("TUPLE")));
        break;
      case 0x85:
      case 0x86:
      case 0x87: {
        const size_t n = size_t(op - 0x84);
        if (stack_.size() < floor() + n) fail("TUPLE", n, " needs ", n, " items on the stack");
        std::vector<Item> items(std::make_move_iterator(stack_.end() - ptrdiff_t(n)),
                                std::make_move_iterator(stack_.end()));
        stack_.resize(stack_.size() - n);
        stack_.push_back(make_tuple(std::move(items)));
        break;
      }
      case ']':
        push(new_list());
        break;
      case 'a': { // APPEND
        Item item = pop("APPEND");
        IValue& list = value(top("APPEND"), "the target of APPEND");
        if (!list.isList()) fail("APPEND to a ", list.type_name(), ", not a list");
        list.list_append(std::move(value(item, "a list element")));
        break;
      }
      case 'e': { // APPENDS
        std::vector<Item> items = pop_mark("APPENDS");
        IValue& list = value(top("APPENDS"), "the target of APPENDS");
        if (!list.isList()) fail("APPENDS to a ", list.type_name(), ", not a list");
        for (Item& it : items) list.list_append(std::move(value(it, "a list element")));
        break;
      }
      case '}':
        push(new_dict());
        break;
      case 's': { // SETITEM
        Item val = pop("SETITEM");
        Item key = pop("SETITEM");
        set_item(top("SETITEM"), std::move(key), std::move(val));
        break;
      }
      case 'u': { // SETITEMS
        std::vector<Item> items = pop_mark("SETITEMS");
        if (items.size() % 2) fail("SETITEMS with an odd number of items");
        Item& target = top("SETITEMS");
        for (size_t i = 0; i < items.size(); i += 2)
          set_item(target, std::move(items[i]), std::move(items[i + 1]));
        break;
      }
      case 'q':
      case 'r': { // BINPUT, LONG_BINPUT
        const uint32_t index = op == 'q' ? u8() : u32();
        memo_[index] = top("BINPUT");
        break;
      }
      case 'h':
      case 'j': { // BINGET, LONG_BINGET
        const uint32_t index = op == 'h' ? u8() : u32();
        auto it = memo_.find(index);
        if (it == memo_.end()) fail("BINGET of memo entry ", index, ", which was never stored");
        stack_.push_back(it->second);
        break;
      }
      case 'c': { // GLOBAL
        const std::string module = line();
        const std::string name = line();
        stack_.push_back(global(module, name));
        break;
      }
      case 'R': { // REDUCE
        Item args = pop("REDUCE");
        Item func = pop("REDUCE");
        stack_.push_back(call(func, args));
        break;
      }
      case 0x81: { // NEWOBJ: only Parameter(data[, requires_grad])
        Item args = pop("NEWOBJ");
        Item cls = pop("NEWOBJ");
        if (cls.kind != Item::GlobalRef || cls.global != Global::Parameter)
          fail("NEWOBJ may only make a torch.nn.Parameter");
        auto& a = args_of(args, "Parameter", 1, 2);
        Tensor data = tensor_arg(a[0], "a parameter's data");
        const bool rg = a.size() == 2 ? flag(a[1], "a parameter's requires_grad") : true;
        push(with_requires_grad(data.detach(), rg));
        break;
      }
      case 'b': { // BUILD: only the attributes of an OrderedDict (a state_dict's _metadata)
        Item state = pop("BUILD");
        Item& inst = top("BUILD");
        IValue& target = value(inst, "the target of BUILD");
        if (target.isGenericDict()) {
          IValue& s = value(state, "a dict's attributes");
          if (!s.isGenericDict() && !s.isNone()) fail("BUILD of a dict with a ", s.type_name());
        } else if (target.isTensor()) {
          expect_empty_state(state, "a tensor's state");
        } else {
          fail("BUILD of a ", target.type_name(), " (only dicts and tensors)");
        }
        break;
      }
      case 'Q':
        stack_.push_back(persistent_load(pop("BINPERSID")));
        break;
      default:
        fail("unsupported pickle opcode 0x", "0123456789abcdef"[op >> 4],
             "0123456789abcdef"[op & 15], " (not in the weights-only subset)");
      }
    }
  }

  std::string_view data_;
  const StorageLoader& loader_;
  const std::string& source_;
  size_t pos_ = 0, op_at_ = 0;
  std::vector<Item> stack_;
  std::vector<size_t> marks_;
  std::unordered_map<uint32_t, Item> memo_;
  std::unordered_map<std::string, std::shared_ptr<const StorageRef>> storages_;
  std::vector<IValue::ListPtr> lists_;
  std::vector<std::shared_ptr<std::vector<IValue>>> tuples_;
  std::vector<GenericDict> dicts_;
  std::unordered_map<const void*, size_t> visited_;
  int64_t expansion_ = 0;
};

// ---------------------------------------------------------------- the pickler
class Pickler {
public:
  explicit Pickler(PickledStorages& storages) : storages_(storages) {}

  std::string run(const IValue& v) {
    out_ = "\x80\x02"; // PROTO 2, as torch.save
    value(v, 0);
    out_ += '.';
    return std::move(out_);
  }

private:
  void u32(uint32_t v) {
    char b[4];
    std::memcpy(b, &v, 4);
    out_.append(b, 4);
  }
  void global(const char* module, const char* name) {
    out_ += 'c';
    out_ += module;
    out_ += '\n';
    out_ += name;
    out_ += '\n';
  }
  void string(const std::string& s) {
    TG_CHECK(s.size() <= std::numeric_limits<uint32_t>::max(), "tg::save: a string over 4 GiB");
    out_ += 'X';
    u32(uint32_t(s.size()));
    out_ += s;
  }
  void integer(int64_t v) {
    if (v >= 0 && v < 256) {
      out_ += 'K';
      out_ += char(v);
    } else if (v >= 0 && v < 65536) {
      out_ += 'M';
      out_ += char(v & 0xff);
      out_ += char(v >> 8);
    } else if (v >= std::numeric_limits<int32_t>::min() &&
               v <= std::numeric_limits<int32_t>::max()) {
      out_ += 'J';
      u32(uint32_t(int32_t(v)));
    } else { // LONG1 with 8 bytes: always enough for an int64
      out_ += '\x8a';
      out_ += char(8);
      for (int i = 0; i < 8; ++i) out_ += char((uint64_t(v) >> (8 * i)) & 0xff);
    }
  }
  void int_tuple(IntArrayRef values) {
    out_ += '(';
    for (int64_t v : values) integer(v);
    out_ += 't';
  }
  static const char* storage_class(ScalarType t) {
    switch (t) {
    case ScalarType::Float:
      return "FloatStorage";
    case ScalarType::Double:
      return "DoubleStorage";
    case ScalarType::Long:
      return "LongStorage";
    case ScalarType::Int:
      return "IntStorage";
    case ScalarType::Byte:
      return "ByteStorage";
    case ScalarType::Bool:
      return "BoolStorage";
    }
    return "?";
  }
  void tensor(const Tensor& t) {
    TG_CHECK(t.defined(), "tg::save: an undefined tensor cannot be written to a PyTorch file");
    TG_CHECK(t.device().is_cpu(), "tg::save: only CPU tensors can be written");
    Tensor c = t.detach().contiguous();
    const std::string key = std::to_string(storages_.tensors.size());
    storages_.tensors.push_back(c);
    // _rebuild_tensor_v2(('storage', torch.<Type>Storage, key, 'cpu', numel), 0, size, stride,
    //                    requires_grad, OrderedDict())
    global("torch._utils", "_rebuild_tensor_v2");
    out_ += "((";
    string("storage");
    global("torch", storage_class(c.scalar_type()));
    string(key);
    string("cpu");
    integer(c.numel());
    out_ += "tQ";
    integer(0);
    int_tuple(c.sizes());
    int_tuple(c.strides());
    out_ += t.requires_grad() ? '\x88' : '\x89';
    global("collections", "OrderedDict");
    out_ += ")R";
    out_ += "tR";
  }
  void value(const IValue& v, size_t depth) {
    TG_CHECK(depth < kMaxDepth || !v.object_address(), "tg::save: values nested more than ",
             kMaxDepth, " deep (or a list that contains itself)");
    if (v.isNone()) {
      out_ += 'N';
    } else if (v.isBool()) {
      out_ += v.toBool() ? '\x88' : '\x89';
    } else if (v.isInt()) {
      integer(v.toInt());
    } else if (v.isDouble()) {
      out_ += 'G';
      const uint64_t bits = std::bit_cast<uint64_t>(v.toDouble());
      for (int i = 7; i >= 0; --i) out_ += char((bits >> (8 * i)) & 0xff);
    } else if (v.isString()) {
      string(v.toStringRef());
    } else if (v.isTensor()) {
      tensor(v.toTensor());
    } else if (v.isList()) {
      out_ += ']';
      if (!v.toListRef().empty()) {
        out_ += '(';
        for (const IValue& e : v.toListRef()) value(e, depth + 1);
        out_ += 'e';
      }
    } else if (v.isIntList()) {
      out_ += ']';
      if (!v.toIntList().empty()) {
        out_ += '(';
        for (int64_t e : v.toIntList()) integer(e);
        out_ += 'e';
      }
    } else if (v.isTuple()) {
      out_ += '(';
      for (const IValue& e : v.toTupleRef()) value(e, depth + 1);
      out_ += 't';
    } else {
      out_ += '}';
      const GenericDict& d = v.toGenericDict();
      if (!d.empty()) {
        out_ += '(';
        for (const DictEntry& e : d) {
          value(e.key(), depth + 1);
          value(e.value(), depth + 1);
        }
        out_ += 'u';
      }
    }
  }

  PickledStorages& storages_;
  std::string out_;
};

} // namespace

IValue unpickle(std::string_view pickle, const StorageLoader& load_storage,
                const std::string& source) {
  return Unpickler(pickle, load_storage, source).run();
}

std::string pickle(const IValue& value, PickledStorages& storages) {
  return Pickler(storages).run(value);
}

} // namespace tg::serialize
