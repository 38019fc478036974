// Asking the user before irreversible steps.
#pragma once

#include <string>

namespace esimctl {

// confirm returns true at once if |assumeYes|; otherwise asks |question| with
// "[y/N]" on the terminal (stderr) and reads the answer from stdin. Throws
// Error(Errc::confirmationRequired) when stdin is not a terminal (naming
// |yesFlag| as the way to confirm non-interactively), and
// Error(Errc::aborted) when the user answers anything but y/yes.
void confirm(const std::string &question, bool assumeYes, const std::string &yesFlag);

} // namespace esimctl
