// The C API's event discovery for real: esim_euicc_discover_events and
// esim_euicc_download_event with the card the in-process emulator (reached
// through the C shim's transport callbacks, counted here) and smdpp-emu over
// TLS on 127.0.0.1 playing both the SM-DS (ES11) and the SM-DP+ its events
// name. The listing, the download of one event (which then leaves the
// list), the card's root SM-DS by default, the es9p handle's HTTP callback
// carrying the SM-DS requests, and the arguments refused before any APDU.
#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "emu_shim.h"
#include "esim/esim.h"
#include "support/esim_env.hpp"
#include "support/smdpp_process.hpp"

namespace esim::test {
namespace {

using nlohmann::json;

constexpr const char *kDiscoverySmdpHost = "smdp.travel.example";
constexpr std::uint32_t kDiscoveryTimeoutMs = 5000;
constexpr char kFirstEventIccid[] = "8944476500000000047";
constexpr char kSecondEventIccid[] = "8944476500000000054";

// CountedCard is the transport context: the emulator's transmit, counted,
// so that a test can tell that a call sent no APDU.
struct CountedCard {
  capi_emu *emu = nullptr;
  esim_transmit_fn transmit = nullptr;
  int apdus = 0;
};

esim_status countedTransmit(void *context, const uint8_t *command, size_t commandLength,
                            uint8_t *response, size_t capacity, size_t *responseLength) {
  auto *card = static_cast<CountedCard *>(context);
  ++card->apdus;
  return card->transmit(card->emu, command, commandLength, response, capacity, responseLength);
}

// DeadNetwork is an HTTP callback with no data connection that records the
// URLs it was asked for.
struct DeadNetwork {
  std::vector<std::string> urls;
};

esim_status deadNetwork(void *context, const esim_http_request *request,
                        esim_http_response *response) {
  static_cast<DeadNetwork *>(context)->urls.emplace_back(request->url);
  esim_http_response_set_error_message(response, "the modem has no data connection");
  return ESIM_NETWORK;
}

class CapiDiscovery : public ::testing::Test {
protected:
  void SetUp() override {
    statePath_ = dir_.file("state.json");
    writeDemoState(statePath_);
    pki_ = dir_.file("pki");
  }

  void TearDown() override {
    esim_download_result_free(download_);
    esim_discovery_result_free(found_);
    esim_es9p_free(es9p_);
    esim_euicc_close(euicc_);
    capi_emu_free(card_.emu);
  }

  std::string cardEid() const { return json::parse(readText(statePath_))["eid"]; }

  // serve starts smdpp-emu as SM-DS and SM-DP+ with one order per
  // (matchingId, iccid) of |orders|, each announced to this card's EID at
  // the SM-DS, plus the foreign |events|.
  void serve(const std::vector<std::pair<std::string, std::string>> &orders,
             const json &events = json::array()) {
    const std::string catalog = dir_.file("catalog.json");
    std::ofstream(catalog) << smdsEventCatalog(cardEid(), orders, events).dump(2);
    const int port = freeLoopbackPort();
    smdpAddress_ = std::string(kDiscoverySmdpHost) + ":" + std::to_string(port);
    smdsAddress_ = std::string(kSmdsHost) + ":" + std::to_string(port);
    SmdppDownload download{catalog, smdpAddress_};
    download.smdsAddress = kSmdsHost;
    smdpp_ = std::make_unique<SmdppProcess>(pki_, dir_.path().string(), port,
                                            std::vector<std::string>{}, download);
  }

  // setRootDs writes |address| as the card's rootDsAddress (no ES10
  // function sets it: it is the manufacturer's). Before open().
  void setRootDs(const std::string &address) {
    json state = json::parse(readText(statePath_));
    state["configuredAddresses"]["rootDsAddress"] = address;
    std::ofstream(statePath_) << state.dump(2);
  }

  // open opens the card through the counted transport and an es9p handle
  // that resolves both hosts to the server and trusts the test CI.
  void open() {
    card_.emu = capi_emu_new_from_state_file(statePath_.c_str());
    ASSERT_NE(card_.emu, nullptr);
    card_.transmit = capi_emu_callbacks().transmit;
    esim_transport_callbacks callbacks{};
    callbacks.transmit = countedTransmit;
    esim_error error;
    ASSERT_EQ(esim_euicc_open_callbacks(&callbacks, &card_, nullptr, &euicc_, &error), ESIM_OK)
        << error.message;
    ASSERT_EQ(esim_es9p_new(&es9p_, &error), ESIM_OK) << error.message;
    ASSERT_EQ(esim_es9p_set_timeout_ms(es9p_, kDiscoveryTimeoutMs), ESIM_OK);
    ASSERT_EQ(esim_es9p_set_ca_file(es9p_, (pki_ + "/ci.pem").c_str()), ESIM_OK);
    if (smdpp_) {
      const std::string port = std::to_string(smdpp_->port());
      for (const char *host : {kDiscoverySmdpHost, kSmdsHost}) {
        const std::string resolve = std::string(host) + ":" + port + ":127.0.0.1";
        ASSERT_EQ(esim_es9p_add_resolve(es9p_, resolve.c_str()), ESIM_OK);
      }
    }
  }

  esim_status discover(const char *smds) {
    esim_discovery_result_free(found_);
    found_ = nullptr;
    return esim_euicc_discover_events(euicc_, es9p_, smds, nullptr, &found_);
  }

  // listed returns the events of found_ as "eventId@rspServerAddress".
  std::vector<std::string> listed() const {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < esim_discovery_result_count(found_); ++i) {
      const esim_event_entry *e = esim_discovery_result_at(found_, i);
      out.push_back(std::string(e->eventId) + "@" + e->rspServerAddress);
    }
    return out;
  }

  std::string lastError() const {
    return std::string(esim_status_name(esim_euicc_last_error_status(euicc_))) + ": " +
           esim_euicc_last_error_message(euicc_) + "\n" +
           (smdpp_ ? smdpp_->stderrText() : std::string());
  }

  bool installed(const std::string &iccid) {
    esim_profile_list *list = nullptr;
    EXPECT_EQ(esim_euicc_list_profiles(euicc_, &list), ESIM_OK);
    bool found = false;
    for (std::size_t i = 0; i < esim_profile_list_count(list); ++i) {
      const esim_profile_info *p = esim_profile_list_at(list, i);
      found = found || (p->iccid != nullptr && iccid == p->iccid);
    }
    esim_profile_list_free(list);
    return found;
  }

  TempDir dir_;
  std::string statePath_;
  std::string pki_;
  std::string smdpAddress_;
  std::string smdsAddress_;
  std::unique_ptr<SmdppProcess> smdpp_;
  CountedCard card_;
  esim_euicc *euicc_ = nullptr;
  esim_es9p *es9p_ = nullptr;
  esim_discovery_result *found_ = nullptr;
  esim_download_result *download_ = nullptr;
};

esim_consent acceptAndRecord(void *context, const esim_download_offer *offer) {
  static_cast<std::vector<std::string> *>(context)->emplace_back(offer->iccid);
  return ESIM_CONSENT_ACCEPTED;
}

TEST_F(CapiDiscovery, ListsTheCardsEventsAndDownloadsOneWhichThenLeavesTheList) {
  const json foreign = json::array({{{"eid", "89049032123451234512345678909999"},
                                     {"eventId", "NOT-YOURS-1"},
                                     {"rspServerAddress", "smdp.home.example"}}});
  serve({{"EVENT-A", kFirstEventIccid}, {"EVENT-B", kSecondEventIccid}}, foreign);
  open();
  ASSERT_EQ(discover(smdsAddress_.c_str()), ESIM_OK) << lastError();
  EXPECT_STREQ(esim_discovery_result_smds_address(found_), smdsAddress_.c_str());
  EXPECT_EQ(listed(),
            (std::vector<std::string>{"EVENT-A@" + smdpAddress_, "EVENT-B@" + smdpAddress_}));
  EXPECT_EQ(esim_discovery_result_at(found_, 2), nullptr);
  EXPECT_FALSE(installed(kSecondEventIccid));

  // The second event, as an activation code's download: the callbacks are
  // asked, the options hold (a receipt), the notification is reported.
  std::vector<std::string> offered;
  esim_download_callbacks callbacks{};
  callbacks.consent = acceptAndRecord;
  callbacks.context = &offered;
  esim_download_options options{};
  const std::string receipts = dir_.file("receipts");
  options.receipt_dir = receipts.c_str();
  ASSERT_EQ(esim_euicc_download_event(euicc_, es9p_, found_, 1, &callbacks, &options, &download_),
            ESIM_OK)
      << lastError();
  const esim_download_info *info = esim_download_result_info(download_);
  // The SM-DP+ holds both orders: only the MatchingID EVENT-B picks this one.
  EXPECT_STREQ(info->iccid, kSecondEventIccid);
  EXPECT_STREQ(info->profileName, "Announced EVENT-B");
  EXPECT_EQ(offered, (std::vector<std::string>{kSecondEventIccid}));
  ASSERT_NE(info->delivery, nullptr);
  EXPECT_EQ(info->delivery->delivered, 1) << info->delivery->errorMessage;
  EXPECT_NE(std::string(info->receiptPath), "");
  EXPECT_TRUE(installed(kSecondEventIccid));
  EXPECT_FALSE(installed(kFirstEventIccid));

  // The install notification made the SM-DP+ drop the event at the SM-DS.
  ASSERT_EQ(discover(smdsAddress_.c_str()), ESIM_OK) << lastError();
  EXPECT_EQ(listed(), (std::vector<std::string>{"EVENT-A@" + smdpAddress_}));
}

TEST_F(CapiDiscovery, NoSmdsAddressAsksTheCardsRootSmds) {
  serve({{"EVENT-ROOT", kFirstEventIccid}});
  setRootDs(smdsAddress_);
  open();
  for (const char *none : {static_cast<const char *>(nullptr), ""}) {
    ASSERT_EQ(discover(none), ESIM_OK) << lastError();
    EXPECT_STREQ(esim_discovery_result_smds_address(found_), smdsAddress_.c_str());
    EXPECT_EQ(listed(), (std::vector<std::string>{"EVENT-ROOT@" + smdpAddress_}));
  }
  EXPECT_EQ(smdpp_->eventCount("authenticateClient"), 2) << smdpp_->stderrText();
}

TEST_F(CapiDiscovery, NoSmdsAddressAndNoRootSmdsIsAnInvalidArgument) {
  setRootDs("");
  open();
  EXPECT_EQ(discover(nullptr), ESIM_INVALID_ARGUMENT);
  EXPECT_NE(std::string(esim_euicc_last_error_message(euicc_)).find("root SM-DS"),
            std::string::npos)
      << lastError();
  EXPECT_EQ(found_, nullptr);
}

TEST_F(CapiDiscovery, TheHttpCallbackCarriesTheSmdsRequests) {
  serve({{"EVENT-A", kFirstEventIccid}});
  open();
  DeadNetwork network;
  ASSERT_EQ(esim_es9p_set_http_callback(es9p_, deadNetwork, &network), ESIM_OK);
  EXPECT_EQ(discover(smdsAddress_.c_str()), ESIM_NETWORK) << lastError();
  EXPECT_NE(std::string(esim_euicc_last_error_message(euicc_)).find("no data connection"),
            std::string::npos)
      << lastError();
  const std::string url = "https://" + smdsAddress_ + "/gsma/rsp2/es9plus/initiateAuthentication";
  EXPECT_EQ(network.urls, (std::vector<std::string>(3, url))); // retried twice
  EXPECT_EQ(smdpp_->eventCount("initiateAuthentication"), 0);
}

TEST_F(CapiDiscovery, BadArgumentsAreRefusedBeforeAnyApdu) {
  serve({{"EVENT-A", kFirstEventIccid}});
  open();
  ASSERT_EQ(discover(smdsAddress_.c_str()), ESIM_OK) << lastError();
  ASSERT_EQ(esim_discovery_result_count(found_), 1u);
  const int apdus = card_.apdus;
  const int sessions = smdpp_->eventCount("initiateAuthentication");

  esim_discovery_result *none = nullptr;
  EXPECT_EQ(esim_euicc_discover_events(nullptr, es9p_, nullptr, nullptr, &none),
            ESIM_INVALID_ARGUMENT);
  EXPECT_EQ(esim_euicc_discover_events(euicc_, nullptr, nullptr, nullptr, &none),
            ESIM_INVALID_ARGUMENT);
  EXPECT_EQ(esim_euicc_discover_events(euicc_, es9p_, nullptr, nullptr, nullptr),
            ESIM_INVALID_ARGUMENT);
  EXPECT_EQ(esim_euicc_discover_events(euicc_, es9p_, "bad host!", nullptr, &none),
            ESIM_INVALID_ARGUMENT);
  EXPECT_NE(std::string(esim_euicc_last_error_message(euicc_)).find("bad host!"), std::string::npos)
      << lastError();
  EXPECT_EQ(esim_euicc_discover_events(euicc_, es9p_, nullptr, "12", &none), ESIM_INVALID_ARGUMENT);
  EXPECT_NE(std::string(esim_euicc_last_error_message(euicc_)).find("IMEI"), std::string::npos)
      << lastError();
  EXPECT_EQ(none, nullptr);

  EXPECT_EQ(esim_euicc_download_event(euicc_, es9p_, found_, 1, nullptr, nullptr, &download_),
            ESIM_INVALID_ARGUMENT);
  EXPECT_NE(std::string(esim_euicc_last_error_message(euicc_)).find("out of range"),
            std::string::npos)
      << lastError();
  EXPECT_EQ(esim_euicc_download_event(euicc_, es9p_, nullptr, 0, nullptr, nullptr, &download_),
            ESIM_INVALID_ARGUMENT);
  EXPECT_EQ(esim_euicc_download_event(euicc_, nullptr, found_, 0, nullptr, nullptr, &download_),
            ESIM_INVALID_ARGUMENT);
  EXPECT_EQ(esim_euicc_download_event(nullptr, es9p_, found_, 0, nullptr, nullptr, &download_),
            ESIM_INVALID_ARGUMENT);
  EXPECT_EQ(esim_euicc_download_event(euicc_, es9p_, found_, 0, nullptr, nullptr, nullptr),
            ESIM_INVALID_ARGUMENT);
  esim_download_options badImei{};
  badImei.imei = "12";
  EXPECT_EQ(esim_euicc_download_event(euicc_, es9p_, found_, 0, nullptr, &badImei, &download_),
            ESIM_INVALID_ARGUMENT);
  EXPECT_EQ(download_, nullptr);

  EXPECT_EQ(card_.apdus, apdus);
  EXPECT_EQ(smdpp_->eventCount("initiateAuthentication"), sessions) << smdpp_->stderrText();
  EXPECT_FALSE(installed(kFirstEventIccid));
}

} // namespace
} // namespace esim::test
