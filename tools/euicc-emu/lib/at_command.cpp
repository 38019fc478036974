// Parsing of AT command lines for the emulated modem.
#include "euicc_emu/at_command.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>
#include <vector>

namespace euicc_emu {
namespace {

constexpr std::string_view kPrefix = "AT";
constexpr std::string_view kCcho = "+CCHO=";
constexpr std::string_view kCchc = "+CCHC=";
constexpr std::string_view kCgla = "+CGLA=";
constexpr std::string_view kCsim = "+CSIM=";
constexpr std::size_t kHexDigitsPerByte = 2;
constexpr int kHexBase = 16;

AtCommand failure(AtCommandKind kind, std::string problem) {
  AtCommand c;
  c.kind = kind;
  c.problem = std::move(problem);
  return c;
}

AtCommand badParameter(std::string problem) {
  return failure(AtCommandKind::badParameter, std::move(problem));
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
    text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
    text.remove_suffix(1);
  return text;
}

std::string upper(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::toupper(ch)); });
  return out;
}

// splitParameters splits at commas outside double quotes, removes the quotes
// and trims spaces around each parameter (no parameter of ours may contain
// one). Empty optional: an unterminated quote.
std::optional<std::vector<std::string>> splitParameters(std::string_view text) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (char ch : text) {
    if (ch == '"') {
      quoted = !quoted;
    } else if (ch == ',' && !quoted) {
      out.emplace_back();
    } else {
      out.back() += ch;
    }
  }
  if (quoted) return std::nullopt;
  for (std::string &parameter : out)
    parameter = std::string(trim(parameter));
  return out;
}

std::optional<std::uint32_t> parseNumber(std::string_view text) {
  std::uint32_t value = 0;
  const char *end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

// parseHex decodes |text| strictly (no separators), naming |what| on failure.
std::optional<esim::Bytes> parseHex(std::string_view text, std::string &problem,
                                    std::string_view what) {
  if (text.size() % kHexDigitsPerByte != 0) {
    problem = std::string(what) + " has an odd number of hex digits (" +
              std::to_string(text.size()) + ")";
    return std::nullopt;
  }
  esim::Bytes out;
  out.reserve(text.size() / kHexDigitsPerByte);
  for (std::size_t i = 0; i < text.size(); i += kHexDigitsPerByte) {
    unsigned value = 0;
    auto [ptr, ec] =
        std::from_chars(text.data() + i, text.data() + i + kHexDigitsPerByte, value, kHexBase);
    if (ec != std::errc() || ptr != text.data() + i + kHexDigitsPerByte) {
      problem = std::string(what) + " is not hex at character " + std::to_string(i + 1);
      return std::nullopt;
    }
    out.push_back(static_cast<std::uint8_t>(value));
  }
  return out;
}

// parseApduParameters handles "<length>,<hex>" of CSIM and the tail of CGLA.
AtCommand parseApdu(AtCommandKind kind, const std::string &lengthText, const std::string &hex) {
  std::optional<std::uint32_t> length = parseNumber(lengthText);
  if (!length) return badParameter("length \"" + lengthText + "\" is not a number");
  if (*length != hex.size())
    return badParameter("length " + std::to_string(*length) + " does not match the " +
                        std::to_string(hex.size()) + " hex characters of the command");
  AtCommand c;
  std::optional<esim::Bytes> apdu = parseHex(hex, c.problem, "the command");
  if (!apdu) return badParameter(c.problem);
  if (apdu->empty()) return badParameter("the command is empty");
  c.kind = kind;
  c.data = std::move(*apdu);
  return c;
}

AtCommand parseExtended(const std::string &name, std::string_view rest) {
  std::optional<std::vector<std::string>> params = splitParameters(rest);
  if (!params)
    return badParameter("unterminated quote in the parameters of AT" +
                        name.substr(0, name.size() - 1));
  const std::size_t count = params->size();
  const std::string shown = name.substr(0, name.size() - 1); // without '='
  auto wrongCount = [&](std::size_t wanted) {
    return badParameter("AT" + shown + " takes " + std::to_string(wanted) + " parameter(s), got " +
                        std::to_string(count));
  };
  if (name == kCcho) {
    if (count != 1) return wrongCount(1);
    AtCommand c;
    std::optional<esim::Bytes> aid = parseHex((*params)[0], c.problem, "the AID");
    if (!aid) return badParameter(c.problem);
    if (aid->empty()) return badParameter("the AID is empty");
    c.kind = AtCommandKind::openChannel;
    c.data = std::move(*aid);
    return c;
  }
  if (name == kCchc) {
    if (count != 1) return wrongCount(1);
    std::optional<std::uint32_t> session = parseNumber((*params)[0]);
    if (!session) return badParameter("session id \"" + (*params)[0] + "\" is not a number");
    AtCommand c;
    c.kind = AtCommandKind::closeChannel;
    c.session = *session;
    return c;
  }
  if (name == kCgla) {
    constexpr std::size_t kCglaParameters = 3;
    if (count != kCglaParameters) return wrongCount(kCglaParameters);
    std::optional<std::uint32_t> session = parseNumber((*params)[0]);
    if (!session) return badParameter("session id \"" + (*params)[0] + "\" is not a number");
    AtCommand c = parseApdu(AtCommandKind::cgla, (*params)[1], (*params)[2]);
    c.session = *session;
    return c;
  }
  constexpr std::size_t kCsimParameters = 2;
  if (count != kCsimParameters) return wrongCount(kCsimParameters);
  return parseApdu(AtCommandKind::csim, (*params)[0], (*params)[1]);
}

} // namespace

AtCommand parseAtCommand(std::string_view line) {
  line = trim(line);
  if (line.size() > kMaxAtLineLength)
    return failure(AtCommandKind::syntaxError,
                   "line longer than " + std::to_string(kMaxAtLineLength) + " characters");
  if (line.size() < kPrefix.size() || upper(line.substr(0, kPrefix.size())) != kPrefix)
    return failure(AtCommandKind::syntaxError, "not an AT command");
  std::string_view body = line.substr(kPrefix.size());
  const std::string head = upper(body);
  AtCommand c;
  if (head.empty()) {
    c.kind = AtCommandKind::attention;
    return c;
  }
  if (head == "E0") {
    c.kind = AtCommandKind::echoOff;
    return c;
  }
  if (head == "E" || head == "E1") {
    c.kind = AtCommandKind::echoOn;
    return c;
  }
  for (std::string_view name : {kCcho, kCchc, kCgla, kCsim}) {
    if (head.compare(0, name.size(), name) == 0)
      return parseExtended(std::string(name), body.substr(name.size()));
  }
  return failure(AtCommandKind::syntaxError, "unknown command AT" + std::string(body));
}

} // namespace euicc_emu
