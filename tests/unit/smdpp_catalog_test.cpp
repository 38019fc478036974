// smdpp-emu's catalog: the JSON format, its errors, the built-in demo entry
// and its synthetic profile package (ProfileHeader ICCID = metadata ICCID).
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "catalog.hpp"
#include "codec/der_reader.hpp"
#include "codec/download_codec.hpp"
#include "demo_profile.hpp"
#include "esim/iccid.hpp"

namespace smdpp {
namespace {

namespace fs = std::filesystem;
namespace der = esim::codec::der;
constexpr char kHost[] = "smdp.travel.example";

class CatalogTest : public ::testing::Test {
protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("smdpp-catalog-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  void write(const std::string &name, const esim::Bytes &bytes) {
    std::ofstream(dir_ / name, std::ios::binary)
        .write(reinterpret_cast<const char *>(bytes.data()),
               static_cast<std::streamsize>(bytes.size()));
  }
  Catalog load(const std::string &json) {
    return Catalog::fromJson(json, dir_.string(), kHost, "test catalog");
  }
  fs::path dir_;
};

TEST(DemoProfile, IsWellFormedDerWithTheIccidInItsHeader) {
  const esim::Bytes upp = demoProfilePackage(kDemoIccid);
  EXPECT_GT(upp.size(), 2000u); // several 86 segments
  der::Reader r(upp);
  std::vector<esim::codec::TagValue> tags;
  for (der::Element e; r.next(e) == der::Status::ok;) {
    tags.push_back(e.tag);
  }
  EXPECT_TRUE(r.empty()); // every byte is part of a PE
  EXPECT_EQ(tags, (std::vector<esim::codec::TagValue>{0xA0, 0xA9, 0xA9, 0xAA}));
  EXPECT_EQ(profileHeaderIccid(upp), kDemoIccid);
  // Header ICCID in plain BCD order, F padded.
  EXPECT_NE(esim::toHex(upp).find("830A8944476500000000013F"), std::string::npos);
}

TEST(DemoProfile, IccidIsLuhnValid) {
  const std::string iccid = kDemoIccid;
  int sum = 0;
  for (std::size_t i = 0; i < iccid.size(); ++i) {
    int d = iccid[iccid.size() - 1 - i] - '0';
    if (i % 2 == 1) {
      d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    }
    sum += d;
  }
  EXPECT_EQ(sum % 10, 0);
}

TEST(DemoCatalog, ServesOneReusableEntry) {
  const Catalog c = Catalog::demo(kHost);
  ASSERT_EQ(c.entries().size(), 1u);
  const CatalogEntry *e = c.find(kDemoMatchingId);
  ASSERT_NE(e, nullptr);
  EXPECT_TRUE(e->reusable);
  EXPECT_FALSE(e->confirmationCode);
  EXPECT_EQ(e->metadata.iccid, kDemoIccid);
  EXPECT_EQ(profileHeaderIccid(e->profilePackage), kDemoIccid);
  ASSERT_EQ(e->metadata.notificationConfigurationInfo.size(), 1u);
  EXPECT_EQ(e->metadata.notificationConfigurationInfo[0].notificationAddress, kHost);
  EXPECT_EQ(c.find("NOPE"), nullptr);
}

TEST_F(CatalogTest, ReadsEveryField) {
  write("p.der", demoProfilePackage("8944476500000000013"));
  const Catalog c = load(R"({"profiles": [{
    "matchingId": "A-1", "profilePackage": "p.der",
    "metadata": {"iccid": "8944476500000000013", "serviceProviderName": "SP",
                 "profileName": "Name", "profileClass": "test", "iconType": "png",
                 "icon": "iVBORw0=",
                 "notificationConfigurationInfo": [{"events": ["install", "delete"]},
                   {"events": ["enable"], "address": "other.example"}],
                 "profilePolicyRules": ["ppr2"]},
    "confirmationCode": "1234", "confirmationCodeAttempts": 2, "reusable": true, "ppk": true}]})");
  const CatalogEntry *e = c.find("A-1");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->metadata.serviceProviderName, "SP");
  EXPECT_EQ(e->metadata.profileClass, esim::ProfileClass::test);
  EXPECT_EQ(e->metadata.iconType, esim::IconType::png);
  ASSERT_EQ(e->metadata.notificationConfigurationInfo.size(), 2u);
  EXPECT_TRUE(
      e->metadata.notificationConfigurationInfo[0].profileManagementOperation.notificationDelete);
  EXPECT_EQ(e->metadata.notificationConfigurationInfo[0].notificationAddress, kHost);
  EXPECT_EQ(e->metadata.notificationConfigurationInfo[1].notificationAddress, "other.example");
  ASSERT_TRUE(e->metadata.profilePolicyRules);
  EXPECT_TRUE(e->metadata.profilePolicyRules->ppr2);
  EXPECT_EQ(e->confirmationCode, "1234");
  EXPECT_EQ(e->confirmationCodeAttempts, 2);
  EXPECT_TRUE(e->reusable);
  EXPECT_TRUE(e->ppk);
}

TEST_F(CatalogTest, BuiltinPackageAndDefaults) {
  const Catalog c = load(R"({"profiles": [{"matchingId": "B", "profilePackage": "builtin:demo",
    "metadata": {"iccid": "89444765000000000211", "serviceProviderName": "S", "profileName": "N"}}]})");
  const CatalogEntry *e = c.find("B");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(profileHeaderIccid(e->profilePackage), "89444765000000000211");
  EXPECT_FALSE(e->reusable);
  EXPECT_FALSE(e->ppk);
  EXPECT_EQ(e->confirmationCodeAttempts, kDefaultConfirmationCodeAttempts);
  EXPECT_EQ(e->metadata.profileClass, esim::ProfileClass::operational);
}

TEST_F(CatalogTest, AnOrderPushedToAnEidIsFoundByAnEmptyMatchingId) {
  const std::string eid = "89049032123451234512345678901235";
  const std::string other = "89049032123451234512345678909999";
  const std::string meta =
      R"("metadata": {"iccid": "8944476500000000013", "serviceProviderName": "S", "profileName": "N"})";
  const Catalog c = load(R"({"profiles": [
    {"matchingId": "ANY", "profilePackage": "builtin:demo", )" +
                         meta + R"(},
    {"matchingId": "P1", "eid": ")" +
                         eid + R"(", "profilePackage": "builtin:demo", )" + meta + R"(},
    {"matchingId": "P2", "eid": ")" +
                         eid + R"(", "profilePackage": "builtin:demo", )" + meta + R"(}]})");
  const auto all = [](const CatalogEntry &) { return true; };
  const auto notP1 = [](const CatalogEntry &e) { return e.matchingId != "P1"; };
  ASSERT_NE(c.forEid("", eid, all), nullptr);
  EXPECT_EQ(c.forEid("", eid, all)->matchingId, "P1");
  EXPECT_EQ(c.forEid("", eid, notP1)->matchingId, "P2"); // P1 was downloaded
  EXPECT_EQ(c.forEid("", other, all), nullptr);          // pushed to another eUICC
  EXPECT_EQ(c.forEid("P2", eid, all)->matchingId, "P2");
  EXPECT_EQ(c.forEid("P2", other, all), nullptr);
  EXPECT_EQ(c.forEid("ANY", other, all)->matchingId, "ANY"); // no EID: anyone's
  EXPECT_EQ(c.forEid("NONE", eid, all), nullptr);
  EXPECT_THROW(
      load(
          R"({"profiles": [{"matchingId": "X", "eid": "8904", "profilePackage": "builtin:demo", )" +
          meta + "}]}"),
      std::runtime_error);
}

TEST_F(CatalogTest, ErrorsNameTheEntryAndField) {
  const auto message = [&](const std::string &json) -> std::string {
    try {
      load(json);
    } catch (const std::runtime_error &e) {
      return e.what();
    }
    return "no error";
  };
  const std::string meta =
      R"("metadata": {"iccid": "8944476500000000013", "serviceProviderName": "S", "profileName": "N"})";
  EXPECT_NE(message("[]").find("not a JSON object"), std::string::npos);
  EXPECT_NE(message(R"({"profiles": [{"profilePackage": "builtin:demo", )" + meta + "}]}")
                .find("\"matchingId\" is missing"),
            std::string::npos);
  EXPECT_NE(message(R"({"profiles": [{"matchingId": "X", "profilePackage": "missing.der", )" +
                    meta + "}]}")
                .find("profile 1 (X): cannot read the profile package"),
            std::string::npos);
  EXPECT_NE(message(R"({"profiles": [{"matchingId": "X", "profilePackage": "builtin:demo", )" +
                    meta + R"(}, {"matchingId": "X", "profilePackage": "builtin:demo", )" + meta +
                    "}]}")
                .find("listed twice"),
            std::string::npos);
  EXPECT_NE(message(R"({"profiles": [{"matchingId": "X", "profilePackage": "builtin:demo",
    "metadata": {"iccid": "12", "serviceProviderName": "S", "profileName": "N"}}]})")
                .find("\"iccid\" must be 18..20 decimal digits"),
            std::string::npos);
  EXPECT_NE(message(R"({"profiles": [{"matchingId": "X", "profilePackage": "builtin:demo",
    "metadata": {"iccid": "8944476500000000013", "serviceProviderName": "S", "profileName": ")" +
                    std::string(65, 'n') + R"("}}]})")
                .find("profile 1 (X): StoreMetadata request: profileName is 65 bytes, at most 64"),
            std::string::npos);
  write("other.der", demoProfilePackage("89444765000000000211"));
  EXPECT_NE(
      message(R"({"profiles": [{"matchingId": "X", "profilePackage": "other.der", )" + meta + "}]}")
          .find("differs from the ProfileHeader's 89444765000000000211"),
      std::string::npos);
  // ... unless the mismatch is wanted (to test the eUICC's check).
  EXPECT_NO_THROW(load(R"({"profiles": [{"matchingId": "X", "profilePackage": "other.der",
    "checkIccid": false, )" +
                       meta + "}]}"));
  EXPECT_NE(message(R"({"profiles": [{"matchingId": "X", "profilePackage": "builtin:demo",
    "metadata": {"iccid": "8944476500000000013", "serviceProviderName": "S", "profileName": "N",
    "notificationConfigurationInfo": [{"events": ["reboot"]}]}}]})")
                .find("unknown notification event \"reboot\""),
            std::string::npos);
}

TEST_F(CatalogTest, EventsAreListedThenRegisteredByTheirProfiles) {
  const std::string eid = "89049032123451234512345678901235";
  const std::string meta =
      R"("metadata": {"iccid": "8944476500000000013", "serviceProviderName": "S", "profileName": "N"})";
  const Catalog c = load(R"({"events": [
      {"eid": ")" + eid + R"(", "eventId": "EV-1", "rspServerAddress": "smdp.other.example:8443"}],
    "profiles": [
      {"matchingId": "P1", "eid": ")" +
                         eid + R"(", "smdsEvent": true,
       "profilePackage": "builtin:demo", )" +
                         meta + R"(},
      {"matchingId": "P2", "eid": ")" +
                         eid + R"(", "smdsEvent": false,
       "profilePackage": "builtin:demo", )" +
                         meta + R"(},
      {"matchingId": "P3", "eid": ")" +
                         eid + R"(",
       "profilePackage": "builtin:demo", )" +
                         meta + R"(}]})");
  EXPECT_TRUE(c.find("P1")->smdsEvent);
  EXPECT_FALSE(c.find("P2")->smdsEvent);
  // The profile's event points at this SM-DP+ (the catalog's address).
  EXPECT_EQ(c.events(), (std::vector<EventRecord>{{eid, "EV-1", "smdp.other.example:8443"},
                                                  {eid, "P1", kHost}}));
  EXPECT_TRUE(load(R"({"profiles": []})").events().empty());
}

TEST_F(CatalogTest, EventErrorsNameTheEventAndField) {
  const auto message = [&](const std::string &json) -> std::string {
    try {
      load(json);
    } catch (const std::runtime_error &e) {
      return e.what();
    }
    return "no error";
  };
  const std::string eid = "89049032123451234512345678901235";
  const auto events = [&](const std::string &list) {
    return message(R"({"profiles": [], "events": )" + list + "}");
  };
  const auto event = [&](const std::string &fields) { return events("[" + fields + "]"); };
  EXPECT_NE(events("{}").find("test catalog: \"events\" must be a list"), std::string::npos);
  EXPECT_NE(events("[7]").find("test catalog, event 1: not an object"), std::string::npos);
  EXPECT_NE(event(R"({"eid": ")" + eid + R"(", "rspServerAddress": "a.example"})")
                .find("event 1: \"eventId\" is missing"),
            std::string::npos);
  EXPECT_NE(event(R"({"eid": ")" + eid + R"(", "eventId": "", "rspServerAddress": "a.example"})")
                .find("event 1 (): \"eventId\" must not be empty"),
            std::string::npos);
  EXPECT_NE(event(R"({"eid": "8904", "eventId": "E", "rspServerAddress": "a.example"})")
                .find("event 1 (E): \"eid\" must be 32 digits"),
            std::string::npos);
  EXPECT_NE(event(R"({"eid": ")" + eid + R"(", "eventId": "E"})")
                .find("event 1 (E): \"rspServerAddress\" is missing"),
            std::string::npos);
  for (const char *bad : {"", "https://a.example", "a.example:0", "a.example:70000",
                          "a.example:", "a b", "-a.example"}) {
    EXPECT_NE(
        event(R"({"eid": ")" + eid + R"(", "eventId": "E", "rspServerAddress": ")" + bad + R"("})")
            .find("event 1 (E): \"rspServerAddress\" must be host[:port]"),
        std::string::npos)
        << bad;
  }
  const std::string one =
      R"({"eid": ")" + eid + R"(", "eventId": "E", "rspServerAddress": "a.example"})";
  EXPECT_NE(events("[" + one + ", " + one + "]").find("the event E is registered twice for EID"),
            std::string::npos);
  const std::string meta =
      R"("metadata": {"iccid": "8944476500000000013", "serviceProviderName": "S", "profileName": "N"})";
  EXPECT_NE(message(R"({"profiles": [{"matchingId": "X", "smdsEvent": true,
    "profilePackage": "builtin:demo", )" +
                    meta + "}]}")
                .find("profile 1 (X): \"smdsEvent\" needs \"eid\""),
            std::string::npos);
  EXPECT_NE(message(R"({"profiles": [{"matchingId": "X", "eid": ")" + eid +
                    R"(", "smdsEvent": "yes", "profilePackage": "builtin:demo", )" + meta + "}]}")
                .find("profile 1 (X): \"smdsEvent\" must be true or false"),
            std::string::npos);
  // A listed event and a profile's event with the same EventID for one EID.
  EXPECT_NE(message(R"({"events": [{"eid": ")" + eid +
                    R"(", "eventId": "X", "rspServerAddress": "a.example"}],
    "profiles": [{"matchingId": "X", "eid": ")" +
                    eid + R"(", "smdsEvent": true, "profilePackage": "builtin:demo", )" + meta +
                    "}]}")
                .find("the event X is registered twice"),
            std::string::npos);
}

TEST(StoreMetadataEncoding, MatchesTheSgp22Layout) {
  esim::StoreMetadataRequest m;
  m.iccid = "8944476500000000013";
  m.serviceProviderName = "SP";
  m.profileName = "N";
  esim::NotificationConfiguration n;
  n.profileManagementOperation = {false, true, true, true};
  n.notificationAddress = "rsp.truphone.com";
  m.notificationConfigurationInfo = {n};
  // B6 as Truphone sends it (download facts 4: 80 02 04 70 = enable, disable, delete).
  EXPECT_EQ(esim::toHex(esim::codec::encodeStoreMetadataRequest(m)),
            "BF252D"
            "5A0A984474560000000010F3" // ICCID nibble-swapped as in EF.ICCID
            "91025350"
            "92014E"
            "B61830168002047081107273702E74727570686F6E652E636F6D");
  const std::string hex = esim::toHex(esim::codec::encodeStoreMetadataRequest(m));
  EXPECT_EQ(hex.find("95"), std::string::npos); // operational is the DEFAULT: left out
}

} // namespace
} // namespace smdpp
