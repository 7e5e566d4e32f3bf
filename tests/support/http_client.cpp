#include "http_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <stdexcept>

namespace testing_support {
namespace {

void send_all(int fd, const std::string& data) {
  std::size_t sent = 0;
  while (sent < data.size()) {
    const auto n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) throw std::runtime_error("send failed");
    sent += static_cast<std::size_t>(n);
  }
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

}  // namespace

HttpClient::~HttpClient() { close_connection(); }

void HttpClient::close_connection() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

void HttpClient::connect_if_needed(bool& reused) {
  reused = fd_ >= 0;
  if (fd_ >= 0) return;
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  timeval tv{timeout_seconds_, 0};
  setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  int one = 1;
  setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port_));
  if (::inet_pton(AF_INET, address_.c_str(), &addr.sin_addr) != 1) {
    close_connection();
    throw std::runtime_error("not an IPv4 address: " + address_);
  }
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close_connection();
    throw std::runtime_error("cannot connect to " + address_ + ":" + std::to_string(port_));
  }
}

HttpResponse HttpClient::request(const std::string& method, const std::string& target, const std::string& headers,
                                 const std::optional<std::string>& raw_body) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    bool reused = false;
    connect_if_needed(reused);
    std::string req = method + " " + target + " HTTP/1.1\r\nHost: " + address_ + "\r\n";
    if (!headers.empty()) req += headers + "\r\n";
    if (raw_body) req += "Content-Length: " + std::to_string(raw_body->size()) + "\r\n";
    req += "\r\n";
    if (raw_body) req += *raw_body;
    try {
      send_all(fd_, req);
    } catch (const std::exception&) {
      close_connection();
      if (reused) continue;
      throw;
    }
    // Read the head.
    std::string buf;
    char chunk[65536];
    std::size_t head_end;
    while ((head_end = buf.find("\r\n\r\n")) == std::string::npos) {
      const auto n = ::recv(fd_, chunk, sizeof chunk, 0);
      if (n <= 0) {
        close_connection();
        if (reused && buf.empty()) break;  // the server had closed the idle connection
        throw std::runtime_error("connection closed before the response head");
      }
      buf.append(chunk, static_cast<std::size_t>(n));
    }
    if (head_end == std::string::npos) continue;
    HttpResponse resp;
    resp.reused_connection = reused;
    const std::string head = buf.substr(0, head_end);
    resp.status = std::stoi(head.substr(9, 3));
    std::size_t pos = head.find("\r\n");
    while (pos != std::string::npos && pos < head.size()) {
      const auto next = head.find("\r\n", pos + 2);
      const auto line = head.substr(pos + 2, (next == std::string::npos ? head.size() : next) - pos - 2);
      const auto colon = line.find(':');
      if (colon != std::string::npos) {
        auto value = line.substr(colon + 1);
        while (!value.empty() && value.front() == ' ') value.erase(0, 1);
        resp.headers[lower(line.substr(0, colon))] = value;
      }
      pos = next;
    }
    const std::size_t length = resp.headers.count("content-length") ? std::stoul(resp.headers["content-length"]) : 0;
    std::string body = buf.substr(head_end + 4);
    while (body.size() < length) {
      const auto n = ::recv(fd_, chunk, sizeof chunk, 0);
      if (n <= 0) throw std::runtime_error("connection closed inside the body");
      body.append(chunk, static_cast<std::size_t>(n));
    }
    resp.body = body.substr(0, length);
    if (lower(resp.header("connection")) == "close") close_connection();
    return resp;
  }
  throw std::runtime_error("request failed twice");
}

std::string HttpClient::raw(const std::string& bytes) {
  close_connection();
  bool reused = false;
  connect_if_needed(reused);
  send_all(fd_, bytes);
  ::shutdown(fd_, SHUT_WR);
  std::string out;
  char chunk[65536];
  for (;;) {
    const auto n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n <= 0) break;
    out.append(chunk, static_cast<std::size_t>(n));
  }
  close_connection();
  return out;
}

}  // namespace testing_support
