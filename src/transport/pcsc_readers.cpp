// Reader enumeration: esim::listReaders() and the card-presence wait.
#include "esim/pcsc_transport.hpp"
#include "transport/pcsc_handles.hpp"
#include "transport/pcsc_wait.hpp"

namespace esim {

std::vector<ReaderInfo> listReaders() {
  return pcsc::Context().readers();
}

namespace pcsc {

bool waitForCardPresent(const std::string &reader, std::chrono::milliseconds timeout) {
  return Context().waitForCard(reader, timeout);
}

} // namespace pcsc
} // namespace esim
