#include "support/apdu_trace.hpp"

#include <array>
#include <optional>
#include <stdexcept>

#include "esim/apdu.hpp"
#include "esim/error.hpp"

namespace esim::test {

namespace {

// What euicc-emu --trace writes before the hex of a C-APDU and an R-APDU
// (after its "euicc-emu: " prefix).
constexpr std::string_view kCommandMark = "> ";
constexpr std::string_view kResponseMark = "< ";

// STORE DATA P1 bit 8: the last block of a request (GlobalPlatform 11.11.2).
constexpr std::uint8_t kStoreDataLastBlockBit = 0x80;
constexpr std::uint8_t kManageChannelOpenP1 = 0x00;
constexpr std::size_t kHeaderBytes = 4;
// MANAGE CHANNEL open answers the new channel's number and 9000.
constexpr std::size_t kChannelOpenedAnswer = 3;

// apduText returns the hex after |mark| on |line|, or nothing if the line is
// not an APDU line.
std::optional<std::string> apduText(const std::string &line, std::string_view mark) {
  const std::size_t at = line.find(mark);
  if (at == std::string::npos) return std::nullopt;
  // Only the emulator's own trace lines: the mark right after its prefix and
  // the APDU's number ("#12 "), never inside a diagnostic message.
  std::string_view before(line.data(), at);
  constexpr std::string_view kPrefix = "euicc-emu: ";
  if (before.substr(0, kPrefix.size()) == kPrefix) before.remove_prefix(kPrefix.size());
  if (!before.empty()) {
    const bool numbered = before.size() >= 3 && before.front() == '#' && before.back() == ' ' &&
                          before.find_first_not_of("0123456789", 1) == before.size() - 1;
    if (!numbered) return std::nullopt;
  }
  return line.substr(at + mark.size());
}

Bytes hexOf(const std::string &text, std::size_t lineNumber) {
  try {
    return fromHex(text);
  } catch (const Error &) {
    throw std::runtime_error("emulator trace line " + std::to_string(lineNumber) +
                             ": not hex: " + text);
  }
}

bool moreToCome(const Bytes &response) {
  if (response.size() < 2) return false;
  const std::uint8_t sw1 = response[response.size() - 2];
  return sw1 == sw::kMoreDataSw1 || sw1 == sw::kWrongLeSw1;
}

bool answeredOk(const Bytes &response) {
  if (response.size() < 2) return false;
  const auto sw1 = static_cast<std::uint16_t>(response[response.size() - 2]);
  return ((sw1 << 8) | response[response.size() - 1]) == sw::kOk;
}

// At most this many bytes of an APDU go into a message: enough for the
// header and the start of an ES10 tag, not a screen of hex.
constexpr std::size_t kShownBytes = 12;

std::string shortHex(const Bytes &bytes) {
  if (bytes.size() <= kShownBytes) return toHex(bytes);
  return toHex(ByteView(bytes.data(), kShownBytes)) + "..(" + std::to_string(bytes.size()) +
         " bytes)";
}

std::string describe(std::size_t index, const TracedApdu &apdu) {
  return "#" + std::to_string(index) + " " + shortHex(apdu.command) + " -> " +
         shortHex(apdu.response);
}

// Atomic is one exchange in progress: the channel it owns and where it began.
struct Atomic {
  std::uint8_t channel = 0;
  std::size_t start = 0;
};

} // namespace

std::vector<TracedApdu> parseEmulatorTrace(const std::string &log) {
  std::vector<TracedApdu> apdus;
  bool awaitingResponse = false;
  std::size_t lineNumber = 0;
  std::size_t begin = 0;
  while (begin < log.size()) {
    std::size_t end = log.find('\n', begin);
    if (end == std::string::npos) end = log.size();
    const std::string line = log.substr(begin, end - begin);
    begin = end + 1;
    ++lineNumber;
    if (auto command = apduText(line, kCommandMark)) {
      if (awaitingResponse) {
        throw std::runtime_error("emulator trace line " + std::to_string(lineNumber) +
                                 ": a command follows a command without an answer");
      }
      apdus.push_back({hexOf(*command, lineNumber), {}});
      awaitingResponse = true;
    } else if (auto response = apduText(line, kResponseMark)) {
      if (!awaitingResponse) {
        throw std::runtime_error("emulator trace line " + std::to_string(lineNumber) +
                                 ": an answer without a command");
      }
      apdus.back().response = hexOf(*response, lineNumber);
      awaitingResponse = false;
    }
  }
  return apdus;
}

std::vector<std::string> findInterleavedExchanges(const std::vector<TracedApdu> &apdus) {
  std::vector<std::string> problems;
  // At most one exchange per channel can be open: the card keeps one STORE
  // DATA reassembly and one GET RESPONSE buffer per channel.
  std::vector<Atomic> open;
  for (std::size_t i = 0; i < apdus.size(); ++i) {
    const TracedApdu &apdu = apdus[i];
    if (apdu.command.size() < kHeaderBytes) continue;
    const std::uint8_t channel = channelFromCla(apdu.command[0]);
    const std::uint8_t instruction = apdu.command[1];
    const std::uint8_t p1 = apdu.command[2];
    std::size_t start = i;
    for (const Atomic &other : open) {
      if (other.channel != channel) {
        problems.push_back("APDU " + describe(i, apdu) + " on channel " + std::to_string(channel) +
                           " came inside the exchange on channel " + std::to_string(other.channel) +
                           " that began with " + describe(other.start, apdus[other.start]));
      } else {
        start = other.start; // this APDU continues its channel's exchange
      }
    }
    std::erase_if(open, [&](const Atomic &a) { return a.channel == channel; });

    bool continues = false;
    std::uint8_t owner = channel;
    if (instruction == ins::kManageChannel && p1 == kManageChannelOpenP1 &&
        answeredOk(apdu.response) && apdu.response.size() == kChannelOpenedAnswer) {
      // The open is on the basic channel; what must follow is on the new one.
      owner = apdu.response[0];
      continues = true;
    } else if (instruction == ins::kStoreData) {
      const bool last = (p1 & kStoreDataLastBlockBit) != 0;
      continues = last ? moreToCome(apdu.response) : answeredOk(apdu.response);
    } else if (instruction == ins::kSelect || instruction == ins::kGetResponse) {
      continues = moreToCome(apdu.response);
    }
    if (continues) open.push_back({owner, start});
  }
  return problems;
}

} // namespace esim::test
