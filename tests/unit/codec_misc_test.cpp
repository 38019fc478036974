// ES10 codec: identifyRequest/functionName, and codec calls from two threads
// at once (asn1c rewrites global descriptors; the codec serializes calls).
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>

#include "codec/es10_codec.hpp"
#include "esim/bytes.hpp"
#include "esim/error.hpp"

namespace {

using esim::Bytes;
using esim::fromHex;
using esim::codec::Es10Function;
namespace codec = esim::codec;

TEST(CodecIdentifyRequest, ReadsTheOuterTag) {
  EXPECT_EQ(codec::identifyRequest(fromHex("BF3E035C015A")), Es10Function::getEid);
  EXPECT_EQ(codec::identifyRequest(fromHex("BF2D00")), Es10Function::getProfilesInfo);
  EXPECT_EQ(codec::identifyRequest(fromHex("BF2000")), Es10Function::getEuiccInfo1);
  EXPECT_EQ(codec::identifyRequest(fromHex("BF2200")), Es10Function::getEuiccInfo2);
  EXPECT_EQ(codec::identifyRequest(fromHex("BF2800")), Es10Function::listNotification);
  EXPECT_EQ(codec::identifyRequest(fromHex("BF29")), Es10Function::setNickname); // tag only
  EXPECT_EQ(codec::identifyRequest(fromHex("BF2B00")), Es10Function::retrieveNotificationsList);
  EXPECT_EQ(codec::identifyRequest(fromHex("BF3003800105")),
            Es10Function::removeNotificationFromList);
  EXPECT_EQ(codec::identifyRequest(fromHex("BF31")), Es10Function::enableProfile);
  EXPECT_EQ(codec::identifyRequest(fromHex("BF32")), Es10Function::disableProfile);
  EXPECT_EQ(codec::identifyRequest(fromHex("BF33")), Es10Function::deleteProfile);
  EXPECT_EQ(codec::identifyRequest(fromHex("BF34")), Es10Function::euiccMemoryReset);
  EXPECT_EQ(codec::identifyRequest(fromHex("BF3C00")), Es10Function::getEuiccConfiguredAddresses);
  EXPECT_EQ(codec::identifyRequest(fromHex("BF3F028000")), Es10Function::setDefaultDpAddress);
}

TEST(CodecIdentifyRequest, DownloadFunctions) {
  EXPECT_EQ(codec::identifyRequest(fromHex("BF2E00")), Es10Function::getEuiccChallenge);
  EXPECT_EQ(codec::identifyRequest(fromHex("BF3800")), Es10Function::authenticateServer);
  EXPECT_EQ(codec::identifyRequest(fromHex("BF2100")), Es10Function::prepareDownload);
  EXPECT_EQ(codec::identifyRequest(fromHex("BF36824B76")), Es10Function::loadBoundProfilePackage);
  EXPECT_EQ(codec::identifyRequest(fromHex("BF4100")), Es10Function::cancelSession);
  EXPECT_STREQ(codec::functionName(Es10Function::cancelSession), "CancelSession");
}

TEST(CodecIdentifyRequest, UnknownOrUnreadable) {
  EXPECT_EQ(codec::identifyRequest({}), Es10Function::unknown);
  EXPECT_EQ(codec::identifyRequest(fromHex("BF")), Es10Function::unknown);     // tag cut
  EXPECT_EQ(codec::identifyRequest(fromHex("BF3700")), Es10Function::unknown); // a response only
  EXPECT_EQ(codec::identifyRequest(fromHex("3000")), Es10Function::unknown);
  EXPECT_EQ(codec::identifyRequest(fromHex("2D00")), Es10Function::unknown);
}

TEST(CodecIdentifyRequest, FunctionNames) {
  EXPECT_STREQ(codec::functionName(Es10Function::getProfilesInfo), "GetProfilesInfo");
  EXPECT_STREQ(codec::functionName(Es10Function::getEid), "GetEID");
  EXPECT_STREQ(codec::functionName(Es10Function::removeNotificationFromList),
               "RemoveNotificationFromList");
  EXPECT_STREQ(codec::functionName(Es10Function::unknown), "unknown ES10 function");
}

TEST(CodecConcurrency, TwoThreadsEncodeAndDecode) {
  esim::ProfileInfo profile;
  profile.iccid = "8944476500001234567";
  profile.profileState = esim::ProfileState::enabled;
  profile.profileNickname = "Work";
  profile.profileClass = esim::ProfileClass::test;
  profile.notificationConfigurationInfo = {
      {esim::NotificationEvent::notificationDelete, "smdp.example.com"}};
  profile.dpOid = "1.3.6.1.4.1.31746";
  profile.profilePolicyRules = esim::PprIds{false, true, false};
  codec::ProfileInfoListResponse list;
  list.profileInfoListOk = {profile, profile};

  std::atomic<int> failures{0};
  constexpr int kRounds = 400;
  auto profilesLoop = [&] {
    for (int i = 0; i < kRounds; ++i) {
      try {
        const Bytes der = codec::encodeProfileInfoListResponse(list);
        if (codec::decodeProfileInfoListResponse(der).profileInfoListOk != list.profileInfoListOk) {
          ++failures;
        }
      } catch (const std::exception &) {
        ++failures;
      }
    }
  };
  auto commandsLoop = [&] {
    for (int i = 0; i < kRounds; ++i) {
      try {
        const Bytes request =
            codec::encodeEnableProfileRequest({esim::Iccid{"8944476500001234567"}, (i % 2) == 0});
        if (codec::decodeEnableProfileRequest(request).refreshFlag != ((i % 2) == 0)) ++failures;
        if (codec::decodeDeleteProfileResponse(fromHex("BF3303800102")) !=
            esim::DeleteProfileResult::profileNotInDisabledState) {
          ++failures;
        }
        // Failed decodes free their partial objects under the lock as well.
        try {
          codec::decodeProfileInfoListResponse(fromHex("BF2D07A005E3035A0A98"));
          ++failures;
        } catch (const esim::Error &) {
        }
      } catch (const std::exception &) {
        ++failures;
      }
    }
  };
  std::thread a(profilesLoop);
  std::thread b(commandsLoop);
  a.join();
  b.join();
  EXPECT_EQ(failures.load(), 0);
}

} // namespace
