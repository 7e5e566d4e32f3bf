#include "conductor/ids.hpp"

#include <gtest/gtest.h>

namespace conductor {
namespace {

TEST(Ids, ARoomTravelsAsItsHallIdAndBack) {
  EXPECT_EQ(hall_id_of(RoomId(42)), "42");
  EXPECT_EQ(room_of_hall("42"), RoomId(42));
}

TEST(Ids, AHallIdThatIsNotARoomIsAnErrorNeverRoomZero) {
  for (const char* bad : {"", "abc", "12x", "0", "-3", " 7", "99999999999999999999"})
    EXPECT_THROW(room_of_hall(bad), std::invalid_argument) << bad;
}

}  // namespace
}  // namespace conductor
