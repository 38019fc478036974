// What the C API's translation units share: the handle structs behind the
// opaque types of esim.h, the esim::Errc <-> esim_status mapping and guard(),
// which keeps every exception on the C++ side of the boundary.
#pragma once

#include <cstdint>
#include <exception>
#include <memory>
#include <new>
#include <string>
#include <string_view>

#include "esim/error.hpp"
#include "esim/esim.h"
#include "esim/euicc.hpp"
#include "esim/isdr_session.hpp"
#include "esim/transport.hpp"

namespace esim::capi {

// LastError is the failure a handle remembers until the next failure.
struct LastError {
  esim_status status = ESIM_OK;
  std::string message;
  std::string hint;
  std::uint16_t statusWord = 0;
};

// toStatus returns the fixed C number of |code|.
esim_status toStatus(Errc code) noexcept;

// toErrc returns the Errc a callback's |status| stands for; ESIM_OK and
// numbers that are not an esim_status map to Errc::internal.
Errc toErrc(esim_status status) noexcept;

// record stores a failure in |error|. If even that cannot allocate, the
// status is kept and the texts are left empty: never throws.
void record(LastError &error, esim_status status, std::string_view message,
            std::string_view hint = {}, std::uint16_t statusWord = 0) noexcept;

// fillError copies |error| into the caller's optional |out|, cutting the
// texts to the buffers. Does nothing for NULL.
void fillError(esim_error *out, const LastError &error) noexcept;

// recordCurrentException classifies the exception being handled (call it
// only inside a catch block) and records it in |error|; returns its status.
esim_status recordCurrentException(LastError &error) noexcept;

// guard runs |body| and returns ESIM_OK, or records whatever it threw in
// |error| and returns that status. Nothing escapes: the C caller cannot
// catch a C++ exception.
template <class Body> esim_status guard(LastError &error, Body &&body) noexcept {
  try {
    body();
    return ESIM_OK;
  } catch (...) {
    return recordCurrentException(error);
  }
}

// nullArgument records that the argument called |name| of |function| was
// NULL and returns ESIM_INVALID_ARGUMENT.
esim_status nullArgument(LastError &error, std::string_view function,
                         std::string_view name) noexcept;

} // namespace esim::capi

// esim_euicc owns, in destruction order, the Euicc view, the session (which
// closes the logical channel) and the transport it talks through.
struct esim_euicc {
  std::unique_ptr<esim::ApduTransport> transport;
  std::unique_ptr<esim::IsdrSession> session;
  std::unique_ptr<esim::Euicc> euicc;
  std::string readerName; // "" for callback transports
  esim::capi::LastError error;
};
