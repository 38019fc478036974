// The C API's esim_euicc_download_profile for real: the card is the
// in-process emulator reached through the C shim's transport callbacks (it
// checks the SM-DP+ and unwraps the BPP), the SM-DP+ is smdpp-emu over TLS
// on 127.0.0.1 with its download functions. The success with the result's
// fields, consent declined and postponed, the confirmation code asked
// through its callback, cancel from the progress callback and from another
// thread, and ES9+ carried by a C HTTP callback instead of the built-in
// libcurl client.
#include <gtest/gtest.h>

#include <atomic>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "emu_shim.h"
#include "esim/bytes.hpp"
#include "esim/error.hpp"
#include "esim/esim.h"
#include "esim/http.hpp"
#include "support/esim_env.hpp"
#include "support/smdpp_process.hpp"

namespace esim::test {
namespace {

constexpr const char *kHost = "smdp.travel.example";
constexpr std::uint32_t kTimeoutMs = 5000;

// Recorder is the callbacks' context: what they were asked and what they
// answer.
struct Recorder {
  std::vector<esim_download_stage> stages;
  std::size_t loaded = 0;
  std::size_t total = 0;
  int offers = 0;
  std::string offeredIccid;
  std::string offeredProvider;
  int offeredCcRequired = -1;
  esim_consent answer = ESIM_CONSENT_ACCEPTED;
  int codeRequests = 0;
  const char *code = nullptr; // nullptr: "I have none"
  esim_download_cancel *cancel = nullptr;
  int cancelAtStage = -1; // the stage whose first report sets the flag
};

void onProgress(void *context, esim_download_stage stage, size_t done, size_t total) {
  auto *r = static_cast<Recorder *>(context);
  if (r->stages.empty() || r->stages.back() != stage) {
    r->stages.push_back(stage);
    if (static_cast<int>(stage) == r->cancelAtStage) esim_download_cancel_request(r->cancel);
  }
  if (stage == ESIM_DOWNLOAD_LOADING) {
    r->loaded = done;
    r->total = total;
  }
}

esim_consent onConsent(void *context, const esim_download_offer *offer) {
  auto *r = static_cast<Recorder *>(context);
  ++r->offers;
  r->offeredIccid = offer->iccid;
  r->offeredProvider = offer->serviceProviderName;
  r->offeredCcRequired = offer->confirmationCodeRequired;
  return r->answer;
}

int onCode(void *context, char *code, size_t size) {
  auto *r = static_cast<Recorder *>(context);
  ++r->codeRequests;
  if (r->code == nullptr || std::strlen(r->code) >= size) return 0;
  std::strcpy(code, r->code);
  return 1;
}

// CurlRelay is a device maker's HTTP stack as the test plays it: a C
// callback that relays each request to the library's own libcurl client (a
// transport test: the callback really carries every ES9+ request), recording
// the functions called, or failing like a network that is down.
struct CurlRelay {
  std::unique_ptr<CurlHttpClient> curl;
  std::vector<std::string> urls;
  bool down = false;
};

esim_status relay(void *context, const esim_http_request *request, esim_http_response *response) {
  auto *relay = static_cast<CurlRelay *>(context);
  relay->urls.emplace_back(request->url);
  if (relay->down) {
    esim_http_response_set_error_message(response, "the modem has no data connection");
    return ESIM_NETWORK;
  }
  HttpRequest r;
  r.url = request->url;
  for (std::size_t i = 0; i < request->header_count; ++i)
    r.headers.emplace_back(request->headers[i].name, request->headers[i].value);
  r.body.assign(reinterpret_cast<const char *>(request->body), request->body_length);
  try {
    const HttpResponse answer = relay->curl->post(r);
    esim_http_response_set_status(response, answer.status);
    for (const auto &[name, value] : answer.headers)
      esim_http_response_add_header(response, name.c_str(), value.c_str());
    esim_http_response_append_body(
        response, reinterpret_cast<const std::uint8_t *>(answer.body.data()), answer.body.size());
    return ESIM_OK;
  } catch (const Error &e) {
    esim_http_response_set_error_message(response, e.what());
    return e.code() == Errc::tls ? ESIM_TLS : ESIM_NETWORK;
  }
}

class CapiDownload : public ::testing::Test {
protected:
  void SetUp() override {
    statePath_ = dir_.file("state.json");
    writeDemoState(statePath_);
    ASSERT_EQ(esim_download_cancel_new(&cancel_, nullptr), ESIM_OK);
    rec_.cancel = cancel_;
    callbacks_.progress = onProgress;
    callbacks_.consent = onConsent;
    callbacks_.confirmation_code = onCode;
    callbacks_.context = &rec_;
    options_.cancel = cancel_;
  }

  void TearDown() override {
    esim_download_result_free(result_);
    esim_download_cancel_free(cancel_);
    esim_es9p_free(es9p_);
    esim_euicc_close(euicc_);
    capi_emu_free(emu_);
  }

  // start brings up smdpp-emu with its download functions (|catalog| or the
  // built-in demo order) and opens both C handles.
  void start(const std::string &catalog = {}, std::vector<std::string> smdppArgs = {}) {
    pki_ = dir_.file("pki");
    // The demo profile's notification address (smdpp-emu's --address) must
    // name the port before smdpp-emu starts.
    const int port = freeLoopbackPort();
    address_ = std::string(kHost) + ":" + std::to_string(port);
    smdpp_ = std::make_unique<SmdppProcess>(pki_, dir_.path().string(), port, std::move(smdppArgs),
                                            SmdppDownload{catalog, address_});
    emu_ = capi_emu_new_from_state_file(statePath_.c_str());
    ASSERT_NE(emu_, nullptr);
    const esim_transport_callbacks callbacks = capi_emu_callbacks();
    esim_error error;
    ASSERT_EQ(esim_euicc_open_callbacks(&callbacks, emu_, nullptr, &euicc_, &error), ESIM_OK)
        << error.message;
    ASSERT_EQ(esim_es9p_new(&es9p_, &error), ESIM_OK) << error.message;
    const std::string resolve = address_ + ":127.0.0.1";
    ASSERT_EQ(esim_es9p_add_resolve(es9p_, resolve.c_str()), ESIM_OK);
    ASSERT_EQ(esim_es9p_set_timeout_ms(es9p_, kTimeoutMs), ESIM_OK);
    ASSERT_EQ(esim_es9p_set_ca_file(es9p_, (pki_ + "/ci.pem").c_str()), ESIM_OK);
  }

  std::string code(const std::string &matchingId = kDemoMatchingId) const {
    return "LPA:1$" + address_ + "$" + matchingId;
  }

  esim_status download(const std::string &activationCode) {
    return esim_euicc_download_profile(euicc_, es9p_, activationCode.c_str(), &callbacks_,
                                       &options_, &result_);
  }

  std::string lastError() const {
    return std::string(esim_status_name(esim_euicc_last_error_status(euicc_))) + ": " +
           esim_euicc_last_error_message(euicc_) + "\n" + smdpp_->stderrText();
  }

  // profileAid returns the ISD-P AID of the card's profile |iccid| as hex,
  // or "absent".
  std::string profileAid(const std::string &iccid) {
    esim_profile_list *list = nullptr;
    EXPECT_EQ(esim_euicc_list_profiles(euicc_, &list), ESIM_OK);
    std::string aid = "absent";
    for (std::size_t i = 0; i < esim_profile_list_count(list); ++i) {
      const esim_profile_info *p = esim_profile_list_at(list, i);
      if (p->iccid != nullptr && iccid == p->iccid)
        aid = toHex(ByteView(p->isdpAid, p->isdpAidLength));
    }
    esim_profile_list_free(list);
    return aid;
  }

  std::size_t pendingNotifications() {
    esim_notification_list *list = nullptr;
    EXPECT_EQ(esim_euicc_list_notifications(euicc_, &list), ESIM_OK);
    const std::size_t n = esim_notification_list_count(list);
    esim_notification_list_free(list);
    return n;
  }

  // expectNothingInstalled checks the card kept no part of the demo profile
  // and that the SM-DP+ heard the cancel (when |serverCancelled|).
  void expectNothingInstalled(bool serverCancelled = true) {
    EXPECT_EQ(result_, nullptr);
    EXPECT_EQ(profileAid(kDemoIccid), "absent");
    EXPECT_EQ(pendingNotifications(), 0u);
    EXPECT_EQ(smdpp_->eventCount("cancelSession"), serverCancelled ? 1 : 0) << smdpp_->stderrText();
  }

  TempDir dir_;
  std::string statePath_;
  std::string pki_;
  std::string address_;
  std::unique_ptr<SmdppProcess> smdpp_;
  capi_emu *emu_ = nullptr;
  esim_euicc *euicc_ = nullptr;
  esim_es9p *es9p_ = nullptr;
  esim_download_cancel *cancel_ = nullptr;
  esim_download_result *result_ = nullptr;
  Recorder rec_;
  esim_download_callbacks callbacks_{};
  esim_download_options options_{};
};

TEST_F(CapiDownload, InstallsTheDemoProfileAndGivesItsResult) {
  start();
  const std::string receipts = dir_.file("receipts");
  options_.receipt_dir = receipts.c_str();
  ASSERT_EQ(download(code()), ESIM_OK) << lastError();
  const esim_download_info *info = esim_download_result_info(result_);
  ASSERT_NE(info, nullptr);
  EXPECT_STREQ(info->iccid, kDemoIccid);
  EXPECT_STREQ(info->serviceProviderName, "esimctl Travel");
  EXPECT_STREQ(info->profileName, "Travel Demo 5 GB");
  EXPECT_EQ(info->profileClass, ESIM_PROFILE_CLASS_OPERATIONAL);
  // The ISD-P AID is the one the card now lists the profile under.
  ASSERT_NE(info->isdpAid, nullptr);
  EXPECT_EQ(toHex(ByteView(info->isdpAid, info->isdpAidLength)), profileAid(kDemoIccid));
  // The install notification went to the SM-DP+, which verified it under
  // that seqNumber, and left the card.
  ASSERT_NE(info->delivery, nullptr);
  EXPECT_EQ(info->delivery->delivered, 1) << info->delivery->errorMessage;
  EXPECT_EQ(info->delivery->removed, 1);
  EXPECT_EQ(info->delivery->httpStatus, 204);
  EXPECT_EQ(info->delivery->metadata.seqNumber, info->seqNumber);
  EXPECT_EQ(info->delivery->metadata.profileManagementOperation, ESIM_NOTIFICATION_INSTALL);
  int verified = 0;
  for (const nlohmann::json &line : smdpp_->accepted()) {
    if (line.value("profileManagementOperation", "") == "install" &&
        line.value("iccid", "") == kDemoIccid && line.value("signatureValid", false) &&
        line.value("seqNumber", -1) == info->seqNumber)
      ++verified;
  }
  EXPECT_EQ(verified, 1) << smdpp_->stderrText();
  EXPECT_EQ(pendingNotifications(), 0u);
  // Every stage was reported in order; the whole package was loaded.
  EXPECT_EQ(rec_.stages,
            (std::vector<esim_download_stage>{ESIM_DOWNLOAD_AUTHENTICATING, ESIM_DOWNLOAD_CONSENT,
                                              ESIM_DOWNLOAD_PREPARING, ESIM_DOWNLOAD_LOADING,
                                              ESIM_DOWNLOAD_REPORTING}));
  EXPECT_GT(rec_.total, 0u);
  EXPECT_EQ(rec_.loaded, rec_.total);
  EXPECT_EQ(rec_.offers, 1);
  EXPECT_EQ(rec_.offeredIccid, kDemoIccid);
  EXPECT_EQ(rec_.codeRequests, 0); // the demo order wants no code
  EXPECT_EQ(std::filesystem::path(info->receiptPath).parent_path(), receipts);
  EXPECT_TRUE(std::filesystem::exists(info->receiptPath));
}

TEST_F(CapiDownload, KeepNotificationLeavesTheInstallNotificationOnTheCard) {
  start();
  options_.keep_notification = 1;
  ASSERT_EQ(download(code()), ESIM_OK) << lastError();
  const esim_download_info *info = esim_download_result_info(result_);
  EXPECT_EQ(info->delivery, nullptr);
  EXPECT_GE(info->seqNumber, 0);
  EXPECT_EQ(pendingNotifications(), 1u);
  EXPECT_STREQ(info->receiptPath, "");
}

TEST_F(CapiDownload, DeclinedConsentCancelsBothSidesAndInstallsNothing) {
  start();
  rec_.answer = ESIM_CONSENT_REJECTED;
  EXPECT_EQ(download(code()), ESIM_ABORTED) << lastError();
  EXPECT_NE(std::string(esim_euicc_last_error_message(euicc_)).find("declined"), std::string::npos);
  EXPECT_EQ(rec_.offers, 1);
  EXPECT_EQ(rec_.offeredIccid, kDemoIccid);
  EXPECT_EQ(rec_.offeredProvider, "esimctl Travel");
  EXPECT_EQ(rec_.offeredCcRequired, 0);
  expectNothingInstalled();
  // The order is still there: the next attempt installs it.
  esim_download_cancel_reset(cancel_);
  rec_.answer = ESIM_CONSENT_ACCEPTED;
  EXPECT_EQ(download(code()), ESIM_OK) << lastError();
}

TEST_F(CapiDownload, PostponedConsentIsAbortedToo) {
  start();
  rec_.answer = ESIM_CONSENT_POSTPONED;
  EXPECT_EQ(download(code()), ESIM_ABORTED) << lastError();
  EXPECT_NE(std::string(esim_euicc_last_error_message(euicc_)).find("postponed"),
            std::string::npos);
  expectNothingInstalled();
}

// A one-time order with a confirmation code (smdpp-emu checks hashCc).
std::string writeCodeCatalog(TempDir &dir) {
  const std::string path = dir.file("catalog.json");
  std::ofstream(path) << R"({"profiles": [{"matchingId": "CODE-0001",
    "profilePackage": "builtin:demo",
    "metadata": {"iccid": ")"
                      << kDemoIccid << R"(", "serviceProviderName": "esimctl Travel",
                 "profileName": "Travel with code"},
    "confirmationCode": "4711"}]})";
  return path;
}

TEST_F(CapiDownload, AsksTheConfirmationCodeThroughItsCallback) {
  start(writeCodeCatalog(dir_));
  rec_.code = "4711";
  ASSERT_EQ(download(code("CODE-0001")), ESIM_OK) << lastError();
  EXPECT_EQ(rec_.codeRequests, 1);
  EXPECT_EQ(rec_.offeredCcRequired, 1);
  EXPECT_STREQ(esim_download_result_info(result_)->profileName, "Travel with code");
  EXPECT_NE(profileAid(kDemoIccid), "absent");
}

TEST_F(CapiDownload, AWrongConfirmationCodeIsTheSmdpsRefusal) {
  start(writeCodeCatalog(dir_));
  rec_.code = "1234";
  EXPECT_EQ(download(code("CODE-0001")), ESIM_SERVER_ERROR) << lastError();
  EXPECT_NE(std::string(esim_euicc_last_error_message(euicc_)).find("8.2.7"), std::string::npos)
      << lastError();
  EXPECT_EQ(rec_.codeRequests, 1);
  EXPECT_EQ(profileAid(kDemoIccid), "absent");
}

TEST_F(CapiDownload, NoConfirmationCodeEndsTheSession) {
  start(writeCodeCatalog(dir_));
  rec_.code = nullptr; // the user has none
  EXPECT_EQ(download(code("CODE-0001")), ESIM_INVALID_ARGUMENT) << lastError();
  EXPECT_EQ(rec_.codeRequests, 1);
  expectNothingInstalled();
}

TEST_F(CapiDownload, CancelFromTheProgressCallbackAtTheLastMomentLeavesNoProfile) {
  start();
  rec_.cancelAtStage = ESIM_DOWNLOAD_LOADING; // with 0 bytes sent: the BPP is at hand
  EXPECT_EQ(download(code()), ESIM_ABORTED) << lastError();
  EXPECT_NE(std::string(esim_euicc_last_error_message(euicc_)).find("cancelled"),
            std::string::npos);
  EXPECT_EQ(rec_.loaded, 0u);
  EXPECT_EQ(rec_.stages.back(), ESIM_DOWNLOAD_LOADING);
  EXPECT_EQ(smdpp_->eventCount("getBoundProfilePackage"), 1) << smdpp_->stderrText();
  expectNothingInstalled();
}

TEST_F(CapiDownload, CancelBeforeTheSessionBeginsContactsNobody) {
  start();
  rec_.cancelAtStage = ESIM_DOWNLOAD_AUTHENTICATING;
  EXPECT_EQ(download(code()), ESIM_ABORTED) << lastError();
  EXPECT_EQ(smdpp_->eventCount("initiateAuthentication"), 0) << smdpp_->stderrText();
  expectNothingInstalled(false);
}

TEST_F(CapiDownload, CancelFromAnotherThreadWhileTheUserIsAsked) {
  start();
  // The consent callback waits for the other thread's cancel, as a dialog
  // would while the user presses "cancel" elsewhere.
  struct Waiter {
    Recorder *rec;
    std::atomic<bool> asked{false};
    std::atomic<bool> cancelled{false};
  } waiter{&rec_};
  callbacks_.context = &waiter;
  callbacks_.progress = nullptr;
  callbacks_.consent = [](void *context, const esim_download_offer *) {
    auto *w = static_cast<Waiter *>(context);
    w->asked = true;
    while (!w->cancelled)
      std::this_thread::yield();
    return ESIM_CONSENT_ACCEPTED;
  };
  std::thread other([&] {
    while (!waiter.asked)
      std::this_thread::yield();
    esim_download_cancel_request(cancel_);
    waiter.cancelled = true;
  });
  EXPECT_EQ(download(code()), ESIM_ABORTED) << lastError();
  other.join();
  expectNothingInstalled();
}

TEST_F(CapiDownload, AnHttpCallbackCarriesEveryEs9pRequest) {
  start();
  CurlRelay relayed;
  CurlHttpClientOptions curl;
  curl.caFile = pki_ + "/ci.pem";
  curl.resolve = {address_ + ":127.0.0.1"};
  relayed.curl = std::make_unique<CurlHttpClient>(curl);
  // The es9p handle's own options are ignored now: prove it by trusting
  // nothing there.
  ASSERT_EQ(esim_es9p_set_ca_file(es9p_, nullptr), ESIM_OK);
  ASSERT_EQ(esim_es9p_set_http_callback(es9p_, relay, &relayed), ESIM_OK);
  ASSERT_EQ(download(code()), ESIM_OK) << lastError();
  const std::string base = "https://" + address_ + "/gsma/rsp2/es9plus/";
  EXPECT_EQ(relayed.urls, (std::vector<std::string>{
                              base + "initiateAuthentication", base + "authenticateClient",
                              base + "getBoundProfilePackage", base + "handleNotification"}));
  EXPECT_EQ(esim_download_result_info(result_)->delivery->delivered, 1);
  EXPECT_NE(profileAid(kDemoIccid), "absent");
}

TEST_F(CapiDownload, AFailingHttpCallbackIsANetworkErrorRetriedAndQuoted) {
  start();
  CurlRelay relayed;
  relayed.down = true;
  ASSERT_EQ(esim_es9p_set_http_callback(es9p_, relay, &relayed), ESIM_OK);
  EXPECT_EQ(download(code()), ESIM_NETWORK) << lastError();
  EXPECT_NE(std::string(esim_euicc_last_error_message(euicc_)).find("no data connection"),
            std::string::npos)
      << lastError();
  EXPECT_EQ(relayed.urls.size(), 3u); // three attempts of initiateAuthentication
  // Back to libcurl: the same handle downloads.
  ASSERT_EQ(esim_es9p_set_http_callback(es9p_, nullptr, nullptr), ESIM_OK);
  ASSERT_EQ(esim_es9p_set_ca_file(es9p_, (pki_ + "/ci.pem").c_str()), ESIM_OK);
  EXPECT_EQ(download(code()), ESIM_OK) << lastError();
}

TEST_F(CapiDownload, ABadActivationCodeFailsBeforeTheCard) {
  start();
  EXPECT_EQ(download("LPA:1"), ESIM_INVALID_ARGUMENT);
  EXPECT_EQ(download("LPA:1$" + address_ + "$bad id!"), ESIM_INVALID_ARGUMENT);
  options_.imei = "12";
  EXPECT_EQ(download(code()), ESIM_INVALID_ARGUMENT);
  EXPECT_NE(std::string(esim_euicc_last_error_message(euicc_)).find("IMEI"), std::string::npos);
  EXPECT_EQ(rec_.stages.size(), 0u);
  EXPECT_EQ(smdpp_->eventCount("initiateAuthentication"), 0);
}

} // namespace
} // namespace esim::test
