#pragma once
// Errors that belong to HTTP itself rather than to the domain (bad syntax, auth, media
// type, size, preconditions). Mapped to problem+json with the domain errors in problem.cpp.
#include <stdexcept>
#include <string>

namespace api {

class HttpError : public std::runtime_error {
 public:
  HttpError(int status, std::string title, const std::string& detail)
      : std::runtime_error(detail), status_(status), title_(std::move(title)) {}
  [[nodiscard]] int status() const { return status_; }
  [[nodiscard]] const std::string& title() const { return title_; }

 private:
  int status_;
  std::string title_;
};

inline HttpError bad_request(const std::string& detail) { return {400, "Bad request", detail}; }
inline HttpError unauthorized(const std::string& detail) { return {401, "Unauthorized", detail}; }
inline HttpError forbidden(const std::string& detail) { return {403, "Forbidden", detail}; }
inline HttpError not_found(const std::string& detail) { return {404, "Not found", detail}; }
inline HttpError payload_too_large(const std::string& detail) { return {413, "Payload too large", detail}; }
inline HttpError unsupported_media_type(const std::string& detail) { return {415, "Unsupported media type", detail}; }
inline HttpError precondition_failed(const std::string& detail) { return {412, "Precondition failed", detail}; }
inline HttpError precondition_required(const std::string& detail) { return {428, "Precondition required", detail}; }
inline HttpError unprocessable(const std::string& detail) { return {422, "Unprocessable content", detail}; }

}  // namespace api
