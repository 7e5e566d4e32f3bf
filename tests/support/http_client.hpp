#pragma once
// The end-to-end tests' HTTP/1.1 client: one TCP connection to an IPv4 address, kept alive
// across requests when the server allows it, reopened when it does not; every read and write
// times out. It can also send malformed bytes as they are (raw), which a packaged client will
// not. The service itself drives media nodes with cpp-httplib (media::RemoteNode).
#include <map>
#include <optional>
#include <string>

namespace testing_support {

struct HttpResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  bool reused_connection = false;

  [[nodiscard]] std::string header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? "" : it->second;
  }
};

class HttpClient {
 public:
  explicit HttpClient(int port, std::string address = "127.0.0.1", int timeout_seconds = 30)
      : port_(port), address_(std::move(address)), timeout_seconds_(timeout_seconds) {}
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // `raw_body` is sent as is; headers are "Name: value" lines joined by \r\n (may be empty).
  HttpResponse request(const std::string& method, const std::string& target, const std::string& headers = "",
                       const std::optional<std::string>& raw_body = std::nullopt);
  // Sends bytes exactly as given (for malformed requests); returns the raw answer.
  std::string raw(const std::string& bytes);

 private:
  void connect_if_needed(bool& reused);
  void close_connection();
  int port_;
  std::string address_;
  int timeout_seconds_;
  int fd_ = -1;
};

}  // namespace testing_support
