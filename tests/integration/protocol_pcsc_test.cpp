// esimctl beside other PC/SC programs, through real pcscd + vpcd + euicc-emu:
// the protocol it leaves the card in (a program that connects T=0 only, as
// lpac does, must work right after it) and the APDUs it costs without
// --reader (no more than lpac's 8 for profile list).
#include <gtest/gtest.h>

#include <winscard.h>

#include <memory>
#include <string>
#include <vector>

#include "esim/isdr_session.hpp"
#include "esim/pcsc_transport.hpp"
#include "euicc_emu/state.hpp"
#include "support/apdu_trace.hpp"
#include "support/emulated_reader.hpp"
#include "support/esim_env.hpp"

namespace esim::test {
namespace {

// lpac's profile list costs 8 C-APDUs; esimctl stays below it with one
// channel opened, the ISD-R selected, one ES10 exchange of a STORE DATA and
// GET RESPONSEs, and the channel closed.
constexpr std::size_t kProfileListApdus = 7;

// OtherProgram is another PC/SC client: its own context and, while
// connected, its own card handle.
class OtherProgram {
public:
  OtherProgram() {
    if (SCardEstablishContext(SCARD_SCOPE_SYSTEM, nullptr, nullptr, &context_) != SCARD_S_SUCCESS) {
      throw std::runtime_error("SCardEstablishContext failed");
    }
  }
  ~OtherProgram() {
    disconnect(SCARD_LEAVE_CARD);
    SCardReleaseContext(context_);
  }
  OtherProgram(const OtherProgram &) = delete;
  OtherProgram &operator=(const OtherProgram &) = delete;

  // connect connects in shared mode with |protocols| only; returns
  // SCardConnect's result.
  LONG connect(const std::string &reader, DWORD protocols) {
    disconnect(SCARD_LEAVE_CARD);
    DWORD active = 0;
    const LONG rc =
        SCardConnect(context_, reader.c_str(), SCARD_SHARE_SHARED, protocols, &card_, &active);
    connected_ = rc == SCARD_S_SUCCESS;
    return rc;
  }
  void disconnect(DWORD disposition) {
    if (connected_) SCardDisconnect(card_, disposition);
    connected_ = false;
  }

private:
  SCARDCONTEXT context_ = 0;
  SCARDHANDLE card_ = 0;
  bool connected_ = false;
};

std::string pcscText(LONG rc) {
  return pcsc_stringify_error(rc);
}

class ProtocolThroughPcscd : public ::testing::TestWithParam<const char *> {
protected:
  // The emulator's ATR: "t1" offers T=0 and T=1, "t0" (the default) T=0 only.
  TempDir dir_;
  EmulatedReader reader_{dir_, {"--atr", GetParam(), "--trace"}};
};

TEST_P(ProtocolThroughPcscd, AT0OnlyProgramConnectsRightAfterEsimctl) {
  for (const bool chooseReader : {true, false}) {
    SCOPED_TRACE(chooseReader ? "with --reader" : "without --reader");
    const EsimctlResult r =
        chooseReader ? reader_.esimctl({"profile", "list"}) : runEsimctl({"profile", "list"});
    ASSERT_EQ(r.command.exitCode, 0) << r.describe();
    OtherProgram lpacLike;
    const LONG rc = lpacLike.connect(reader_.readerName(), SCARD_PROTOCOL_T0);
    EXPECT_EQ(rc, SCARD_S_SUCCESS) << pcscText(rc);
  }
}

TEST_P(ProtocolThroughPcscd, EsimctlWorksWhileAnotherProgramHoldsTheCard) {
  OtherProgram other;
  // A card that offers T=1 is held in T=1; the T=0 card in T=0.
  const DWORD held = std::string(GetParam()) == "t1" ? SCARD_PROTOCOL_T1 : SCARD_PROTOCOL_T0;
  const LONG rc = other.connect(reader_.readerName(), held);
  ASSERT_EQ(rc, SCARD_S_SUCCESS) << pcscText(rc);
  const EsimctlResult r = reader_.esimctl({"--json", "chip", "info"});
  EXPECT_EQ(r.command.exitCode, 0) << r.describe();
}

TEST_P(ProtocolThroughPcscd, AfterAResetTheTransportReconnectsInT0) {
  ReaderSelector selector;
  selector.name = reader_.readerName();
  std::unique_ptr<PcscTransport> transport = PcscTransport::open(selector);
  {
    // Another program resets the card: pcscd forgets the protocol, and the
    // transport's next call reconnects and chooses it again.
    OtherProgram resetter;
    ASSERT_EQ(resetter.connect(reader_.readerName(), SCARD_PROTOCOL_T0), SCARD_S_SUCCESS);
    resetter.disconnect(SCARD_RESET_CARD);
  }
  {
    Transaction transaction(*transport);
    const ResponseApdu opened = transport->transmit(CommandApdu::manageChannelOpen());
    ASSERT_TRUE(opened.ok());
    transport->closeLogicalChannel(opened.data.at(0));
  }
  OtherProgram lpacLike;
  const LONG rc = lpacLike.connect(reader_.readerName(), SCARD_PROTOCOL_T0);
  EXPECT_EQ(rc, SCARD_S_SUCCESS) << pcscText(rc);
}

// commandsSince returns the C-APDUs the card logged after the first |before|.
std::vector<Bytes> commandsSince(const std::string &log, std::size_t before) {
  std::vector<Bytes> commands;
  const std::vector<TracedApdu> apdus = parseEmulatorTrace(log);
  for (std::size_t i = before; i < apdus.size(); ++i)
    commands.push_back(apdus[i].command);
  return commands;
}

TEST_P(ProtocolThroughPcscd, ProfileListCostsNoMoreApdusThanLpacWithOrWithoutReader) {
  for (const bool chooseReader : {true, false}) {
    SCOPED_TRACE(chooseReader ? "with --reader" : "without --reader");
    const std::size_t before = parseEmulatorTrace(reader_.emulator().log()).size();
    const std::vector<std::string> args = {"--trace", "profile", "list"};
    const EsimctlResult r = chooseReader ? reader_.esimctl(args) : runEsimctl(args);
    ASSERT_EQ(r.command.exitCode, 0) << r.describe();
    const std::vector<Bytes> card = commandsSince(reader_.emulator().log(), before);
    EXPECT_LE(card.size(), kProfileListApdus) << reader_.emulator().log();
    // esimctl --trace shows every one of them, the reader's probe included.
    std::size_t traced = 0;
    for (std::size_t at = 0; (at = r.command.stderrText.find(">> ", at)) != std::string::npos; ++at)
      ++traced;
    EXPECT_EQ(traced, card.size()) << r.describe();
    // The channel is closed at the end: the last command is MANAGE CHANNEL
    // close (00 70 80 nn).
    ASSERT_FALSE(card.empty());
    EXPECT_EQ(toHex(ByteView(card.back()).first(3)), "007080");
  }
}

INSTANTIATE_TEST_SUITE_P(Atr, ProtocolThroughPcscd, ::testing::Values("t1", "t0"));

// A card whose ISD-R answers only on the second known AID (as 5ber's): the
// reader's probe learns that the first answers 6A82, so finding the reader
// still costs nothing beyond what --reader costs.
TEST(ProbeThroughPcscd, SecondKnownAidCostsTheSameWithAndWithoutReader) {
  TempDir dir;
  EmulatedReader reader(dir, {"--trace"});
  reader.stopCard();
  euicc_emu::EmulatorState state = euicc_emu::loadState(reader.statePath());
  state.isdrAid = kKnownIsdrAids.at(1);
  euicc_emu::saveState(state, reader.statePath());
  reader.startCard();
  std::vector<std::size_t> counts;
  for (const bool chooseReader : {true, false}) {
    const std::size_t before = parseEmulatorTrace(reader.emulator().log()).size();
    const std::vector<std::string> args = {"--json", "profile", "list"};
    const EsimctlResult r = chooseReader ? reader.esimctl(args) : runEsimctl(args);
    ASSERT_EQ(r.command.exitCode, 0) << r.describe();
    EXPECT_EQ(r.json["data"].size(), state.profiles.size()) << r.describe();
    counts.push_back(commandsSince(reader.emulator().log(), before).size());
  }
  EXPECT_EQ(counts[1], counts[0]) << reader.emulator().log();
}

} // namespace
} // namespace esim::test
