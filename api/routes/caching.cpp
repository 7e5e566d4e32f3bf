#include "routes/caching.hpp"

#include "auth/token_crypto.hpp"

namespace api {

bool depends_on_clock(const Route& route) {
  const auto& p = route.pattern;
  return p.ends_with(".ics") || p == "/v1/meetings/overdue-conclusions" || p == "/readyz" || p == "/healthz";
}

void add_read_caching(Router& router, ResponseCache& cache, sched::ChangeCounter& changes) {
  router.decorate([&cache, &changes](const Route& route) -> Handler {
    Handler inner = route.handler;
    if (route.method != "GET") {
      return [inner, &changes](Request& req) {
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
    if (depends_on_clock(route)) return inner;
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
