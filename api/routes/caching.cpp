#include "routes/caching.hpp"

#include <set>

#include "auth/token_crypto.hpp"

namespace api {

bool cacheable(const Route& route) {
  // Only answers made from stored data that the change notifications cover; never what
  // depends on the clock (calendar windows, overdue lists) or on live media (health, events).
  static const std::set<std::string> kStoredData{"/v1/orgs",     "/v1/orgs/{id}",     "/v1/rooms", "/v1/rooms/{id}",
                                                 "/v1/meetings", "/v1/meetings/{id}", "/v1/tokens"};
  return route.method == "GET" && kStoredData.contains(route.pattern);
}

void add_read_caching(Router& router, ResponseCache& cache, sched::ChangeCounter& changes) {
  router.decorate([&cache, &changes](const Route& route) -> Handler {
    Handler inner = route.handler;
    if (route.method != "GET") {
      return [inner, &changes](Request& req) {
        // A dry run (a booking form checking as the secretariat types) writes nothing.
        if (req.query_param("dry_run") == std::optional<std::string>("true")) return inner(req);
        // Announce before and after (even when the handler throws): a read that overlaps
        // the write is not kept either.
        struct Announce {
          sched::ChangeCounter& c;
          ~Announce() { c.bump(); }
        } after{changes};
        changes.bump();
        return inner(req);
      };
    }
    if (!cacheable(route)) return inner;
    return [inner, &cache, &changes](Request& req) {
      // The key names the caller (by a digest of its credentials) and the exact request.
      std::string key = auth::digest(req.header("Authorization").value_or("")) + ' ' + req.path + '?';
      for (const auto& [k, v] : req.query) key += k + '=' + v + '&';
      const auto generation = changes.generation();
      if (auto hit = cache.get(key, generation)) return *hit;
      Response r = inner(req);
      if (r.status == 200) cache.put(key, generation, r);
      return r;
    };
  });
}

}  // namespace api
