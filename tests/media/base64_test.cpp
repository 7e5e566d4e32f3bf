#include "media/base64.hpp"

#include <gtest/gtest.h>

namespace media {
namespace {

TEST(Base64, DecodesRfc4648Vectors) {
  auto text = [](const char* s) {
    const auto bytes = base64_decode(s);
    return bytes ? std::string(bytes->begin(), bytes->end()) : std::string("<invalid>");
  };
  EXPECT_EQ(text(""), "");
  EXPECT_EQ(text("Zg=="), "f");
  EXPECT_EQ(text("Zm8="), "fo");
  EXPECT_EQ(text("Zm9v"), "foo");
  EXPECT_EQ(text("Zm9vYmFy"), "foobar");
}

TEST(Base64, RejectsWhatIsNotBase64) {
  EXPECT_FALSE(base64_decode("Zm9"));     // length
  EXPECT_FALSE(base64_decode("Zm9v!A=="));  // alphabet
  EXPECT_FALSE(base64_decode("Z=9v"));    // padding inside
  EXPECT_FALSE(base64_decode("Zg==Zm9v"));  // data after padding
}

TEST(Base64, SdesKeyIsThirtyBytes) {
  const auto key = base64_decode("WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz");
  ASSERT_TRUE(key);
  EXPECT_EQ(key->size(), 30u);
}

}  // namespace
}  // namespace media
