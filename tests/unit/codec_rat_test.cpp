// ES10b.GetRAT (BF43): the codec against DER written by hand from the ASN.1
// of SGP.22 (GetRatResponse ::= [67] SEQUENCE { rat RulesAuthorisationTable },
// AUTOMATIC TAGS; each TLV decoded in a comment), Euicc::getRat against a
// scripted card, and the mccMnc digits with the 'E' wildcard.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "codec/es10_codec.hpp"
#include "esim/bytes.hpp"
#include "esim/error.hpp"
#include "esim/euicc.hpp"
#include "esim/isdr_session.hpp"
#include "esim/rules_authorisation_table.hpp"
#include "support/codec_test_util.hpp"
#include "support/scripted_transport.hpp"

namespace {

using esim::Bytes;
using esim::fromHex;
using testing::HasSubstr;
namespace codec = esim::codec;
using esim::test::errorOf;

// Rule 1: PPR1 and PPR2 for every operator, consent required.
//   30 15                        ProfilePolicyAuthorisationRule
//     80 02 05 60                pprIds: 3 bits used (5 unused), 011 = ppr1, ppr2
//     A1 0B                      allowedOperators
//       30 09                    OperatorId
//         80 03 EE EE EE         mccMnc: every digit the wildcard E
//         81 00                  gid1: present, empty (any)
//         82 00                  gid2: present, empty (any)
//     82 02 07 80                pprFlags: 1 bit used, consentRequired
constexpr const char *kRuleAnyOperator = "3015 80020560 A10B 3009 8003EEEEEE 8100 8200 82020780";
// Rule 2: PPR1 only for two operators, no consent.
//   30 1B
//     80 02 06 40                pprIds: 2 bits used, 01 = ppr1
//     A1 12
//       30 09 80 03 62 F2 10     mccMnc 262-01 (MCC 2|6, MNC3 F|MCC3 2, MNC 1|0)
//             81 02 A1 B2        gid1 A1B2, no gid2
//       30 05 80 03 13 E0 EE     mccMnc 310-EEE: MCC 310, any MNC of three digits
//     82 01 00                   pprFlags: no flag
constexpr const char *kRulePpr1TwoOperators =
    "301B 80020640 A112 3009 800362F210 8102A1B2 3005 800313E0EE 820100";

std::string ratResponse(const std::string &rules) {
  const Bytes body = fromHex(rules);
  Bytes rat = fromHex("A0");
  rat.push_back(static_cast<std::uint8_t>(body.size()));
  rat.insert(rat.end(), body.begin(), body.end());
  Bytes out = fromHex("BF43");
  out.push_back(static_cast<std::uint8_t>(rat.size()));
  out.insert(out.end(), rat.begin(), rat.end());
  return esim::toHex(out);
}

esim::RulesAuthorisationTable expectedTable() {
  esim::ProfilePolicyAuthorisationRule any;
  any.pprIds.ppr1 = true;
  any.pprIds.ppr2 = true;
  any.allowedOperators = {{fromHex("EEEEEE"), Bytes{}, Bytes{}}};
  any.pprFlags.consentRequired = true;
  esim::ProfilePolicyAuthorisationRule two;
  two.pprIds.ppr1 = true;
  two.allowedOperators = {{fromHex("62F210"), fromHex("A1B2"), std::nullopt},
                          {fromHex("13E0EE"), std::nullopt, std::nullopt}};
  return {any, two};
}

TEST(CodecGetRat, RequestIsAnEmptyBF43) {
  EXPECT_EQ(codec::encodeGetRatRequest(), fromHex("BF4300"));
  EXPECT_EQ(codec::identifyRequest(fromHex("BF4300")), codec::Es10Function::getRat);
  EXPECT_STREQ(codec::functionName(codec::Es10Function::getRat), "GetRAT");
}

TEST(CodecGetRat, DecodesHandWrittenTable) {
  const Bytes der = fromHex(ratResponse(std::string(kRuleAnyOperator) + kRulePpr1TwoOperators));
  EXPECT_EQ(esim::toHex(der).substr(0, 8), "BF4336A0");
  EXPECT_EQ(codec::decodeGetRatResponse(der), expectedTable());
}

TEST(CodecGetRat, EncodesTheSameBytesAndRoundTrips) {
  const Bytes der = fromHex(ratResponse(std::string(kRuleAnyOperator) + kRulePpr1TwoOperators));
  EXPECT_EQ(esim::toHex(codec::encodeGetRatResponse(expectedTable())), esim::toHex(der));
  EXPECT_EQ(codec::decodeGetRatResponse(codec::encodeGetRatResponse(expectedTable())),
            expectedTable());
}

TEST(CodecGetRat, EmptyTableAllowsNothing) {
  // BF43 02 { A0 00 }: a table without rules.
  EXPECT_TRUE(codec::decodeGetRatResponse(fromHex("BF4302A000")).empty());
  EXPECT_EQ(codec::encodeGetRatResponse({}), fromHex("BF4302A000"));
}

TEST(CodecGetRat, SkipsExtensionsAfterTheKnownFields) {
  // Rule 1 with an unknown [3] element after pprFlags, and one after rat.
  const Bytes der =
      fromHex("BF431F A01A 3018 80020560 A10B 3009 8003EEEEEE 8100 8200 82020780 830100 8401FF");
  ASSERT_EQ(codec::decodeGetRatResponse(der).size(), 1u);
  EXPECT_TRUE(codec::decodeGetRatResponse(der)[0].pprFlags.consentRequired);
}

TEST(CodecGetRat, ErrorsNameTheRuleAndTheField) {
  // pprFlags missing from rule 1.
  EXPECT_THAT(errorOf([] {
                codec::decodeGetRatResponse(
                    fromHex(ratResponse("3011 80020560 A10B 3009 8003EEEEEE 8100 8200")));
              }),
              HasSubstr("GetRAT response: rat: ProfilePolicyAuthorisationRule #1: pprFlags (82) "
                        "is missing"));
  // A 2-byte mccMnc in the second operator of rule 2.
  EXPECT_THAT(
      errorOf([] {
        codec::decodeGetRatResponse(fromHex(
            ratResponse(std::string(kRuleAnyOperator) +
                        "301A 80020640 A111 3009 800362F210 8102A1B2 3004 800213E0 820100")));
      }),
      HasSubstr("ProfilePolicyAuthorisationRule #2: allowedOperators: OperatorId #2: mccMnc is 2 "
                "bytes, expected 3"));
  // The table as a universal SEQUENCE (30) instead of rat [0] (A0).
  EXPECT_THAT(errorOf([] { codec::decodeGetRatResponse(fromHex("BF43023000")); }),
              HasSubstr("GetRAT response: rat has tag 30, expected A0"));
  // gid2 before gid1: not an extension, a field out of order.
  EXPECT_THAT(errorOf([] {
                codec::decodeGetRatResponse(
                    fromHex(ratResponse("3015 80020560 A10B 3009 8003EEEEEE 8200 8100 82020780")));
              }),
              HasSubstr("OperatorId #1: gid1 (81) is repeated or out of the ASN.1 order"));
  // pprIds without its unused-bits octet.
  EXPECT_THAT(errorOf([] {
                codec::decodeGetRatResponse(
                    fromHex(ratResponse("3013 8000 A10B 3009 8003EEEEEE 8100 8200 82020780")));
              }),
              HasSubstr("ProfilePolicyAuthorisationRule #1: pprIds is empty"));
  // An element of the table that is not a SEQUENCE.
  EXPECT_THAT(errorOf([] { codec::decodeGetRatResponse(fromHex(ratResponse("0400"))); }),
              HasSubstr("ProfilePolicyAuthorisationRule #1: has tag 04, expected 30"));
  EXPECT_THAT(errorOf([] { codec::decodeGetRatResponse(fromHex("BF4300")); }),
              HasSubstr("GetRAT response: rat (A0) is missing"));
}

TEST(CodecGetRat, EncodeRefusesAnMccMncThatIsNotThreeBytes) {
  esim::RulesAuthorisationTable rat = expectedTable();
  rat[1].allowedOperators[0].mccMnc = fromHex("62F2");
  EXPECT_THAT(errorOf([&] { codec::encodeGetRatResponse(rat); }, esim::Errc::invalidArgument),
              HasSubstr("OperatorId #1: mccMnc"));
}

TEST(MccMnc, DigitsWithWildcardsAndTwoDigitMnc) {
  EXPECT_EQ(esim::mccMncText(fromHex("EEEEEE")), "EEE-EEE");
  EXPECT_EQ(esim::mccMncText(fromHex("62F210")), "262-01");
  EXPECT_EQ(esim::mccMncText(fromHex("130014")), "310-410");
  EXPECT_EQ(esim::mccMncText(fromHex("13E0EE")), "310-EEE");
  const auto d = esim::decodeMccMnc(fromHex("62F210"));
  ASSERT_TRUE(d);
  EXPECT_EQ(d->mcc, "262");
  EXPECT_EQ(d->mnc, "01");
  // Not digits (A), F outside MNC digit 3, wrong length: shown as hex.
  EXPECT_FALSE(esim::decodeMccMnc(fromHex("6AF210")));
  EXPECT_FALSE(esim::decodeMccMnc(fromHex("F2F210")));
  EXPECT_FALSE(esim::decodeMccMnc(fromHex("62F2")));
  EXPECT_EQ(esim::mccMncText(fromHex("6AF210")), "6AF210");
}

// ---- Euicc::getRat against a scripted card ----

class EuiccGetRatTest : public ::testing::Test {
protected:
  void TearDown() override { card.checkAllUsed(); }
  void open() {
    card.expect("00 70 00 00 01", "01 90 00")
        .expect("01 A4 04 00 10 A0000005591010FFFFFFFF8900000100 00", "90 00");
  }
  esim::test::ScriptedTransport card;
};

TEST_F(EuiccGetRatTest, ReturnsTheCardsTable) {
  open();
  const std::string answer = ratResponse(kRuleAnyOperator);
  card.expect("81 E2 91 00 03 BF4300", answer + "9000").expect("00 70 80 01", "90 00");
  esim::IsdrSession session(card);
  esim::Euicc euicc(session);
  const esim::RulesAuthorisationTable rat = euicc.getRat();
  ASSERT_EQ(rat.size(), 1u);
  EXPECT_EQ(rat[0], expectedTable()[0]);
}

TEST_F(EuiccGetRatTest, StatusWordOfACardWithoutTheFunction) {
  open();
  card.expect("81 E2 91 00 03 BF4300", "6A80").expect("00 70 80 01", "90 00");
  esim::IsdrSession session(card);
  esim::Euicc euicc(session);
  try {
    euicc.getRat();
    ADD_FAILURE() << "no error";
  } catch (const esim::Error &e) {
    EXPECT_EQ(e.code(), esim::Errc::statusWord);
    EXPECT_EQ(e.statusWord(), 0x6A80);
    EXPECT_THAT(e.what(), HasSubstr("GetRAT"));
  }
}

TEST_F(EuiccGetRatTest, MalformedTableNamesTheField) {
  open();
  card.expect("81 E2 91 00 03 BF4300", ratResponse("3004 80020560") + "9000")
      .expect("00 70 80 01", "90 00");
  esim::IsdrSession session(card);
  esim::Euicc euicc(session);
  EXPECT_THAT(errorOf([&] { euicc.getRat(); }),
              HasSubstr("GetRAT response: rat: ProfilePolicyAuthorisationRule #1: allowedOperators "
                        "(A1) is missing"));
}

} // namespace
