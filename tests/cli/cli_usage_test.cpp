// Every option and argument is checked before the first APDU: a usage error
// exits 2, names the option, and leaves the card (the state file) untouched.
#include <cmath>

#include "cli_emulator.hpp"

namespace esim::test {
namespace {

using CliUsage = CliOnEmulator;

TEST_F(CliUsage, ResolveGarbageStopsRemoveBeforeTheCard) {
  expectUsage({"--resolve", "garbage", "remove", kTravelIccid, "--yes"}, "--resolve");
  expectUsage({"--resolve", "garbage", "profile", "delete", kHomeIccid, "--yes"}, "--resolve");
}

TEST_F(CliUsage, ResolvePortAndAddressAreChecked) {
  for (const char *entry : {"host:99999:127.0.0.1", "host:0:127.0.0.1", "host:443:notanip",
                            "host:443:", "not a host:443:127.0.0.1", "host:443:127.0.0.1,"}) {
    expectUsage({"--resolve", entry, "profile", "disable", kTravelIccid}, "--resolve");
  }
}

TEST_F(CliUsage, ResolveAcceptsWhatCurlAccepts) {
  for (const char *entry : {"smdp.example:443:127.0.0.1", "smdp.example:443:[::1]",
                            "smdp.example:443:::1", "smdp.example:8443:[::1],127.0.0.1"}) {
    EsimctlResult r = esimctl({"--resolve", entry, "--json", "profile", "list"});
    EXPECT_EQ(r.command.exitCode, 0) << entry << "\n" << r.describe();
  }
}

TEST_F(CliUsage, TimeoutMustBeAFiniteNumberInRange) {
  for (const char *t : {"nan", "NaN", "-nan", "inf", "-inf", "0", "601"}) {
    expectUsage({"--timeout", t, "profile", "disable", kTravelIccid}, "--timeout");
  }
}

TEST_F(CliUsage, AidMustBeFiveToSixteenBytesOfHex) {
  for (const char *aid :
       {"ABC", "A0000005", "A0000005591010FFFFFFFF890000010000", "XYZXYZXYZXYZ", ""}) {
    expectUsage({"--aid", aid, "profile", "list"}, "--aid");
  }
}

TEST_F(CliUsage, ReaderMustNotBeEmptyNorWithEmulator) {
  expectUsage({"--reader", "", "profile", "list"}, "--reader");
  expectUsage({"--reader", "0", "profile", "list"}, "--reader");
}

TEST_F(CliUsage, EmptyProfileArguments) {
  expectUsage({"profile", "enable", ""}, "profile");
  expectUsage({"profile", "disable", " "}, "profile");
  expectUsage({"profile", "delete", "", "--yes"}, "profile");
  expectUsage({"profile", "nickname", "", "x"}, "profile");
}

TEST_F(CliUsage, NicknameIsUtf8WithoutControlsUpTo64Bytes) {
  expectUsage({"profile", "nickname", kTravelIccid, "a\xff"}, "UTF-8");
  expectUsage({"profile", "nickname", kTravelIccid, "\xc0\xaf"}, "UTF-8");
  for (const char *bad : {"a\x1b[2Jb", "a\nb", "a\tb", "a\x7f", "a\xc2\x9b"}) {
    expectUsage({"profile", "nickname", kTravelIccid, bad}, "control character");
  }
  expectUsage({"profile", "nickname", kTravelIccid, std::string(65, 'x')}, "nickname");
  std::string katakana;
  for (int i = 0; i < 21; ++i)
    katakana += "ト"; // 63 bytes: allowed
  EsimctlResult ok = esimctl({"--json", "profile", "nickname", kTravelIccid, katakana});
  ASSERT_EQ(ok.command.exitCode, 0) << ok.describe();
  EXPECT_EQ(ok.json["data"]["profileNickname"], katakana);
}

TEST_F(CliUsage, DefaultSmdpMustBeAnFqdn) {
  for (std::string bad : {std::string("http://not a host/"), std::string("smdp\x01.example"),
                          std::string("smdp.example/path"), std::string(300, 'a')}) {
    expectUsage({"chip", "defaultsmdp", bad}, "address");
  }
  expectUsage({"chip", "defaultsmdp"}, "--clear");
  expectUsage({"chip", "defaultsmdp", "smdp.example.com", "--clear"}, "--clear");
  EsimctlResult ok = esimctl({"--json", "chip", "defaultsmdp", "smdp.example.com:8443"});
  ASSERT_EQ(ok.command.exitCode, 0) << ok.describe();
  EXPECT_EQ(ok.json["data"]["defaultDpAddress"], "smdp.example.com:8443");
}

TEST_F(CliUsage, NotificationProcessArguments) {
  expectUsage({"notification", "process", "0", "--all"}, "--all");
  expectUsage({"notification", "process"}, "--all");
  expectUsage({"notification", "process", "99999999999999999999999"}, "99999999999999999999999");
  expectUsage({"notification", "process", "-1"}, "-1");
  expectUsage({"notification", "process", "abc"}, "abc");
  expectUsage({"notification", "process", "0", "0"}, "0 is given twice");
}

TEST_F(CliUsage, NotificationRemoveArguments) {
  expectUsage({"notification", "remove", "99999999999999999999999", "--force"},
              "99999999999999999999999");
  expectUsage({"notification", "remove", "-1", "--force"}, "-1");
  expectUsage({"notification", "remove", "x", "--force"}, "'x'");
}

TEST_F(CliUsage, UnknownEventIsAUsageError) {
  expectUsage({"notification", "list", "--event", "bogus"}, "--event");
}

TEST_F(CliUsage, ChipResetWithNothingToReset) {
  expectUsage({"chip", "reset", "--yes"}, "--operational-profiles");
}

TEST_F(CliUsage, JsonUsageErrorIsAnObjectWithExit2) {
  EsimctlResult r =
      esimctl({"--json", "--trace", "--resolve", "garbage", "remove", kTravelIccid, "--yes"});
  EXPECT_EQ(r.command.exitCode, 2) << r.describe();
  ASSERT_TRUE(r.json.is_object()) << r.describe();
  EXPECT_EQ(r.json["ok"], false);
  EXPECT_EQ(r.json["error"]["code"], "invalid-argument");
  EXPECT_NE(r.json["error"]["message"].get<std::string>().find("--resolve"), std::string::npos);
  EXPECT_EQ(r.command.stderrText.find(">> "), std::string::npos) << r.describe();
  EXPECT_TRUE(stateUnchanged());
}

} // namespace
} // namespace esim::test
