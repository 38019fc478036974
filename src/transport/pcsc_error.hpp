// Mapping of PC/SC return codes to esim::Error. Every PC/SC call in the
// library goes through pcscError(), so each code is interpreted in one place.
#pragma once

#include <string_view>

#include "esim/error.hpp"

namespace esim::pcsc {

// Return codes are taken as long, which every pcsc-lite LONG converts to; the
// header stays free of winscard.h so that tests can check the mapping with
// the code values the PC/SC specification defines.

// kSuccess is SCARD_S_SUCCESS.
inline constexpr long kSuccess = 0;

// Stage says whether a card connection exists, which decides what a missing
// card means: before SCardConnect it is "no card", afterwards "card removed".
enum class Stage {
  setup,     // context, reader list, SCardConnect
  connected, // transmit, transactions, reconnect
};

// pcscError returns the Error for return code |rc| of the PC/SC call described
// by |call| (for example `SCardConnect("Virtual PCD 00 00")`). The message
// names the call and carries pcsc_stringify_error's text and the hex code.
// SCARD_W_RESET_CARD is mapped too, for callers whose one reconnect attempt
// did not help.
Error pcscError(long rc, std::string_view call, Stage stage);

// check throws pcscError(rc, call, stage) unless |rc| is SCARD_S_SUCCESS.
inline void check(long rc, std::string_view call, Stage stage) {
  if (rc != kSuccess) {
    throw pcscError(rc, call, stage);
  }
}

} // namespace esim::pcsc
