#include "notify/curl_transport.hpp"

#include <curl/curl.h>

#include <cstring>
#include <memory>
#include <mutex>

namespace notify {
namespace {

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Easy {
  CURL* h;
  curl_slist* list = nullptr;
  curl_slist* headers = nullptr;
  char error[CURL_ERROR_SIZE] = {};
  Easy() : h((global_init(), curl_easy_init())) {
    if (h) {
      curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error);
      curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    }
  }
  ~Easy() {
    curl_slist_free_all(list);
    curl_slist_free_all(headers);
    if (h) curl_easy_cleanup(h);
  }
  Easy(const Easy&) = delete;
  Easy& operator=(const Easy&) = delete;
  [[nodiscard]] std::string why(CURLcode rc) const {
    return std::string(curl_easy_strerror(rc)) + (error[0] ? std::string(": ") + error : "");
  }
};

struct Reader {
  const std::string& text;
  std::size_t at = 0;
};

size_t read_chunk(char* buffer, size_t size, size_t count, void* user) {
  auto* r = static_cast<Reader*>(user);
  const std::size_t n = std::min(size * count, r->text.size() - r->at);
  std::memcpy(buffer, r->text.data() + r->at, n);
  r->at += n;
  return n;
}

size_t discard(char*, size_t size, size_t count, void*) { return size * count; }

std::string angle(const std::string& address) { return "<" + address + ">"; }

}  // namespace

Transfer send_mail(const SmtpRelay& relay, const std::string& to, const std::string& message) {
  Easy c;
  if (!c.h) return {false, true, "libcurl could not start a transfer"};
  Reader reader{message};
  curl_easy_setopt(c.h, CURLOPT_URL, relay.url.c_str());
  // The relay's TLS is required (STARTTLS on smtp://): credentials never travel in the clear.
  curl_easy_setopt(c.h, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
  if (!relay.ca_file.empty()) curl_easy_setopt(c.h, CURLOPT_CAINFO, relay.ca_file.c_str());
  if (!relay.username.empty()) {
    curl_easy_setopt(c.h, CURLOPT_USERNAME, relay.username.c_str());
    curl_easy_setopt(c.h, CURLOPT_PASSWORD, relay.password.c_str());
  }
  curl_easy_setopt(c.h, CURLOPT_MAIL_FROM, angle(relay.from).c_str());
  c.list = curl_slist_append(c.list, angle(to).c_str());
  curl_easy_setopt(c.h, CURLOPT_MAIL_RCPT, c.list);
  curl_easy_setopt(c.h, CURLOPT_READFUNCTION, read_chunk);
  curl_easy_setopt(c.h, CURLOPT_READDATA, &reader);
  curl_easy_setopt(c.h, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(c.h, CURLOPT_TIMEOUT, relay.timeout_seconds);
  curl_easy_setopt(c.h, CURLOPT_CONNECTTIMEOUT, 10L);
  const CURLcode rc = curl_easy_perform(c.h);
  if (rc == CURLE_OK) return {true, false, ""};
  long code = 0;
  curl_easy_getinfo(c.h, CURLINFO_RESPONSE_CODE, &code);
  // A permanent refusal (5xx: the recipient, or the credentials) is not retried; everything else may pass later.
  const bool permanent = code >= 500 && code < 600;
  return {false, !permanent, "SMTP: " + c.why(rc) + (code ? " (reply " + std::to_string(code) + ")" : "")};
}

Transfer post_json(const WebhookTarget& target, const std::string& body, const std::vector<std::string>& headers) {
  Easy c;
  if (!c.h) return {false, true, "libcurl could not start a transfer"};
  curl_easy_setopt(c.h, CURLOPT_URL, target.url.c_str());
  if (!target.ca_file.empty()) curl_easy_setopt(c.h, CURLOPT_CAINFO, target.ca_file.c_str());
  c.headers = curl_slist_append(c.headers, "Content-Type: application/json");
  for (const auto& h : headers) c.headers = curl_slist_append(c.headers, h.c_str());
  curl_easy_setopt(c.h, CURLOPT_HTTPHEADER, c.headers);
  curl_easy_setopt(c.h, CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(c.h, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  curl_easy_setopt(c.h, CURLOPT_WRITEFUNCTION, discard);
  curl_easy_setopt(c.h, CURLOPT_TIMEOUT, target.timeout_seconds);
  curl_easy_setopt(c.h, CURLOPT_CONNECTTIMEOUT, 10L);
  curl_easy_setopt(c.h, CURLOPT_FOLLOWLOCATION, 0L);
  const CURLcode rc = curl_easy_perform(c.h);
  if (rc != CURLE_OK) return {false, true, "webhook: " + c.why(rc)};
  long code = 0;
  curl_easy_getinfo(c.h, CURLINFO_RESPONSE_CODE, &code);
  if (code >= 200 && code < 300) return {true, false, ""};
  const bool retry = code >= 500 || code == 408 || code == 429;
  return {false, retry, "webhook: HTTP " + std::to_string(code)};
}

}  // namespace notify
