// The ES10 response decoders under fuzzing: one libFuzzer executable per
// decoder (tests/fuzz/CMakeLists.txt builds es10_decoder_main.cpp once per
// entry of ESIM_FUZZ_ES10_DECODERS with ESIM_FUZZ_DECODER set to its name),
// all sharing the checks in es10_decoders.cpp.
#pragma once

#include <cstddef>
#include <cstdint>

namespace esim::fuzz {

// Es10Decoder names one decoder of src/codec/es10_codec.hpp. The names are
// the CMake list's, so they are spelled as the targets are.
enum class Es10Decoder {
  eid,                    // decodeGetEidResponse
  euicc_info1,            // decodeEuiccInfo1
  euicc_info2,            // decodeEuiccInfo2
  configured_addresses,   // decodeEuiccConfiguredAddressesResponse
  set_default_dp,         // decodeSetDefaultDpAddressResponse
  profile_info_list,      // decodeProfileInfoListResponse
  enable_profile,         // decodeEnableProfileResponse
  disable_profile,        // decodeDisableProfileResponse
  delete_profile,         // decodeDeleteProfileResponse
  set_nickname,           // decodeSetNicknameResponse
  memory_reset,           // decodeEuiccMemoryResetResponse
  list_notification,      // decodeListNotificationResponse
  retrieve_notifications, // decodeRetrieveNotificationsListResponse
  notification_sent,      // decodeNotificationSentResponse
  pending_notification,   // decodePendingNotification
  euicc_challenge,        // decodeGetEuiccChallengeResponse
  authenticate_server,    // decodeAuthenticateServerResponse
  prepare_download,       // decodePrepareDownloadResponse
  installation_result,    // decodeProfileInstallationResult
  cancel_session,         // decodeCancelSessionResponse
  bound_profile_package,  // decodeBoundProfilePackage + splitBoundProfilePackage
  store_metadata,         // decodeStoreMetadataRequest (profileMetadata from an SM-DP+)
  get_rat,                // decodeGetRatResponse
};

// fuzzEs10Decoder decodes |data| with |decoder|. A decode that throws
// esim::Error(Errc::malformedResponse) is an accepted outcome; any other
// exception escapes (libFuzzer reports it). A decoded value is re-encoded
// and decoded again and must come back equal (aborts otherwise).
void fuzzEs10Decoder(Es10Decoder decoder, const std::uint8_t *data, std::size_t size);

} // namespace esim::fuzz
