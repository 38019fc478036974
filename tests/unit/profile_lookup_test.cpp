#include "esim/profile_lookup.hpp"

#include <gtest/gtest.h>

#include "esim/error.hpp"

namespace esim {
namespace {

std::vector<ProfileInfo> sample() {
  ProfileInfo travel;
  travel.iccid = "8981100000000000001";
  travel.isdpAid = fromHex("A0000005591010FFFFFFFF8900001000");
  travel.serviceProviderName = "トラベルSIM";
  travel.profileName = "Japan Travel 7 days";
  travel.profileState = ProfileState::enabled;
  ProfileInfo home;
  home.iccid = "89490000000000000027";
  home.isdpAid = fromHex("A0000005591010FFFFFFFF8900001100");
  home.serviceProviderName = "Home Telecom";
  home.profileNickname = "work";
  ProfileInfo other;
  other.iccid = "89490000000000000035";
  other.serviceProviderName = "Home Telecom Data";
  return {travel, home, other};
}

TEST(ProfileLookup, ByIccidExactly) {
  auto profiles = sample();
  EXPECT_EQ(findProfile(profiles, "8981100000000000001").profileName, "Japan Travel 7 days");
  EXPECT_EQ(findProfile(profiles, "8981100000000000001F").profileName, "Japan Travel 7 days");
  try {
    findProfile(profiles, "8981100000000000009");
    FAIL();
  } catch (const Error &e) {
    EXPECT_EQ(e.code(), Errc::notFound);
    EXPECT_NE(std::string(e.what()).find("89490000000000000027"), std::string::npos);
  }
}

TEST(ProfileLookup, ByIsdpAid) {
  auto profiles = sample();
  EXPECT_EQ(findProfile(profiles, "a0000005591010ffffffff8900001100").iccid,
            "89490000000000000027");
}

TEST(ProfileLookup, ByNameExactBeatsPartial) {
  auto profiles = sample();
  EXPECT_EQ(findProfile(profiles, "home telecom").iccid, "89490000000000000027");
  EXPECT_EQ(findProfile(profiles, "WORK").iccid, "89490000000000000027");
  EXPECT_EQ(findProfile(profiles, "トラベル").iccid, "8981100000000000001");
  EXPECT_EQ(findProfile(profiles, "japan").iccid, "8981100000000000001");
}

TEST(ProfileLookup, AmbiguousPartialNamesBoth) {
  auto profiles = sample();
  try {
    findProfile(profiles, "Telecom");
    FAIL();
  } catch (const Error &e) {
    EXPECT_EQ(e.code(), Errc::ambiguous);
    std::string m = e.what();
    EXPECT_NE(m.find("89490000000000000027"), std::string::npos);
    EXPECT_NE(m.find("89490000000000000035"), std::string::npos);
  }
}

TEST(ProfileLookup, IdentifierPrefersIccid) {
  auto profiles = sample();
  EXPECT_EQ(std::get<Iccid>(profileIdentifierOf(profiles[0])).value, "8981100000000000001");
  ProfileInfo aidOnly;
  aidOnly.isdpAid = fromHex("A000000559");
  EXPECT_TRUE(std::holds_alternative<IsdpAid>(profileIdentifierOf(aidOnly)));
  EXPECT_THROW(profileIdentifierOf(ProfileInfo{}), Error);
}

} // namespace
} // namespace esim
