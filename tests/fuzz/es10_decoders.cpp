// Checks shared by the ES10 decoder fuzz targets: decode, and for every
// decoder with an encoder, encode(decoded) decodes to the same value. (The
// DER need not be byte-identical: a card may use a non-minimal but valid
// encoding; only the value must survive.)
#include "es10_decoders.hpp"

#include <algorithm>
#include <functional>
#include <optional>
#include <string>

#include "codec/download_codec.hpp"
#include "codec/es10_codec.hpp"
#include "esim/bytes.hpp"
#include "esim/error.hpp"
#include "fuzz_check.hpp"

namespace esim::fuzz {

namespace {

// decodeOrNothing runs |decode|; a malformed answer is an accepted outcome,
// anything else (another Errc, another exception) is a bug.
template <typename T>
std::optional<T> decodeOrNothing(const std::function<T(ByteView)> &decode, ByteView der) {
  try {
    return decode(der);
  } catch (const Error &e) {
    fuzzCheck(e.code() == Errc::malformedResponse,
              std::string("decoder threw ") + std::string(errcId(e.code())) + ": " + e.what());
    return std::nullopt;
  }
}

// kMinEncodableIccidDigits: decodeIccid tolerates short test ICCIDs from a
// card (at least one digit), while the encoders write only 18..20 digits
// (encodeIccid). A decoded value with a shorter ICCID therefore cannot be
// re-encoded by design, and the round trip is skipped for it.
constexpr std::size_t kMinEncodableIccidDigits = 18;

bool shortIccid(const std::optional<std::string> &iccid) {
  return iccid && iccid->size() < kMinEncodableIccidDigits;
}

// roundTrip checks that |value|, decoded from fuzz input, survives
// encode + decode. The encoder must accept whatever the decoder accepted.
template <typename T> bool encodable(const T &) {
  return true;
}
bool encodable(const codec::ProfileInfoListResponse &r) {
  return std::none_of(r.profileInfoListOk.begin(), r.profileInfoListOk.end(),
                      [](const ProfileInfo &p) { return shortIccid(p.iccid); });
}
bool encodable(const codec::ListNotificationResponse &r) {
  return std::none_of(r.notificationMetadataList.begin(), r.notificationMetadataList.end(),
                      [](const NotificationMetadata &m) { return shortIccid(m.iccid); });
}

template <typename T>
void roundTrip(const std::function<T(ByteView)> &decode,
               const std::function<Bytes(const T &)> &encode, ByteView der,
               const std::function<bool(const T &, const T &)> &same) {
  const std::optional<T> value = decodeOrNothing(decode, der);
  if (!value || !encodable(*value)) {
    return;
  }
  Bytes again;
  try {
    again = encode(*value);
  } catch (const Error &e) {
    fuzzCheck(false, std::string("encoder refused a decoded value: ") + e.what());
  }
  const std::optional<T> second = decodeOrNothing(decode, again);
  fuzzCheck(second.has_value(), "re-encoded value does not decode: " + toHex(again));
  fuzzCheck(same(*value, *second), "value changed in encode + decode: " + toHex(again));
}

template <typename T>
void roundTrip(T (*decode)(ByteView), Bytes (*encode)(const T &), ByteView der) {
  roundTrip<T>(decode, encode, der, [](const T &a, const T &b) { return a == b; });
}

template <typename T> void roundTripEnum(T (*decode)(ByteView), Bytes (*encode)(T), ByteView der) {
  roundTrip<T>(
      decode, [encode](const T &v) { return encode(v); }, der,
      [](const T &a, const T &b) { return a == b; });
}

void fuzzEid(ByteView der) {
  roundTrip<std::string>(
      codec::decodeGetEidResponse,
      [](const std::string &eid) { return codec::encodeGetEidResponse(fromHex(eid)); }, der,
      [](const std::string &a, const std::string &b) { return a == b; });
}

void fuzzProfileInfoList(ByteView der) {
  using R = codec::ProfileInfoListResponse;
  roundTrip<R>(codec::decodeProfileInfoListResponse, codec::encodeProfileInfoListResponse, der,
               [](const R &a, const R &b) {
                 return a.profileInfoListOk == b.profileInfoListOk &&
                        a.profileInfoListError == b.profileInfoListError;
               });
}

void fuzzListNotification(ByteView der) {
  using R = codec::ListNotificationResponse;
  roundTrip<R>(codec::decodeListNotificationResponse, codec::encodeListNotificationResponse, der,
               [](const R &a, const R &b) {
                 return a.notificationMetadataList == b.notificationMetadataList &&
                        a.listNotificationsResultError == b.listNotificationsResultError;
               });
}

void fuzzRetrieveNotifications(ByteView der) {
  using R = codec::RetrieveNotificationsListResponse;
  roundTrip<R>(codec::decodeRetrieveNotificationsListResponse,
               codec::encodeRetrieveNotificationsListResponse, der, [](const R &a, const R &b) {
                 return a.notificationList == b.notificationList &&
                        a.notificationsListResultError == b.notificationsListResultError;
               });
}

// A PendingNotification has no encoder: the LPA forwards its exact DER. So
// raw must be the input itself, and decoding raw again gives the same value.
void fuzzPendingNotification(ByteView der) {
  const auto value = decodeOrNothing<PendingNotification>(codec::decodePendingNotification, der);
  if (!value) {
    return;
  }
  fuzzCheck(value->raw == Bytes(der.begin(), der.end()), "raw is not the decoded DER");
  const auto again =
      decodeOrNothing<PendingNotification>(codec::decodePendingNotification, value->raw);
  fuzzCheck(again && *again == *value, "decoding raw again gives another value");
}

// fuzzRaw checks a download decoder whose value keeps the bytes received:
// raw must be the input, the encoder must accept the value (it splices the
// signed parts unchanged) and its output must decode again.
template <typename T>
void fuzzRaw(T (*decode)(ByteView), Bytes (*encode)(const T &), ByteView der) {
  const std::optional<T> value = decodeOrNothing<T>(decode, der);
  if (!value) return;
  fuzzCheck(value->raw == Bytes(der.begin(), der.end()), "raw is not the decoded DER");
  Bytes again;
  try {
    again = encode(*value);
  } catch (const Error &e) {
    fuzzCheck(false, std::string("encoder refused a decoded value: ") + e.what());
  }
  fuzzCheck(decodeOrNothing<T>(decode, again).has_value(),
            "re-encoded value does not decode: " + toHex(again));
}

void fuzzChallenge(ByteView der) {
  roundTrip<Bytes>(
      codec::decodeGetEuiccChallengeResponse,
      [](const Bytes &c) { return codec::encodeGetEuiccChallengeResponse(c); }, der,
      [](const Bytes &a, const Bytes &b) { return a == b; });
}

void fuzzInstallationResult(ByteView der) {
  const auto value =
      decodeOrNothing<ProfileInstallationResult>(codec::decodeProfileInstallationResult, der);
  if (!value) return;
  fuzzCheck(value->raw == Bytes(der.begin(), der.end()), "raw is not the decoded DER");
  const Bytes again = codec::encodeProfileInstallationResult(
      value->profileInstallationResultData.raw, value->euiccSignPIR);
  fuzzCheck(
      decodeOrNothing<ProfileInstallationResult>(codec::decodeProfileInstallationResult, again)
          .has_value(),
      "re-assembled BF37 does not decode: " + toHex(again));
}

void fuzzBoundProfilePackage(ByteView der) {
  const auto bpp =
      decodeOrNothing<codec::BoundProfilePackage>(codec::decodeBoundProfilePackage, der);
  if (!bpp) return;
  fuzzCheck(codec::encodeBoundProfilePackage(*bpp) == Bytes(der.begin(), der.end()),
            "BPP parts do not re-assemble to the input");
  std::size_t offset = 0;
  for (const codec::BppSegment &segment : codec::splitBoundProfilePackage(der)) {
    fuzzCheck(segment.offset == offset, "BPP split leaves a gap or overlaps");
    offset += segment.length;
  }
  fuzzCheck(offset == der.size(), "BPP split does not cover the BPP");
}

void fuzzStoreMetadata(ByteView der) {
  const auto value = decodeOrNothing<StoreMetadataRequest>(codec::decodeStoreMetadataRequest, der);
  if (value) fuzzCheck(value->raw == Bytes(der.begin(), der.end()), "raw is not the input");
}

} // namespace

void fuzzEs10Decoder(Es10Decoder decoder, const std::uint8_t *data, std::size_t size) {
  const ByteView der(data, size);
  switch (decoder) {
  case Es10Decoder::eid: return fuzzEid(der);
  case Es10Decoder::euicc_info1:
    return roundTrip(codec::decodeEuiccInfo1, codec::encodeEuiccInfo1, der);
  case Es10Decoder::euicc_info2:
    return roundTrip(codec::decodeEuiccInfo2, codec::encodeEuiccInfo2, der);
  case Es10Decoder::configured_addresses:
    return roundTrip(codec::decodeEuiccConfiguredAddressesResponse,
                     codec::encodeEuiccConfiguredAddressesResponse, der);
  case Es10Decoder::set_default_dp:
    return roundTripEnum(codec::decodeSetDefaultDpAddressResponse,
                         codec::encodeSetDefaultDpAddressResponse, der);
  case Es10Decoder::profile_info_list: return fuzzProfileInfoList(der);
  case Es10Decoder::enable_profile:
    return roundTripEnum(codec::decodeEnableProfileResponse, codec::encodeEnableProfileResponse,
                         der);
  case Es10Decoder::disable_profile:
    return roundTripEnum(codec::decodeDisableProfileResponse, codec::encodeDisableProfileResponse,
                         der);
  case Es10Decoder::delete_profile:
    return roundTripEnum(codec::decodeDeleteProfileResponse, codec::encodeDeleteProfileResponse,
                         der);
  case Es10Decoder::set_nickname:
    return roundTripEnum(codec::decodeSetNicknameResponse, codec::encodeSetNicknameResponse, der);
  case Es10Decoder::memory_reset:
    return roundTripEnum(codec::decodeEuiccMemoryResetResponse,
                         codec::encodeEuiccMemoryResetResponse, der);
  case Es10Decoder::list_notification: return fuzzListNotification(der);
  case Es10Decoder::retrieve_notifications: return fuzzRetrieveNotifications(der);
  case Es10Decoder::notification_sent:
    return roundTripEnum(codec::decodeNotificationSentResponse,
                         codec::encodeNotificationSentResponse, der);
  case Es10Decoder::pending_notification: return fuzzPendingNotification(der);
  case Es10Decoder::euicc_challenge: return fuzzChallenge(der);
  case Es10Decoder::authenticate_server:
    return fuzzRaw(codec::decodeAuthenticateServerResponse, codec::encodeAuthenticateServerResponse,
                   der);
  case Es10Decoder::prepare_download:
    return fuzzRaw(codec::decodePrepareDownloadResponse, codec::encodePrepareDownloadResponse, der);
  case Es10Decoder::installation_result: return fuzzInstallationResult(der);
  case Es10Decoder::cancel_session:
    return fuzzRaw(codec::decodeCancelSessionResponse, codec::encodeCancelSessionResponse, der);
  case Es10Decoder::bound_profile_package: return fuzzBoundProfilePackage(der);
  case Es10Decoder::store_metadata: return fuzzStoreMetadata(der);
  case Es10Decoder::get_rat:
    return roundTrip(codec::decodeGetRatResponse, codec::encodeGetRatResponse, der);
  }
}

} // namespace esim::fuzz
