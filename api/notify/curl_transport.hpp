#pragma once
// Sending over the network with libcurl (linked only by api_curl): a message through an SMTP
// relay (STARTTLS required, AUTH with the configured credentials) and a JSON POST.
#include <string>
#include <vector>

namespace notify {

struct SmtpRelay {
  std::string url;       // smtp://host:port (STARTTLS is required) or smtps://host:port
  std::string username;  // empty: no AUTH
  std::string password;
  std::string from;      // the envelope sender and From:
  std::string ca_file;   // trust this CA for the relay's certificate (empty: the system's)
  long timeout_seconds = 30;
};

// What a transfer came to: delivered, or why not and whether trying again may help.
struct Transfer {
  bool delivered = false;
  bool worth_retrying = true;
  std::string error;
};

Transfer send_mail(const SmtpRelay& relay, const std::string& to, const std::string& message);

struct WebhookTarget {
  std::string url;
  std::string ca_file;
  long timeout_seconds = 15;
};

// POSTs `body` (application/json) with `headers` ("Name: value"); 2xx is delivered, 4xx other
// than 408/429 is not worth retrying.
Transfer post_json(const WebhookTarget& target, const std::string& body, const std::vector<std::string>& headers);

}  // namespace notify
