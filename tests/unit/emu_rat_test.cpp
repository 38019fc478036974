// The emulator's Rules Authorisation Table: the "rat" key of the state file
// (absent: the default table; [] : no rule; a table of its own), what
// ES10b.GetRAT answers for each, and the errors of an invalid table.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "esim/error.hpp"
#include "esim/euicc.hpp"
#include "esim/isdr_session.hpp"
#include "euicc_emu/card.hpp"
#include "euicc_emu/demo_state.hpp"
#include "euicc_emu/emulator_transport.hpp"
#include "euicc_emu/state.hpp"

namespace {

using esim::fromHex;
using nlohmann::json;

json demo() {
  return json::parse(euicc_emu::demoStateJson());
}

// A table of the state file's own: PPR1 for 262-01 with gid1 A1B2, no consent.
const char *kOwnRat = R"([{"pprIds": ["ppr1"],
  "allowedOperators": [{"mccMnc": "62F210", "gid1": "A1B2"}], "pprFlags": []}])";

// getRat runs ES10b.GetRAT on a card holding |state|, as an LPA does.
esim::RulesAuthorisationTable getRat(const euicc_emu::EmulatorState &state) {
  euicc_emu::Card card(state);
  euicc_emu::EmulatorTransport transport(card);
  esim::IsdrSession session(transport);
  return esim::Euicc(session).getRat();
}

// stateError parses |doc| and returns the error message (empty if none).
std::string stateError(const json &doc) {
  try {
    euicc_emu::parseState(doc.dump(), "t.json");
  } catch (const esim::Error &e) {
    EXPECT_EQ(e.code(), esim::Errc::emulator);
    EXPECT_FALSE(e.hint().empty());
    return e.what();
  }
  ADD_FAILURE() << "no error";
  return {};
}

TEST(EmuRat, StateWithoutRatAnswersTheDefaultTable) {
  const euicc_emu::EmulatorState state = euicc_emu::parseState(euicc_emu::demoStateJson(), "demo");
  EXPECT_FALSE(state.rat);
  const esim::RulesAuthorisationTable rat = getRat(state);
  EXPECT_EQ(rat, euicc_emu::defaultRat());
  ASSERT_EQ(rat.size(), 1u);
  EXPECT_TRUE(rat[0].pprIds.ppr1);
  EXPECT_TRUE(rat[0].pprIds.ppr2);
  EXPECT_FALSE(rat[0].pprIds.pprUpdateControl);
  EXPECT_TRUE(rat[0].pprFlags.consentRequired);
  ASSERT_EQ(rat[0].allowedOperators.size(), 1u);
  EXPECT_EQ(rat[0].allowedOperators[0].mccMnc, fromHex("EEEEEE"));
  // Not written into the file: a later default would reach old files too.
  EXPECT_FALSE(json::parse(euicc_emu::stateToJson(state)).contains("rat"));
}

TEST(EmuRat, DefaultTableOnTheWire) {
  // The exact answer, checked by hand against the ASN.1 (see codec_rat_test):
  // BF43 19 { A0 17 { 30 15 { 80 02 05 60, A1 0B { 30 09 { 80 03 EEEEEE,
  // 81 00, 82 00 } }, 82 02 07 80 } } }.
  euicc_emu::EmulatorState state = euicc_emu::parseState(euicc_emu::demoStateJson(), "demo");
  euicc_emu::Card card(state);
  euicc_emu::EmulatorTransport transport(card);
  esim::IsdrSession session(transport);
  EXPECT_EQ(esim::toHex(session.exchange(fromHex("BF4300"))),
            "BF4319A017301580020560A10B30098003EEEEEE8100820082020780");
}

TEST(EmuRat, StateWithItsOwnTableAnswersIt) {
  json doc = demo();
  doc["rat"] = json::parse(kOwnRat);
  const euicc_emu::EmulatorState state = euicc_emu::parseState(doc.dump(), "t.json");
  ASSERT_TRUE(state.rat);
  esim::ProfilePolicyAuthorisationRule want;
  want.pprIds.ppr1 = true;
  want.allowedOperators = {{fromHex("62F210"), fromHex("A1B2"), std::nullopt}};
  EXPECT_EQ(*state.rat, esim::RulesAuthorisationTable{want});
  EXPECT_EQ(getRat(state), *state.rat);
  // Written back and read back to the same state; "rat" is no unknown key.
  const std::string saved = euicc_emu::stateToJson(state);
  EXPECT_EQ(euicc_emu::parseState(saved, "t.json"), state);
  EXPECT_TRUE(state.unknownKeys.topLevel.empty()) << state.unknownKeys.topLevel;
  EXPECT_EQ(json::parse(saved)["rat"][0]["allowedOperators"][0]["gid1"], "A1B2");
}

TEST(EmuRat, EmptyTableForbidsEveryRule) {
  json doc = demo();
  doc["rat"] = json::array();
  const euicc_emu::EmulatorState state = euicc_emu::parseState(doc.dump(), "t.json");
  ASSERT_TRUE(state.rat);
  EXPECT_TRUE(getRat(state).empty());
  EXPECT_EQ(json::parse(euicc_emu::stateToJson(state))["rat"], json::array());
}

TEST(EmuRat, InvalidTablesAreRefusedNamingTheField) {
  auto with = [](const char *rat) {
    json doc = demo();
    doc["rat"] = json::parse(rat);
    return doc;
  };
  auto expect = [&](const char *rat, const std::string &start, const std::string &fragment) {
    SCOPED_TRACE(rat);
    const std::string msg = stateError(with(rat));
    EXPECT_EQ(msg.rfind("state file t.json: " + start, 0), 0u) << msg;
    EXPECT_NE(msg.find(fragment), std::string::npos) << msg;
  };
  expect(R"({"pprIds": []})", "rat: ", "expected an array");
  expect(R"([{"allowedOperators": []}])", "rat[0].pprIds: ", "missing required key");
  expect(R"([{"pprIds": ["ppr3"], "allowedOperators": []}])",
         "rat[0].pprIds[0]: ", "unknown policy rule 'ppr3'");
  expect(R"([{"pprIds": ["ppr1"], "allowedOperators": [], "pprFlags": ["consent"]}])",
         "rat[0].pprFlags[0]: ", "unknown flag 'consent'");
  expect(R"([{"pprIds": ["ppr1"], "allowedOperators": [{"mccMnc": "62F2"}]}])",
         "rat[0].allowedOperators[0].mccMnc: ", "not an mccMnc");
  expect(R"([{"pprIds": ["ppr1"], "allowedOperators": [{"mccMnc": "6AF210"}]}])",
         "rat[0].allowedOperators[0].mccMnc: ", "not an mccMnc");
  expect(R"([{"pprIds": ["ppr1"], "allowedOperators": [{"mccMnc": "62F21X"}]}])",
         "rat[0].allowedOperators[0].mccMnc: ", "not hexadecimal");
  expect(R"([{"pprIds": ["ppr1"], "allowedOperators": [{"mccMnc": "62F210", "gidl": "01"}]}])",
         "rat[0].allowedOperators[0]: ", "unknown key 'gidl'; known: mccMnc, gid1, gid2");
  expect(R"([{"pprIds": ["ppr1"], "allowedOperator": []}])",
         "rat[0]: ", "unknown key 'allowedOperator'");
}

TEST(EmuRat, ValidateStateChecksATableBuiltInCode) {
  euicc_emu::EmulatorState state = euicc_emu::parseState(euicc_emu::demoStateJson(), "demo");
  state.rat = euicc_emu::defaultRat();
  (*state.rat)[0].allowedOperators[0].mccMnc = fromHex("EE");
  EXPECT_THROW(euicc_emu::validateState(state, "code"), esim::Error);
}

} // namespace
