// The LPA's check that the server it reached is the one it asked for: the
// serverAddress the server signed in serverSigned1 (SGP.22 3.1.2) must be the
// address the LPA used, before the eUICC is asked to authenticate the server.
// Internal to src/lpa.
#pragma once

#include <string>

#include "esim/bytes.hpp"

namespace esim::lpa {

// sameServerAddress reports whether the |signed| serverAddress names
// |asked|: equal ignoring case, or equal host names when only one of them
// carries a ":PORT" (servers sign their name; a test bench adds a port).
bool sameServerAddress(const std::string &signedAddress, const std::string &asked) noexcept;

// checkServerAddress decodes |serverSigned1| (30 ..., as received) and
// throws Error(Errc::serverError) naming both addresses when its
// serverAddress is not |asked| (sameServerAddress), and the codec's
// Error(Errc::malformedResponse) when it does not decode. |server| is "SM-DP+"
// or "SM-DS".
void checkServerAddress(ByteView serverSigned1, const std::string &asked, const char *server);

} // namespace esim::lpa
