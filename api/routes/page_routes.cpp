// The web pages (api/web): the secretariat's bookings, a hall's join page, the IT staff's
// dashboard. Plain HTML, CSS and JavaScript modules, no build step, nothing from outside.
// A URL names a file only through the fixed table below: no part of the request reaches
// the filesystem. The pages hold no secret (the token is pasted into the page and kept in
// the browser's session storage), so they are served without authentication.
#include <sys/stat.h>

#include <array>
#include <cstdio>
#include <string_view>

#include "http/http_error.hpp"
#include "routes/routes.hpp"

namespace api {
namespace {

struct PageFile {
  std::string_view name;
  std::string_view mime;
};

constexpr std::string_view kHtml = "text/html; charset=utf-8";
constexpr std::string_view kJs = "text/javascript; charset=utf-8";

constexpr std::array kFiles{
    PageFile{"index.html", kHtml},       PageFile{"secretariat.html", kHtml},
    PageFile{"hall.html", kHtml},        PageFile{"dashboard.html", kHtml},
    PageFile{"style.css", "text/css; charset=utf-8"},
    PageFile{"favicon.svg", "image/svg+xml"},
    PageFile{"home.js", kJs},
    PageFile{"i18n.js", kJs},            PageFile{"api.js", kJs},
    PageFile{"login.js", kJs},           PageFile{"secretariat.js", kJs},
    PageFile{"booking.js", kJs},         PageFile{"calendar.js", kJs},
    PageFile{"hall.js", kJs},            PageFile{"devices.js", kJs},
    PageFile{"whip.js", kJs},            PageFile{"dashboard.js", kJs},
    PageFile{"sparkline.js", kJs},
};

// The pages may talk only to this service; media may come from the camera and from
// WebRTC streams; nothing is framed elsewhere or sends a referrer.
constexpr std::string_view kPagePolicy =
    "default-src 'self'; img-src 'self' data: blob:; media-src 'self' blob: mediastream:; connect-src 'self'; "
    "script-src 'self'; style-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'";

Response serve(const Request& req, const Services& s, const std::string& wanted) {
  const PageFile* found = nullptr;
  for (const auto& f : kFiles)
    if (f.name == wanted) found = &f;
  if (found == nullptr || s.web_dir.empty()) throw not_found("no page " + wanted);
  const std::string path = s.web_dir + "/" + std::string(found->name);
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) throw not_found("no page " + wanted);
  // The version of the file on disk: an update is seen at the next revalidation.
  char tag[64];
  std::snprintf(tag, sizeof tag, "\"%llx-%llx\"", static_cast<unsigned long long>(st.st_mtim.tv_sec) * 1000000000ULL +
                                                      static_cast<unsigned long long>(st.st_mtim.tv_nsec),
                static_cast<unsigned long long>(st.st_size));
  Response r;
  r.content_type = std::string(found->mime);
  r.headers["ETag"] = tag;
  // Revalidate every time (a 304 costs one stat): pages and scripts always match each other.
  r.headers["Cache-Control"] = "no-cache";
  r.headers["X-Content-Type-Options"] = "nosniff";
  r.headers["Referrer-Policy"] = "no-referrer";
  if (found->mime == kHtml) r.headers["Content-Security-Policy"] = std::string(kPagePolicy);
  if (req.header("If-None-Match") == std::optional<std::string>(tag)) {
    r.status = 304;
    r.content_type.clear();
    return r;
  }
  r.status = 200;
  r.file = path;
  return r;
}

}  // namespace

void add_page_routes(Router& router, Services& s) {
  // The start page at the root too (its links are absolute, so they work from both).
  router.add("GET", "/", [&s](Request& r) { return serve(r, s, "index.html"); });
  router.add("GET", "/web/{file}", [&s](Request& r) { return serve(r, s, r.params.at("file")); });
}

}  // namespace api
