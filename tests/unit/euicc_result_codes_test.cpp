// Euicc over a scripted card that answers SGP.22 codes the library does not
// name: a result is kept as a value, an error alternative is
// Error(Errc::cardRefused) naming the function and the code, and a number
// outside INTEGER's range for a code is a malformed answer naming the field.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "codec/es10_codec.hpp"
#include "esim/euicc.hpp"
#include "esim/isdr_session.hpp"
#include "support/scripted_transport.hpp"

namespace {

using esim::Bytes;
using esim::Errc;
using esim::fromHex;
using esim::toHex;
using esim::test::ScriptedTransport;
using testing::HasSubstr;
namespace codec = esim::codec;

constexpr const char *kOpenChannel = "00 70 00 00 01";
constexpr const char *kSelectStandard = "01 A4 04 00 10 A0000005591010FFFFFFFF8900000100 00";
constexpr const char *kCloseChannel1 = "00 70 80 01";

// storeData is the one STORE DATA block on channel 1 that carries |command|
// (every request here fits one block).
std::string storeData(const Bytes &command) {
  Bytes apdu = {0x81, 0xE2, 0x91, 0x00, static_cast<std::uint8_t>(command.size())};
  apdu.insert(apdu.end(), command.begin(), command.end());
  return toHex(apdu);
}

class EuiccResultCodes : public ::testing::Test {
protected:
  void TearDown() override { card.checkAllUsed(); }

  // answer scripts one ES10 function: |request| answered with |response|.
  void answer(const Bytes &request, const std::string &response) {
    card.expect(kOpenChannel, "01 90 00").expect(kSelectStandard, "90 00");
    card.expect(storeData(request), response + "9000");
    card.expect(kCloseChannel1, "90 00");
  }

  // refusal runs |call| and returns the Error it must throw.
  template <typename F> esim::Error failure(F call) {
    esim::IsdrSession session(card);
    esim::Euicc euicc(session);
    try {
      call(euicc);
    } catch (const esim::Error &e) {
      return e;
    }
    ADD_FAILURE() << "no error";
    return esim::Error(Errc::internal, "no error");
  }

  ScriptedTransport card;
};

TEST_F(EuiccResultCodes, ListNotificationErrorWithAnUnnamedCodeIsCardRefused) {
  // Android's testListNotifications_Error: listNotificationsResultError 3.
  answer(codec::encodeListNotificationRequest(std::nullopt), "BF2803810103");
  const esim::Error e = failure([](esim::Euicc &euicc) { euicc.listNotification(); });
  EXPECT_EQ(e.code(), Errc::cardRefused);
  EXPECT_STREQ(e.what(), "ListNotification: eUICC answered listNotificationsResultError other(3)");
  EXPECT_EQ(e.resultCode(), 3);
  EXPECT_EQ(e.resultName(), "");
  EXPECT_FALSE(e.hint().empty());
}

TEST_F(EuiccResultCodes, ProfileInfoListErrorNamesTheCode) {
  answer(codec::encodeProfileInfoListRequest({}), "BF2D0381017F");
  const esim::Error e = failure([](esim::Euicc &euicc) { euicc.getProfilesInfo(); });
  EXPECT_EQ(e.code(), Errc::cardRefused);
  EXPECT_STREQ(e.what(),
               "GetProfilesInfo: eUICC answered profileInfoListError undefinedError (127)");
  EXPECT_EQ(e.resultCode(), 127);
  EXPECT_EQ(e.resultName(), "undefinedError");
}

TEST_F(EuiccResultCodes, ProfileInfoListErrorWithAnUnnamedCode) {
  answer(codec::encodeProfileInfoListRequest({}), "BF2D03810105");
  const esim::Error e = failure([](esim::Euicc &euicc) { euicc.getProfilesInfo(); });
  EXPECT_EQ(e.code(), Errc::cardRefused);
  EXPECT_STREQ(e.what(), "GetProfilesInfo: eUICC answered profileInfoListError other(5)");
}

TEST_F(EuiccResultCodes, RetrieveNotificationsListErrors) {
  // Android's testRetrieveNotificationList_Error (3, unnamed): refused.
  answer(codec::encodeRetrieveNotificationsListRequest({}), "BF2B03810103");
  const esim::Error e = failure([](esim::Euicc &euicc) { euicc.retrieveNotificationsList(); });
  EXPECT_EQ(e.code(), Errc::cardRefused);
  EXPECT_STREQ(e.what(),
               "RetrieveNotificationsList: eUICC answered notificationsListResultError other(3)");
  EXPECT_EQ(e.resultCode(), 3);
  // noResultAvailable (1) is an empty list, not an error.
  answer(codec::encodeRetrieveNotificationsListRequest({}), "BF2B03810101");
  esim::IsdrSession session(card);
  esim::Euicc euicc(session);
  EXPECT_TRUE(euicc.retrieveNotificationsList().empty());
}

TEST_F(EuiccResultCodes, UnnamedEnableResultIsAValue) {
  const codec::ProfileCommandRequest request{esim::Iccid{"89490000000000000007"}, false};
  answer(codec::encodeEnableProfileRequest(request), "BF3103800109");
  esim::IsdrSession session(card);
  esim::Euicc euicc(session);
  const esim::EnableProfileResult r = euicc.enableProfile(request.profileIdentifier, false);
  EXPECT_EQ(esim::codeNumber(r), 9);
  EXPECT_EQ(esim::describeCode(r), "other(9)");
}

TEST_F(EuiccResultCodes, ResultBeyondInt32IsMalformedNamingTheField) {
  const codec::ProfileCommandRequest request{esim::Iccid{"89490000000000000007"}, false};
  // enableResult 2^31: 80 05 00 80 00 00 00.
  answer(codec::encodeEnableProfileRequest(request), "BF310780050080000000");
  const esim::Error e =
      failure([&](esim::Euicc &euicc) { euicc.enableProfile(request.profileIdentifier, false); });
  EXPECT_EQ(e.code(), Errc::malformedResponse);
  EXPECT_THAT(e.what(), HasSubstr("EnableProfile response: enableResult 2147483648 is outside "
                                  "0..2147483647"));
  EXPECT_FALSE(e.resultCode().has_value());
}

} // namespace
