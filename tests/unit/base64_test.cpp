#include "esim/base64.hpp"

#include <gtest/gtest.h>

#include "esim/error.hpp"

namespace esim {
namespace {

// RFC 4648 section 10 test vectors.
TEST(Base64, Rfc4648Vectors) {
  const char *plain[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
  const char *coded[] = {"", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"};
  for (int i = 0; i < 7; ++i) {
    std::string p = plain[i];
    Bytes b(p.begin(), p.end());
    EXPECT_EQ(base64Encode(b), coded[i]);
    EXPECT_EQ(base64Decode(coded[i]), b);
  }
}

TEST(Base64, RejectsGarbage) {
  EXPECT_THROW(base64Decode("Zm9"), Error);
  EXPECT_THROW(base64Decode("Zm=v"), Error);
  EXPECT_THROW(base64Decode("Zm9v*A=="), Error);
  EXPECT_THROW(base64Decode("Zg==Zm9v"), Error);
  EXPECT_EQ(base64Decode("Zm9v\nYmFy").size(), 6u);
}

// Found by fuzz_es9p_response: text whose unused bits before the padding are
// set decoded to the same bytes as the canonical text.
TEST(Base64, RejectsNonCanonicalPaddingBits) {
  EXPECT_THROW(base64Decode("aZ=="), Error); // canonical: "aQ=="
  EXPECT_THROW(base64Decode("QR=="), Error);
  EXPECT_THROW(base64Decode("Zm9=", "pendingNotification"), Error); // canonical: "Zm8="
  EXPECT_EQ(base64Decode("aQ=="), Bytes{0x69});
  EXPECT_EQ(base64Decode("Zm8="), (Bytes{'f', 'o'}));
  try {
    base64Decode("Zm9=", "pendingNotification");
    FAIL() << "no error";
  } catch (const Error &e) {
    EXPECT_NE(std::string(e.what()).find("pendingNotification"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("padding"), std::string::npos) << e.what();
  }
}

} // namespace
} // namespace esim
