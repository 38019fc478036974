// hashConfirmationCode (hashCc, SGP.22 3.1.3.1) and SecretString / wipe.
#include "esim/confirmation_code.hpp"

#include <string>

#include <gtest/gtest.h>

#include "esim/error.hpp"
#include "esim/secret_string.hpp"

namespace esim {
namespace {

// The expected values were computed with coreutils' sha256sum, not with
// OpenSSL, when the test was written:
//   inner=$(printf '%s' '1234' | sha256sum | cut -d' ' -f1)
//     -> 03ac674216f3e15c761ee1a5e255f067953623c8b388b4459e13f978d7c846f4
//   { printf '%s' "$inner" | xxd -r -p;
//     printf '%s' 0123456789ABCDEF8899AABBCCDDEEFF | xxd -r -p; } | sha256sum
TEST(ConfirmationCode, HashCcVector) {
  const Bytes tid = fromHex("0123456789ABCDEF8899AABBCCDDEEFF"); // mode51's transactionId
  EXPECT_EQ(toHex(hashConfirmationCode("1234", tid)),
            "1BBFAAE6D38DEEAD8E3E28F92FA6E100C59B85260430D857271685165927CC5F");
}

// The code's bytes as typed (UTF-8, nothing normalised), a 1-byte
// transactionId:
//   inner=$(printf '%s' 'Grüße-7' | sha256sum | cut -d' ' -f1)
//   { printf '%s' "$inner" | xxd -r -p; printf '\x42'; } | sha256sum
TEST(ConfirmationCode, HashCcUtf8CodeShortTransactionId) {
  const Bytes tid = {0x42};
  EXPECT_EQ(toHex(hashConfirmationCode("Gr\xc3\xbc\xc3\x9f"
                                       "e-7",
                                       tid)),
            "A538B467B33B9AF2E653E4B5812BB3A3D42A616838F47B6DF4205F3002AA8F80");
}

TEST(ConfirmationCode, HashCcDependsOnTransactionIdAndCode) {
  const Bytes a = fromHex("00000000188DD217");
  const Bytes b = fromHex("00000000188DD218");
  EXPECT_EQ(hashConfirmationCode("1234", a).size(), kHashCcLength);
  EXPECT_NE(hashConfirmationCode("1234", a), hashConfirmationCode("1234", b));
  EXPECT_NE(hashConfirmationCode("1234", a), hashConfirmationCode("1235", a));
  EXPECT_NE(hashConfirmationCode("1234", a), hashConfirmationCode("1234 ", a));
}

TEST(ConfirmationCode, RefusesEmptyCodeAndBadTransactionId) {
  const Bytes tid = {0x01};
  EXPECT_THROW((void)hashConfirmationCode("", tid), Error);
  EXPECT_THROW((void)hashConfirmationCode("1234", Bytes{}), Error);
  EXPECT_THROW((void)hashConfirmationCode("1234", Bytes(17, 0x01)), Error);
  EXPECT_NO_THROW((void)hashConfirmationCode("1234", Bytes(16, 0x01)));
  try {
    (void)hashConfirmationCode("1234", Bytes(17, 0x01));
  } catch (const Error &e) {
    EXPECT_EQ(e.code(), Errc::invalidArgument);
    EXPECT_NE(std::string(e.what()).find("17 bytes"), std::string::npos) << e.what();
  }
}

TEST(SecretString, WipeClearsWholeCapacity) {
  std::string text(100, 'x');
  text.resize(3); // the bytes past size() still hold x's
  const std::size_t capacity = text.capacity();
  wipe(text);
  EXPECT_TRUE(text.empty());
  EXPECT_EQ(text.capacity(), capacity); // same buffer: it was overwritten, not freed
  text.resize(capacity);
  EXPECT_EQ(text, std::string(capacity, '\0'));
}

TEST(SecretString, TakesAndWipesTheCallersString) {
  std::string typed = "0123456789012345678901234567890123456789";
  SecretString secret(std::move(typed));
  EXPECT_EQ(secret.view(), "0123456789012345678901234567890123456789");
  EXPECT_TRUE(typed.empty()); // NOLINT(bugprone-use-after-move): wiped on purpose
  std::string shortText = "1234";
  SecretString shortSecret(std::move(shortText));
  EXPECT_EQ(shortSecret.view(), "1234");
  EXPECT_TRUE(shortText.empty()); // NOLINT(bugprone-use-after-move)
}

TEST(SecretString, CopyMoveClear) {
  SecretString a("1234");
  SecretString b = a;
  EXPECT_EQ(a, b);
  SecretString c = std::move(a);
  EXPECT_EQ(c.view(), "1234");
  EXPECT_TRUE(a.empty()); // NOLINT(bugprone-use-after-move): moved-from is wiped
  b = SecretString("5678");
  EXPECT_EQ(b.view(), "5678");
  b = c;
  EXPECT_EQ(b.view(), "1234");
  b.clear();
  EXPECT_TRUE(b.empty());
  EXPECT_EQ(b.size(), 0u);
  EXPECT_EQ(c.size(), 4u);
}

} // namespace
} // namespace esim
