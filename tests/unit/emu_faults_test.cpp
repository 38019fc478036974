// Fault injection in the emulator: the --fault spec parser, and each fault
// seen by the LPA's own stack in-process (Euicc -> IsdrSession ->
// EmulatorTransport -> FaultInjector -> Card): the error the LPA gets, the
// card's channels, and its state afterwards (all of a change or none of it).
#include <gtest/gtest.h>

#include <chrono>
#include <functional>

#include "emu_bench_fixture.hpp"
#include "esim/error.hpp"
#include "euicc_emu/faults.hpp"

namespace {

using namespace emu_test;
using esim::Errc;
using esim::Iccid;
using esim::NotificationEvent;
using euicc_emu::FaultPlan;
using euicc_emu::TearPoint;

FaultPlan plan(std::initializer_list<const char *> specs) {
  FaultPlan p;
  for (const char *s : specs)
    euicc_emu::addFaultSpec(p, s);
  return p;
}

TEST(FaultSpec, ParsesEveryKind) {
  FaultPlan p = plan({"latency=20", "sw=6f00@5", "remove@7", "remove@9:1500", "truncate@6",
                      "tear=DeleteProfile:after", "tear=RemoveNotificationFromList:before:200"});
  EXPECT_EQ(p.latency, std::chrono::milliseconds(20));
  ASSERT_EQ(p.statusWords.size(), 1u);
  EXPECT_EQ(p.statusWords[0].apdu, 5u);
  EXPECT_EQ(p.statusWords[0].sw, 0x6F00);
  ASSERT_EQ(p.removals.size(), 2u);
  EXPECT_EQ(p.removals[0].apdu, 7u);
  EXPECT_EQ(p.removals[0].absence, euicc_emu::kDefaultAbsence);
  EXPECT_EQ(p.removals[1].absence, std::chrono::milliseconds(1500));
  ASSERT_EQ(p.truncations.size(), 1u);
  EXPECT_EQ(p.truncations[0].apdu, 6u);
  ASSERT_EQ(p.tears.size(), 2u);
  EXPECT_EQ(p.tears[0].function, "DeleteProfile");
  EXPECT_EQ(p.tears[0].point, TearPoint::after);
  EXPECT_EQ(p.tears[1].function, "RemoveNotificationFromList");
  EXPECT_EQ(p.tears[1].point, TearPoint::before);
  EXPECT_EQ(p.tears[1].absence, std::chrono::milliseconds(200));
  EXPECT_FALSE(p.empty());
  EXPECT_TRUE(FaultPlan{}.empty());
  FaultPlan a =
      plan({"answer=ListNotification:BF2803810103", "answer=EnableProfile#2:bf31 03 800109"});
  ASSERT_EQ(a.answers.size(), 2u);
  EXPECT_EQ(a.answers[0].function, "ListNotification");
  EXPECT_EQ(a.answers[0].occurrence, 1u);
  EXPECT_EQ(a.answers[0].data, esim::fromHex("BF2803810103"));
  EXPECT_EQ(a.answers[1].occurrence, 2u);
  EXPECT_FALSE(a.empty());
}

TEST(FaultSpec, ParsesMaxBlock) {
  FaultPlan p = plan({"max-block=120"});
  EXPECT_EQ(p.maxStoreDataBlock, 120u);
  EXPECT_FALSE(p.empty());
}

TEST(FaultSpec, RefusesBadSpecsNamingThem) {
  for (const char *bad : {"",
                          "latency=",
                          "latency=-1",
                          "latency=999999999",
                          "sw=6F00",
                          "sw=6F0@5",
                          "sw=6G00@5",
                          "sw=6F00@0",
                          "sw=6F00@x",
                          "remove",
                          "remove@",
                          "remove@3:",
                          "remove@3:x",
                          "removeX@3",
                          "truncate@",
                          "truncate5",
                          "max-block=",
                          "max-block=0",
                          "max-block=255",
                          "max-block=x",
                          "tear=DeleteProfile",
                          "tear=DeleteProfile:during",
                          "tear=Delete:after",
                          "tear=DeleteProfile:after:x",
                          "answer=ListNotification",
                          "answer=ListNotification:",
                          "answer=ListNotification:XY",
                          "answer=Nothing:BF2800",
                          "answer=ListNotification#0:BF2800",
                          "explode@3"}) {
    FaultPlan p;
    try {
      euicc_emu::addFaultSpec(p, bad);
      ADD_FAILURE() << "accepted '" << bad << "'";
    } catch (const esim::Error &e) {
      EXPECT_EQ(e.code(), Errc::invalidArgument) << bad;
      EXPECT_NE(std::string(e.what()).find("'" + std::string(bad) + "'"), std::string::npos)
          << e.what();
      EXPECT_FALSE(e.hint().empty());
    }
    EXPECT_TRUE(p.empty()) << "a refused spec changed the plan: " << bad;
  }
}

// travelDisabled is the demo state with the travel profile disabled, so it
// can be deleted at once.
euicc_emu::EmulatorState travelDisabled() {
  euicc_emu::EmulatorState s = demoWithPki();
  for (auto &p : s.profiles) {
    if (p.iccid == kTravelIccid) p.profileState = esim::ProfileState::disabled;
  }
  return s;
}

// FaultyLpa is an LPA talking to a card through a FaultInjector.
class FaultyLpa {
public:
  FaultyLpa(euicc_emu::EmulatorState state, FaultPlan faults)
      : card_(std::move(state)),
        injector_(card_, std::move(faults), [this](const std::string &l) { log_.push_back(l); }),
        transport_(injector_) {}

  // run opens a session, calls |f| with the Euicc and closes the session,
  // returning the error code it threw (nullopt if none).
  std::optional<Errc> run(const std::function<void(esim::Euicc &)> &f) {
    try {
      esim::IsdrSession session(transport_);
      esim::Euicc euicc(session);
      f(euicc);
    } catch (const esim::Error &e) {
      lastError_ = e.what();
      return e.code();
    }
    return std::nullopt;
  }
  euicc_emu::Card &card() noexcept { return card_; }
  euicc_emu::FaultInjector &injector() noexcept { return injector_; }
  const std::vector<std::string> &log() const noexcept { return log_; }
  const std::string &lastError() const noexcept { return lastError_; }
  bool logged(const std::string &text) const {
    for (const auto &l : log_)
      if (l.find(text) != std::string::npos) return true;
    return false;
  }
  std::size_t pendingDeletes() const {
    std::size_t n = 0;
    for (const auto &p : card_.state().notifications)
      if (p.metadata.profileManagementOperation == NotificationEvent::notificationDelete) ++n;
    return n;
  }
  bool hasProfile(const std::string &iccid) const {
    for (const auto &p : card_.state().profiles)
      if (p.iccid == iccid) return true;
    return false;
  }

private:
  std::vector<std::string> log_;
  euicc_emu::Card card_;
  euicc_emu::FaultInjector injector_;
  euicc_emu::EmulatorTransport transport_;
  std::string lastError_;
};

void listProfiles(esim::Euicc &e) {
  (void)e.getProfilesInfo();
}

// apdusOf counts the APDUs |f| sends through a session on a card without
// faults, so a test can aim at the last one without hard-coding the framing.
unsigned apdusOf(const std::function<void(esim::Euicc &)> &f) {
  FaultyLpa probe(travelDisabled(), {});
  EXPECT_FALSE(probe.run(f));
  return probe.injector().apduCount();
}

TEST(FaultInjector, LogsChannelsOpenedAndClosedByTheLpa) {
  FaultyLpa lpa(demoWithPki(), {});
  EXPECT_FALSE(lpa.run(listProfiles));
  const unsigned n = lpa.injector().apduCount();
  EXPECT_TRUE(lpa.logged("channel 1 opened at APDU #1"));
  EXPECT_TRUE(lpa.logged("channel 1 closed at APDU #" + std::to_string(n)));
  EXPECT_EQ(lpa.card().openChannelMask(), 1u);
  lpa.injector().powerOff(); // nothing open: nothing to log
  EXPECT_FALSE(lpa.logged("by power off"));
}

// storeDataApdu is the number of the first STORE DATA in a session: the
// APDUs that open a session (all of an empty one but its close), plus one.
unsigned storeDataApdu() {
  return apdusOf([](esim::Euicc &) {});
}

TEST(FaultInjector, StatusWordIsAnsweredInsteadOfProcessing) {
  const unsigned storeData = storeDataApdu();
  FaultyLpa lpa(demoWithPki(), plan({("sw=6F00@" + std::to_string(storeData)).c_str()}));
  EXPECT_EQ(lpa.run(listProfiles), Errc::statusWord);
  // The message names the ES10 function and the APDU step.
  EXPECT_EQ(lpa.lastError().rfind("GetProfilesInfo: STORE DATA block 1/1 on channel 1: ", 0), 0u)
      << lpa.lastError();
  EXPECT_NE(lpa.lastError().find("6F00"), std::string::npos) << lpa.lastError();
  EXPECT_TRUE(lpa.logged("fault: status word 6F00 instead of processing 81E29100 at APDU #" +
                         std::to_string(storeData)));
  // The session still closed its channel, with the APDU after the fault.
  EXPECT_EQ(lpa.card().openChannelMask(), 1u);
  EXPECT_TRUE(lpa.logged("channel 1 closed at APDU #" + std::to_string(storeData + 1)));
  // Fired once: the next run works.
  EXPECT_FALSE(lpa.run(listProfiles));
}

TEST(FaultInjector, MaxBlockRefusesOnlyLongerStoreDataBlocks) {
  FaultyLpa lpa(demoWithPki(), plan({"max-block=120"}));
  // Short requests fit in one small block: the card works.
  EXPECT_EQ(lpa.run([](esim::Euicc &e) { e.getEid(); }), std::nullopt) << lpa.lastError();
  // A 200-byte tagList needs a block over 120 bytes at the default size.
  esim::ProfileInfoListRequest longRequest;
  longRequest.tagList = esim::Bytes(200, 0x5A);
  EXPECT_EQ(lpa.run([&](esim::Euicc &e) { e.getProfilesInfo(longRequest); }), Errc::statusWord);
  EXPECT_NE(lpa.lastError().find("6700"), std::string::npos) << lpa.lastError();
  EXPECT_TRUE(lpa.logged("refused (max-block=120)"));
}

TEST(FaultInjector, TruncatedAnswerIsRejectedAsMalformed) {
  const unsigned getResponse = storeDataApdu() + 1;
  FaultyLpa lpa(demoWithPki(), plan({("truncate@" + std::to_string(getResponse)).c_str()}));
  EXPECT_EQ(lpa.run(listProfiles), Errc::malformedResponse) << lpa.lastError();
  EXPECT_TRUE(lpa.logged("fault: answer to 01C00000 truncated"));
  EXPECT_EQ(lpa.card().openChannelMask(), 1u);
}

TEST(FaultInjector, RemovalThrowsCardRemovedAndResetsTheChannels) {
  FaultyLpa lpa(demoWithPki(), plan({("remove@" + std::to_string(storeDataApdu())).c_str()}));
  const auto before = lpa.card().state();
  EXPECT_EQ(lpa.run(listProfiles), Errc::cardRemoved);
  EXPECT_TRUE(lpa.logged("fault: card removed before answering 81E29100"));
  EXPECT_TRUE(lpa.logged("channel 1 closed by power off"));
  EXPECT_EQ(lpa.card().openChannelMask(), 1u);
  EXPECT_EQ(lpa.card().state().profiles.size(), before.profiles.size());
}

void deleteTravel(esim::Euicc &e) {
  (void)e.deleteProfile(Iccid{kTravelIccid});
}

TEST(FaultInjector, TearBeforeDeleteStoresNothing) {
  FaultyLpa lpa(travelDisabled(), plan({"tear=DeleteProfile:before"}));
  const std::size_t pending = lpa.pendingDeletes();
  EXPECT_EQ(lpa.run(deleteTravel), Errc::cardRemoved);
  EXPECT_TRUE(lpa.logged("fault: power lost before DeleteProfile ran"));
  EXPECT_TRUE(lpa.hasProfile(kTravelIccid));
  EXPECT_EQ(lpa.pendingDeletes(), pending);
  // Fired once: the retry deletes.
  EXPECT_FALSE(lpa.run(deleteTravel));
  EXPECT_FALSE(lpa.hasProfile(kTravelIccid));
}

TEST(FaultInjector, TearAfterDeleteKeepsTheDeletionAndItsNotification) {
  FaultyLpa lpa(travelDisabled(), plan({"tear=DeleteProfile:after"}));
  const std::size_t pending = lpa.pendingDeletes();
  EXPECT_EQ(lpa.run(deleteTravel), Errc::cardRemoved);
  EXPECT_EQ(lpa.lastError().rfind("DeleteProfile: STORE DATA", 0), 0u) << lpa.lastError();
  EXPECT_TRUE(lpa.logged("fault: power lost after DeleteProfile committed"));
  EXPECT_FALSE(lpa.hasProfile(kTravelIccid));
  EXPECT_EQ(lpa.pendingDeletes(), pending + 1);
  EXPECT_EQ(lpa.card().openChannelMask(), 1u);
}

TEST(FaultInjector, TearOnlyHitsTheNamedFunction) {
  FaultyLpa lpa(travelDisabled(), plan({"tear=DeleteProfile:before"}));
  EXPECT_FALSE(lpa.run(listProfiles));
  EXPECT_FALSE(lpa.logged("fault:"));
}

TEST(FaultInjector, LatencyDelaysEveryAnswer) {
  constexpr auto kLatency = std::chrono::milliseconds(5);
  FaultyLpa lpa(demoWithPki(), plan({"latency=5"}));
  const auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(lpa.run(listProfiles));
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_GE(elapsed, kLatency * lpa.injector().apduCount());
}

TEST(FaultInjector, AnswerReplacesTheNamedRunOnly) {
  // The card answers listNotificationsResultError 3 (Android's vector)
  // instead of running ListNotification; the run after is the card's own.
  FaultyLpa lpa(demoWithPki(), plan({"answer=ListNotification:BF2803810103"}));
  EXPECT_EQ(lpa.run([](esim::Euicc &e) { (void)e.listNotification(); }), Errc::cardRefused);
  EXPECT_EQ(lpa.lastError(),
            "ListNotification: eUICC answered listNotificationsResultError other(3)");
  EXPECT_TRUE(lpa.logged("fault: ListNotification answered BF2803810103 without running"));
  EXPECT_FALSE(lpa.run([](esim::Euicc &e) { (void)e.listNotification(); }));
  EXPECT_EQ(lpa.card().openChannelMask(), 1u);
}

} // namespace
