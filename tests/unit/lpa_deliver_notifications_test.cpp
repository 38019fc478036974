// deliverNotifications: the caller's metadata is trusted (no ListNotification
// of its own), deliveries go oldest first, and a notification that is no
// longer on the card is recorded, not sent.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "emu_bench_fixture.hpp"
#include "esim/http.hpp"
#include "esim/notification_processing.hpp"

namespace {

using emu_test::demoWithPki;
using emu_test::kTravelIccid;
using emu_test::Lpa;
using esim::NotificationMetadata;

constexpr long kHttpNoContent = 204;

// AcceptingHttp answers 204 to every post and keeps the requests.
class AcceptingHttp : public esim::HttpClient {
public:
  esim::HttpResponse post(const esim::HttpRequest &request) override {
    requests.push_back(request);
    return esim::HttpResponse{kHttpNoContent, {}, {}};
  }
  std::vector<esim::HttpRequest> requests;
};

// listNotificationRequests counts the ES10 ListNotification requests among
// the C-APDUs |capdus|.
int listNotificationRequests(const std::vector<esim::Bytes> &capdus) {
  int n = 0;
  for (const auto &c : capdus) {
    // STORE DATA block 0 whose data starts with the BF28 tag.
    if (c.size() > 6 && c[1] == 0xE2 && c[3] == 0x00 && c[5] == 0xBF && c[6] == 0x28) ++n;
  }
  return n;
}

TEST(LpaDeliverNotifications, SendsWhatTheCallerListedOldestFirstWithoutListingAgain) {
  // Declared before the card: the trace below still sees the channel close
  // when the session ends.
  std::vector<esim::Bytes> capdus;
  Lpa lpa(demoWithPki());
  ASSERT_EQ(lpa.euicc().disableProfile(esim::Iccid{kTravelIccid}, false),
            esim::DisableProfileResult::ok);
  ASSERT_EQ(lpa.euicc().enableProfile(esim::Iccid{kTravelIccid}, false),
            esim::EnableProfileResult::ok);
  std::vector<NotificationMetadata> listed = lpa.euicc().listNotification();
  ASSERT_EQ(listed.size(), 2u);
  std::vector<NotificationMetadata> reversed(listed.rbegin(), listed.rend());

  lpa.session().transport().setTrace([&](bool outgoing, esim::ByteView apdu) {
    if (outgoing) capdus.emplace_back(apdu.begin(), apdu.end());
  });
  AcceptingHttp http;
  esim::Es9pClient es9p(http, {});
  auto deliveries = esim::deliverNotifications(lpa.euicc(), es9p, reversed);

  ASSERT_EQ(deliveries.size(), 2u);
  EXPECT_LT(deliveries[0].metadata.seqNumber, deliveries[1].metadata.seqNumber);
  for (const auto &d : deliveries) {
    EXPECT_TRUE(d.delivered) << d.errorMessage;
    EXPECT_TRUE(d.removed);
  }
  EXPECT_EQ(http.requests.size(), 2u);
  EXPECT_EQ(listNotificationRequests(capdus), 0);
  EXPECT_TRUE(lpa.euicc().listNotification().empty());
}

TEST(LpaDeliverNotifications, ANotificationNoLongerPendingIsRecordedNotSent) {
  Lpa lpa(demoWithPki());
  ASSERT_EQ(lpa.euicc().disableProfile(esim::Iccid{kTravelIccid}, false),
            esim::DisableProfileResult::ok);
  std::vector<NotificationMetadata> listed = lpa.euicc().listNotification();
  ASSERT_EQ(listed.size(), 1u);
  ASSERT_EQ(lpa.euicc().removeNotificationFromList(listed[0].seqNumber),
            esim::NotificationSentResult::ok);

  AcceptingHttp http;
  esim::Es9pClient es9p(http, {});
  auto deliveries = esim::deliverNotifications(lpa.euicc(), es9p, listed);
  ASSERT_EQ(deliveries.size(), 1u);
  EXPECT_FALSE(deliveries[0].delivered);
  EXPECT_TRUE(deliveries[0].errorCode.has_value());
  EXPECT_TRUE(http.requests.empty());
}

} // namespace
