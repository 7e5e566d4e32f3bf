#pragma once
// Who may do what: roles, bearer-token records (the secret itself is never stored, only
// its hash) and the answers remembered for Idempotency-Key.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scheduler/time.hpp"

namespace sched {

// admin: everything. secretariat: books for its organisation and those below it.
// hall: one room; sees and joins that room's meetings. monitor: IT staff; reads within its scope.
enum class Role { admin, secretariat, hall, monitor };

std::string_view to_string(Role role);
std::optional<Role> role_from(std::string_view text);

struct TokenRecord {
  long long id = 0;
  Role role = Role::hall;
  std::optional<long long> org_id;
  std::optional<long long> room_id;
  std::string label;
  std::optional<long long> created_by;
  Instant created_at{};
  bool revoked = false;
};

struct RememberedAnswer {
  std::string request_hash;
  int status = 0;
  std::string body;
  std::string location;
  std::string etag;
};

class AccessRepository {
 public:
  virtual ~AccessRepository() = default;
  virtual TokenRecord create_token(const std::string& hash, const TokenRecord& t) = 0;
  [[nodiscard]] virtual std::optional<TokenRecord> token_by_hash(const std::string& hash) = 0;
  [[nodiscard]] virtual std::optional<TokenRecord> token(long long id) = 0;
  [[nodiscard]] virtual std::vector<TokenRecord> tokens() = 0;
  virtual void revoke_token(long long id) = 0;  // NotFound when missing
  [[nodiscard]] virtual bool any_admin_token() = 0;
  // The answer stored with a booking made under this key (see IdempotencyClaim).
  [[nodiscard]] virtual std::optional<RememberedAnswer> remembered(long long token_id, const std::string& key) = 0;
};

}  // namespace sched
