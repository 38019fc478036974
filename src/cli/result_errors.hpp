// Turning an SGP.22 result code that is not ok into an error for the user,
// with a hint that fits the code.
#pragma once

#include <string>

#include "esim/error.hpp"
#include "esim/results.hpp"

namespace esimctl {

// refusal builds Error(Errc::cardRefused) "<function> of <what>: the eUICC
// answered <name> (<value>)" (or "other(<value>)" for a number SGP.22 does not
// name) with a hint for that result, and the code recorded on the error.
esim::Error refusal(const char *function, const std::string &what, esim::EnableProfileResult r);
esim::Error refusal(const char *function, const std::string &what, esim::DisableProfileResult r);
esim::Error refusal(const char *function, const std::string &what, esim::DeleteProfileResult r);
esim::Error refusal(const char *function, const std::string &what, esim::SetNicknameResult r);
esim::Error refusal(const char *function, const std::string &what, esim::EuiccMemoryResetResult r);
esim::Error refusal(const char *function, const std::string &what,
                    esim::SetDefaultDpAddressResult r);
esim::Error refusal(const char *function, const std::string &what, esim::NotificationSentResult r);

} // namespace esimctl
