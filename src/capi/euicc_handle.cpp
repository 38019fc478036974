// Opening and closing an esim_euicc, its last error, and GetEID.
#include <cstring>
#include <memory>
#include <string>

#include "capi/callback_transport.hpp"
#include "capi/capi_support.hpp"
#include "esim/apdu.hpp"
#include "esim/pcsc_transport.hpp"

namespace esim::capi {
namespace {

// kMinAidLength and kMaxAidLength bound an AID (ISO/IEC 7816-4 clause 8.2.1.2).
constexpr std::size_t kMinAidLength = 5;
constexpr std::size_t kMaxAidLength = 16;

// sessionOptions turns the caller's esim_euicc_options (NULL: defaults)
// into IsdrSessionOptions. Throws Error(Errc::invalidArgument) for bad ones.
IsdrSessionOptions sessionOptions(const esim_euicc_options *options) {
  IsdrSessionOptions session;
  if (options == nullptr) return session;
  if (options->isdr_aid != nullptr && options->isdr_aid_hex != nullptr) {
    throw Error(Errc::invalidArgument, "esim_euicc_options: both isdr_aid and isdr_aid_hex are set",
                "set only one of them");
  }
  Bytes aid;
  if (options->isdr_aid != nullptr) {
    aid.assign(options->isdr_aid, options->isdr_aid + options->isdr_aid_len);
  } else if (options->isdr_aid_hex != nullptr) {
    aid = fromHex(options->isdr_aid_hex, "esim_euicc_options.isdr_aid_hex");
  }
  if (options->isdr_aid != nullptr || options->isdr_aid_hex != nullptr) {
    if (aid.size() < kMinAidLength || aid.size() > kMaxAidLength) {
      throw Error(Errc::invalidArgument,
                  "esim_euicc_options: the ISD-R AID is " + std::to_string(aid.size()) +
                      " bytes; an AID has 5 to 16",
                  "leave it unset to try the known ISD-R AIDs");
    }
    session.aids = {aid};
  }
  if (options->max_segment_size != 0) {
    if (options->max_segment_size > kMaxShortData) {
      throw Error(Errc::invalidArgument,
                  "esim_euicc_options: max_segment_size " +
                      std::to_string(options->max_segment_size) + " is outside 1..255",
                  "0 means 255; older cards may need 120");
    }
    session.maxSegmentSize = options->max_segment_size;
  }
  return session;
}

// openWith finishes a handle around |transport|: opens the ISD-R session.
std::unique_ptr<esim_euicc> openWith(std::unique_ptr<ApduTransport> transport,
                                     const IsdrSessionOptions &options) {
  auto handle = std::make_unique<esim_euicc>();
  handle->transport = std::move(transport);
  handle->session = std::make_unique<IsdrSession>(*handle->transport, options);
  handle->euicc = std::make_unique<Euicc>(*handle->session);
  return handle;
}

} // namespace
} // namespace esim::capi

using esim::capi::guard;
using esim::capi::LastError;

extern "C" {

esim_status esim_euicc_open_callbacks(const esim_transport_callbacks *callbacks, void *context,
                                      const esim_euicc_options *options, esim_euicc **out,
                                      esim_error *error) {
  LastError failure;
  if (out != nullptr) *out = nullptr;
  esim_status status = ESIM_OK;
  if (out == nullptr) {
    status = esim::capi::nullArgument(failure, "esim_euicc_open_callbacks", "out");
  } else if (callbacks == nullptr) {
    status = esim::capi::nullArgument(failure, "esim_euicc_open_callbacks", "callbacks");
  } else {
    status = guard(failure, [&] {
      auto session = esim::capi::sessionOptions(options);
      *out = esim::capi::openWith(
                 std::make_unique<esim::capi::CallbackTransport>(*callbacks, context), session)
                 .release();
    });
  }
  esim::capi::fillError(error, failure);
  return status;
}

esim_status esim_euicc_open_pcsc(const char *reader, const esim_euicc_options *options,
                                 esim_euicc **out, esim_error *error) {
  LastError failure;
  esim_status status = ESIM_OK;
  if (out == nullptr) {
    status = esim::capi::nullArgument(failure, "esim_euicc_open_pcsc", "out");
  } else {
    *out = nullptr;
    status = guard(failure, [&] {
      auto session = esim::capi::sessionOptions(options);
      esim::ReaderSelector selector;
      if (reader != nullptr) selector.name = std::string(reader);
      auto card = esim::PcscTransport::open(selector, session.aids);
      std::string name = card->readerName();
      auto handle = esim::capi::openWith(std::move(card), session);
      handle->readerName = std::move(name);
      *out = handle.release();
    });
  }
  esim::capi::fillError(error, failure);
  return status;
}

const char *esim_euicc_reader_name(const esim_euicc *euicc) {
  return euicc == nullptr ? "" : euicc->readerName.c_str();
}

void esim_euicc_close(esim_euicc *euicc) {
  // Member order makes the session close its channel before the transport
  // goes; none of the destructors throws.
  delete euicc;
}

esim_status esim_euicc_last_error_status(const esim_euicc *euicc) {
  return euicc == nullptr ? ESIM_INVALID_ARGUMENT : euicc->error.status;
}

const char *esim_euicc_last_error_message(const esim_euicc *euicc) {
  return euicc == nullptr ? "esim_euicc_last_error_message: the handle is NULL"
                          : euicc->error.message.c_str();
}

const char *esim_euicc_last_error_hint(const esim_euicc *euicc) {
  return euicc == nullptr ? "" : euicc->error.hint.c_str();
}

uint16_t esim_euicc_last_error_status_word(const esim_euicc *euicc) {
  return euicc == nullptr ? 0 : euicc->error.statusWord;
}

esim_status esim_euicc_get_eid(esim_euicc *euicc, char *eid, size_t eid_size) {
  if (euicc == nullptr) return ESIM_INVALID_ARGUMENT;
  if (eid == nullptr) return esim::capi::nullArgument(euicc->error, "esim_euicc_get_eid", "eid");
  if (eid_size > 0) eid[0] = '\0';
  return guard(euicc->error, [&] {
    if (eid_size < ESIM_EID_BUFFER_SIZE) {
      throw esim::Error(esim::Errc::invalidArgument,
                        "esim_euicc_get_eid: eid_size " + std::to_string(eid_size) +
                            " is smaller than ESIM_EID_BUFFER_SIZE (33)");
    }
    const std::string value = euicc->euicc->getEid();
    if (value.size() >= eid_size) {
      throw esim::Error(esim::Errc::malformedResponse,
                        "GetEID: the EID has " + std::to_string(value.size()) + " digits");
    }
    std::memcpy(eid, value.c_str(), value.size() + 1);
  });
}

} // extern "C"
