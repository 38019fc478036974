// The error an LPA flow raises when the eUICC refuses to authenticate a
// server (ES10b AuthenticateServer answered its error alternative), shared
// by the download (SM-DP+) and the event discovery (SM-DS). Internal to
// src/lpa.
#pragma once

#include "esim/download.hpp"
#include "esim/error.hpp"

namespace esim::lpa {

// authenticateServerRefused returns Error(Errc::cardRefused) "AuthenticateServer:
// the eUICC answered <code>", carrying the code, with a hint for the user
// that names |server| ("SM-DP+" or "SM-DS"). Cannot fail but for
// std::bad_alloc.
Error authenticateServerRefused(AuthenticateErrorCode code, const char *server);

} // namespace esim::lpa
