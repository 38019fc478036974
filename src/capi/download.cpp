// Profile download through the C API: esim::downloadProfile with the C
// caller's callbacks, cancel flag and options, and the result's C view, for
// an activation code here and for an SM-DS event (discovery.cpp) alike.
#include <atomic>
#include <cstring>
#include <memory>
#include <optional>
#include <string>

#include "capi/capi_support.hpp"
#include "capi/delivery_view.hpp"
#include "capi/download_run.hpp"
#include "capi/es9p_handle.hpp"
#include "esim/activation_code.hpp"
#include "esim/profile_download.hpp"
#include "esim/secret_string.hpp"

// esim_download_cancel is one flag; lock-free so that a signal handler may
// set it.
struct esim_download_cancel {
  std::atomic<bool> requested{false};
};
static_assert(std::atomic<bool>::is_always_lock_free, "the cancel flag must be lock-free");

// esim_download_result owns what its info points into; |info| is filled
// last, once nothing it points to moves any more.
struct esim_download_result {
  esim::DownloadOutcome outcome;
  std::optional<esim::capi::StoredDelivery> delivery;
  esim_notification_delivery deliveryView{};
  std::string receiptPath;
  esim_download_info info{};
};

namespace esim::capi {
namespace {

// kDownloadProfile names the download in error messages about its
// arguments.
constexpr const char *kDownloadProfile = "esim_euicc_download_profile";

// askConfirmationCode calls the C callback with a buffer of our own and
// wipes that buffer once the code is copied into a SecretString (which
// wipes itself after the hash).
std::optional<SecretString> askConfirmationCode(const esim_download_callbacks &c) {
  std::string buffer(ESIM_CONFIRMATION_CODE_BUFFER_SIZE, '\0');
  const int given = c.confirmation_code(c.context, buffer.data(), buffer.size());
  buffer.back() = '\0'; // a callback that filled it all still ends here
  std::optional<SecretString> code;
  if (given != 0) code.emplace(std::string_view(buffer.c_str(), std::strlen(buffer.c_str())));
  wipe(buffer);
  return code;
}

// downloadCallbacks turns the C callbacks (each optional) into the flow's.
DownloadCallbacks downloadCallbacks(const esim_download_callbacks *c,
                                    const esim_download_cancel *cancel) {
  DownloadCallbacks cb;
  if (c != nullptr && c->progress != nullptr) {
    cb.progress = [c](DownloadStage stage, std::size_t done, std::size_t total) {
      c->progress(c->context, static_cast<esim_download_stage>(stage), done, total);
    };
  }
  if (c != nullptr && c->consent != nullptr) {
    cb.consent = [c](const DownloadOffer &offer) {
      const ProfileMetadata &m = offer.profileMetadata;
      esim_download_offer view{};
      view.smdpAddress = offer.smdpAddress.c_str();
      view.iccid = m.iccid.c_str();
      view.serviceProviderName = m.serviceProviderName.c_str();
      view.profileName = m.profileName.c_str();
      view.profileClass = static_cast<std::int32_t>(m.profileClass);
      view.confirmationCodeRequired = offer.confirmationCodeRequired ? 1 : 0;
      switch (c->consent(c->context, &view)) {
      case ESIM_CONSENT_ACCEPTED: return Consent::accepted;
      case ESIM_CONSENT_POSTPONED: return Consent::postponed;
      case ESIM_CONSENT_REJECTED:
      case ESIM_CONSENT_MAX: break;
      }
      return Consent::rejected; // and any number that is no esim_consent
    };
  }
  if (c != nullptr && c->confirmation_code != nullptr)
    cb.confirmationCode = [c] { return askConfirmationCode(*c); };
  if (cancel != nullptr) cb.cancelled = [cancel] { return cancel->requested.load(); };
  return cb;
}

// makeResult stores |outcome| and fills the C view over it.
std::unique_ptr<esim_download_result> makeResult(DownloadOutcome outcome) {
  auto r = std::make_unique<esim_download_result>();
  r->outcome = std::move(outcome);
  if (r->outcome.delivery) {
    r->delivery = storeDelivery(*r->outcome.delivery);
    r->deliveryView = viewDelivery(*r->delivery);
  }
  r->receiptPath = r->outcome.receiptPath.string();
  const DownloadOutcome &o = r->outcome;
  esim_download_info &info = r->info;
  info.iccid = o.iccid.c_str();
  info.isdpAid = o.isdpAid.empty() ? nullptr : o.isdpAid.data();
  info.isdpAidLength = o.isdpAid.size();
  info.seqNumber = o.seqNumber.value_or(-1);
  info.serviceProviderName = o.profileMetadata.serviceProviderName.c_str();
  info.profileName = o.profileMetadata.profileName.c_str();
  info.profileClass = static_cast<std::int32_t>(o.profileMetadata.profileClass);
  info.delivery = r->delivery ? &r->deliveryView : nullptr;
  info.receiptPath = r->receiptPath.c_str();
  return r;
}

} // namespace

esim_status runDownload(esim_euicc &euicc, esim_es9p &es9p, const OrderSource &source,
                        const esim_download_callbacks *callbacks,
                        const esim_download_options *options, esim_download_result **out) noexcept {
  *out = nullptr;
  return guard(euicc.error, [&] {
    const esim_download_options none{};
    const esim_download_options &o = options != nullptr ? *options : none;
    DownloadOrder order = source();
    order.deviceInfo = deviceInfoFromImei(o.imei != nullptr ? o.imei : "");
    DownloadOptions flow;
    flow.report = o.keep_notification == 0;
    if (o.receipt_dir != nullptr && o.receipt_dir[0] != '\0') {
      flow.receiptDir = o.receipt_dir;
      flow.eid = euicc.euicc->getEid();
    }
    const DownloadCallbacks cb = downloadCallbacks(callbacks, o.cancel);
    *out = makeResult(downloadProfile(*euicc.euicc, es9p.client(), order, cb, flow)).release();
  });
}

} // namespace esim::capi

using esim::capi::guard;

extern "C" {

const char *esim_download_stage_name(esim_download_stage stage) {
  switch (stage) {
  case ESIM_DOWNLOAD_AUTHENTICATING:
  case ESIM_DOWNLOAD_CONSENT:
  case ESIM_DOWNLOAD_PREPARING:
  case ESIM_DOWNLOAD_LOADING:
  case ESIM_DOWNLOAD_REPORTING:
    return esim::downloadStageName(static_cast<esim::DownloadStage>(stage));
  case ESIM_DOWNLOAD_STAGE_MAX: break;
  }
  return "unknown";
}

esim_status esim_download_cancel_new(esim_download_cancel **out, esim_error *error) {
  esim::capi::LastError failure;
  esim_status status = ESIM_OK;
  if (out == nullptr) {
    status = esim::capi::nullArgument(failure, "esim_download_cancel_new", "out");
  } else {
    *out = nullptr;
    status = guard(failure, [&] { *out = new esim_download_cancel(); });
  }
  esim::capi::fillError(error, failure);
  return status;
}

void esim_download_cancel_request(esim_download_cancel *cancel) {
  if (cancel != nullptr) cancel->requested.store(true);
}

void esim_download_cancel_reset(esim_download_cancel *cancel) {
  if (cancel != nullptr) cancel->requested.store(false);
}

void esim_download_cancel_free(esim_download_cancel *cancel) {
  delete cancel;
}

const esim_download_info *esim_download_result_info(const esim_download_result *result) {
  return result == nullptr ? nullptr : &result->info;
}

void esim_download_result_free(esim_download_result *result) {
  delete result;
}

esim_status esim_euicc_download_profile(esim_euicc *euicc, esim_es9p *es9p,
                                        const char *activation_code,
                                        const esim_download_callbacks *callbacks,
                                        const esim_download_options *options,
                                        esim_download_result **out) {
  using esim::capi::kDownloadProfile;
  if (euicc == nullptr) return ESIM_INVALID_ARGUMENT;
  if (es9p == nullptr) return esim::capi::nullArgument(euicc->error, kDownloadProfile, "es9p");
  if (activation_code == nullptr)
    return esim::capi::nullArgument(euicc->error, kDownloadProfile, "activation_code");
  if (out == nullptr) return esim::capi::nullArgument(euicc->error, kDownloadProfile, "out");
  return esim::capi::runDownload(
      *euicc, *es9p,
      [activation_code] {
        const esim::ActivationCode code = esim::parseActivationCode(activation_code);
        return esim::DownloadOrder{
            code.smdpAddress, code.matchingId, code.smdpOid, code.confirmationCodeRequired, {}};
      },
      callbacks, options, out);
}

} // extern "C"
