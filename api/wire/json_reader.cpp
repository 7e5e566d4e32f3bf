#include "wire/json_reader.hpp"

#include <charconv>

#include "http/http_error.hpp"
#include "wire/time_text.hpp"

namespace wire {
namespace {

using nlohmann::json;

// Counts code points; returns npos for invalid UTF-8.
std::size_t utf8_length(const std::string& s) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > s.size()) return std::string::npos;
    for (std::size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return std::string::npos;
    i += n;
    ++count;
  }
  return count;
}

}  // namespace

void check_text(const std::string& field, const std::string& value, std::size_t max_chars) {
  const auto length = utf8_length(value);
  if (length == std::string::npos) throw api::bad_request(field + " is not valid UTF-8");
  if (value.find('\0') != std::string::npos) throw api::bad_request(field + " must not contain NUL characters");
  if (length > max_chars)
    throw api::bad_request(field + " is longer than " + std::to_string(max_chars) + " characters");
}

long long parse_id(const std::string& field, const std::string& text) {
  long long v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v <= 0)
    throw api::bad_request(field + " must be a positive integer id");
  return v;
}

json parse_object(const std::string& body) {
  json doc;
  try {
    // nlohmann parses any depth, but copies, merges and dumps recurse: a 256 KiB body of
    // nested brackets overflowed a worker's stack (the whole process died) when digested.
    doc = json::parse(body, [](int depth, json::parse_event_t event, json&) {
      if (depth >= kMaxDepth && (event == json::parse_event_t::object_start || event == json::parse_event_t::array_start))
        throw api::bad_request("the body nests objects and arrays deeper than " + std::to_string(kMaxDepth) + " levels");
      return true;
    });
  } catch (const json::exception&) {  // parse_error, and out_of_range for numbers like 1e999999
    throw api::bad_request("the body is not valid JSON");
  }
  if (!doc.is_object()) throw api::bad_request("the body must be a JSON object");
  return doc;
}

ObjectReader::ObjectReader(const json& object, std::string path, std::set<std::string> allowed)
    : object_(object), path_(std::move(path)) {
  if (!object_.is_object()) throw api::bad_request((path_.empty() ? "body" : path_) + " must be an object");
  for (const auto& [key, value] : object_.items())
    if (!allowed.contains(key)) {
      std::string shown = key.substr(0, 64);
      if (utf8_length(shown) == std::string::npos) shown = "(not UTF-8)";
      throw api::bad_request("unknown field " + field(shown));
    }
}

const json* ObjectReader::get(const std::string& key) const {
  auto it = object_.find(key);
  if (it == object_.end() || it->is_null()) return nullptr;
  return &*it;
}

bool ObjectReader::has(const std::string& key) const { return get(key) != nullptr; }

std::optional<std::string> ObjectReader::opt_string(const std::string& key, std::size_t max_chars) const {
  const json* v = get(key);
  if (v == nullptr) return std::nullopt;
  if (!v->is_string()) throw api::bad_request(field(key) + " must be a string");
  auto s = v->get<std::string>();
  check_text(field(key), s, max_chars);
  return s;
}

std::string ObjectReader::string(const std::string& key, std::size_t max_chars) const {
  auto s = opt_string(key, max_chars);
  if (!s) throw api::bad_request(field(key) + " is required");
  return *s;
}

std::optional<long long> ObjectReader::opt_id(const std::string& key) const {
  const json* v = get(key);
  if (v == nullptr) return std::nullopt;
  if (!v->is_number_integer()) throw api::bad_request(field(key) + " must be an integer id");
  if (v->is_number_unsigned() && v->get<unsigned long long>() > 9007199254740991ULL)
    throw api::bad_request(field(key) + " is out of range");
  const auto id = v->get<long long>();
  if (id <= 0 || id > 9007199254740991LL) throw api::bad_request(field(key) + " must be a positive integer id");
  return id;
}

long long ObjectReader::id(const std::string& key) const {
  auto v = opt_id(key);
  if (!v) throw api::bad_request(field(key) + " is required");
  return *v;
}

std::optional<int> ObjectReader::opt_int(const std::string& key, int min, int max) const {
  const json* v = get(key);
  if (v == nullptr) return std::nullopt;
  if (!v->is_number_integer()) throw api::bad_request(field(key) + " must be an integer");
  // A non-negative literal is held as unsigned: both bounds apply to it too (0 below a minimum of 1).
  const bool out_of_range =
      v->is_number_unsigned()
          ? v->get<unsigned long long>() > static_cast<unsigned long long>(max) ||
                (min > 0 && v->get<unsigned long long>() < static_cast<unsigned long long>(min))
          : (v->get<long long>() < min || v->get<long long>() > max);
  if (out_of_range)
    throw api::bad_request(field(key) + " must be between " + std::to_string(min) + " and " + std::to_string(max));
  return static_cast<int>(v->get<long long>());
}

bool ObjectReader::boolean(const std::string& key, bool fallback) const {
  const json* v = get(key);
  if (v == nullptr) return fallback;
  if (!v->is_boolean()) throw api::bad_request(field(key) + " must be true or false");
  return v->get<bool>();
}

std::optional<sched::Instant> ObjectReader::opt_instant(const std::string& key) const {
  auto s = opt_string(key, 64);
  if (!s) return std::nullopt;
  auto t = parse_instant(*s);
  if (!t) throw api::bad_request(field(key) + " must be an RFC 3339 date-time with an offset");
  return t;
}

sched::Instant ObjectReader::instant(const std::string& key) const {
  auto t = opt_instant(key);
  if (!t) throw api::bad_request(field(key) + " is required");
  return *t;
}

std::vector<long long> ObjectReader::ids(const std::string& key, std::size_t max_items) const {
  std::vector<long long> out;
  const json* v = get(key);
  if (v == nullptr) return out;
  if (!v->is_array()) throw api::bad_request(field(key) + " must be an array of ids");
  if (v->size() > max_items) throw api::bad_request(field(key) + " has more than " + std::to_string(max_items) + " items");
  for (const auto& e : *v) {
    if (!e.is_number_integer() || e.get<long long>() <= 0 ||
        (e.is_number_unsigned() && e.get<unsigned long long>() > 9007199254740991ULL))
      throw api::bad_request(field(key) + " must hold positive integer ids");
    out.push_back(e.get<long long>());
  }
  return out;
}

std::vector<std::string> ObjectReader::strings(const std::string& key, std::size_t max_items) const {
  std::vector<std::string> out;
  const json* v = get(key);
  if (v == nullptr) return out;
  if (!v->is_array() || v->size() > max_items)
    throw api::bad_request(field(key) + " must be an array of at most " + std::to_string(max_items) + " strings");
  for (const auto& e : *v) {
    if (!e.is_string()) throw api::bad_request(field(key) + " must hold strings");
    check_text(field(key), e.get<std::string>(), 200);
    out.push_back(e.get<std::string>());
  }
  return out;
}

std::vector<ObjectReader> ObjectReader::objects(const std::string& key, std::size_t max_items,
                                                const std::set<std::string>& allowed) const {
  std::vector<ObjectReader> out;
  const json* v = get(key);
  if (v == nullptr) return out;
  if (!v->is_array()) throw api::bad_request(field(key) + " must be an array");
  if (v->size() > max_items) throw api::bad_request(field(key) + " has more than " + std::to_string(max_items) + " items");
  for (std::size_t i = 0; i < v->size(); ++i)
    out.emplace_back((*v)[i], field(key) + "[" + std::to_string(i) + "]", allowed);
  return out;
}

std::optional<ObjectReader> ObjectReader::object(const std::string& key, const std::set<std::string>& allowed) const {
  const json* v = get(key);
  if (v == nullptr) return std::nullopt;
  return ObjectReader(*v, field(key), allowed);
}

}  // namespace wire
