#pragma once
// The HTTP request and response as the handlers see them: plain values, independent of
// the server library (Pistache lives in pistache_server.cpp only).
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace api {

// Header names compared without regard to case (RFC 9110 §5.1).
struct CaseInsensitiveLess {
  bool operator()(std::string_view a, std::string_view b) const;
};
using Headers = std::map<std::string, std::string, CaseInsensitiveLess>;

struct Request {
  std::string method;  // "GET", "POST", ...
  std::string path;    // without the query
  std::map<std::string, std::string> query;
  Headers headers;
  std::string body;
  std::map<std::string, std::string> params;  // path parameters filled by the router
  std::string route;                          // the matched pattern, e.g. "/v1/meetings/{id}"

  [[nodiscard]] std::optional<std::string> header(std::string_view name) const;
  [[nodiscard]] std::optional<std::string> query_param(const std::string& name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  Headers headers;
  std::string file;  // when set (200 only), the server sends this file's contents as the body

  static Response json(int status, std::string body);
  static Response empty(int status);
};

}  // namespace api
