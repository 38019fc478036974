// Profiles through the C API: GetProfilesInfo into an esim_profile_list,
// Enable/Disable/DeleteProfile and SetNickname.
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "capi/capi_support.hpp"
#include "esim/iccid.hpp"
#include "esim/results.hpp"

// esim_profile_list owns the strings its entries point into. |stored| is
// filled completely before |entries| takes pointers into it, so no pointer
// is invalidated by a reallocation.
struct esim_profile_list {
  std::vector<esim::ProfileInfo> stored;
  std::vector<esim_profile_info> entries;
};

namespace esim::capi {
namespace {

const char *textOrNull(const std::optional<std::string> &text) noexcept {
  return text ? text->c_str() : nullptr;
}

esim_profile_info view(const ProfileInfo &p) noexcept {
  esim_profile_info info{};
  info.iccid = textOrNull(p.iccid);
  info.isdpAid = p.isdpAid ? p.isdpAid->data() : nullptr;
  info.isdpAidLength = p.isdpAid ? p.isdpAid->size() : 0;
  info.profileState = p.profileState ? static_cast<esim_profile_state>(*p.profileState)
                                     : ESIM_PROFILE_STATE_UNKNOWN;
  info.profileClass = static_cast<esim_profile_class>(p.profileClass);
  info.profileNickname = textOrNull(p.profileNickname);
  info.serviceProviderName = textOrNull(p.serviceProviderName);
  info.profileName = textOrNull(p.profileName);
  return info;
}

// profileByIccid checks |iccid| as the user's text and names the profile.
// Throws Error(Errc::invalidArgument) naming |function| for bad text.
ProfileIdentifier profileByIccid(const char *function, const char *iccid) {
  if (!isIccidText(iccid)) {
    throw Error(Errc::invalidArgument, std::string(function) + ": '" + iccid + "' is not an ICCID",
                "an ICCID is 18 to 20 decimal digits");
  }
  std::string digits(iccid);
  // isIccidText accepts the F padding people copy from SIM tools; the card
  // is asked with the digits alone.
  if (digits.back() == 'F' || digits.back() == 'f') digits.pop_back();
  return Iccid{digits};
}

// profileCommand runs the ES10c command |send| for |iccid| and stores its
// result code, converted to the C enum, in |*result|.
template <class CResult, class Send>
esim_status profileCommand(esim_euicc *euicc, const char *function, const char *iccid,
                           CResult *result, Send send) {
  if (euicc == nullptr) return ESIM_INVALID_ARGUMENT;
  if (iccid == nullptr) return nullArgument(euicc->error, function, "iccid");
  if (result == nullptr) return nullArgument(euicc->error, function, "result");
  return guard(euicc->error, [&] {
    // The C enums use SGP.22's numbers, as the C++ enums do, and hold any
    // code up to kMaxResultCode (their *_MAX_CODE member): a number SGP.22
    // does not name reaches the caller unchanged.
    *result = static_cast<CResult>(send(profileByIccid(function, iccid)));
  });
}

// nameOf returns the SGP.22 name of |value|, or "unknown" for a number
// SGP.22 does not name (the caller has the number itself).
template <class Result> const char *nameOf(long long value) noexcept {
  if (value < 0 || value > kMaxResultCode) return "unknown";
  // codeName's views point at string literals, so data() ends in NUL.
  const auto name = codeName(static_cast<Result>(value));
  return name ? name->data() : "unknown";
}

} // namespace
} // namespace esim::capi

using esim::capi::guard;

extern "C" {

esim_status esim_euicc_list_profiles(esim_euicc *euicc, esim_profile_list **out) {
  if (euicc == nullptr) return ESIM_INVALID_ARGUMENT;
  if (out == nullptr)
    return esim::capi::nullArgument(euicc->error, "esim_euicc_list_profiles", "out");
  *out = nullptr;
  return guard(euicc->error, [&] {
    auto list = std::make_unique<esim_profile_list>();
    list->stored = euicc->euicc->getProfilesInfo();
    list->entries.reserve(list->stored.size());
    for (const esim::ProfileInfo &p : list->stored)
      list->entries.push_back(esim::capi::view(p));
    *out = list.release();
  });
}

size_t esim_profile_list_count(const esim_profile_list *list) {
  return list == nullptr ? 0 : list->entries.size();
}

const esim_profile_info *esim_profile_list_at(const esim_profile_list *list, size_t index) {
  if (list == nullptr || index >= list->entries.size()) return nullptr;
  return &list->entries[index];
}

void esim_profile_list_free(esim_profile_list *list) {
  delete list;
}

esim_status esim_euicc_enable_profile(esim_euicc *euicc, const char *iccid, int refresh,
                                      esim_enable_profile_result *result) {
  return esim::capi::profileCommand(euicc, "esim_euicc_enable_profile", iccid, result,
                                    [&](const esim::ProfileIdentifier &id) {
                                      return euicc->euicc->enableProfile(id, refresh != 0);
                                    });
}

esim_status esim_euicc_disable_profile(esim_euicc *euicc, const char *iccid, int refresh,
                                       esim_disable_profile_result *result) {
  return esim::capi::profileCommand(euicc, "esim_euicc_disable_profile", iccid, result,
                                    [&](const esim::ProfileIdentifier &id) {
                                      return euicc->euicc->disableProfile(id, refresh != 0);
                                    });
}

esim_status esim_euicc_delete_profile(esim_euicc *euicc, const char *iccid,
                                      esim_delete_profile_result *result) {
  return esim::capi::profileCommand(
      euicc, "esim_euicc_delete_profile", iccid, result,
      [&](const esim::ProfileIdentifier &id) { return euicc->euicc->deleteProfile(id); });
}

esim_status esim_euicc_set_nickname(esim_euicc *euicc, const char *iccid, const char *nickname,
                                    esim_set_nickname_result *result) {
  if (euicc != nullptr && nickname == nullptr) {
    return esim::capi::nullArgument(euicc->error, "esim_euicc_set_nickname", "nickname");
  }
  return esim::capi::profileCommand(
      euicc, "esim_euicc_set_nickname", iccid, result, [&](const esim::ProfileIdentifier &id) {
        return euicc->euicc->setNickname(std::get<esim::Iccid>(id).value, nickname);
      });
}

const char *esim_enable_profile_result_name(esim_enable_profile_result result) {
  return esim::capi::nameOf<esim::EnableProfileResult>(result);
}

const char *esim_disable_profile_result_name(esim_disable_profile_result result) {
  return esim::capi::nameOf<esim::DisableProfileResult>(result);
}

const char *esim_delete_profile_result_name(esim_delete_profile_result result) {
  return esim::capi::nameOf<esim::DeleteProfileResult>(result);
}

const char *esim_set_nickname_result_name(esim_set_nickname_result result) {
  return esim::capi::nameOf<esim::SetNicknameResult>(result);
}

} // extern "C"
