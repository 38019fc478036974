// The emulator's notifications: signed by the eUICC key (checked with
// OpenSSL up to the test CI, independently of the emulator's code), listed,
// retrieved (all, by seqNumber, by event), removed; seqNumbers that keep
// growing across restarts and are never reused; notifications that survive a
// reload byte for byte.
#include <gtest/gtest.h>

#include "codec/es10_codec.hpp"
#include "emu_bench_fixture.hpp"
#include "esim/error.hpp"
#include "support/signature_check.hpp"

namespace {

using namespace emu_test;
using esim::Bytes;
using esim::Iccid;
using esim::NotificationEvent;
using esim::PendingNotification;
namespace codec = esim::codec;

// makeSomeNotifications disables and deletes the travel profile and deletes
// the home profile: #0 disable travel, #1 delete travel, #2 delete home.
void makeSomeNotifications(Lpa &lpa) {
  ASSERT_EQ(lpa.euicc().disableProfile(Iccid{kTravelIccid}, false), esim::DisableProfileResult::ok);
  ASSERT_EQ(lpa.euicc().deleteProfile(Iccid{kTravelIccid}), esim::DeleteProfileResult::ok);
  ASSERT_EQ(lpa.euicc().deleteProfile(Iccid{kHomeIccid}), esim::DeleteProfileResult::ok);
}

// retrieve sends RetrieveNotificationsList with |search| and decodes the answer.
codec::RetrieveNotificationsListResponse
retrieve(Lpa &lpa, const codec::RetrieveNotificationsSearch &search) {
  return codec::decodeRetrieveNotificationsListResponse(
      lpa.session().exchange(codec::encodeRetrieveNotificationsListRequest(search)));
}

TEST(EmuNotifications, SignedByTheEuiccKeyAndVerifiableUpToTheCi) {
  Lpa lpa(demoWithPki());
  makeSomeNotifications(lpa);
  std::vector<PendingNotification> all = lpa.euicc().retrieveNotificationsList();
  ASSERT_EQ(all.size(), 3u);
  const Bytes euiccDer = readBytes(sharedBench().pki / "euicc.der");
  const Bytes eumDer = readBytes(sharedBench().pki / "eum.der");
  const std::vector<esim::NotificationMetadata> listed = lpa.euicc().listNotification();
  for (std::size_t i = 0; i < all.size(); ++i) {
    SCOPED_TRACE(i);
    const PendingNotification &n = all[i];
    EXPECT_EQ(n.kind, esim::PendingNotificationKind::otherSignedNotification);
    EXPECT_EQ(n.metadata, listed[i]);
    EXPECT_EQ(n.metadata.seqNumber, static_cast<std::int64_t>(i));
    // What is signed is exactly the DER of the metadata; r||s is 64 bytes.
    EXPECT_EQ(n.tbsOtherNotification, codec::encodeNotificationMetadata(n.metadata));
    EXPECT_EQ(n.euiccNotificationSignature.size(), 64u);
    EXPECT_EQ(n.euiccCertificate, euiccDer);
    EXPECT_EQ(n.eumCertificate, eumDer);
    EXPECT_EQ(esim::test::verifyNotification(n, ciPem()), "");
    // What the card sends is what it stored.
    EXPECT_EQ(n.raw, lpa.card().state().notifications[i].der);
  }
  EXPECT_EQ(all[1].metadata.profileManagementOperation, NotificationEvent::notificationDelete);
  EXPECT_EQ(all[1].metadata.iccid, kTravelIccid);
  EXPECT_EQ(all[1].metadata.notificationAddress, "smdp.travel.example");
}

TEST(EmuNotifications, TamperedNotificationDoesNotVerify) {
  // The checker must be able to say no, or the test above proves nothing.
  Lpa lpa(demoWithPki());
  ASSERT_EQ(lpa.euicc().disableProfile(Iccid{kTravelIccid}, false), esim::DisableProfileResult::ok);
  PendingNotification n = lpa.euicc().retrieveNotificationsList().at(0);
  PendingNotification forged = n;
  forged.tbsOtherNotification.back() ^= 0x01;
  EXPECT_NE(esim::test::verifyNotification(forged, ciPem()), "");
  forged = n;
  forged.euiccNotificationSignature[40] ^= 0x80;
  EXPECT_NE(esim::test::verifyNotification(forged, ciPem()), "");
}

TEST(EmuNotifications, ListNotificationFiltersByEvent) {
  Lpa lpa(demoWithPki());
  makeSomeNotifications(lpa);
  EXPECT_EQ(lpa.euicc().listNotification().size(), 3u);
  auto deletes = lpa.euicc().listNotification(NotificationEvent::notificationDelete);
  ASSERT_EQ(deletes.size(), 2u);
  EXPECT_EQ(deletes[0].seqNumber, 1);
  EXPECT_EQ(deletes[1].seqNumber, 2);
  EXPECT_EQ(lpa.euicc().listNotification(NotificationEvent::notificationDisable).size(), 1u);
  EXPECT_TRUE(lpa.euicc().listNotification(NotificationEvent::notificationInstall).empty());
}

TEST(EmuNotifications, RetrieveAllBySeqNumberAndByEvent) {
  Lpa lpa(demoWithPki());
  // An empty card: no search criteria gives an empty list, a search finds nothing.
  auto none = retrieve(lpa, std::monostate{});
  EXPECT_FALSE(none.notificationsListResultError);
  EXPECT_TRUE(none.notificationList.empty());
  EXPECT_EQ(retrieve(lpa, std::int64_t{0}).notificationsListResultError,
            esim::NotificationsListResultError::noResultAvailable);

  makeSomeNotifications(lpa);
  auto bySeq = retrieve(lpa, std::int64_t{1});
  ASSERT_EQ(bySeq.notificationList.size(), 1u);
  EXPECT_EQ(bySeq.notificationList[0].metadata.seqNumber, 1);
  EXPECT_EQ(lpa.euicc().retrieveNotificationsList(2).at(0).metadata.iccid, kHomeIccid);
  auto byEvent = retrieve(lpa, NotificationEvent::notificationDelete);
  ASSERT_EQ(byEvent.notificationList.size(), 2u);
  EXPECT_EQ(byEvent.notificationList[0].metadata.seqNumber, 1);
  EXPECT_EQ(byEvent.notificationList[1].metadata.seqNumber, 2);
  EXPECT_EQ(retrieve(lpa, std::int64_t{3}).notificationsListResultError,
            esim::NotificationsListResultError::noResultAvailable);
  EXPECT_EQ(retrieve(lpa, NotificationEvent::notificationEnable).notificationsListResultError,
            esim::NotificationsListResultError::noResultAvailable);
  EXPECT_TRUE(lpa.euicc().retrieveNotificationsList(99).empty()); // noResultAvailable
}

TEST(EmuNotifications, RemoveAndNumbersAreNeverReused) {
  Lpa lpa(demoWithPki());
  ASSERT_EQ(lpa.euicc().disableProfile(Iccid{kTravelIccid}, false), esim::DisableProfileResult::ok);
  EXPECT_EQ(lpa.euicc().removeNotificationFromList(0), esim::NotificationSentResult::ok);
  EXPECT_EQ(lpa.euicc().removeNotificationFromList(0),
            esim::NotificationSentResult::nothingToDelete);
  EXPECT_EQ(lpa.euicc().removeNotificationFromList(7),
            esim::NotificationSentResult::nothingToDelete);
  EXPECT_TRUE(lpa.euicc().listNotification().empty());
  ASSERT_EQ(lpa.euicc().enableProfile(Iccid{kTravelIccid}, false), esim::EnableProfileResult::ok);
  auto list = lpa.euicc().listNotification();
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].seqNumber, 1); // not 0 again
}

TEST(EmuNotifications, SurviveAReloadByteForByteAndNumbersContinue) {
  ScratchDir dir;
  const fs::path path = dir.path() / "card.json";
  euicc_emu::saveState(demoWithPki(), path);
  std::vector<PendingNotification> before;
  {
    Lpa lpa(euicc_emu::loadState(path), path);
    makeSomeNotifications(lpa);
    ASSERT_EQ(lpa.euicc().removeNotificationFromList(2), esim::NotificationSentResult::ok);
    before = lpa.euicc().retrieveNotificationsList();
    ASSERT_EQ(before.size(), 2u);
  }
  // A new card from the saved file: the emulator restarted.
  euicc_emu::EmulatorState reloaded = euicc_emu::loadState(path);
  EXPECT_EQ(reloaded.nextSeqNumber, 3);
  Lpa lpa(reloaded, path);
  std::vector<PendingNotification> after = lpa.euicc().retrieveNotificationsList();
  ASSERT_EQ(after.size(), before.size());
  for (std::size_t i = 0; i < after.size(); ++i) {
    EXPECT_EQ(after[i].raw, before[i].raw) << i;
    EXPECT_EQ(esim::test::verifyNotification(after[i], ciPem()), "") << i;
  }
  // The profiles are gone: set up a new one to make another notification.
  euicc_emu::EmulatorState s = lpa.card().state();
  EXPECT_TRUE(s.profiles.empty());
  esim::ProfileInfo p = demoWithPki().profiles[0];
  p.profileState = esim::ProfileState::disabled;
  s.profiles.push_back(p);
  euicc_emu::saveState(s, path);
  Lpa again(euicc_emu::loadState(path), path);
  ASSERT_EQ(again.euicc().enableProfile(Iccid{kTravelIccid}, false), esim::EnableProfileResult::ok);
  auto list = again.euicc().listNotification(NotificationEvent::notificationEnable);
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].seqNumber, 3); // after 0..2, although #2 was removed
  EXPECT_EQ(euicc_emu::loadState(path).nextSeqNumber, 4);
}

TEST(EmuNotifications, OneNotificationPerConfiguredAddress) {
  euicc_emu::EmulatorState s = demoWithPki();
  s.profiles[0].notificationConfigurationInfo.push_back(
      {NotificationEvent::notificationDisable, "smdp.second.example"});
  Lpa lpa(s);
  ASSERT_EQ(lpa.euicc().disableProfile(Iccid{kTravelIccid}, false), esim::DisableProfileResult::ok);
  auto list = lpa.euicc().listNotification();
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].notificationAddress, "smdp.travel.example");
  EXPECT_EQ(list[1].notificationAddress, "smdp.second.example");
  EXPECT_EQ(list[1].seqNumber, 1);
}

TEST(EmuNotifications, HandEditedBrokenDerIsTheCardsFault) {
  euicc_emu::EmulatorState s = demoWithPki();
  euicc_emu::StoredNotification broken;
  broken.metadata.seqNumber = 0;
  broken.metadata.notificationAddress = "x.example";
  broken.der = esim::fromHex("0400");
  s.notifications.push_back(broken);
  s.nextSeqNumber = 1;
  Lpa lpa(s);
  try {
    lpa.euicc().retrieveNotificationsList();
    ADD_FAILURE() << "no error";
  } catch (const esim::Error &e) {
    EXPECT_EQ(e.statusWord(), 0x6F00);
  }
  ASSERT_EQ(lpa.log().size(), 1u);
  EXPECT_NE(lpa.log()[0].find("not a PendingNotification"), std::string::npos) << lpa.log()[0];
}

} // namespace
