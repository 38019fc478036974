#include "result_errors.hpp"

namespace esimctl {

namespace {

template <typename R>
esim::Error make(const char *function, const std::string &what, R r, std::string hint) {
  std::string message = std::string(function) + (what.empty() ? "" : " of " + what) +
                        ": the eUICC answered " + esim::describeCode(r);
  esim::Error error(esim::Errc::cardRefused, message, std::move(hint));
  return esim::withCode(error, r);
}

const char *kNotFound = "list the profiles with `esimctl profile list`; the card may have changed";
const char *kPolicy =
    "the profile's policy rules (PPR) forbid this; only its operator can change them";
const char *kCatBusy = "the phone's SIM toolkit is busy; retry in a moment";
const char *kUndefined = "the eUICC failed without a reason; retry, and check `esimctl chip info`";
// A number SGP.22 does not name comes from a card built to a newer version.
const char *kUnnamed = "the eUICC answered a code this esimctl does not know (a newer SGP.22 "
                       "version?); retry, and report the code with the card's `esimctl chip info`";

// hintFor returns |hint| for a named code and kUnnamed for another number.
template <typename R> const char *hintFor(R r, const char *hint) {
  return esim::codeName(r) ? hint : kUnnamed;
}

} // namespace

esim::Error refusal(const char *function, const std::string &what, esim::EnableProfileResult r) {
  using R = esim::EnableProfileResult;
  switch (r) {
  case R::iccidOrAidNotFound: return make(function, what, r, kNotFound);
  case R::profileNotInDisabledState:
    return make(function, what, r, "the profile is already enabled");
  case R::disallowedByPolicy: return make(function, what, r, kPolicy);
  case R::wrongProfileReenabling:
    return make(function, what, r,
                "the eUICC refuses to re-enable this profile now; try after a reset");
  case R::catBusy: return make(function, what, r, kCatBusy);
  default: return make(function, what, r, hintFor(r, kUndefined));
  }
}

esim::Error refusal(const char *function, const std::string &what, esim::DisableProfileResult r) {
  using R = esim::DisableProfileResult;
  switch (r) {
  case R::iccidOrAidNotFound: return make(function, what, r, kNotFound);
  case R::profileNotInEnabledState:
    return make(function, what, r, "the profile is already disabled");
  case R::disallowedByPolicy: return make(function, what, r, kPolicy);
  case R::catBusy: return make(function, what, r, kCatBusy);
  default: return make(function, what, r, hintFor(r, kUndefined));
  }
}

esim::Error refusal(const char *function, const std::string &what, esim::DeleteProfileResult r) {
  using R = esim::DeleteProfileResult;
  switch (r) {
  case R::iccidOrAidNotFound: return make(function, what, r, kNotFound);
  case R::profileNotInDisabledState:
    return make(function, what, r, "disable the profile first, or add --disable-first");
  case R::disallowedByPolicy: return make(function, what, r, kPolicy);
  default: return make(function, what, r, hintFor(r, kUndefined));
  }
}

esim::Error refusal(const char *function, const std::string &what, esim::SetNicknameResult r) {
  return make(function, what, r,
              r == esim::SetNicknameResult::iccidNotFound ? kNotFound : hintFor(r, kUndefined));
}

esim::Error refusal(const char *function, const std::string &what, esim::EuiccMemoryResetResult r) {
  using R = esim::EuiccMemoryResetResult;
  if (r == R::catBusy) return make(function, what, r, kCatBusy);
  return make(function, what, r, hintFor(r, kUndefined));
}

esim::Error refusal(const char *function, const std::string &what,
                    esim::SetDefaultDpAddressResult r) {
  return make(function, what, r, hintFor(r, kUndefined));
}

esim::Error refusal(const char *function, const std::string &what, esim::NotificationSentResult r) {
  return make(function, what, r,
              r == esim::NotificationSentResult::nothingToDelete
                  ? "no notification has this seqNumber; see `esimctl notification list`"
                  : hintFor(r, kUndefined));
}

} // namespace esimctl
