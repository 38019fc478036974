// The C API's esim_euicc_process_notifications for real: the card is the
// in-process emulator reached through the C shim's transport callbacks, the
// SM-DP+ is smdpp-emu over TLS on 127.0.0.1. A notification leaves the card
// only when the SM-DP+ acknowledged it.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "emu_shim.h"
#include "esim/esim.h"
#include "euicc_emu/state.hpp"
#include "support/esim_env.hpp"
#include "support/smdpp_process.hpp"

namespace esim::test {
namespace {

constexpr const char *kTravelIccid = "8981100000000000002";
constexpr const char *kHost = "smdp.travel.example";

// hostAndPort is "kHost:PORT", appended piece by piece: g++ 12 at -O2 reports
// a -Warray-bounds false positive for std::string(kHost) + ":" + ... chains.
std::string hostAndPort(int port) {
  std::string text = kHost;
  text += ':';
  text += std::to_string(port);
  return text;
}
constexpr std::uint32_t kTimeoutMs = 2000;

class CapiNotifications : public ::testing::Test {
protected:
  void SetUp() override {
    statePath_ = dir_.file("state.json");
    writeDemoState(statePath_);
  }

  void TearDown() override {
    esim_es9p_free(es9p_);
    esim_euicc_close(euicc_);
    capi_emu_free(emu_);
  }

  // start brings up the SM-DP+ with |smdppArgs| (none if !withServer), points
  // the card's notification addresses at it and opens both C handles.
  void start(std::vector<std::string> smdppArgs, bool withServer = true, bool trustCi = true) {
    const std::string pki = dir_.file("pki");
    int port = 0;
    if (withServer) {
      smdpp_ = std::make_unique<SmdppProcess>(pki, dir_.path().string(), 0, std::move(smdppArgs));
      port = smdpp_->port();
    } else {
      port = freeLoopbackPort();
    }
    euicc_emu::EmulatorState state = euicc_emu::loadState(statePath_);
    for (auto &profile : state.profiles) {
      for (auto &config : profile.notificationConfigurationInfo)
        config.notificationAddress = hostAndPort(port);
    }
    euicc_emu::saveState(state, statePath_);

    emu_ = capi_emu_new_from_state_file(statePath_.c_str());
    ASSERT_NE(emu_, nullptr);
    const esim_transport_callbacks callbacks = capi_emu_callbacks();
    esim_error error;
    ASSERT_EQ(esim_euicc_open_callbacks(&callbacks, emu_, nullptr, &euicc_, &error), ESIM_OK)
        << error.message;
    ASSERT_EQ(esim_es9p_new(&es9p_, &error), ESIM_OK) << error.message;
    std::string resolve = hostAndPort(port);
    resolve += ":127.0.0.1";
    ASSERT_EQ(esim_es9p_add_resolve(es9p_, resolve.c_str()), ESIM_OK);
    ASSERT_EQ(esim_es9p_set_timeout_ms(es9p_, kTimeoutMs), ESIM_OK);
    if (trustCi) {
      ASSERT_EQ(esim_es9p_set_ca_file(es9p_, (pki + "/ci.pem").c_str()), ESIM_OK);
    }
  }

  // disableTravel disables the travel profile through the C API, which
  // makes the eUICC keep one disable notification; returns its seqNumber.
  std::int64_t disableTravel() {
    esim_disable_profile_result result = ESIM_DISABLE_PROFILE_RESULT_UNDEFINED_ERROR;
    EXPECT_EQ(esim_euicc_disable_profile(euicc_, kTravelIccid, 0, &result), ESIM_OK)
        << esim_euicc_last_error_message(euicc_);
    EXPECT_EQ(result, ESIM_DISABLE_PROFILE_RESULT_OK);
    const std::vector<std::int64_t> pending = pendingSeqNumbers();
    EXPECT_EQ(pending.size(), 1u);
    return pending.empty() ? -1 : pending.front();
  }

  std::vector<std::int64_t> pendingSeqNumbers() {
    esim_notification_list *list = nullptr;
    EXPECT_EQ(esim_euicc_list_notifications(euicc_, &list), ESIM_OK)
        << esim_euicc_last_error_message(euicc_);
    std::vector<std::int64_t> out;
    for (std::size_t i = 0; i < esim_notification_list_count(list); ++i)
      out.push_back(esim_notification_list_at(list, i)->seqNumber);
    esim_notification_list_free(list);
    return out;
  }

  int acceptedDisables() const {
    int n = 0;
    if (!smdpp_) return n;
    for (const nlohmann::json &line : smdpp_->accepted()) {
      if (line.value("profileManagementOperation", "") == "disable" &&
          line.value("iccid", "") == kTravelIccid && line.value("signatureValid", false))
        ++n;
    }
    return n;
  }

  TempDir dir_;
  std::string statePath_;
  std::unique_ptr<SmdppProcess> smdpp_;
  capi_emu *emu_ = nullptr;
  esim_euicc *euicc_ = nullptr;
  esim_es9p *es9p_ = nullptr;
};

TEST_F(CapiNotifications, DeliveredNotificationLeavesTheCard) {
  start({});
  const std::int64_t seq = disableTravel();
  esim_delivery_list *deliveries = nullptr;
  ASSERT_EQ(esim_euicc_process_notifications(euicc_, es9p_, &seq, 1, &deliveries), ESIM_OK)
      << esim_euicc_last_error_message(euicc_);
  ASSERT_EQ(esim_delivery_list_count(deliveries), 1u);
  const esim_notification_delivery *d = esim_delivery_list_at(deliveries, 0);
  EXPECT_EQ(d->metadata.seqNumber, seq);
  EXPECT_EQ(d->metadata.profileManagementOperation, ESIM_NOTIFICATION_DISABLE);
  EXPECT_STREQ(d->metadata.iccid, kTravelIccid);
  EXPECT_EQ(d->delivered, 1) << d->errorMessage;
  EXPECT_EQ(d->removed, 1);
  EXPECT_EQ(d->errorStatus, ESIM_OK);
  EXPECT_STREQ(d->errorMessage, "");
  EXPECT_EQ(d->httpStatus, 204);
  esim_delivery_list_free(deliveries);

  EXPECT_EQ(acceptedDisables(), 1) << smdpp_->stderrText();
  EXPECT_TRUE(pendingSeqNumbers().empty());
}

TEST_F(CapiNotifications, RefusedNotificationStaysOnTheCard) {
  start({"--fail-status", "500"});
  const std::int64_t seq = disableTravel();
  esim_delivery_list *deliveries = nullptr;
  ASSERT_EQ(esim_euicc_process_notifications(euicc_, es9p_, nullptr, 0, &deliveries), ESIM_OK)
      << esim_euicc_last_error_message(euicc_);
  ASSERT_EQ(esim_delivery_list_count(deliveries), 1u);
  const esim_notification_delivery *d = esim_delivery_list_at(deliveries, 0);
  EXPECT_EQ(d->delivered, 0);
  EXPECT_EQ(d->removed, 0);
  EXPECT_EQ(d->errorStatus, ESIM_SERVER_ERROR);
  EXPECT_EQ(d->httpStatus, 500);
  EXPECT_STRNE(d->errorMessage, "");
  esim_delivery_list_free(deliveries);

  EXPECT_EQ(acceptedDisables(), 0);
  EXPECT_EQ(pendingSeqNumbers(), std::vector<std::int64_t>{seq});
}

TEST_F(CapiNotifications, UnreachableServerKeepsTheNotification) {
  start({}, false);
  const std::int64_t seq = disableTravel();
  esim_delivery_list *deliveries = nullptr;
  ASSERT_EQ(esim_euicc_process_notifications(euicc_, es9p_, nullptr, 0, &deliveries), ESIM_OK)
      << esim_euicc_last_error_message(euicc_);
  ASSERT_EQ(esim_delivery_list_count(deliveries), 1u);
  const esim_notification_delivery *d = esim_delivery_list_at(deliveries, 0);
  EXPECT_EQ(d->delivered, 0);
  EXPECT_EQ(d->errorStatus, ESIM_NETWORK) << d->errorMessage;
  EXPECT_EQ(d->httpStatus, 0);
  esim_delivery_list_free(deliveries);
  EXPECT_EQ(pendingSeqNumbers(), std::vector<std::int64_t>{seq});
}

TEST_F(CapiNotifications, UntrustedServerIsATlsErrorAndKeepsTheNotification) {
  start({}, true, false);
  const std::int64_t seq = disableTravel();
  esim_delivery_list *deliveries = nullptr;
  ASSERT_EQ(esim_euicc_process_notifications(euicc_, es9p_, nullptr, 0, &deliveries), ESIM_OK);
  ASSERT_EQ(esim_delivery_list_count(deliveries), 1u);
  EXPECT_EQ(esim_delivery_list_at(deliveries, 0)->errorStatus, ESIM_TLS)
      << esim_delivery_list_at(deliveries, 0)->errorMessage;
  esim_delivery_list_free(deliveries);
  EXPECT_EQ(acceptedDisables(), 0);
  EXPECT_EQ(pendingSeqNumbers(), std::vector<std::int64_t>{seq});
}

} // namespace
} // namespace esim::test
