// es9pStatusCodeMeaning: the subjectCode / reasonCode pairs an SM-DP+ answers
// with Failed (SGP.22 v2.2 5.2.6.1 subject codes, 5.2.6.2 reason codes; the
// pairs are those of the ES9+ functions in 5.6, as lpac's euicc/es9p_errors.c
// and osmo-smdpp use them). The words and hints are ours.
#include "esim/es9p.hpp"

namespace esim {

namespace {

struct Entry {
  std::string_view subject;
  std::string_view reason;
  Es9pStatusCodeMeaning meaning;
};

constexpr std::string_view kAskOperator = "ask the operator for a new activation code";
constexpr std::string_view kStartAgain = "start the download again";
constexpr std::string_view kNotTrusted =
    "this SM-DP+ does not accept this eUICC's certificates (a test eUICC and a production "
    "SM-DP+, or the other way round?)";

// One pair per entry: its meaning, then its hint.
// clang-format off
constexpr Entry kEntries[] = {
    {"8.1", "4.8", {"the eUICC does not have enough free memory for this profile",
        "delete a profile you no longer need, then try again"}},
    {"8.1", "6.1", {"the SM-DP+ found the eUICC's signature or the server challenge invalid",
        kStartAgain}},
    {"8.1.1", "2.2", {"the order needs an EID and none is known for it (empty MatchingID?)",
        "use the activation code the operator sent"}},
    {"8.1.1", "3.1", {"the profile is already tied to another eUICC (another EID)",
        "the order was made for another device; ask the operator to reissue it for this EID"}},
    {"8.1.1", "3.8", {"this eUICC's EID is not allowed for this order",
        "the order is bound to another EID, or this is not the order's SM-DP+: "
        "check the activation code, and ask the operator"}},
    {"8.1.2", "6.1", {"the SM-DP+ refused the eUICC manufacturer's certificate",
        kNotTrusted}},
    {"8.1.2", "6.3", {"the eUICC manufacturer's certificate has expired",
        kNotTrusted}},
    {"8.1.3", "6.1", {"the SM-DP+ refused the eUICC's certificate",
        kNotTrusted}},
    {"8.1.3", "6.3", {"the eUICC's certificate has expired",
        kNotTrusted}},
    {"8.1.4", "6.1", {"the EID is outside the range the eUICC manufacturer may issue",
        kNotTrusted}},
    {"8.2", "1.2", {"the profile has not been released for download yet",
        "try again later"}},
    {"8.2", "3.7", {"the profile package cannot be bound again (already downloaded?)",
        kAskOperator}},
    {"8.2.1", "3.1", {"the profile is already tied to another EID",
        kAskOperator}},
    {"8.2.1", "3.3", {"the profile is not available (already downloaded, installed or used)",
        kAskOperator}},
    {"8.2.1", "3.5", {"the profile cannot be released",
        kAskOperator}},
    {"8.2.5", "3.7", {"no more profiles of this type are available",
        kAskOperator}},
    {"8.2.5", "4.3", {"no profile of this order is eligible for this eUICC or device",
        kAskOperator}},
    {"8.2.6", "3.1", {"another MatchingID is tied to this profile",
        kAskOperator}},
    {"8.2.6", "3.3", {"the MatchingID conflicts with another order",
        kAskOperator}},
    {"8.2.6", "3.8", {"the SM-DP+ refused the MatchingID: unknown, mistyped or already used",
        "check the activation code (an activation code usually works once)"}},
    {"8.2.7", "2.2", {"the order needs a confirmation code and none was given",
        "give the confirmation code the operator sent with the activation code"}},
    {"8.2.7", "3.8", {"the SM-DP+ refused the confirmation code",
        "check the confirmation code and try again: the number of attempts is limited"}},
    {"8.2.7", "6.4", {"too many wrong confirmation codes: the order is locked",
        kAskOperator}},
    {"8.8", "3.1", {"the SM-DP+ OID is not valid",
        "check the activation code's SM-DP+ OID"}},
    {"8.8", "3.10", {"the SM-DP+ OID the eUICC signed is not this SM-DP+'s",
        kStartAgain}},
    {"8.8.1", "3.8", {"the SM-DP+ address sent is not this SM-DP+'s own",
        "check the SM-DP+ address of the activation code"}},
    {"8.8.2", "3.1", {"the SM-DP+ supports none of the eUICC's certificate issuers (CI keys)",
        kNotTrusted}},
    {"8.8.3", "3.1", {"the SM-DP+ does not support the eUICC's SGP.22 version",
        "this eUICC is too old or too new for this SM-DP+"}},
    {"8.8.4", "3.7", {"the SM-DP+ has no certificate that the eUICC's certificate issuers signed",
        kNotTrusted}},
    {"8.8.5", "4.1", {"the download order has expired",
        kAskOperator}},
    {"8.8.5", "6.4", {"too many download attempts for this order",
        kAskOperator}},
    {"8.10.1", "3.9", {"the SM-DP+ does not know this session (unknown or expired transaction ID)",
        kStartAgain}},
    {"8.11.1", "3.9", {"the SM-DP+ does not trust the certificate issuer of the eUICC's maker",
        kNotTrusted}},
};
// clang-format on

} // namespace

std::optional<Es9pStatusCodeMeaning> es9pStatusCodeMeaning(std::string_view subjectCode,
                                                           std::string_view reasonCode) noexcept {
  for (const Entry &e : kEntries) {
    if (e.subject == subjectCode && e.reason == reasonCode) {
      return e.meaning;
    }
  }
  return std::nullopt;
}

} // namespace esim
