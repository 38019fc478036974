#include "validate.hpp"

#include <charconv>
#include <cmath>
#include <set>

#include "esim/bytes.hpp"
#include "esim/es9p.hpp"
#include "esim/http.hpp"
#include "esim/text.hpp"
#include "output.hpp"

namespace esimctl {

namespace {

constexpr std::size_t kMinAidBytes = 5;
constexpr std::size_t kMaxAidBytes = 16;
constexpr double kMinTimeoutSeconds = 0.1;
constexpr double kMaxTimeoutSeconds = 600;

// quoted returns |text| in single quotes, terminal-safe, for a message.
std::string quoted(const std::string &text) {
  return "'" + terminalSafe(text) + "'";
}

bool isBlank(const std::string &text) {
  return text.find_first_not_of(" \t\r\n\v\f") == std::string::npos;
}

void checkAid(const std::string &text) {
  esim::Bytes aid;
  try {
    aid = esim::fromHex(text, "--aid");
  } catch (const esim::Error &e) {
    throw UsageError(std::string(e.what()), "an AID is 5 to 16 bytes in hex, e.g. --aid "
                                            "A0000005591010FFFFFFFF8900000100");
  }
  if (aid.size() < kMinAidBytes || aid.size() > kMaxAidBytes) {
    throw UsageError("--aid " + quoted(text) + " is " + std::to_string(aid.size()) +
                         " bytes; an AID has 5 to 16",
                     "e.g. --aid A0000005591010FFFFFFFF8900000100");
  }
}

void checkTimeout(double seconds) {
  if (!std::isfinite(seconds) || seconds < kMinTimeoutSeconds || seconds > kMaxTimeoutSeconds) {
    throw UsageError("--timeout " + std::to_string(seconds) +
                         " is not a number of seconds from 0.1 to 600",
                     "e.g. --timeout 30");
  }
}

} // namespace

void checkGlobalOptions(const GlobalOptions &options) {
  if (options.reader && options.emulator) {
    throw UsageError("--reader and --emulator exclude each other",
                     "use --reader for a card in a PC/SC reader, --emulator for a state file");
  }
  if (options.reader && isBlank(*options.reader)) {
    throw UsageError("--reader is empty",
                     "give a reader's name, part of it, or its index in `esimctl reader list`");
  }
  if (options.emulator && options.emulator->empty()) {
    throw UsageError("--emulator is empty", "give the emulator's state file, e.g. card.json");
  }
  if (options.aid) checkAid(*options.aid);
  checkTimeout(options.timeoutSeconds);
  for (const std::string &entry : options.resolve) {
    try {
      esim::parseResolveEntry(entry);
    } catch (const esim::Error &e) {
      // "resolve entry "x" is not ..." -> "--resolve "x" is not ..."
      std::string message = e.what();
      const std::string prefix = "resolve entry ";
      if (message.rfind(prefix, 0) == 0) message.replace(0, prefix.size(), "--resolve ");
      throw UsageError(terminalSafe(message), e.hint());
    }
  }
}

void checkProfileQuery(const std::string &query, const char *what) {
  if (isBlank(query)) {
    throw UsageError(std::string(what) + " is empty: it matches no profile",
                     "name a profile by ICCID, ISD-P AID, nickname or provider name, as "
                     "`esimctl profile list` shows them");
  }
}

void checkNickname(const std::string &nickname, const char *what) {
  const char *hint = "a nickname is at most 64 bytes of UTF-8 text without control characters";
  if (!esim::isValidUtf8(nickname)) {
    throw UsageError(std::string(what) + " " + quoted(nickname) + " is not valid UTF-8", hint);
  }
  if (esim::hasControlCharacter(nickname)) {
    throw UsageError(std::string(what) + " " + quoted(nickname) + " contains a control character",
                     hint);
  }
  if (nickname.size() > kMaxNicknameBytes) {
    throw UsageError(std::string(what) + " is " + std::to_string(nickname.size()) +
                         " bytes long; SGP.22 allows 64",
                     hint);
  }
}

void checkSmdpAddress(const std::string &address, const char *what) {
  if (!esim::isValidSmdpAddress(address)) {
    throw UsageError(std::string(what) + " " + quoted(address) +
                         " is not an SM-DP+ address (a host name, optionally with :PORT)",
                     "give the FQDN alone, without https:// or a path, e.g. smdp.example.com");
  }
}

std::int64_t parseSeqNumber(const std::string &text, const char *what) {
  const std::string hint = "seqNumbers are the numbers `esimctl notification list` shows";
  if (!text.empty() && text.front() == '-' && text.size() > 1 &&
      text.find_first_not_of("0123456789", 1) == std::string::npos) {
    throw UsageError(std::string(what) + " " + text + " is negative; seqNumbers are 0 or more",
                     hint);
  }
  if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos) {
    throw UsageError(std::string(what) + " " + quoted(text) + " is not a seqNumber", hint);
  }
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) {
    throw UsageError(
        std::string(what) + " " + text + " is out of range 0.." + std::to_string(INT64_MAX), hint);
  }
  return value;
}

std::vector<std::int64_t> parseSeqNumbers(const std::vector<std::string> &texts, const char *what) {
  std::vector<std::int64_t> out;
  std::set<std::int64_t> seen;
  for (const std::string &text : texts) {
    std::int64_t value = parseSeqNumber(text, what);
    if (!seen.insert(value).second) {
      throw UsageError(std::string(what) + " " + std::to_string(value) + " is given twice",
                       "name each notification once");
    }
    out.push_back(value);
  }
  return out;
}

} // namespace esimctl
