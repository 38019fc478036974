// The fixed numbers of esim_status and the exception -> status mapping.
#include <algorithm>
#include <cstring>

#include "capi/capi_support.hpp"

namespace esim::capi {

esim_status toStatus(Errc code) noexcept {
  // A switch without default: a new Errc must get its own fixed number here
  // (-Wswitch makes forgetting it a build error under ESIM_WERROR).
  switch (code) {
  case Errc::pcscNoService: return ESIM_PCSC_NO_SERVICE;
  case Errc::noReader: return ESIM_NO_READER;
  case Errc::readerNotFound: return ESIM_READER_NOT_FOUND;
  case Errc::noCard: return ESIM_NO_CARD;
  case Errc::cardRemoved: return ESIM_CARD_REMOVED;
  case Errc::readerBusy: return ESIM_READER_BUSY;
  case Errc::pcscFailure: return ESIM_PCSC_FAILURE;
  case Errc::channelUnavailable: return ESIM_CHANNEL_UNAVAILABLE;
  case Errc::isdrNotFound: return ESIM_ISDR_NOT_FOUND;
  case Errc::statusWord: return ESIM_STATUS_WORD;
  case Errc::malformedResponse: return ESIM_MALFORMED_RESPONSE;
  case Errc::cardRefused: return ESIM_CARD_REFUSED;
  case Errc::invalidArgument: return ESIM_INVALID_ARGUMENT;
  case Errc::notFound: return ESIM_NOT_FOUND;
  case Errc::ambiguous: return ESIM_AMBIGUOUS;
  case Errc::aborted: return ESIM_ABORTED;
  case Errc::confirmationRequired: return ESIM_CONFIRMATION_REQUIRED;
  case Errc::notAllowed: return ESIM_NOT_ALLOWED;
  case Errc::ioError: return ESIM_IO_ERROR;
  case Errc::emulator: return ESIM_EMULATOR;
  case Errc::network: return ESIM_NETWORK;
  case Errc::tls: return ESIM_TLS;
  case Errc::serverError: return ESIM_SERVER_ERROR;
  case Errc::internal: return ESIM_INTERNAL;
  }
  return ESIM_INTERNAL;
}

namespace {

// kAllErrc lists every Errc, so that toErrc inverts toStatus without a
// second table that could drift from the first.
constexpr Errc kAllErrc[] = {
    Errc::pcscNoService,
    Errc::noReader,
    Errc::readerNotFound,
    Errc::noCard,
    Errc::cardRemoved,
    Errc::readerBusy,
    Errc::pcscFailure,
    Errc::channelUnavailable,
    Errc::isdrNotFound,
    Errc::statusWord,
    Errc::malformedResponse,
    Errc::cardRefused,
    Errc::invalidArgument,
    Errc::notFound,
    Errc::ambiguous,
    Errc::aborted,
    Errc::confirmationRequired,
    Errc::notAllowed,
    Errc::ioError,
    Errc::emulator,
    Errc::network,
    Errc::tls,
    Errc::serverError,
    Errc::internal,
};

void copyCut(char *out, std::size_t size, const std::string &text) noexcept {
  const std::size_t n = std::min(text.size(), size - 1);
  std::memcpy(out, text.data(), n);
  out[n] = '\0';
}

} // namespace

Errc toErrc(esim_status status) noexcept {
  for (Errc code : kAllErrc) {
    if (toStatus(code) == status) return code;
  }
  return Errc::internal;
}

void record(LastError &error, esim_status status, std::string_view message, std::string_view hint,
            std::uint16_t statusWord) noexcept {
  error.status = status;
  error.statusWord = statusWord;
  try {
    error.message.assign(message);
    error.hint.assign(hint);
  } catch (...) {
    error.message.clear();
    error.hint.clear();
  }
}

void fillError(esim_error *out, const LastError &error) noexcept {
  if (out == nullptr) return;
  out->status = error.status;
  copyCut(out->message, sizeof out->message, error.message);
  copyCut(out->hint, sizeof out->hint, error.hint);
}

esim_status recordCurrentException(LastError &error) noexcept {
  try {
    throw;
  } catch (const Error &e) {
    record(error, toStatus(e.code()), e.what(), e.hint(), e.statusWord().value_or(0));
  } catch (const std::bad_alloc &) {
    record(error, ESIM_OUT_OF_MEMORY, "out of memory");
  } catch (const std::exception &e) {
    record(error, ESIM_INTERNAL, e.what(), "this is a bug in the esim library; please report it");
  } catch (...) {
    record(error, ESIM_INTERNAL, "unknown exception",
           "this is a bug in the esim library; please report it");
  }
  return error.status;
}

esim_status nullArgument(LastError &error, std::string_view function,
                         std::string_view name) noexcept {
  try {
    record(error, ESIM_INVALID_ARGUMENT,
           std::string(function) + ": argument '" + std::string(name) + "' is NULL");
  } catch (...) {
    record(error, ESIM_INVALID_ARGUMENT, {});
  }
  return ESIM_INVALID_ARGUMENT;
}

} // namespace esim::capi

extern "C" const char *esim_status_name(esim_status status) {
  if (status == ESIM_OK) return "ok";
  if (status == ESIM_OUT_OF_MEMORY) return "out-of-memory";
  for (esim::Errc code : esim::capi::kAllErrc) {
    if (esim::capi::toStatus(code) == status) {
      // errcId's views point at string literals, so data() is NUL-terminated.
      return esim::errcId(code).data();
    }
  }
  return "unknown";
}
