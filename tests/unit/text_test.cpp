// esim/text.hpp and the host-name and --resolve checks of esim/http.hpp.
#include "esim/text.hpp"

#include <gtest/gtest.h>

#include "esim/bytes.hpp"
#include "esim/error.hpp"
#include "esim/http.hpp"

namespace esim {
namespace {

std::string hexOf(std::string_view text) {
  return toHex(ByteView(reinterpret_cast<const std::uint8_t *>(text.data()), text.size()));
}

TEST(Utf8, DecodesOneToFourBytes) {
  char32_t c = 0;
  EXPECT_EQ(decodeUtf8("A", 0, c), 1u);
  EXPECT_EQ(c, U'A');
  EXPECT_EQ(decodeUtf8("\xc3\xa9", 0, c), 2u); // é
  EXPECT_EQ(c, U'\u00e9');
  EXPECT_EQ(decodeUtf8("\xe3\x83\x88", 0, c), 3u); // ト
  EXPECT_EQ(c, U'\u30c8');
  EXPECT_EQ(decodeUtf8("\xf0\x9f\x98\x80", 0, c), 4u); // U+1F600
  EXPECT_EQ(c, U'\U0001F600');
  EXPECT_EQ(decodeUtf8("ab", 2, c), 0u);
}

TEST(Utf8, RefusesWhatRfc3629Forbids) {
  for (const char *bad : {"\xff", "\x80", "\xc3", "\xe3\x83", "\xc0\xaf", "\xe0\x80\xaf",
                          "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xf8\x88\x80\x80\x80", "a\xc3(b"}) {
    EXPECT_FALSE(isValidUtf8(bad)) << hexOf(bad);
  }
  EXPECT_TRUE(isValidUtf8(""));
  EXPECT_TRUE(isValidUtf8("Tokyo trip"));
  EXPECT_TRUE(isValidUtf8("トラベルSIM"));
  EXPECT_TRUE(isValidUtf8("\xf4\x8f\xbf\xbf")); // U+10FFFF
}

TEST(Utf8, ControlCharactersAreC0DelAndC1) {
  EXPECT_TRUE(isControlCharacter(0x00));
  EXPECT_TRUE(isControlCharacter(0x1b));
  EXPECT_TRUE(isControlCharacter(0x7f));
  EXPECT_TRUE(isControlCharacter(0x9b));
  EXPECT_FALSE(isControlCharacter(U' '));
  EXPECT_FALSE(isControlCharacter(0xa0));
  EXPECT_TRUE(hasControlCharacter("a\tb"));
  EXPECT_TRUE(hasControlCharacter("a\nb"));
  EXPECT_TRUE(hasControlCharacter("\x1b]0;title\x07"));
  EXPECT_TRUE(hasControlCharacter("x\xc2\x9b"
                                  "31m")); // C1 CSI as UTF-8
  EXPECT_FALSE(hasControlCharacter("トラベルSIM"));
  EXPECT_FALSE(hasControlCharacter("\xff")); // not UTF-8, but no control character
}

TEST(HostName, DnsNamesOnly) {
  for (const char *good : {"smdp.example", "a", "rsp-3.example.com", "127.0.0.1"}) {
    EXPECT_TRUE(isValidHostName(good)) << good;
  }
  for (const char *bad : {"", "not a host", "-a.example", "a-.example", "a..example", ".example",
                          "example.", "smdp.example:443", "http://x", "a\x1b.example", "::1"}) {
    EXPECT_FALSE(isValidHostName(bad)) << bad;
  }
  std::string label64(64, 'a');
  label64 += ".example";
  EXPECT_FALSE(isValidHostName(label64)); // a label of 64
  std::string long254;
  while (long254.size() < 254)
    long254 += "abcdefghi.";
  long254.resize(254);
  EXPECT_FALSE(isValidHostName(long254));
}

TEST(ResolveEntry, ParsesWhatCurlAccepts) {
  ResolveEntry e = parseResolveEntry("smdp.example:443:127.0.0.1");
  EXPECT_EQ(e.host, "smdp.example");
  EXPECT_EQ(e.port, 443);
  EXPECT_EQ(e.addresses, std::vector<std::string>{"127.0.0.1"});
  e = parseResolveEntry("smdp.example:8443:[::1],127.0.0.1,::ffff:10.0.0.1");
  EXPECT_EQ(e.port, 8443);
  EXPECT_EQ(e.addresses, (std::vector<std::string>{"::1", "127.0.0.1", "::ffff:10.0.0.1"}));
  EXPECT_EQ(parseResolveEntry("h:65535:::1").addresses, std::vector<std::string>{"::1"});
  EXPECT_EQ(parseResolveEntry("h:1:[2001:db8::1]").port, 1);
}

TEST(ResolveEntry, RefusesEachBadPartNamingIt) {
  struct Case {
    const char *entry;
    const char *why;
  };
  for (const Case &c :
       {Case{"garbage", "two colons"}, Case{"smdp.example:443", "two colons"},
        Case{":443:127.0.0.1", "host name"}, Case{"not a host:443:127.0.0.1", "host name"},
        Case{"-h:443:127.0.0.1", "host name"}, Case{"+h:443:127.0.0.1", "host name"},
        Case{"h:99999:127.0.0.1", "port \"99999\""}, Case{"h:0:127.0.0.1", "port"},
        Case{"h::127.0.0.1", "port"}, Case{"h:x:127.0.0.1", "port"}, Case{"h:443:", "no ADDRESS"},
        Case{"h:443:notanip", "\"notanip\""}, Case{"h:443:127.0.0.1,", "\"\""},
        Case{"h:443:[127.0.0.1]", "[127.0.0.1]"}, Case{"h:443:256.0.0.1", "256.0.0.1"},
        Case{"h:443:[::1", "[::1"}, Case{"h:443: 127.0.0.1", "not an IPv4"}}) {
    try {
      parseResolveEntry(c.entry);
      ADD_FAILURE() << c.entry << " was accepted";
    } catch (const Error &e) {
      EXPECT_EQ(e.code(), Errc::invalidArgument) << c.entry;
      EXPECT_NE(std::string(e.what()).find(c.why), std::string::npos)
          << c.entry << ": " << e.what();
      EXPECT_NE(std::string(e.what()).find(c.entry), std::string::npos) << e.what();
    }
  }
}

} // namespace
} // namespace esim
