#pragma once
// Reads HTTP/1.x requests off a connection's byte stream, strictly (RFC 9112): CRLF line
// endings only, a request line with a version, one Host, no obsolete line folding, no
// control characters, a Content-Length that is a plain number within the body limit, or a
// chunked body; a request carrying both, or two different lengths, is refused (request
// smuggling). Pipelined requests are read one after another from the same buffer.
//
// Contract: feed() appends bytes; next() then tells whether a whole request is ready (take
// it), more bytes are needed, or the stream is broken (status() and detail() say why; the
// connection must be closed, since where the next request starts is unknown). A detail is
// fixed text of this file and never quotes the request. Standard library only.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace api {

struct RawRequest {
  std::string method;
  std::string target;  // origin-form ("/v1/x?y") or "*"
  int minor_version = 1;  // HTTP/1.<minor>
  std::vector<std::pair<std::string, std::string>> headers;  // in order, names as sent
  std::string body;

  [[nodiscard]] std::optional<std::string> header(std::string_view name) const;  // the first
  [[nodiscard]] bool wants_close() const;  // Connection: close, or HTTP/1.0 without keep-alive
};

struct ReaderLimits {
  std::size_t max_head_bytes = 32 * 1024;  // request line and headers
  std::size_t max_body_bytes = 256 * 1024;
};

class RequestReader {
 public:
  enum class State { need_more, ready, failed };

  explicit RequestReader(ReaderLimits limits = {});

  void feed(std::string_view bytes);
  State next();
  [[nodiscard]] RawRequest take();  // after next() == ready

  // The state of the request being read (for timeouts and 100-continue).
  [[nodiscard]] bool started() const { return !buffer_.empty(); }  // bytes of a request are here
  [[nodiscard]] bool head_done() const { return head_.has_value(); }
  [[nodiscard]] bool expects_continue() const;  // the head asked for 100-continue, body pending
  [[nodiscard]] std::size_t buffered() const { return buffer_.size(); }

  [[nodiscard]] int status() const { return status_; }  // 400, 413, 431, 501 or 505 once failed
  [[nodiscard]] const std::string& detail() const { return detail_; }

 private:
  State fail(int status, const char* detail);
  State read_head();
  State read_body();
  State read_chunked();

  ReaderLimits limits_;
  std::string buffer_;
  std::optional<RawRequest> head_;  // head read, body pending
  std::size_t body_length_ = 0;     // Content-Length of the pending body
  bool chunked_ = false;
  std::size_t scanned_ = 0;  // bytes of buffer_ already checked for line endings
  std::optional<RawRequest> ready_;
  int status_ = 0;
  std::string detail_;
};

}  // namespace api
