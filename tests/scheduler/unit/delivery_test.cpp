// Contact addresses and the back-off of failed deliveries (scheduler/delivery.hpp).
#include <gtest/gtest.h>

#include "scheduler/delivery.hpp"

namespace {

using namespace std::chrono_literals;

TEST(ContactAddress, OrdinaryMailboxesAreAccepted) {
  for (const char* ok : {"vanthu@quangngai.gov.vn", "phong.tchc+hop@so-noivu.quangngai.gov.vn", "a@b.vn",
                         "o'brien@example.org", "UBND.Xa@Mail.Gov.VN"})
    EXPECT_EQ(sched::email_address_problem(ok), "") << ok;
}

TEST(ContactAddress, MalformedOnesAreRefusedWithAReason) {
  for (const char* bad : {"", "vanthu", "@quangngai.gov.vn", "vanthu@", "vanthu@localhost", "van thu@quangngai.gov.vn",
                          ".vanthu@quangngai.gov.vn", "van..thu@quangngai.gov.vn", "vanthu.@quangngai.gov.vn",
                          "vanthu@-quangngai.gov.vn", "vanthu@quangngai..vn", "vanthu@quang_ngai.vn",
                          "vanthu@quangngai.gov.vn\r\nBcc: x@y.vn", "văn@quangngai.gov.vn", "a<b>@c.vn"})
    EXPECT_NE(sched::email_address_problem(bad), "") << bad;
  EXPECT_NE(sched::email_address_problem(std::string(65, 'a') + "@quangngai.gov.vn"), "");
  EXPECT_NE(sched::email_address_problem("a@" + std::string(250, 'b') + ".vn"), "");
}

TEST(DeliveryBackoff, DoublesFromTheBaseUpToTheCap) {
  EXPECT_EQ(sched::delivery_backoff(1, 5s), 5s);
  EXPECT_EQ(sched::delivery_backoff(2, 5s), 10s);
  EXPECT_EQ(sched::delivery_backoff(4, 5s), 40s);
  EXPECT_EQ(sched::delivery_backoff(30, 5s), 30min);
  EXPECT_EQ(sched::delivery_backoff(3, 200ms, 500ms), 500ms);
}

}  // namespace
