// The APDU log of `euicc-emu --trace` (lines "> C-APDU" and "< R-APDU" in
// hex), and a check that no other channel's APDU landed inside an exchange
// that one LPA must send in one piece.
//
//   std::vector<TracedApdu> apdus = parseEmulatorTrace(emu.log());
//   std::vector<std::string> broken = findInterleavedExchanges(apdus);
//   EXPECT_TRUE(broken.empty()) << broken.front();
#pragma once

#include <string>
#include <vector>

#include "esim/bytes.hpp"

namespace esim::test {

// TracedApdu is one command and the card's answer, in the order the card
// handled them.
struct TracedApdu {
  Bytes command;
  Bytes response;
};

// parseEmulatorTrace returns the APDUs of an emulator log. Other lines are
// skipped. Throws std::runtime_error if a "<" line has no "> " line before it,
// a command has no answer (unless it is the very last line) or a line is not
// hex.
std::vector<TracedApdu> parseEmulatorTrace(const std::string &log);

// findInterleavedExchanges returns one message for every APDU that arrived on
// another channel while an atomic exchange was in progress, and an empty list
// if there was none. Atomic exchanges are (a) MANAGE CHANNEL open, the SELECT
// on the new channel and the GET RESPONSEs that fetch its answer and (b) the
// STORE DATA blocks of one ES10 request, from block 0 to the last block, and
// the GET RESPONSEs that fetch its answer. An exchange ends with an answer
// that is neither 61xx (more data) nor 6Cxx (resend with this Le), or with
// any error answer to a block before the last.
std::vector<std::string> findInterleavedExchanges(const std::vector<TracedApdu> &apdus);

} // namespace esim::test
