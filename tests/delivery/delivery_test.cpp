// Invitations and reminders reach the invited organisations: by e-mail through a real SMTP
// server on loopback (aiosmtpd, STARTTLS and AUTH required), the iCalendar read back with
// libical; by an HMAC-signed webhook that fails twice before it accepts; exactly once (by
// Message-ID) across a kill -9 between sending and recording; bad addresses refused.
#include <gtest/gtest.h>
#include <libical/ical.h>
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>

#include "child_process.hpp"
#include "http_client.hpp"
#include "server_process.hpp"
#include "test_database.hpp"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing_support::ServerProcess;

const std::string kAdmin = "delivery-admin-token-0123456789abcdefghijkl";
const std::string kUser = "vanphong", kPassword = "mat-khau-chuyen-tiep", kSecret = "khoa-ky-webhook-0123456789";
const std::string kBookedAt = "2026-11-27T09:00:00+07:00";

template <typename F>
bool eventually(F check, std::chrono::seconds limit = std::chrono::seconds(60)) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (check()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  return check();
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct World {
  testing_support::TestDatabase db{"delivery"};
  fs::path dir;
  pid_t receivers = -1;
  int smtp_port = 0, http_port = 0;
  std::unique_ptr<ServerProcess> server;

  World() {
    if (!db.available()) return;
    char tmpl[] = "/tmp/meetingd-delivery-XXXXXX";
    dir = ::mkdtemp(tmpl);
    std::ofstream(dir / "credentials") << kUser << ":" << kPassword << "\n";
    std::ofstream(dir / "secret") << kSecret << "\n";
    smtp_port = testing_support::free_port();
    http_port = testing_support::free_port();
    receivers = testing_support::spawn({"/usr/bin/python3", MEETINGD_RECEIVERS, "--dir", dir.string(), "--smtp-port",
                                        std::to_string(smtp_port), "--http-port", std::to_string(http_port), "--user",
                                        kUser, "--password", kPassword, "--secret", kSecret, "--fail", "2"},
                                       {}, (dir / "receivers.log").string());
    if (!eventually([&] { return fs::exists(dir / "ready"); }, std::chrono::seconds(30)))
      throw std::runtime_error("the receivers did not start: " + read_file(dir / "receivers.log"));
    start(kBookedAt);
  }
  ~World() {
    server.reset();
    if (receivers > 0) testing_support::stop_process(receivers, std::chrono::seconds(2));
    if (!dir.empty()) fs::remove_all(dir);
  }
  // (Re)starts the service with its clock at `now`, relay and webhook configured (or neither).
  void start(const std::string& now, bool configured = true) {
    server.reset();
    if (!configured) {
      server = std::make_unique<ServerProcess>(db.url(), kAdmin, std::map<std::string, std::string>{{"MEETINGD_NOW", now}});
      return;
    }
    server = std::make_unique<ServerProcess>(
        db.url(), kAdmin, std::map<std::string, std::string>{{"MEETINGD_NOW", now}},
        std::vector<std::string>{"--smtp-url", "smtp://127.0.0.1:" + std::to_string(smtp_port), "--smtp-from",
                                 "vanphong@quangngai.gov.vn", "--smtp-credentials", (dir / "credentials").string(),
                                 "--smtp-ca-file", (dir / "relay.crt").string(), "--webhook-url",
                                 "http://127.0.0.1:" + std::to_string(http_port) + "/hook", "--webhook-secret-file",
                                 (dir / "secret").string(), "--public-url", "https://hop.quangngai.gov.vn",
                                 "--delivery-retry-base", "0.2"});
  }
};

World& world() {
  static World w;
  return w;
}

struct Answer {
  int status = 0;
  json body;
  std::string content_type;
};

Answer call(const std::string& method, const std::string& path, const std::optional<json>& body = std::nullopt,
            const std::string& extra = "") {
  testing_support::HttpClient client(world().server->port());
  std::string headers = "Authorization: Bearer " + kAdmin;
  if (body) headers += "\r\nContent-Type: application/json";
  if (!extra.empty()) headers += "\r\n" + extra;
  auto r = client.request(method, path, headers, body ? std::optional<std::string>(body->dump()) : std::nullopt);
  Answer a{r.status, json::parse(r.body, nullptr, false), r.header("content-type")};
  return a;
}

// A commune (changing with `n`) and its hall.
std::pair<long long, long long> district_with_hall(int n) {
  auto orgs = call("GET", "/v1/orgs?level=commune&as_of=2026-12-01&limit=50").body.at("items");
  const long long org = orgs.at(n).at("id").get<long long>();
  const long long room = call("GET", "/v1/rooms?org=" + std::to_string(org)).body.at("items").at(0).at("id").get<long long>();
  return {org, room};
}

long long province_hall() {
  auto orgs = call("GET", "/v1/orgs?level=province&as_of=2026-12-01").body.at("items");
  return call("GET", "/v1/rooms?org=" + std::to_string(orgs.at(0).at("id").get<long long>()))
      .body.at("items").at(0).at("id").get<long long>();
}

long long province() {
  return call("GET", "/v1/orgs?level=province&as_of=2026-12-01").body.at("items").at(0).at("id").get<long long>();
}

long long book(const std::string& start, const std::string& end, long long guest_room, const std::string& chair) {
  json body = {{"title", "Giao ban trực tuyến"},
               {"type", "other"},
               {"organiser_org_id", province()},
               {"chair", {{"name", chair}, {"position", "Chủ tịch UBND tỉnh"}}},
               {"host_room_id", province_hall()},
               {"room_ids", {guest_room}},
               {"start", start},
               {"end", end},
               {"agenda", {{{"title", "Tình hình kinh tế - xã hội"}, {"minutes", 30}}}},
               {"documents", {{{"title", "Báo cáo tháng 11"}, {"link", "https://vanban.quangngai.gov.vn/bc-11"}}}}};
  auto a = call("POST", "/v1/meetings", body);
  if (a.status != 201) throw std::runtime_error("not booked: " + a.body.dump());
  return a.body.at("id").get<long long>();
}

// --- reading what the SMTP server received -------------------------------------------------

std::string base64_decoded(const std::string& in) {
  static const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (char c : in) {
    const auto v = alphabet.find(c);
    if (v == std::string::npos) continue;
    buffer = (buffer << 6U) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> static_cast<unsigned>(bits)) & 0xFFU);
    }
  }
  return out;
}

struct Part {
  std::map<std::string, std::string> headers;  // names lower-cased, unfolded
  std::string body;
};

Part split(const std::string& text) {
  Part p;
  const auto end = text.find("\r\n\r\n");
  const std::string head = text.substr(0, end);
  p.body = end == std::string::npos ? "" : text.substr(end + 4);
  std::string unfolded;
  for (std::size_t i = 0; i < head.size(); ++i) {
    if (head.compare(i, 3, "\r\n ") == 0 || head.compare(i, 3, "\r\n\t") == 0) {
      i += 2;
      continue;
    }
    unfolded += head[i];
  }
  std::istringstream lines(unfolded);
  std::string line;
  while (std::getline(lines, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string name = line.substr(0, colon);
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    p.headers[name] = line.substr(colon + 1 + (line.size() > colon + 1 && line[colon + 1] == ' ' ? 1 : 0));
  }
  return p;
}

struct Mail {
  std::string message_id, to, subject, text, ics, ics_type;
  std::string method, uid;
  int sequence = -1;
};

Mail parse_mail(const std::string& raw) {
  Mail m;
  const Part top = split(raw);
  m.message_id = top.headers.count("message-id") ? top.headers.at("message-id") : "";
  m.to = top.headers.count("to") ? top.headers.at("to") : "";
  m.subject = top.headers.count("subject") ? top.headers.at("subject") : "";
  const std::string type = top.headers.count("content-type") ? top.headers.at("content-type") : "";
  const auto b = type.find("boundary=\"");
  if (b == std::string::npos) return m;
  const std::string boundary = "--" + type.substr(b + 10, type.find('"', b + 10) - b - 10);
  for (std::size_t at = top.body.find(boundary); at != std::string::npos;) {
    const auto start = at + boundary.size();
    if (top.body.compare(start, 2, "--") == 0) break;
    const auto next = top.body.find(boundary, start);
    const Part part = split(top.body.substr(start + 2, next - start - 2));
    const std::string ptype = part.headers.count("content-type") ? part.headers.at("content-type") : "";
    const std::string decoded = base64_decoded(part.body);
    if (ptype.rfind("text/plain", 0) == 0) m.text = decoded;
    if (ptype.rfind("text/calendar", 0) == 0) {
      m.ics = decoded;
      m.ics_type = ptype;
    }
    at = next;
  }
  if (icalcomponent* cal = icalparser_parse_string(m.ics.c_str())) {
    m.method = icalproperty_method_to_string(icalcomponent_get_method(cal));
    if (icalcomponent* ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT)) {
      m.uid = icalcomponent_get_uid(ev) ? icalcomponent_get_uid(ev) : "";
      m.sequence = icalcomponent_get_sequence(ev);
    }
    icalcomponent_free(cal);
  }
  return m;
}

// Every message received (duplicates included), oldest first.
std::vector<Mail> received() {
  std::vector<std::pair<int, Mail>> out;
  for (const auto& e : fs::directory_iterator(world().dir)) {
    const auto name = e.path().filename().string();
    if (name.rfind("mail-", 0) != 0 || e.path().extension() != ".eml") continue;
    out.emplace_back(std::stoi(name.substr(5)), parse_mail(read_file(e.path())));
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<Mail> mails;
  for (auto& [n, m] : out) mails.push_back(std::move(m));
  return mails;
}

std::string uid_of(long long meeting) { return "meeting-" + std::to_string(meeting) + "@meetingd"; }

// What a de-duplicating receiver keeps for `meeting`: one message per Message-ID.
std::vector<Mail> kept_for(long long meeting) {
  std::vector<Mail> kept;
  std::set<std::string> seen;
  for (auto& m : received())
    if (m.uid == uid_of(meeting) && seen.insert(m.message_id).second) kept.push_back(m);
  return kept;
}

json deliveries(long long meeting) {
  return call("GET", "/v1/meetings/" + std::to_string(meeting) + "/deliveries").body.at("items");
}

bool all_settled(long long meeting) {
  auto items = deliveries(meeting);
  if (items.empty()) return false;
  for (const auto& d : items)
    if (d.at("status") == "pending") return false;
  return true;
}

void set_contacts(long long org, const json& addresses) {
  auto a = call("PATCH", "/v1/orgs/" + std::to_string(org), json{{"contact_emails", addresses}});
  if (a.status != 200) throw std::runtime_error("contacts not set: " + a.body.dump());
}

class Delivery : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!world().db.available()) GTEST_SKIP() << "DATABASE_URL is not set (deploy/test sets it)";
  }
};

TEST_F(Delivery, BadContactAddressesAreRefusedAtInputAndChangeNothing) {
  const auto [org, room] = district_with_hall(0);
  (void)room;
  set_contacts(org, {"vanthu@huyen.quangngai.gov.vn"});
  for (const std::string bad : {"khong co a cong", "a..b@quangngai.gov.vn", "vanthu@localhost", "@quangngai.gov.vn",
                                "van thu@quangngai.gov.vn", "vanthu@quangngai.gov.vn\r\nBcc: x@y.vn"}) {
    auto a = call("PATCH", "/v1/orgs/" + std::to_string(org),
                  json{{"contact_emails", {"hopthu@quangngai.gov.vn", bad}}});
    EXPECT_TRUE(a.status == 400 || a.status == 422) << bad << ": " << a.status;
    EXPECT_EQ(a.content_type, "application/problem+json") << bad;
    EXPECT_NE(a.body.dump().find("contact_emails[1]"), std::string::npos) << a.body.dump();
  }
  auto org_now = call("GET", "/v1/orgs/" + std::to_string(org)).body;
  EXPECT_EQ(org_now.at("contact_emails"), json({"vanthu@huyen.quangngai.gov.vn"}));
}

TEST_F(Delivery, BookingChangeAndCancelReachTheInvitedOrganisationWithRequestThenHigherSequencesThenCancel) {
  const auto [org, room] = district_with_hall(1);
  set_contacts(org, {"vanthu.a@huyen.quangngai.gov.vn", "lanhdao.a@huyen.quangngai.gov.vn"});
  const long long id = book("2027-03-02T08:00:00+07:00", "2027-03-02T09:00:00+07:00", room, "Nguyễn Văn Mời");
  ASSERT_TRUE(eventually([&] { return kept_for(id).size() == 2; })) << read_file(world().server->log_path());
  for (const auto& m : kept_for(id)) {
    EXPECT_EQ(m.method, "REQUEST");
    EXPECT_EQ(m.sequence, 0);
    EXPECT_NE(m.ics_type.find("method=REQUEST"), std::string::npos) << m.ics_type;
    EXPECT_NE(m.text.find("Trân trọng kính mời"), std::string::npos) << m.text;
    EXPECT_NE(m.text.find("https://hop.quangngai.gov.vn/web/hall.html#room=" + std::to_string(room)), std::string::npos)
        << m.text;
    EXPECT_NE(m.text.find("Tình hình kinh tế - xã hội"), std::string::npos);
    EXPECT_NE(m.text.find("https://vanban.quangngai.gov.vn/bc-11"), std::string::npos);
    EXPECT_NE(m.text.find("08:00"), std::string::npos) << m.text;
    EXPECT_NE(m.subject.find("=?UTF-8?B?"), std::string::npos);
  }
  ASSERT_TRUE(eventually([&] { return all_settled(id); }));

  auto patch = call("PATCH", "/v1/meetings/" + std::to_string(id), json{{"end", "2027-03-02T09:30:00+07:00"}},
                    "If-Match: \"v1\"");
  ASSERT_EQ(patch.status, 200) << patch.body.dump();
  ASSERT_TRUE(eventually([&] { return kept_for(id).size() == 4; }));
  auto cancel = call("POST", "/v1/meetings/" + std::to_string(id) + "/cancel", json{{"reason", "Lãnh đạo đi công tác"}});
  ASSERT_EQ(cancel.status, 200) << cancel.body.dump();
  ASSERT_TRUE(eventually([&] { return kept_for(id).size() == 6; }));
  const auto mails = kept_for(id);
  for (int i : {2, 3}) {
    EXPECT_EQ(mails[i].method, "REQUEST");
    EXPECT_EQ(mails[i].sequence, 1);
  }
  for (int i : {4, 5}) {
    EXPECT_EQ(mails[i].method, "CANCEL");
    EXPECT_GT(mails[i].sequence, 1);
    EXPECT_NE(mails[i].text.find("Lãnh đạo đi công tác"), std::string::npos);
  }
  ASSERT_TRUE(eventually([&] { return all_settled(id); }));
  int sent_mail = 0;
  for (const auto& d : deliveries(id))
    if (d.at("channel") == "email") {
      EXPECT_EQ(d.at("status"), "sent") << d.dump();
      ++sent_mail;
    }
  EXPECT_EQ(sent_mail, 6);
}

TEST_F(Delivery, AWebhookAnswering500TwiceThen200IsDeliveredOnceSignedWithItsRetriesVisible) {
  const auto [org, room] = district_with_hall(2);
  (void)org;
  const long long id = book("2027-03-03T08:00:00+07:00", "2027-03-03T09:00:00+07:00", room, "Trần Thị Hook");
  ASSERT_TRUE(eventually([&] { return all_settled(id); }));
  const auto items = deliveries(id);
  json hook;
  for (const auto& d : items)
    if (d.at("channel") == "webhook") hook = d;
  ASSERT_FALSE(hook.is_null()) << items.dump();
  EXPECT_EQ(hook.at("status"), "sent");
  EXPECT_EQ(hook.at("attempts"), 3);
  EXPECT_EQ(hook.at("retries"), 2);
  EXPECT_EQ(hook.at("last_error"), "webhook: HTTP 500");
  const std::string event = hook.at("event_id").get<std::string>();
  int accepted = 0, requests = 0;
  for (const auto& e : fs::directory_iterator(world().dir)) {
    const auto name = e.path().filename().string();
    if (name.rfind("hook-", 0) != 0 || e.path().extension() != ".json") continue;
    auto h = json::parse(read_file(e.path()));
    if (h.at("event_id") != event) continue;
    ++accepted;
    EXPECT_TRUE(h.at("signature_ok").get<bool>());
    EXPECT_EQ(h.at("body").at("kind"), "book");
    EXPECT_EQ(h.at("body").at("meeting_id"), id);
  }
  std::istringstream log(read_file(world().dir / "hook-requests.log"));
  for (std::string line; std::getline(log, line);)
    if (line.rfind(event + " ", 0) == 0) ++requests;
  EXPECT_EQ(accepted, 1);
  EXPECT_EQ(requests, 3);
}

TEST_F(Delivery, AKillBetweenSendingAndRecordingDeliversExactlyOnceToADeduplicatingReceiver) {
  const auto [org, room] = district_with_hall(3);
  set_contacts(org, {"vanthu.kill@huyen.quangngai.gov.vn"});
  std::ofstream(world().dir / "hang") << "hold the reply to DATA\n";
  const long long id = book("2027-03-04T08:00:00+07:00", "2027-03-04T09:00:00+07:00", room, "Lê Văn Crash");
  // The message reached the receiver, whose reply is held: the service cannot know it arrived.
  ASSERT_TRUE(eventually([&] { return !kept_for(id).empty(); }));
  world().server->kill_hard();
  fs::remove(world().dir / "hang");
  world().start(kBookedAt);
  ASSERT_TRUE(eventually([&] { return all_settled(id); }));
  int copies = 0;
  for (const auto& m : received())
    if (m.uid == uid_of(id)) ++copies;
  EXPECT_EQ(copies, 2) << "sent again after the restart, with the same Message-ID";
  const auto kept = kept_for(id);
  ASSERT_EQ(kept.size(), 1U);
  EXPECT_EQ(kept[0].to, "<vanthu.kill@huyen.quangngai.gov.vn>");
  for (const auto& d : deliveries(id)) EXPECT_EQ(d.at("status"), "sent") << d.dump();
}

TEST_F(Delivery, RemindersGoOutOnce24HoursBeforeAndAtTheRehearsalOpening) {
  const auto [org, room] = district_with_hall(4);
  set_contacts(org, {"vanthu.nhac@huyen.quangngai.gov.vn"});
  const long long id = book("2026-11-30T14:00:00+07:00", "2026-11-30T15:00:00+07:00", room, "Phạm Văn Nhắc");
  ASSERT_TRUE(eventually([&] { return all_settled(id); }));
  const auto reminders = [&] {
    std::set<std::string> kept;
    for (const auto& m : kept_for(id))
      if (m.text.find("Xin nhắc lịch") != std::string::npos) kept.insert(m.message_id);
    return kept.size();
  };
  EXPECT_EQ(reminders(), 0U);
  world().start("2026-11-29T14:00:20+07:00");  // just past 24 hours before
  ASSERT_TRUE(eventually([&] { return reminders() == 1; }));
  // Another start at the same moment: the reminder is not sent again. (A booking made after
  // the restart is delivered after the restart's first reminder scan.)
  world().start("2026-11-29T14:00:40+07:00");
  const long long later = book("2027-03-05T08:00:00+07:00", "2027-03-05T09:00:00+07:00", room, "Phạm Văn Sau");
  ASSERT_TRUE(eventually([&] { return all_settled(later); }));
  EXPECT_EQ(reminders(), 1U);
  world().start("2026-11-30T13:30:20+07:00");  // the rehearsal opens 30 minutes before
  ASSERT_TRUE(eventually([&] { return reminders() == 2; }));
  ASSERT_TRUE(eventually([&] { return all_settled(id); }));
  int reminder_deliveries = 0;
  for (const auto& d : deliveries(id))
    if (d.at("event") == "reminder") ++reminder_deliveries;
  EXPECT_EQ(reminder_deliveries, 4);  // two reminders, each to the address and the webhook
  world().start(kBookedAt);
}

TEST_F(Delivery, WithoutARelayOrAWebhookTheOutboxRecordsNotConfiguredAndSendsNothing) {
  const auto [org, room] = district_with_hall(5);
  set_contacts(org, {"vanthu.khong@huyen.quangngai.gov.vn"});
  world().start(kBookedAt, false);
  const long long id = book("2027-03-08T08:00:00+07:00", "2027-03-08T09:00:00+07:00", room, "Võ Văn Không");
  ASSERT_TRUE(eventually([&] { return all_settled(id); }));
  const auto items = deliveries(id);
  ASSERT_EQ(items.size(), 2U) << items.dump();
  for (const auto& d : items) {
    EXPECT_EQ(d.at("status"), "not_configured") << d.dump();
    EXPECT_TRUE(d.at("sent_at").is_null());
    EXPECT_NE(d.at("last_error").get<std::string>().find("configured"), std::string::npos);
  }
  EXPECT_TRUE(kept_for(id).empty());
  world().start(kBookedAt);
}

}  // namespace
