// removeProfile and finishRemoval against the in-process emulator with a
// fault at every APDU of a removal: whatever stops it, the receipt on disk
// tells what the card and the SM-DP+ went through, and a second run finishes
// the job with nothing lost and nothing sent twice that was not needed.
#include "esim/profile_removal.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "emu_bench_fixture.hpp"
#include "esim/base64.hpp"
#include "esim/http.hpp"
#include "euicc_emu/faults.hpp"
#include "support/esim_env.hpp"

namespace {

using namespace emu_test;
using esim::DeliveryStatus;
using esim::StepStatus;

constexpr long kHttpNoContent = 204;
const std::string kEid = "89049032123451234512345678901235";

// RecordingHttp accepts every notification (or fails with |failWith|) and
// records which of |card|'s notifications it got, by seqNumber; |onPost|
// runs first (to break things mid-run).
class RecordingHttp : public esim::HttpClient {
public:
  esim::HttpResponse post(const esim::HttpRequest &request) override {
    if (onPost) onPost();
    if (failWith) throw esim::Error(*failWith, "simulated: certificate has expired");
    requests.push_back(request);
    esim::Bytes der = esim::base64Decode(
        nlohmann::json::parse(request.body).at("pendingNotification").get<std::string>());
    std::int64_t seq = -1;
    if (card) {
      for (const auto &n : card->state().notifications) {
        if (n.der == der) seq = n.metadata.seqNumber;
      }
    }
    sent.insert(seq);
    return esim::HttpResponse{kHttpNoContent, {}, {}};
  }
  const euicc_emu::Card *card = nullptr;
  std::vector<esim::HttpRequest> requests;
  std::multiset<std::int64_t> sent;
  std::optional<esim::Errc> failWith;
  std::function<void()> onPost;
};

// Stack is the LPA's view of a card through a fault injector.
struct Stack {
  Stack(euicc_emu::EmulatorState state, euicc_emu::FaultPlan plan)
      : card(std::move(state)), faults(card, std::move(plan)), transport(faults),
        session(transport), euicc(session) {}
  euicc_emu::Card card;
  euicc_emu::FaultInjector faults;
  euicc_emu::EmulatorTransport transport;
  esim::IsdrSession session;
  esim::Euicc euicc;
};

euicc_emu::FaultPlan planOf(const std::string &spec) {
  euicc_emu::FaultPlan p;
  if (!spec.empty()) euicc_emu::addFaultSpec(p, spec);
  return p;
}

const esim::ProfileInfo *profileIn(const euicc_emu::EmulatorState &s, const std::string &iccid) {
  for (const auto &p : s.profiles) {
    if (p.iccid == iccid) return &p;
  }
  return nullptr;
}

bool onCard(const euicc_emu::EmulatorState &s, std::int64_t seq) {
  return std::any_of(s.notifications.begin(), s.notifications.end(),
                     [&](const auto &n) { return n.metadata.seqNumber == seq; });
}

// expectConsistent checks the receipt |r| against the card's state |s| and
// the notifications the SM-DP+ got (|sent|, by seqNumber).
void expectConsistent(const esim::RemovalReceipt &r, const euicc_emu::EmulatorState &s,
                      const std::multiset<std::int64_t> &sent, std::int64_t firstNewSeq,
                      const std::string &where) {
  SCOPED_TRACE(where);
  const esim::ProfileInfo *p = profileIn(s, kTravelIccid);
  if (r.deletion == StepStatus::ok) {
    EXPECT_EQ(p, nullptr) << "deleted, yet on the card";
  }
  if (r.deletion == StepStatus::pending || r.deletion == StepStatus::refused) {
    EXPECT_NE(p, nullptr) << "not deleted, yet gone";
  }
  if (r.disable == StepStatus::pending) {
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(p->profileState, esim::ProfileState::enabled) << "disabled without a record";
  }
  if (r.disable == StepStatus::ok && p) {
    EXPECT_EQ(p->profileState, esim::ProfileState::disabled);
  }
  for (const auto &n : r.notifications) {
    if (n.removal == StepStatus::ok) {
      EXPECT_FALSE(onCard(s, n.seqNumber)) << n.seqNumber;
    }
    if (n.delivery == DeliveryStatus::delivered) {
      EXPECT_TRUE(sent.count(n.seqNumber)) << n.seqNumber;
    }
    if (n.delivery == DeliveryStatus::pending || n.delivery == DeliveryStatus::notReported) {
      EXPECT_FALSE(sent.count(n.seqNumber)) << "sent without a record: #" << n.seqNumber;
    }
    if (!onCard(s, n.seqNumber)) {
      EXPECT_TRUE(n.removal == StepStatus::ok || n.removal == StepStatus::sent)
          << "#" << n.seqNumber << " left the card without a record";
    }
  }
  // Every notification this removal made is either in the receipt or the
  // receipt says it has not read them yet.
  for (const auto &n : s.notifications) {
    if (n.metadata.seqNumber < firstNewSeq) continue;
    bool recorded = std::any_of(r.notifications.begin(), r.notifications.end(),
                                [&](const auto &x) { return x.seqNumber == n.metadata.seqNumber; });
    EXPECT_TRUE(recorded || !r.notificationsListed) << "#" << n.metadata.seqNumber;
  }
  // Nothing left the eUICC that the SM-DP+ did not acknowledge.
  for (std::int64_t seq = firstNewSeq; seq < s.nextSeqNumber; ++seq) {
    if (!onCard(s, seq)) {
      EXPECT_TRUE(sent.count(seq)) << "#" << seq << " lost";
    }
  }
}

class ProfileRemoval : public ::testing::Test {
protected:
  esim::RemovalReceipt onDisk(const std::filesystem::path &path) {
    return esim::receiptFromJson(readText(path));
  }
  esim::test::TempDir dir_;
};

TEST_F(ProfileRemoval, HappyPathRecordsEveryStepAndFinishes) {
  Stack st(demoWithPki(), {});
  RecordingHttp http;
  http.card = &st.card;
  esim::Es9pClient es9p(http, {});
  auto plan = esim::planDeletion(st.euicc.getProfilesInfo(), kTravelIccid, true);
  auto out = esim::removeProfile(st.euicc, &es9p, plan, kEid, dir_.path());
  EXPECT_FALSE(out.failure);
  const esim::RemovalReceipt r = onDisk(out.receiptPath);
  EXPECT_EQ(r, out.receipt);
  EXPECT_TRUE(esim::receiptFinished(r));
  EXPECT_EQ(r.disable, StepStatus::ok);
  EXPECT_EQ(r.deletion, StepStatus::ok);
  ASSERT_EQ(r.notifications.size(), 2u);
  EXPECT_TRUE(r.reported);
  EXPECT_TRUE(r.removedFromEuicc);
  EXPECT_EQ(r.seqNumber, r.notifications[1].seqNumber);
  EXPECT_EQ(http.requests.size(), 2u);
  EXPECT_TRUE(st.card.state().notifications.empty());
}

TEST_F(ProfileRemoval, ATlsFailureIsRecordedWithItsRealCause) {
  Stack st(demoWithPki(), {});
  RecordingHttp http;
  http.failWith = esim::Errc::tls;
  esim::Es9pClient es9p(http, {});
  auto plan = esim::planDeletion(st.euicc.getProfilesInfo(), kTravelIccid, true);
  auto out = esim::removeProfile(st.euicc, &es9p, plan, kEid, dir_.path());
  const esim::RemovalReceipt r = onDisk(out.receiptPath);
  ASSERT_EQ(r.notifications.size(), 2u);
  for (const auto &n : r.notifications) {
    EXPECT_EQ(n.delivery, DeliveryStatus::failed);
    EXPECT_EQ(n.errorCode, "tls");
    // The second one was not sent, but its record says why: the first's cause.
    EXPECT_NE(n.error.find("certificate has expired"), std::string::npos) << n.error;
  }
  EXPECT_FALSE(esim::receiptFinished(r));
  EXPECT_EQ(st.card.state().notifications.size(), 2u);
}

TEST_F(ProfileRemoval, AReceiptThatCanNoLongerBeWrittenStopsBeforeTheNextStep) {
  Stack st(demoWithPki(), {});
  RecordingHttp http;
  const auto folder = dir_.path() / "receipts";
  // The folder vanishes while the first notification is on its way: its
  // answer cannot be recorded, so it must not be removed from the eUICC.
  http.onPost = [&] { std::filesystem::rename(folder, dir_.path() / "moved"); };
  esim::Es9pClient es9p(http, {});
  auto plan = esim::planDeletion(st.euicc.getProfilesInfo(), kTravelIccid, true);
  auto out = esim::removeProfile(st.euicc, &es9p, plan, kEid, folder);
  ASSERT_TRUE(out.failure);
  EXPECT_EQ(out.failure->code(), esim::Errc::ioError);
  EXPECT_EQ(http.requests.size(), 1u);
  EXPECT_EQ(st.card.state().notifications.size(), 2u) << "removed without a record";
  const esim::RemovalReceipt r = onDisk(dir_.path() / "moved" / out.receiptPath.filename());
  EXPECT_EQ(r.deletion, StepStatus::ok);
  EXPECT_EQ(r.notifications.at(0).delivery, DeliveryStatus::sending);
}

TEST_F(ProfileRemoval, AnUnwritableFolderRefusesBeforeTheCardChanges) {
  Stack st(demoWithPki(), {});
  std::ofstream(dir_.path() / "file") << "x";
  auto plan = esim::planDeletion(st.euicc.getProfilesInfo(), kTravelIccid, true);
  EXPECT_THROW(esim::removeProfile(st.euicc, nullptr, plan, kEid, dir_.path() / "file" / "r"),
               esim::Error);
  EXPECT_EQ(profileIn(st.card.state(), kTravelIccid)->profileState, esim::ProfileState::enabled);
  EXPECT_TRUE(st.card.state().notifications.empty());
}

TEST_F(ProfileRemoval, AStopRequestEndsBetweenStepsWithTheReceiptSaying) {
  for (int allowed = 0; allowed < 4; ++allowed) {
    SCOPED_TRACE("stop after " + std::to_string(allowed) + " checks");
    esim::test::TempDir dir;
    Stack st(demoWithPki(), {});
    RecordingHttp http;
    http.card = &st.card;
    esim::Es9pClient es9p(http, {});
    int asked = 0;
    esim::RemovalOptions options;
    options.stopRequested = [&] { return asked++ >= allowed; };
    auto plan = esim::planDeletion(st.euicc.getProfilesInfo(), kTravelIccid, true);
    auto out = esim::removeProfile(st.euicc, &es9p, plan, kEid, dir.path(), options);
    const esim::RemovalReceipt r = onDisk(out.receiptPath);
    EXPECT_TRUE(r.interrupted);
    EXPECT_FALSE(esim::receiptFinished(r));
    expectConsistent(r, st.card.state(), http.sent, demoWithPki().nextSeqNumber, "stop");
  }
}

// The sweep: a card error (removed, 6F00, truncated answer) at every APDU of
// a removal, then a second run on the same card state, without faults.
class ProfileRemovalSweep : public ProfileRemoval,
                            public ::testing::WithParamInterface<const char *> {};

TEST_P(ProfileRemovalSweep, EveryApduFailingLeavesATrueReceiptAndASecondRunFinishes) {
  // A run without faults counts the APDUs before the removal (session and
  // GetProfilesInfo) and those of the whole removal.
  unsigned offset = 0;
  unsigned total = 0;
  const std::int64_t firstSeq = demoWithPki().nextSeqNumber;
  {
    esim::test::TempDir dir;
    Stack st(demoWithPki(), {});
    RecordingHttp http;
    esim::Es9pClient es9p(http, {});
    auto plan = esim::planDeletion(st.euicc.getProfilesInfo(), kTravelIccid, true);
    offset = st.faults.apduCount();
    esim::removeProfile(st.euicc, &es9p, plan, kEid, dir.path());
    total = st.faults.apduCount() - offset;
  }
  ASSERT_GT(total, 10u);
  for (unsigned k = 1; k <= total; ++k) {
    const std::string where = std::string(GetParam()) + " at APDU " + std::to_string(k);
    SCOPED_TRACE(where);
    esim::test::TempDir dir;
    euicc_emu::EmulatorState after;
    RecordingHttp http;
    esim::Es9pClient es9p(http, {});
    std::filesystem::path receiptPath;
    {
      Stack st(demoWithPki(), planOf(std::string(GetParam()) + "@" + std::to_string(offset + k)));
      http.card = &st.card;
      auto plan = esim::planDeletion(st.euicc.getProfilesInfo(), kTravelIccid, true);
      ASSERT_EQ(st.faults.apduCount(), offset);
      try {
        auto out = esim::removeProfile(st.euicc, &es9p, plan, kEid, dir.path());
        receiptPath = out.receiptPath;
      } catch (const esim::Error &) {
        // Only before the receipt exists: then nothing may have changed.
        EXPECT_TRUE(esim::readReceipts(dir.path()).empty());
        EXPECT_TRUE(st.card.state().notifications.empty());
        continue;
      }
      after = st.card.state();
      expectConsistent(onDisk(receiptPath), after, http.sent, firstSeq, where);
    }
    // Second run, as the user would: `esimctl remove ICCID` again.
    Stack again(after, {});
    http.card = &again.card;
    std::optional<esim::DeletionPlan> plan;
    try {
      plan = esim::planDeletion(again.euicc.getProfilesInfo(), kTravelIccid, true);
    } catch (const esim::Error &e) {
      ASSERT_EQ(e.code(), esim::Errc::notFound);
    }
    esim::RemovalOutcome out2;
    if (plan) {
      out2 = esim::removeProfile(again.euicc, &es9p, *plan, kEid, dir.path());
    } else if (auto unfinished = esim::findUnfinishedReceipt(dir.path(), kTravelIccid)) {
      out2 = esim::finishRemoval(again.euicc, &es9p, *unfinished);
    }
    EXPECT_FALSE(out2.failure) << out2.failure->what();
    for (const auto &f : esim::readReceipts(dir.path()))
      EXPECT_TRUE(esim::receiptFinished(f.receipt)) << f.path << "\n"
                                                    << esim::receiptToJson(f.receipt);
    EXPECT_EQ(profileIn(again.card.state(), kTravelIccid), nullptr);
    EXPECT_TRUE(again.card.state().notifications.empty());
    // Every notification of the removal reached the SM-DP+.
    for (std::int64_t seq = firstSeq; seq < again.card.state().nextSeqNumber; ++seq)
      EXPECT_TRUE(http.sent.count(seq)) << "#" << seq << " never sent";
  }
}

INSTANTIATE_TEST_SUITE_P(Faults, ProfileRemovalSweep,
                         ::testing::Values("remove", "sw=6F00", "truncate"), [](const auto &param) {
                           std::string name = param.param;
                           name.erase(std::remove_if(name.begin(), name.end(),
                                                     [](char c) { return !std::isalnum(c); }),
                                      name.end());
                           return name;
                         });

} // namespace
