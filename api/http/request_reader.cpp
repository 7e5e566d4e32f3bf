#include "http/request_reader.hpp"

#include <algorithm>
#include <cctype>

namespace api {
namespace {

bool is_tchar(char c) {
  if (std::isalnum(static_cast<unsigned char>(c))) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool is_token(std::string_view s) { return !s.empty() && std::all_of(s.begin(), s.end(), is_tchar); }

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool iequals(std::string_view a, std::string_view b) { return lower(a) == lower(b); }

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The comma-separated elements of a header value, trimmed (RFC 9110 §5.6.1).
std::vector<std::string> elements(std::string_view v) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= v.size()) {
    auto end = v.find(',', start);
    if (end == std::string_view::npos) end = v.size();
    out.emplace_back(trim(v.substr(start, end - start)));
    start = end + 1;
  }
  return out;
}

constexpr std::size_t kMaxChunkLine = 1024;

}  // namespace

std::optional<std::string> RawRequest::header(std::string_view name) const {
  for (const auto& [n, v] : headers)
    if (iequals(n, name)) return v;
  return std::nullopt;
}

bool RawRequest::wants_close() const {
  bool close = false, keep_alive = false;
  for (const auto& [n, v] : headers) {
    if (!iequals(n, "Connection")) continue;
    for (const auto& e : elements(v)) {
      close = close || iequals(e, "close");
      keep_alive = keep_alive || iequals(e, "keep-alive");
    }
  }
  return close || (minor_version == 0 && !keep_alive);
}

RequestReader::RequestReader(ReaderLimits limits) : limits_(limits) {}

void RequestReader::feed(std::string_view bytes) { buffer_.append(bytes); }

RequestReader::State RequestReader::fail(int status, const char* detail) {
  status_ = status;
  detail_ = detail;
  return State::failed;
}

RequestReader::State RequestReader::next() {
  if (status_ != 0) return State::failed;
  if (ready_) return State::ready;
  if (!head_) {
    const auto s = read_head();
    if (s != State::ready) return s;
  }
  return read_body();
}

RawRequest RequestReader::take() {
  RawRequest r = std::move(*ready_);
  ready_.reset();
  return r;
}

bool RequestReader::expects_continue() const {
  if (!head_ || chunked_ || body_length_ == 0 || buffer_.size() >= body_length_) return false;
  auto e = head_->header("Expect");
  return e && iequals(trim(*e), "100-continue");
}

RequestReader::State RequestReader::read_head() {
  // Empty lines before a request line are ignored (RFC 9112 §2.2).
  while (buffer_.size() >= 2 && buffer_.compare(0, 2, "\r\n") == 0) buffer_.erase(0, 2);
  if (buffer_.empty()) return State::need_more;
  const auto end = buffer_.find("\r\n\r\n");
  const std::size_t head_size = end == std::string::npos ? buffer_.size() : end + 4;
  // Line endings and control characters are checked as the bytes arrive, so a request
  // with bare LF line endings is refused at once rather than waited for.
  for (std::size_t i = scanned_; i < std::min(head_size, buffer_.size()); ++i) {
    const auto c = static_cast<unsigned char>(buffer_[i]);
    if (c == '\n' && (i == 0 || buffer_[i - 1] != '\r')) return fail(400, "lines must end with CRLF");
    if (c == '\r') {
      if (i + 1 == buffer_.size()) break;  // its LF may be on the way
      if (buffer_[i + 1] != '\n') return fail(400, "lines must end with CRLF");
    }
    if ((c < 0x20 && c != '\t' && c != '\r' && c != '\n') || c == 0x7f)
      return fail(400, "the request head holds a control character");
    scanned_ = i + 1;
  }
  if (end == std::string::npos) {
    if (buffer_.size() > limits_.max_head_bytes) return fail(431, "the request head is too large");
    return State::need_more;
  }
  if (head_size > limits_.max_head_bytes) return fail(431, "the request head is too large");

  RawRequest r;
  const std::string_view head(buffer_.data(), end);
  auto line_end = head.find("\r\n");
  const std::string_view request_line = head.substr(0, line_end);
  const auto sp1 = request_line.find(' ');
  const auto sp2 = sp1 == std::string_view::npos ? sp1 : request_line.find(' ', sp1 + 1);
  if (sp1 == std::string_view::npos || sp2 == std::string_view::npos)
    return fail(400, "the request line needs a method, a target and an HTTP/1.x version");
  r.method = std::string(request_line.substr(0, sp1));
  std::string_view target = request_line.substr(sp1 + 1, sp2 - sp1 - 1);
  const std::string_view version = request_line.substr(sp2 + 1);
  if (!is_token(r.method)) return fail(400, "the method is not a token");
  if (version == "HTTP/1.1") {
    r.minor_version = 1;
  } else if (version == "HTTP/1.0") {
    r.minor_version = 0;
  } else if (version.size() == 8 && version.substr(0, 5) == "HTTP/" && std::isdigit(static_cast<unsigned char>(version[5])) &&
             version[6] == '.' && std::isdigit(static_cast<unsigned char>(version[7]))) {
    return fail(505, "only HTTP/1.0 and HTTP/1.1 are served");
  } else {
    return fail(400, "the request line needs a method, a target and an HTTP/1.x version");
  }
  if (target.empty() || !std::all_of(target.begin(), target.end(), [](char c) { return c > 0x20 && c < 0x7f; }))
    return fail(400, "the request target is malformed");
  // Absolute form (RFC 9112 §3.2.2): keep the path and query.
  if (auto scheme = target.find("://"); scheme != std::string_view::npos && target.front() != '/') {
    const auto path = target.find('/', scheme + 3);
    target = path == std::string_view::npos ? std::string_view("/") : target.substr(path);
  }
  if (target.front() != '/' && !(target == "*" && r.method == "OPTIONS"))
    return fail(400, "the request target is malformed");
  r.target = std::string(target);

  int hosts = 0, authorizations = 0;
  std::optional<std::string> length;
  bool has_length = false, has_encoding = false;
  std::string encoding;
  while (line_end != std::string_view::npos) {
    const auto start = line_end + 2;
    line_end = head.find("\r\n", start);
    const std::string_view line = head.substr(start, line_end == std::string_view::npos ? std::string_view::npos : line_end - start);
    if (line.front() == ' ' || line.front() == '\t') return fail(400, "folded header lines are not accepted");
    const auto colon = line.find(':');
    if (colon == std::string_view::npos || !is_token(line.substr(0, colon))) return fail(400, "a header line is malformed");
    const std::string_view name = line.substr(0, colon);
    const std::string_view value = trim(line.substr(colon + 1));
    if (iequals(name, "Host")) ++hosts;
    if (iequals(name, "Authorization")) ++authorizations;
    if (iequals(name, "Content-Length")) {
      has_length = true;
      for (const auto& e : elements(value)) {
        if (e.empty() || !std::all_of(e.begin(), e.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
          return fail(400, "Content-Length must be a number");
        auto digits = e.substr(std::min(e.find_first_not_of('0'), e.size() - 1));
        if (length && *length != digits) return fail(400, "the request has two different Content-Length values");
        length = digits;
      }
    }
    if (iequals(name, "Transfer-Encoding")) {
      has_encoding = true;
      encoding += (encoding.empty() ? "" : ",") + std::string(value);
    }
    r.headers.emplace_back(std::string(name), std::string(value));
  }
  if (r.minor_version == 1 ? hosts != 1 : hosts > 1) return fail(400, "the request needs exactly one Host header");
  if (authorizations > 1) return fail(400, "the request carries more than one Authorization header");
  body_length_ = 0;
  chunked_ = false;
  if (has_encoding) {
    if (has_length) return fail(400, "the request has both Content-Length and Transfer-Encoding");
    if (r.minor_version == 0) return fail(400, "HTTP/1.0 requests cannot use Transfer-Encoding");
    if (!iequals(trim(encoding), "chunked")) return fail(501, "only the chunked transfer coding is accepted");
    chunked_ = true;
  } else if (length) {
    if (length->size() > 19) return fail(413, "the body is larger than the limit");
    const auto n = std::stoull(*length);  // at most 19 digits: fits
    if (n > limits_.max_body_bytes) return fail(413, "the body is larger than the limit");
    body_length_ = static_cast<std::size_t>(n);
  }
  buffer_.erase(0, head_size);
  scanned_ = 0;
  head_ = std::move(r);
  return State::ready;
}

RequestReader::State RequestReader::read_body() {
  if (chunked_) return read_chunked();
  if (buffer_.size() < body_length_) return State::need_more;
  head_->body = buffer_.substr(0, body_length_);
  buffer_.erase(0, body_length_);
  ready_ = std::move(head_);
  head_.reset();
  return State::ready;
}

// The chunked body is parsed from the start each time bytes arrive (bounded by the body
// limit and the connection's timeouts); nothing is consumed until it is whole.
RequestReader::State RequestReader::read_chunked() {
  std::string body;
  std::size_t pos = 0;
  for (;;) {
    const auto eol = buffer_.find("\r\n", pos);
    if (eol == std::string::npos)
      return buffer_.size() - pos > kMaxChunkLine ? fail(400, "a chunk size line is malformed") : State::need_more;
    std::string_view size_text(buffer_.data() + pos, eol - pos);
    size_text = size_text.substr(0, size_text.find(';'));
    if (size_text.empty() || size_text.size() > 8 ||
        !std::all_of(size_text.begin(), size_text.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); }))
      return fail(400, "a chunk size line is malformed");
    const std::size_t size = std::stoul(std::string(size_text), nullptr, 16);
    if (body.size() + size > limits_.max_body_bytes) return fail(413, "the body is larger than the limit");
    if (size == 0) {
      std::size_t end = 0;
      if (buffer_.size() >= eol + 4 && buffer_.compare(eol + 2, 2, "\r\n") == 0) {
        end = eol + 4;
      } else {
        const auto trailers = buffer_.find("\r\n\r\n", eol + 2);
        if (trailers == std::string::npos)
          return buffer_.size() - eol > limits_.max_head_bytes ? fail(431, "the trailer section is too large")
                                                               : State::need_more;
        end = trailers + 4;
      }
      head_->body = std::move(body);
      buffer_.erase(0, end);
      ready_ = std::move(head_);
      head_.reset();
      chunked_ = false;
      return State::ready;
    }
    const std::size_t data = eol + 2;
    if (buffer_.size() < data + size + 2) return State::need_more;
    if (buffer_.compare(data + size, 2, "\r\n") != 0) return fail(400, "a chunk is not followed by CRLF");
    body.append(buffer_, data, size);
    pos = data + size + 2;
  }
}

}  // namespace api
