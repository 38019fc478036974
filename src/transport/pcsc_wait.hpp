// Waiting for a card, for tools and tests that start a reader themselves
// (the pcscd + vpcd test harness, an emulator launcher). No PC/SC types here,
// so callers need not include winscard.h.
#pragma once

#include <chrono>
#include <string>

namespace esim::pcsc {

// waitForCardPresent waits until |reader| holds a card that answered its ATR
// (SCardGetStatusChange), at most |timeout|. Returns false on timeout. Throws
// Error(Errc::pcscNoService) when pcscd is not running,
// Error(Errc::readerNotFound) for an unknown reader, and other mapped PC/SC
// errors.
bool waitForCardPresent(const std::string &reader, std::chrono::milliseconds timeout);

} // namespace esim::pcsc
