// Independent check of an eUICC-signed notification with OpenSSL, for tests:
// the signature over tbsOtherNotification with the eUICC certificate's key,
// and the chain eUICC certificate <- EUM certificate <- CI certificate.
#pragma once

#include <string>

#include "esim/notification.hpp"

namespace esim::test {

// verifyNotification returns an empty string when |n| verifies up to the CI
// certificate in PEM file |ciPemPath|, or what failed.
std::string verifyNotification(const PendingNotification &n, const std::string &ciPemPath);

} // namespace esim::test
