// esimctl's command-line checks (src/cli/validate.hpp) and terminal-safe
// text (src/cli/output.hpp, table.hpp).
#include "validate.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <sstream>

#include "output.hpp"
#include "table.hpp"

namespace esimctl {
namespace {

// usageMessage returns the message of the UsageError |f| throws, or fails.
template <typename F> std::string usageMessage(F f) {
  try {
    f();
  } catch (const UsageError &e) {
    EXPECT_EQ(e.code(), esim::Errc::invalidArgument);
    EXPECT_EQ(printError(e, true), kExitUsage);
    return e.what();
  } catch (const std::exception &e) {
    ADD_FAILURE() << "not a UsageError: " << e.what();
    return {};
  }
  ADD_FAILURE() << "nothing thrown";
  return {};
}

MATCHER_P(Names, word, "") {
  return arg.find(word) != std::string::npos;
}

TEST(CheckGlobalOptions, DefaultsPass) {
  EXPECT_NO_THROW(checkGlobalOptions(GlobalOptions{}));
  GlobalOptions o;
  o.aid = "A0000005591010FFFFFFFF8900000100";
  o.resolve = {"smdp.example:443:127.0.0.1", "smdp.example:8443:[::1],127.0.0.1"};
  o.timeoutSeconds = 0.1;
  o.emulator = "card.json";
  EXPECT_NO_THROW(checkGlobalOptions(o));
}

TEST(CheckGlobalOptions, TimeoutMustBeFiniteAndInRange) {
  for (double t : {std::nan(""), -std::nan(""), std::numeric_limits<double>::infinity(),
                   -std::numeric_limits<double>::infinity(), 0.0, 0.09, 600.5, -1.0}) {
    GlobalOptions o;
    o.timeoutSeconds = t;
    EXPECT_THAT(usageMessage([&] { checkGlobalOptions(o); }), Names("--timeout")) << t;
  }
}

TEST(CheckGlobalOptions, AidIsFiveToSixteenBytesOfHex) {
  for (const char *aid :
       {"ABC", "", "A000000559", "A0000005591010FFFFFFFF890000010000", "A0000G0559", "A00000055"}) {
    GlobalOptions o;
    o.aid = aid;
    if (std::string(aid) == "A000000559") {
      EXPECT_NO_THROW(checkGlobalOptions(o)); // exactly 5 bytes
      continue;
    }
    EXPECT_THAT(usageMessage([&] { checkGlobalOptions(o); }), Names("--aid")) << aid;
  }
  GlobalOptions four;
  four.aid = "A0000005";
  EXPECT_THAT(usageMessage([&] { checkGlobalOptions(four); }), Names("4 bytes"));
}

TEST(CheckGlobalOptions, ReaderNotEmptyAndNotWithEmulator) {
  GlobalOptions empty;
  empty.reader = "";
  EXPECT_THAT(usageMessage([&] { checkGlobalOptions(empty); }), Names("--reader"));
  GlobalOptions both;
  both.reader = "0";
  both.emulator = "card.json";
  EXPECT_THAT(usageMessage([&] { checkGlobalOptions(both); }), Names("--emulator"));
  GlobalOptions noState;
  noState.emulator = "";
  EXPECT_THAT(usageMessage([&] { checkGlobalOptions(noState); }), Names("--emulator"));
}

TEST(CheckGlobalOptions, ResolveEntriesAreParsed) {
  for (const char *entry : {"garbage", "host:99999:127.0.0.1", "host:443:notanip", "a b:1:::1"}) {
    GlobalOptions o;
    o.resolve = {"ok.example:443:127.0.0.1", entry};
    std::string message = usageMessage([&] { checkGlobalOptions(o); });
    EXPECT_THAT(message, Names("--resolve")) << entry;
    EXPECT_THAT(message, Names(entry));
  }
}

TEST(CheckProfileQuery, EmptyOrBlankIsAUsageError) {
  EXPECT_THAT(usageMessage([] { checkProfileQuery("", "profile"); }), Names("profile"));
  EXPECT_THAT(usageMessage([] { checkProfileQuery(" \t", "profile"); }), Names("profile"));
  EXPECT_NO_THROW(checkProfileQuery("Tokyo trip", "profile"));
  EXPECT_NO_THROW(checkProfileQuery("8981100000000000002", "profile"));
}

TEST(CheckNickname, Utf8WithoutControlsUpTo64Bytes) {
  EXPECT_NO_THROW(checkNickname("", "nickname"));
  EXPECT_NO_THROW(checkNickname("トラベルSIM", "nickname"));
  EXPECT_NO_THROW(checkNickname(std::string(64, 'x'), "nickname"));
  std::string katakana;
  for (int i = 0; i < 21; ++i)
    katakana += "ト"; // 63 bytes
  EXPECT_NO_THROW(checkNickname(katakana, "nickname"));
  EXPECT_THAT(usageMessage([&] { checkNickname(katakana + "ト", "nickname"); }), Names("66 bytes"));
  EXPECT_THAT(usageMessage([] { checkNickname(std::string(65, 'x'), "nickname"); }),
              Names("65 bytes"));
  EXPECT_THAT(usageMessage([] { checkNickname("a\xff", "nickname"); }), Names("UTF-8"));
  EXPECT_THAT(usageMessage([] { checkNickname("\xc0\xaf", "nickname"); }), Names("UTF-8"));
  for (std::string bad : {std::string("a\x1b[2Jb"), std::string("a\nb"), std::string("a\tb"),
                          std::string("a\x7f"), std::string("a\xc2\x9b"), std::string("a\0b", 3)}) {
    EXPECT_THAT(usageMessage([&] { checkNickname(bad, "nickname"); }), Names("control character"));
  }
}

TEST(CheckSmdpAddress, FqdnWithOptionalPort) {
  EXPECT_NO_THROW(checkSmdpAddress("smdp.example.com", "address"));
  EXPECT_NO_THROW(checkSmdpAddress("smdp.example.com:8443", "address"));
  for (std::string bad :
       {std::string("http://not a host/"), std::string("https://smdp.example"),
        std::string("smdp.example/path"), std::string("smdp\x01.example"), std::string(300, 'a'),
        std::string("smdp.example:0"), std::string("smdp.example:99999"), std::string("")}) {
    EXPECT_THAT(usageMessage([&] { checkSmdpAddress(bad, "address"); }), Names("address"));
  }
}

TEST(ParseSeqNumber, NonNegativeInt64Only) {
  EXPECT_EQ(parseSeqNumber("0", "seq"), 0);
  EXPECT_EQ(parseSeqNumber("42", "seq"), 42);
  EXPECT_EQ(parseSeqNumber("9223372036854775807", "seq"), INT64_MAX);
  EXPECT_THAT(usageMessage([] { parseSeqNumber("9223372036854775808", "seq"); }),
              Names("out of range"));
  EXPECT_THAT(usageMessage([] { parseSeqNumber("99999999999999999999999", "seq"); }),
              Names("99999999999999999999999"));
  EXPECT_THAT(usageMessage([] { parseSeqNumber("-1", "seq"); }), Names("negative"));
  for (const char *bad : {"", "abc", "1.5", "+1", "0x10", " 1", "1e3"}) {
    EXPECT_THAT(usageMessage([&] { parseSeqNumber(bad, "seq"); }), Names("seq")) << bad;
  }
}

TEST(ParseSeqNumbers, DuplicatesAreAUsageError) {
  EXPECT_EQ(parseSeqNumbers({"3", "1", "2"}, "seq"), (std::vector<std::int64_t>{3, 1, 2}));
  EXPECT_THAT(usageMessage([] { parseSeqNumbers({"0", "0"}, "seq"); }), Names("0 is given twice"));
  EXPECT_THAT(usageMessage([] { parseSeqNumbers({"7", "07"}, "seq"); }), Names("7 is given twice"));
}

TEST(TerminalSafe, EscapesControlsAndInvalidUtf8) {
  EXPECT_EQ(terminalSafe("Tokyo trip"), "Tokyo trip");
  EXPECT_EQ(terminalSafe("トラベルSIM"), "トラベルSIM");
  EXPECT_EQ(terminalSafe("\x1b]0;pwned\x07"), "\\x1b]0;pwned\\x07");
  EXPECT_EQ(terminalSafe("a\r\n\tb"), "a\\x0d\\x0a\\x09b");
  EXPECT_EQ(terminalSafe("a\x7f"), "a\\x7f");
  EXPECT_EQ(terminalSafe("\xc2\x9b"
                         "31m"),
            "\\u009b31m");
  EXPECT_EQ(terminalSafe("a\xff\xc3"), "a\\xff\\xc3");
  EXPECT_EQ(terminalSafe(std::string("a\0b", 3)), "a\\x00b");
  EXPECT_EQ(terminalSafe("caf\xc3\xa9 \xc2\xa0"), "caf\xc3\xa9 \xc2\xa0"); // é, NBSP kept
  EXPECT_EQ(terminalSafeLines("line 1\nline\x1b 2"), "line 1\nline\\x1b 2");
}

TEST(TerminalSafe, TextErrorMessagesAreEscaped) {
  testing::internal::CaptureStderr();
  int rc = printError(esim::Error(esim::Errc::notFound, "no \x1b[2Jprofile", "hint\x07"), false);
  std::string err = testing::internal::GetCapturedStderr();
  EXPECT_EQ(rc, kExitError);
  EXPECT_EQ(err, "esimctl: error: no \\x1b[2Jprofile\nhint: hint\\x07\n");
}

TEST(Table, CellsAreEscapedAndAlignedByDisplayWidth) {
  Table table({"A", "B"});
  table.addRow({"\x1b[31m", "x"});
  table.addRow({"トラベル", "y"});
  table.addRow({"a\nb", "z"});
  std::ostringstream out;
  table.print(out);
  EXPECT_EQ(out.str(), "A         B\n"
                       "--------  -\n"
                       "\\x1b[31m  x\n"
                       "トラベル  y\n"
                       "a\\x0ab    z\n");
}

} // namespace
} // namespace esimctl
