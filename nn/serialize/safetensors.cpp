#include "nn/serialize/safetensors.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <limits>
#include <memory>
#include <vector>

#include "autograd/ops/functions.h"
#include "nn/serialize/half.h"
#include "nn/serialize/archive.h"

namespace tg::serialize {

static_assert(std::endian::native == std::endian::little, "safetensors data is little-endian");

namespace {

constexpr uint64_t kMaxHeader = 100'000'000; // the format's own cap
constexpr size_t kMaxJsonDepth = 8;
constexpr size_t kMaxDims = 64;

// ---------------------------------------------------------------- a JSON subset for the header
// Objects, arrays, strings, non-negative integers (true/false/null/fractions are accepted only to
// be refused by the header checks with a clear message).
struct Json {
  enum Kind { Null, Bool, Number, String, Array, Object } kind = Null;
  bool boolean = false;
  bool integral = false;
  uint64_t number = 0;
  std::string text;
  std::vector<Json> items; // Array
  // Object members in file order, as two parallel vectors (a std::pair of the incomplete Json
  // would not compile with every standard library).
  std::vector<std::string> names;
  std::vector<Json> members;
};

class JsonParser {
public:
  JsonParser(std::string_view text, const std::string& source) : s_(text), source_(source) {}

  Json document() {
    Json v = value(0);
    skip_space();
    if (p_ != s_.size()) fail("unexpected bytes after the JSON header's end");
    return v;
  }

private:
  template <typename... Args> [[noreturn]] void fail(const Args&... what) const {
    throw Error(
        str("tg::load: '", source_, "': bad safetensors header at byte ", 8 + p_, ": ", what...));
  }
  void skip_space() {
    while (p_ < s_.size() && (s_[p_] == ' ' || s_[p_] == '\t' || s_[p_] == '\n' || s_[p_] == '\r'))
      ++p_;
  }
  char peek() {
    skip_space();
    if (p_ >= s_.size()) fail("the JSON ends early");
    return s_[p_];
  }
  void expect(char c) {
    if (peek() != c) fail("expected '", c, "'");
    ++p_;
  }
  bool literal(std::string_view word) {
    if (s_.substr(p_, word.size()) != word) return false;
    p_ += word.size();
    return true;
  }
  void put_utf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
      out += char(cp);
    } else if (cp < 0x800) {
      out += char(0xc0 | cp >> 6);
      out += char(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
      out += char(0xe0 | cp >> 12);
      out += char(0x80 | ((cp >> 6) & 0x3f));
      out += char(0x80 | (cp & 0x3f));
    } else {
      out += char(0xf0 | cp >> 18);
      out += char(0x80 | ((cp >> 12) & 0x3f));
      out += char(0x80 | ((cp >> 6) & 0x3f));
      out += char(0x80 | (cp & 0x3f));
    }
  }
  uint32_t hex4() {
    if (s_.size() - p_ < 4) fail("a short \\u escape");
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = s_[p_++];
      v <<= 4;
      if (c >= '0' && c <= '9')
        v |= uint32_t(c - '0');
      else if (c >= 'a' && c <= 'f')
        v |= uint32_t(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F')
        v |= uint32_t(c - 'A' + 10);
      else
        fail("a bad \\u escape");
    }
    return v;
  }
  std::string string() {
    expect('"');
    std::string out;
    while (true) {
      if (p_ >= s_.size()) fail("a string is not closed");
      const char c = s_[p_++];
      if (c == '"') return out;
      if (uint8_t(c) < 0x20) fail("a control character inside a string");
      if (c != '\\') {
        out += c;
        continue;
      }
      if (p_ >= s_.size()) fail("a string is not closed");
      switch (const char e = s_[p_++]) {
      case '"':
      case '\\':
      case '/':
        out += e;
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'u': {
        uint32_t cp = hex4();
        if (cp >= 0xd800 && cp < 0xdc00 && literal("\\u")) {
          const uint32_t low = hex4();
          if (low < 0xdc00 || low >= 0xe000) fail("a bad surrogate pair");
          cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
        }
        put_utf8(out, cp);
        break;
      }
      default:
        fail("an unknown escape '\\", e, "'");
      }
    }
  }
  Json value(size_t depth) {
    if (depth > kMaxJsonDepth) fail("JSON nested more than ", kMaxJsonDepth, " deep");
    Json v;
    const char c = peek();
    if (c == '{') {
      v.kind = Json::Object;
      ++p_;
      if (peek() == '}') {
        ++p_;
        return v;
      }
      while (true) {
        std::string key = string();
        expect(':');
        v.names.push_back(std::move(key));
        v.members.push_back(value(depth + 1));
        if (peek() == ',') {
          ++p_;
          continue;
        }
        expect('}');
        return v;
      }
    }
    if (c == '[') {
      v.kind = Json::Array;
      ++p_;
      if (peek() == ']') {
        ++p_;
        return v;
      }
      while (true) {
        v.items.push_back(value(depth + 1));
        if (peek() == ',') {
          ++p_;
          continue;
        }
        expect(']');
        return v;
      }
    }
    if (c == '"') {
      v.kind = Json::String;
      v.text = string();
      return v;
    }
    if (literal("true") || literal("false")) {
      v.kind = Json::Bool;
      return v;
    }
    if (literal("null")) return v;
    if (c == '-' || (c >= '0' && c <= '9')) {
      v.kind = Json::Number;
      v.integral = c != '-';
      if (c == '-') ++p_;
      const size_t start = p_;
      while (p_ < s_.size() && s_[p_] >= '0' && s_[p_] <= '9') {
        const uint64_t digit = uint64_t(s_[p_] - '0');
        if (v.number > (std::numeric_limits<uint64_t>::max() - digit) / 10)
          v.integral = false;
        else
          v.number = v.number * 10 + digit;
        ++p_;
      }
      if (p_ == start) fail("a bad number");
      if (p_ < s_.size() && (s_[p_] == '.' || s_[p_] == 'e' || s_[p_] == 'E')) {
        v.integral = false;
        ++p_;
        while (p_ < s_.size() && (std::isdigit(uint8_t(s_[p_])) || s_[p_] == '+' || s_[p_] == '-' ||
                                  s_[p_] == 'e' || s_[p_] == 'E'))
          ++p_;
      }
      return v;
    }
    fail("unexpected character '", c, "'");
  }

  std::string_view s_;
  const std::string& source_;
  size_t p_ = 0;
};

// ---------------------------------------------------------------- dtypes
struct Dtype {
  const char* name;
  size_t element_size;
  ScalarType dtype;
};
constexpr Dtype kDtypes[] = {
    {"F64", 8, ScalarType::Double}, {"F32", 4, ScalarType::Float}, {"F16", 2, ScalarType::Float},
    {"BF16", 2, ScalarType::Float}, {"I64", 8, ScalarType::Long},  {"I32", 4, ScalarType::Int},
    {"I16", 2, ScalarType::Int},    {"I8", 1, ScalarType::Int},    {"U8", 1, ScalarType::Byte},
    {"BOOL", 1, ScalarType::Bool},
};

const char* dtype_name(ScalarType t) {
  switch (t) {
  case ScalarType::Double:
    return "F64";
  case ScalarType::Float:
    return "F32";
  case ScalarType::Long:
    return "I64";
  case ScalarType::Int:
    return "I32";
  case ScalarType::Byte:
    return "U8";
  case ScalarType::Bool:
    return "BOOL";
  }
  return "?";
}

Tensor convert(const Dtype& d, IntArrayRef shape, const char* data, size_t n) {
  Tensor t = empty(shape, d.dtype);
  const std::string_view name = d.name;
  if (name == "F16" || name == "BF16") {
    float* out = t.data_ptr<float>();
    for (size_t i = 0; i < n; ++i) {
      uint16_t h;
      std::memcpy(&h, data + 2 * i, 2);
      out[i] = name == "F16" ? detail::half_to_float(h) : detail::bfloat16_to_float(h);
    }
  } else if (name == "I16") {
    int32_t* out = t.data_ptr<int32_t>();
    for (size_t i = 0; i < n; ++i) {
      int16_t v;
      std::memcpy(&v, data + 2 * i, 2);
      out[i] = v;
    }
  } else if (name == "I8") {
    int32_t* out = t.data_ptr<int32_t>();
    for (size_t i = 0; i < n; ++i) out[i] = int8_t(data[i]);
  } else if (name == "BOOL") {
    bool* out = t.data_ptr<bool>();
    for (size_t i = 0; i < n; ++i) out[i] = data[i] != 0;
  } else if (n > 0) {
    std::memcpy(t.data_ptr(), data, n * d.element_size);
  }
  return t;
}

void json_string(std::string& out, const std::string& s) {
  out += '"';
  for (const char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (uint8_t(c) < 0x20) {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\u00";
      out += kHex[uint8_t(c) >> 4];
      out += kHex[uint8_t(c) & 15];
    } else {
      out += c;
    }
  }
  out += '"';
}

uint64_t header_length(std::string_view bytes) {
  uint64_t n = 0;
  for (int i = 7; i >= 0; --i) n = n << 8 | uint8_t(bytes[size_t(i)]);
  return n;
}

} // namespace

bool looks_like_safetensors(std::string_view bytes) {
  if (bytes.size() < 10) return false;
  const uint64_t n = header_length(bytes);
  return n >= 2 && n <= kMaxHeader && bytes[8] == '{';
}

SafetensorsFile load_safetensors_bytes(std::string_view bytes, const std::string& source) {
  TG_CHECK(bytes.size() >= 8, "tg::load: '", source, "' is too short for a safetensors file (",
           bytes.size(), " bytes)");
  const uint64_t n = header_length(bytes);
  TG_CHECK(n <= kMaxHeader, "tg::load: '", source, "': the safetensors header claims ", n,
           " bytes, over the format's limit of ", kMaxHeader);
  TG_CHECK(n <= bytes.size() - 8, "tg::load: '", source,
           "' is truncated: its safetensors header of ", n, " bytes does not fit in the file of ",
           bytes.size(), " bytes");
  const Json header = JsonParser(bytes.substr(8, size_t(n)), source).document();
  TG_CHECK(header.kind == Json::Object, "tg::load: '", source,
           "': the safetensors header is not a JSON object");
  const std::string_view data = bytes.substr(8 + size_t(n));

  struct Planned {
    std::string name;
    const Dtype* dtype;
    std::vector<int64_t> shape;
    uint64_t begin, end;
  };
  std::vector<Planned> plan;
  SafetensorsFile file;
  std::map<std::string, bool> seen;
  for (size_t m = 0; m < header.members.size(); ++m) {
    const std::string& name = header.names[m];
    const Json& entry = header.members[m];
    auto bad = [&](auto... what) {
      return Error(str("tg::load: '", source, "': safetensors entry '", name, "' ", what...));
    };
    if (!seen.emplace(name, true).second) throw bad("appears twice in the header");
    if (name == "__metadata__") {
      if (entry.kind != Json::Object) throw bad("is not an object of strings");
      for (size_t i = 0; i < entry.members.size(); ++i) {
        const std::string& k = entry.names[i];
        const Json& v = entry.members[i];
        if (v.kind != Json::String) throw bad("holds '", k, "', which is not a string");
        file.metadata[k] = v.text;
      }
      continue;
    }
    if (entry.kind != Json::Object) throw bad("is not an object");
    const Json *dtype = nullptr, *shape = nullptr, *offsets = nullptr;
    for (size_t i = 0; i < entry.members.size(); ++i) {
      const std::string& k = entry.names[i];
      const Json& v = entry.members[i];
      if (k == "dtype")
        dtype = &v;
      else if (k == "shape")
        shape = &v;
      else if (k == "data_offsets")
        offsets = &v;
      else
        throw bad("has an unknown field '", k, "'");
    }
    if (!dtype || !shape || !offsets) throw bad("lacks dtype, shape or data_offsets");
    if (dtype->kind != Json::String) throw bad("has a dtype that is not a string");
    const Dtype* d = nullptr;
    for (const Dtype& candidate : kDtypes)
      if (dtype->text == candidate.name) d = &candidate;
    if (!d) throw bad("has dtype '", dtype->text, "', which tapegrad cannot hold");
    if (shape->kind != Json::Array || shape->items.size() > kMaxDims)
      throw bad("has a shape that is not an array of at most ", kMaxDims, " sizes");
    std::vector<int64_t> sizes;
    uint64_t numel = 1;
    for (const Json& s : shape->items) {
      if (s.kind != Json::Number || !s.integral ||
          s.number > uint64_t(std::numeric_limits<int64_t>::max()))
        throw bad("has a size that is not a non-negative integer");
      if (s.number != 0 && numel > std::numeric_limits<uint64_t>::max() / s.number)
        throw bad("has too many elements");
      numel *= s.number;
      sizes.push_back(int64_t(s.number));
    }
    if (offsets->kind != Json::Array || offsets->items.size() != 2 ||
        offsets->items[0].kind != Json::Number || !offsets->items[0].integral ||
        offsets->items[1].kind != Json::Number || !offsets->items[1].integral)
      throw bad("has data_offsets that are not [begin, end]");
    const uint64_t begin = offsets->items[0].number, end = offsets->items[1].number;
    if (begin > end || end > data.size())
      throw bad("has data_offsets [", begin, ", ", end, "] outside the ", data.size(),
                " data bytes");
    if (numel > (end - begin) / d->element_size || numel * d->element_size != end - begin)
      throw bad("has shape ", IntArrayRef(sizes), " of ", d->name, " (", numel, " elements) but ",
                end - begin, " bytes");
    plan.push_back({name, d, std::move(sizes), begin, end});
  }
  // The byte ranges must tile the data exactly: no overlap, no hole, nothing after.
  std::vector<const Planned*> order;
  for (const Planned& p : plan) order.push_back(&p);
  std::sort(order.begin(), order.end(), [](const Planned* a, const Planned* b) {
    return a->begin != b->begin ? a->begin < b->begin : a->end < b->end;
  });
  uint64_t covered = 0;
  for (const Planned* p : order) {
    TG_CHECK(p->begin == covered, "tg::load: '", source, "': safetensors entry '", p->name,
             "' starts at data byte ", p->begin, " but the previous data ends at ", covered,
             p->begin < covered ? " (overlap)" : " (a hole)");
    covered = p->end;
  }
  TG_CHECK(covered == data.size(), "tg::load: '", source, "': ", data.size() - covered,
           " data bytes after the last tensor");
  for (const Planned* p : order) {
    const size_t numel = size_t((p->end - p->begin) / p->dtype->element_size);
    file.tensors.insert(p->name, convert(*p->dtype, p->shape, data.data() + p->begin, numel));
  }
  return file;
}

SafetensorsFile load_safetensors(const std::string& path) {
  const std::string bytes = detail::read_file(path);
  return load_safetensors_bytes(bytes, path);
}

std::string save_safetensors_bytes(const OrderedDict<std::string, Tensor>& tensors,
                                   const std::map<std::string, std::string>& metadata) {
  std::vector<Tensor> data;
  std::string header = "{";
  bool first = true;
  if (!metadata.empty()) {
    header += "\"__metadata__\":{";
    for (const auto& [k, v] : metadata) {
      if (!first) header += ',';
      first = false;
      json_string(header, k);
      header += ':';
      json_string(header, v);
    }
    header += '}';
    first = false;
  }
  uint64_t offset = 0;
  for (const auto& item : tensors) {
    const Tensor& t = item.value();
    TG_CHECK(item.key() != "__metadata__", "tg::save: a tensor may not be named __metadata__");
    TG_CHECK(t.defined(), "tg::save: '", item.key(), "' is an undefined tensor");
    TG_CHECK(t.device().is_cpu(), "tg::save: '", item.key(), "' is not a CPU tensor");
    Tensor c = t.detach().contiguous();
    if (!first) header += ',';
    first = false;
    json_string(header, item.key());
    header += ":{\"dtype\":\"";
    header += dtype_name(c.scalar_type());
    header += "\",\"shape\":[";
    for (int64_t d = 0; d < c.dim(); ++d) header += (d ? "," : "") + std::to_string(c.size(d));
    header += "],\"data_offsets\":[" + std::to_string(offset) + ",";
    offset += c.nbytes();
    header += std::to_string(offset) + "]}";
    data.push_back(std::move(c));
  }
  header += '}';
  header.append((8 - header.size() % 8) % 8, ' '); // the data starts 8-byte aligned
  std::string out(8, '\0');
  for (int i = 0; i < 8; ++i) out[size_t(i)] = char((uint64_t(header.size()) >> (8 * i)) & 0xff);
  out += header;
  out.reserve(out.size() + size_t(offset));
  for (const Tensor& c : data)
    if (c.nbytes() > 0) out.append(static_cast<const char*>(c.data_ptr()), c.nbytes());
  return out;
}

void save_safetensors(const OrderedDict<std::string, Tensor>& tensors, const std::string& path,
                      const std::map<std::string, std::string>& metadata) {
  detail::write_file_atomic(path, save_safetensors_bytes(tensors, metadata));
}

} // namespace tg::serialize
