// The emulator's state file: JSON round trip, every validation error (with
// the field path in the message), and atomic saving.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>
#include <sys/stat.h>
#include <unistd.h>

#include "esim/error.hpp"
#include "esim/iccid.hpp"
#include "euicc_emu/demo_state.hpp"
#include "euicc_emu/state.hpp"

namespace {

namespace fs = std::filesystem;
using euicc_emu::EmulatorState;
using nlohmann::json;

// TempDir is a fresh directory below the system temp dir, removed at the end.
class TempDir {
public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "emu-state-XXXXXX").string();
    std::vector<char> buf(pattern.begin(), pattern.end());
    buf.push_back('\0');
    if (!::mkdtemp(buf.data())) throw std::runtime_error("mkdtemp failed");
    path_ = buf.data();
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path &path() const { return path_; }
  std::vector<std::string> entries() const {
    std::vector<std::string> out;
    for (const auto &e : fs::directory_iterator(path_))
      out.push_back(e.path().filename());
    std::sort(out.begin(), out.end());
    return out;
  }

private:
  fs::path path_;
};

std::string readFile(const fs::path &p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

json demo() {
  return json::parse(euicc_emu::demoStateJson());
}

// expectError parses |doc| and expects Error(Errc::emulator) whose message
// starts with "state file t.json: <path>: " and contains |fragment|.
void expectError(const json &doc, const std::string &path, const std::string &fragment) {
  SCOPED_TRACE(path + " / " + fragment);
  try {
    euicc_emu::parseState(doc.dump(), "t.json");
    ADD_FAILURE() << "no error";
  } catch (const esim::Error &e) {
    EXPECT_EQ(e.code(), esim::Errc::emulator);
    std::string msg = e.what();
    EXPECT_EQ(msg.rfind("state file t.json: " + path + ": ", 0), 0u) << msg;
    EXPECT_NE(msg.find(fragment), std::string::npos) << msg;
    EXPECT_FALSE(e.hint().empty());
  }
}

void expectError(const std::function<void(json &)> &edit, const std::string &path,
                 const std::string &fragment) {
  json doc = demo();
  edit(doc);
  expectError(doc, path, fragment);
}

// A state with every field of ProfileInfo and EUICCInfo2 set, in values the
// demo does not use.
EmulatorState fullState() {
  EmulatorState s = euicc_emu::parseState(euicc_emu::demoStateJson(), "demo");
  esim::ProfileInfo p;
  p.iccid = "894400000000000000";
  p.isdpAid = esim::fromHex("A0000005591010FFFFFFFF8900001200");
  p.profileState = esim::ProfileState::disabled;
  p.profileNickname = ""; // present but empty differs from absent
  p.serviceProviderName = "Test Operator";
  p.profileName = "Test profile";
  p.iconType = esim::IconType::jpg;
  p.icon = esim::Bytes{0xFF, 0xD8, 0xFF, 0xD9};
  p.profileClass = esim::ProfileClass::test;
  p.notificationConfigurationInfo = {{esim::NotificationEvent::notificationInstall, "a.example"},
                                     {esim::NotificationEvent::notificationDelete, "b.example"}};
  p.profileOwner =
      esim::OperatorId{esim::fromHex("00F110"), esim::fromHex("AB"), esim::fromHex("CDEF")};
  p.dpOid = "2.999.1";
  p.profilePolicyRules = esim::PprIds{true, true, true};
  s.profiles.push_back(p);
  esim::ProfileInfo bare;
  bare.iccid = "89440000000000000001";
  bare.isdpAid = esim::fromHex("A0000005591010FFFFFFFF8900001300");
  bare.profileState = esim::ProfileState::disabled;
  bare.profileClass = esim::ProfileClass::provisioning;
  bare.profilePolicyRules = esim::PprIds{}; // present, no rule set
  s.profiles.push_back(bare);
  s.isdrAid = esim::fromHex("A0000005591010FFFFFFFF8900050500");
  s.atr = esim::fromHex("3B00");
  s.euiccInfo2.euiccCategory = esim::EuiccCategory::contactlessEuicc;
  s.euiccInfo2.forbiddenProfilePolicyRules = esim::PprIds{false, true, false};
  s.euiccInfo2.certificationDataObject = esim::CertificationDataObject{"label", "https://x"};
  s.euiccInfo1.euiccCiPKIdListForSigning.push_back(esim::fromHex("0102"));
  s.configuredAddresses.defaultDpAddress = "smdp.example";
  s.nextSeqNumber = 12;
  s.notifications.push_back({{3, esim::NotificationEvent::notificationDelete, "smdp.example",
                              std::string("894400000000000000")},
                             esim::fromHex("30020101")});
  s.notifications.push_back(
      {{11, esim::NotificationEvent::notificationEnable, "smdp.example", std::nullopt},
       esim::fromHex("BF3700")});
  return s;
}

TEST(EmuState, DemoStateIsValidAndRealistic) {
  EmulatorState s = euicc_emu::parseState(euicc_emu::demoStateJson(), "demo");
  EXPECT_EQ(esim::toHex(s.eid), "89049032123451234512345678901235");
  ASSERT_EQ(s.profiles.size(), 2u);
  EXPECT_EQ(s.profiles[0].profileState, esim::ProfileState::enabled);
  EXPECT_EQ(s.profiles[1].profileState, esim::ProfileState::disabled);
  EXPECT_EQ(*s.profiles[0].serviceProviderName, "\xE3\x83\x88\xE3\x83\xA9\xE3\x83\x99\xE3\x83\xAB"
                                                "SIM"); // トラベルSIM
  EXPECT_EQ(esim::toHex(esim::encodeIccid(*s.profiles[0].iccid)), "981801000000000000F2");
  ASSERT_TRUE(s.profiles[0].icon);
  EXPECT_EQ(esim::toHex(esim::ByteView(*s.profiles[0].icon).first(8)), "89504E470D0A1A0A");
  EXPECT_EQ(s.profiles[0].notificationConfigurationInfo.size(), 4u);
  EXPECT_EQ(esim::toHex(s.profiles[0].profileOwner->mccMnc), "44F001");
  EXPECT_EQ(s.euiccInfo1, euicc_emu::euiccInfo1From(s.euiccInfo2));
  // extCardResource: 81 01 00, 82 03 06 4A B9 (412345), 83 02 80 00 (32768).
  EXPECT_EQ(esim::toHex(s.euiccInfo2.extCardResource), "8101008203064AB98302"
                                                       "8000");
  EXPECT_EQ(esim::toHex(s.euiccInfo2.uiccCapability.bytes), "7F36C0");
  EXPECT_EQ(s.euiccInfo2.uiccCapability.unusedBits, 6);
  EXPECT_EQ(esim::toHex(s.euiccInfo2.rspCapability.bytes), "90");
  EXPECT_EQ(s.euiccInfo2.rspCapability.unusedBits, 4);
  EXPECT_EQ(s.isdrAid, euicc_emu::defaultIsdrAid());
}

TEST(EmuState, JsonRoundTripKeepsEveryField) {
  EmulatorState s = fullState();
  std::string text = euicc_emu::stateToJson(s);
  EmulatorState back = euicc_emu::parseState(text, "round trip");
  EXPECT_EQ(back, s);
  EXPECT_EQ(euicc_emu::stateToJson(back), text); // normalized form is stable
  // Spot checks of the written form.
  json doc = json::parse(text);
  EXPECT_EQ(doc["profiles"][2]["profilePolicyRules"],
            json::parse(R"(["pprUpdateControl","ppr1","ppr2"])"));
  EXPECT_EQ(doc["profiles"][2]["icon"], "/9j/2Q==");
  EXPECT_EQ(doc["profiles"][2]["profileNickname"], "");
  EXPECT_FALSE(doc["profiles"][1].contains("profileNickname"));
  EXPECT_EQ(doc["profiles"][3]["profilePolicyRules"], json::array());
  EXPECT_EQ(doc["isdrAid"], "A0000005591010FFFFFFFF8900050500");
  EXPECT_TRUE(doc.contains("euiccInfo1")); // differs from euiccInfo2's lists
}

TEST(EmuState, DemoRoundTripOmitsDefaults) {
  EmulatorState s = euicc_emu::parseState(euicc_emu::demoStateJson(), "demo");
  json doc = json::parse(euicc_emu::stateToJson(s));
  EXPECT_FALSE(doc.contains("isdrAid"));
  EXPECT_FALSE(doc.contains("atr"));
  EXPECT_FALSE(doc.contains("euiccInfo1"));
  EXPECT_EQ(euicc_emu::parseState(doc.dump(), "again"), s);
}

TEST(EmuState, AnExplicitAtrIsWrittenBackEvenWhenItIsTheDefault) {
  // The default ATR changed once (T=0 and T=1 before, T=0 only now): a file
  // that names an ATR keeps it, whichever it is.
  for (const char *atr : {"3B179680318073FE211B", "3B87800180318073FE211B80"}) {
    json doc = demo();
    doc["atr"] = atr;
    EmulatorState s = euicc_emu::parseState(doc.dump(), "demo");
    EXPECT_EQ(json::parse(euicc_emu::stateToJson(s))["atr"], atr);
  }
}

TEST(EmuState, UnknownKeysAreKeptAndNullMeansAbsent) {
  json doc = demo();
  doc["futureKey"] = {{"x", 1}};
  doc["profiles"][0]["futureField"] = 7;
  doc["profiles"][0]["profileNickname"] = nullptr;
  EmulatorState s = euicc_emu::parseState(doc.dump(), "t.json");
  EXPECT_FALSE(s.profiles[0].profileNickname);
  EXPECT_EQ(s.unknownKeys.topLevel, R"({"futureKey":{"x":1}})");
  EXPECT_EQ(s.unknownKeys.profiles.at("8981100000000000002"), R"({"futureField":7})");
  // Written back, and read back to an equal state.
  json saved = json::parse(euicc_emu::stateToJson(s));
  EXPECT_EQ(saved["futureKey"], doc["futureKey"]);
  EXPECT_EQ(saved["profiles"][0]["futureField"], 7);
  EXPECT_FALSE(saved["profiles"][0].contains("profileNickname"));
  EXPECT_EQ(euicc_emu::parseState(saved.dump(), "t.json"), s);
}

TEST(EmuState, NextSeqNumberDefaultsAboveStoredNotifications) {
  json doc = demo();
  doc.erase("nextSeqNumber");
  doc["notifications"] = json::parse(R"([{"seqNumber": 4, "profileManagementOperation": "enable",
      "notificationAddress": "x.example", "der": "3000"}])");
  EXPECT_EQ(euicc_emu::parseState(doc.dump(), "t.json").nextSeqNumber, 5);
}

TEST(EmuState, SyntaxErrorsAreReportedWithPosition) {
  for (const char *text : {"", "{", "{\"eid\": }", "[1, 2", "nul", "{\"a\":1}}", "\xFF"}) {
    SCOPED_TRACE(text);
    try {
      euicc_emu::parseState(text, "t.json");
      ADD_FAILURE() << "no error";
    } catch (const esim::Error &e) {
      EXPECT_EQ(e.code(), esim::Errc::emulator);
      EXPECT_NE(std::string(e.what()).find("state file t.json: not valid JSON"), std::string::npos)
          << e.what();
    }
  }
}

// Found by fuzz_emu_state: nlohmann::json reports a number too large for a
// double as out_of_range, not parse_error, and it escaped parseState.
TEST(EmuState, NumberOverflowIsAnErrorNotACrash) {
  for (const char *text : {"7770E771", "{\"nextSeqNumber\": 1E999}", "[-1e400]"}) {
    SCOPED_TRACE(text);
    try {
      euicc_emu::parseState(text, "t.json");
      ADD_FAILURE() << "no error";
    } catch (const esim::Error &e) {
      EXPECT_EQ(e.code(), esim::Errc::emulator);
      EXPECT_NE(std::string(e.what()).find("state file t.json: not valid JSON"), std::string::npos)
          << e.what();
      EXPECT_NE(std::string(e.what()).find("overflow"), std::string::npos) << e.what();
    }
  }
}

TEST(EmuState, DeeplyNestedJsonIsAnErrorNotACrash) {
  std::string deep(100000, '[');
  deep += std::string(100000, ']');
  EXPECT_THROW(euicc_emu::parseState(deep, "t.json"), esim::Error);
}

TEST(EmuState, TopLevelAndRequiredKeys) {
  expectError(json::array(), "(top level)", "expected an object, got an array");
  expectError([](json &d) { d.erase("eid"); }, "eid", "missing required key");
  expectError([](json &d) { d.erase("euiccInfo2"); }, "euiccInfo2", "missing required key");
  expectError([](json &d) { d["euiccInfo2"].erase("svn"); }, "euiccInfo2.svn",
              "missing required key");
  expectError([](json &d) { d["configuredAddresses"].erase("rootDsAddress"); },
              "configuredAddresses.rootDsAddress", "missing required key");
  expectError([](json &d) { d["profiles"][1].erase("iccid"); }, "profiles[1].iccid",
              "missing required key");
  expectError([](json &d) { d["profiles"][0].erase("isdpAid"); }, "profiles[0].isdpAid",
              "missing required key");
  expectError([](json &d) { d["profiles"][0].erase("profileState"); }, "profiles[0].profileState",
              "missing required key");
  expectError(
      [](json &d) {
        d["profiles"][0]["notificationConfigurationInfo"][2].erase("notificationAddress");
      },
      "profiles[0].notificationConfigurationInfo[2].notificationAddress", "missing required key");
  expectError([](json &d) { d["formatVersion"] = 2; }, "formatVersion", "newer euicc-emu");
}

TEST(EmuState, WrongTypes) {
  expectError([](json &d) { d["eid"] = 5; }, "eid", "expected a string, got an integer");
  expectError([](json &d) { d["profiles"] = json::object(); }, "profiles",
              "expected an array, got an object");
  expectError([](json &d) { d["profiles"][0]["profileNickname"] = true; },
              "profiles[0].profileNickname", "expected a string, got a boolean");
  expectError([](json &d) { d["euiccInfo2"]["freeNonVolatileMemory"] = -1; },
              "euiccInfo2.freeNonVolatileMemory", "0 or more");
  expectError([](json &d) { d["euiccInfo2"]["freeNonVolatileMemory"] = 1.5; },
              "euiccInfo2.freeNonVolatileMemory", "expected an unsigned integer");
  expectError([](json &d) { d["profiles"][1] = "x"; }, "profiles[1]",
              "expected an object, got a string");
  expectError([](json &d) { d["nextSeqNumber"] = 18446744073709551615ull; }, "nextSeqNumber",
              "too large");
}

TEST(EmuState, BadValues) {
  expectError([](json &d) { d["eid"] = "8904903212345123451234567890123G"; }, "eid",
              "not hexadecimal");
  expectError([](json &d) { d["eid"] = "890490321234512345123456789012"; }, "eid",
              "15 bytes, expected 16");
  expectError([](json &d) { d["isdrAid"] = "A000"; }, "isdrAid", "2 bytes, expected 5 to 16");
  expectError([](json &d) { d["atr"] = "009000"; }, "atr", "3B or 3F");
  expectError([](json &d) { d["euiccInfo2"]["svn"] = "2.2"; }, "euiccInfo2.svn", "not a version");
  expectError([](json &d) { d["euiccInfo2"]["ppVersion"] = "1.256.0"; }, "euiccInfo2.ppVersion",
              "not a version");
  expectError([](json &d) { d["euiccInfo2"]["uiccCapability"][1] = "warpDrive"; },
              "euiccInfo2.uiccCapability[1]", "unknown bit name 'warpDrive'");
  expectError([](json &d) { d["euiccInfo2"]["euiccCategory"] = "huge"; },
              "euiccInfo2.euiccCategory", "not one of");
  expectError([](json &d) { d["euiccInfo2"]["euiccCiPKIdListForSigning"][0] = "F5417"; },
              "euiccInfo2.euiccCiPKIdListForSigning[0]", "not hexadecimal");
  expectError([](json &d) { d["profiles"][1]["iccid"] = "8949000000000000000F"; },
              "profiles[1].iccid", "not an ICCID");
  expectError([](json &d) { d["profiles"][1]["iccid"] = "894900000000000"; }, "profiles[1].iccid",
              "not an ICCID");
  expectError([](json &d) { d["profiles"][1]["isdpAid"] = "A0000005591010FFFFFFFF890000110000"; },
              "profiles[1].isdpAid", "17 bytes");
  expectError([](json &d) { d["profiles"][1]["isdpAid"] = "A0000005591010FFFFFFFF8900000100"; },
              "profiles[1].isdpAid", "equals the ISD-R AID");
  expectError([](json &d) { d["profiles"][0]["profileState"] = "on"; }, "profiles[0].profileState",
              "'on' is not one of enabled, disabled");
  expectError([](json &d) { d["profiles"][0]["iconType"] = "gif"; }, "profiles[0].iconType",
              "not one of png, jpg");
  expectError([](json &d) { d["profiles"][0]["icon"] = "iVBORw0KGgo*"; }, "profiles[0].icon",
              "not valid base64");
  expectError([](json &d) { d["profiles"][0]["icon"] = std::string(1368, 'A'); },
              "profiles[0].icon", "1026 bytes, expected 0 to 1024");
  expectError([](json &d) { d["profiles"][0]["profileClass"] = "gold"; },
              "profiles[0].profileClass", "not one of");
  expectError([](json &d) { d["profiles"][0]["profileNickname"] = std::string(65, 'n'); },
              "profiles[0].profileNickname", "65 bytes of UTF-8; at most 64");
  expectError(
      [](json &d) {
        d["profiles"][0]["serviceProviderName"] =
            std::string(12, 'x') + "\xE3\x83\x88\xE3\x83\xA9\xE3\x83\x99\xE3\x83\xAB\xE3\x83\xAB"
                                   "\xE3\x83\xAB\xE3\x83\xAB";
      },
      "profiles[0].serviceProviderName", "33 bytes of UTF-8; at most 32 are allowed");
  expectError(
      [](json &d) {
        d["profiles"][0]["notificationConfigurationInfo"][0]["profileManagementOperation"] = "wipe";
      },
      "profiles[0].notificationConfigurationInfo[0].profileManagementOperation",
      "'wipe' is not one of install, enable, disable, delete");
  expectError(
      [](json &d) {
        d["profiles"][0]["notificationConfigurationInfo"][0]["notificationAddress"] = "";
      },
      "profiles[0].notificationConfigurationInfo[0].notificationAddress", "is empty");
  expectError([](json &d) { d["profiles"][0]["profileOwner"]["mccMnc"] = "44F0"; },
              "profiles[0].profileOwner.mccMnc", "2 bytes, expected 3");
  expectError([](json &d) { d["profiles"][0]["profileOwner"]["gid1"] = "0"; },
              "profiles[0].profileOwner.gid1", "not hexadecimal");
  expectError([](json &d) { d["profiles"][0]["dpOid"] = "1.3.6.x"; }, "profiles[0].dpOid",
              "not a dotted OID");
  expectError([](json &d) { d["profiles"][0]["dpOid"] = "7.1"; }, "profiles[0].dpOid",
              "not a dotted OID");
  expectError([](json &d) { d["profiles"][0]["profilePolicyRules"] = json::array({"ppr3"}); },
              "profiles[0].profilePolicyRules[0]", "unknown policy rule 'ppr3'");
}

TEST(EmuState, CrossFieldRules) {
  expectError([](json &d) { d["profiles"][1]["profileState"] = "enabled"; },
              "profiles[1].profileState", "profiles[0] is enabled too");
  expectError([](json &d) { d["profiles"][1]["iccid"] = d["profiles"][0]["iccid"]; },
              "profiles[1].iccid", "also the ICCID of profiles[0]");
  expectError([](json &d) { d["profiles"][1]["isdpAid"] = "a0000005591010ffffffff8900001000"; },
              "profiles[1].isdpAid", "also the AID of profiles[0]");
  json twoNotifications = json::parse(R"([
      {"seqNumber": 1, "profileManagementOperation": "enable", "notificationAddress": "x",
       "der": "30"},
      {"seqNumber": 1, "profileManagementOperation": "delete", "notificationAddress": "x",
       "der": "30"}])");
  expectError(
      [&](json &d) {
        d["notifications"] = twoNotifications;
        d["nextSeqNumber"] = 5;
      },
      "notifications[1].seqNumber", "used by two notifications");
  expectError(
      [&](json &d) {
        d["notifications"] = twoNotifications;
        d["notifications"][1]["seqNumber"] = 2;
        d["nextSeqNumber"] = 2;
      },
      "notifications[1].seqNumber", "not below nextSeqNumber 2");
  expectError(
      [&](json &d) {
        d["notifications"] = twoNotifications;
        d["notifications"].erase(1);
        d["notifications"][0]["der"] = "";
        d["nextSeqNumber"] = 5;
      },
      "notifications[0].der", "is empty");
}

TEST(EmuState, ValidateStateChecksStatesBuiltInCode) {
  EmulatorState s = fullState();
  s.profiles[2].profileNickname = std::string("\xC3\x28"); // not UTF-8
  EXPECT_THROW(euicc_emu::validateState(s, "code"), esim::Error);
  s = fullState();
  s.profiles[2].iccid.reset();
  EXPECT_THROW(euicc_emu::validateState(s, "code"), esim::Error);
  s = fullState();
  s.euiccInfo2.svn = {2, 2};
  EXPECT_THROW(euicc_emu::validateState(s, "code"), esim::Error);
  EXPECT_NO_THROW(euicc_emu::validateState(fullState(), "code"));
}

TEST(EmuStateFile, SaveAndLoad) {
  TempDir dir;
  fs::path file = dir.path() / "card.json";
  EmulatorState s = fullState();
  euicc_emu::saveState(s, file);
  EXPECT_EQ(euicc_emu::loadState(file), s);
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"card.json"}); // no temporary left
  struct stat st {};
  ASSERT_EQ(::stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0600u);
  // An existing file keeps its mode.
  ASSERT_EQ(::chmod(file.c_str(), 0640), 0);
  euicc_emu::saveState(euicc_emu::parseState(euicc_emu::demoStateJson()), file);
  ASSERT_EQ(::stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0640u);
  EXPECT_EQ(euicc_emu::loadState(file).profiles.size(), 2u);
}

TEST(EmuStateFile, MissingFileIsAnIoErrorWithAHint) {
  TempDir dir;
  try {
    euicc_emu::loadState(dir.path() / "nope.json");
    ADD_FAILURE() << "no error";
  } catch (const esim::Error &e) {
    EXPECT_EQ(e.code(), esim::Errc::ioError);
    EXPECT_NE(std::string(e.what()).find("nope.json"), std::string::npos);
    EXPECT_NE(e.hint().find("--init"), std::string::npos);
  }
}

TEST(EmuStateFile, BadContentNamesTheFile) {
  TempDir dir;
  fs::path file = dir.path() / "bad.json";
  std::ofstream(file) << "{\"eid\": \"00\"}";
  try {
    euicc_emu::loadState(file);
    ADD_FAILURE() << "no error";
  } catch (const esim::Error &e) {
    EXPECT_EQ(e.code(), esim::Errc::emulator);
    EXPECT_NE(std::string(e.what()).find("state file " + file.string() + ": eid: "),
              std::string::npos)
        << e.what();
  }
}

TEST(EmuStateFile, FailedSaveLeavesTheOldFileAndNoTemporary) {
  TempDir dir;
  // A directory in the file's place is refused before a temporary is made.
  fs::path target = dir.path() / "state.json";
  fs::create_directory(target);
  try {
    euicc_emu::saveState(fullState(), target);
    ADD_FAILURE() << "no error";
  } catch (const esim::Error &e) {
    EXPECT_EQ(e.code(), esim::Errc::ioError);
    EXPECT_NE(std::string(e.what()).find("state file " + target.string() + " is a directory"),
              std::string::npos)
        << e.what();
  }
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"state.json"});
  EXPECT_TRUE(fs::is_directory(target));

  EXPECT_THROW(euicc_emu::saveState(fullState(), dir.path() / "missing" / "s.json"), esim::Error);

  // An invalid state is refused before the file is touched.
  fs::path file = dir.path() / "good.json";
  euicc_emu::saveState(fullState(), file);
  std::string before = readFile(file);
  EmulatorState bad = fullState();
  bad.eid.pop_back();
  try {
    euicc_emu::saveState(bad, file);
    ADD_FAILURE() << "no error";
  } catch (const esim::Error &e) {
    EXPECT_EQ(e.code(), esim::Errc::emulator);
  }
  EXPECT_EQ(readFile(file), before);
}

// A reader running next to a writer always sees a whole old or whole new
// file: saving in place (truncate, write) would show empty or partial files.
TEST(EmuStateFile, ConcurrentReaderSeesOldOrNewNeverPartial) {
  TempDir dir;
  fs::path file = dir.path() / "card.json";
  EmulatorState a = euicc_emu::parseState(euicc_emu::demoStateJson());
  EmulatorState b = fullState();
  euicc_emu::saveState(a, file);
  const std::string textA = euicc_emu::stateToJson(a);
  const std::string textB = euicc_emu::stateToJson(b);
  std::atomic<bool> done{false};
  std::thread writer([&] {
    for (int i = 0; i < 20; ++i)
      euicc_emu::saveState(i % 2 ? a : b, file);
    done = true;
  });
  int reads = 0;
  int bad = 0;
  while (!done || reads < 10) {
    std::string text = readFile(file);
    if (text != textA && text != textB) ++bad;
    ++reads;
  }
  writer.join();
  EXPECT_EQ(bad, 0) << "of " << reads << " reads";
}

} // namespace
