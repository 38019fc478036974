#include "server_address.hpp"

#include <algorithm>
#include <cctype>

#include "codec/download_codec.hpp"
#include "es9p/es9p_json.hpp"
#include "esim/error.hpp"

namespace esim::lpa {

namespace {

bool equalsIgnoreCase(const std::string &a, const std::string &b) noexcept {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string hostOf(const std::string &address) {
  return address.substr(0, address.rfind(':'));
}

} // namespace

bool sameServerAddress(const std::string &signedAddress, const std::string &asked) noexcept {
  if (equalsIgnoreCase(signedAddress, asked)) return true;
  const bool signedHasPort = signedAddress.find(':') != std::string::npos;
  const bool askedHasPort = asked.find(':') != std::string::npos;
  if (signedHasPort == askedHasPort) return false;
  try {
    return equalsIgnoreCase(hostOf(signedAddress), hostOf(asked));
  } catch (...) {
    return false; // out of memory: not proven the same
  }
}

void checkServerAddress(ByteView serverSigned1, const std::string &asked, const char *server) {
  const ServerSigned1 signed1 = codec::decodeServerSigned1(serverSigned1);
  if (sameServerAddress(signed1.serverAddress, asked)) return;
  throw Error(Errc::serverError,
              std::string("initiateAuthentication: the ") + server + " at " + asked +
                  " signed the serverAddress \"" + es9p::printable(signed1.serverAddress) +
                  "\" in serverSigned1, not its own",
              std::string("the server that answered is not the ") + server +
                  " asked for (a misconfigured server or a proxy); nothing was sent to the "
                  "eUICC");
}

} // namespace esim::lpa
