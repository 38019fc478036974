// parseActivationCode and toString (SGP.22 4.1). Here, next to the ES9+
// client, because the SM-DP+ address is checked as ES9+ will use it
// (isValidSmdpAddress).
#include "esim/activation_code.hpp"

#include <cstdio>
#include <vector>

#include "esim/error.hpp"
#include "esim/es9p.hpp"

namespace esim {

namespace {

constexpr std::string_view kPrefix = "LPA:";
constexpr char kSeparator = '$';
constexpr std::string_view kFormat1 = "1";
constexpr std::size_t kMinFields = 3; // AC_Format, SM-DP+ address, MatchingID
constexpr std::size_t kMaxFields = 7; // SGP.22 v3 adds fields 6 and 7
constexpr std::size_t kMaxQuoted = 64;

enum Field : std::size_t { kFormat = 0, kAddress, kMatchingId, kOid, kCcFlag };

constexpr const char *kFieldNames[kMaxFields] = {"AC_Format",
                                                 "SM-DP+ address",
                                                 "MatchingID",
                                                 "SM-DP+ OID",
                                                 "CC required flag",
                                                 "CI public key indicator (v3)",
                                                 "delete notification for device change (v3)"};

constexpr char kShellHint[] =
    "copy the whole code; on a command line put it in single quotes ('LPA:1$...'): unquoted "
    "or in double quotes the shell replaces every $word with a variable (usually empty). "
    "esimctl can also read it from standard input (-)";

bool isSpace(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

bool isDigit(char c) noexcept {
  return c >= '0' && c <= '9';
}

bool isMatchingIdChar(char c) noexcept {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || isDigit(c) || c == '-';
}

bool startsWithPrefix(std::string_view text) noexcept {
  if (text.size() < kPrefix.size()) return false;
  for (std::size_t i = 0; i < kPrefix.size(); ++i) {
    char c = text[i];
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c != kPrefix[i]) return false;
  }
  return true;
}

// printableChar returns |c|, or \xNN if it is not printable ASCII.
std::string printableChar(char c) {
  const auto u = static_cast<unsigned char>(c);
  if (u < 0x20 || u >= 0x7F) {
    char hex[8];
    std::snprintf(hex, sizeof(hex), "\\x%02X", u);
    return hex;
  }
  return std::string(1, c);
}

// quoted returns |text| in quotes, cut to kMaxQuoted, with bytes outside
// printable ASCII as \xNN.
std::string quoted(std::string_view text) {
  std::string out = "\"";
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (i == kMaxQuoted) {
      out += "...";
      break;
    }
    out += printableChar(text[i]);
  }
  return out + "\"";
}

// isDottedDecimal: OBJECT IDENTIFIER value notation as SGP.22 writes it
// ("2.999.10"): at least two arcs of digits, the first 0, 1 or 2.
bool isDottedDecimal(std::string_view oid) noexcept {
  if (oid.size() < 3 || oid[0] < '0' || oid[0] > '2' || oid[1] != '.') return false;
  bool arcHasDigit = false;
  for (std::size_t i = 2; i < oid.size(); ++i) {
    if (isDigit(oid[i])) {
      arcHasDigit = true;
    } else if (oid[i] == '.' && arcHasDigit) {
      arcHasDigit = false;
    } else {
      return false;
    }
  }
  return arcHasDigit;
}

struct FieldText {
  std::string_view text;
  std::size_t position; // 1-based, in the caller's input
};

[[noreturn]] void fail(const std::string &what, const char *hint = "") {
  throw Error(Errc::invalidArgument, "activation code: " + what, hint);
}

std::string fieldLabel(std::size_t index, std::size_t position) {
  return "field " + std::to_string(index + 1) + " (" + kFieldNames[index] + ") at position " +
         std::to_string(position);
}

} // namespace

ActivationCode parseActivationCode(std::string_view input) {
  std::size_t begin = 0;
  std::size_t end = input.size();
  while (begin < end && isSpace(input[begin]))
    ++begin;
  while (end > begin && isSpace(input[end - 1]))
    --end;
  std::string_view text = input.substr(begin, end - begin);
  std::size_t offset = begin;
  if (startsWithPrefix(text)) {
    text.remove_prefix(kPrefix.size());
    offset += kPrefix.size();
  }
  if (text.empty()) {
    fail("it is empty (expected LPA:1$SM-DP+ address$MatchingID)", kShellHint);
  }
  if (text.find(kSeparator) == std::string_view::npos) {
    fail("no \"$\" between fields (expected LPA:1$SM-DP+ address$MatchingID)", kShellHint);
  }

  std::vector<FieldText> fields;
  std::size_t start = 0;
  while (true) {
    const std::size_t dollar = text.find(kSeparator, start);
    const std::size_t length =
        dollar == std::string_view::npos ? std::string_view::npos : dollar - start;
    fields.push_back({text.substr(start, length), offset + start + 1});
    if (dollar == std::string_view::npos) break;
    start = dollar + 1;
  }
  if (fields.size() > kMaxFields) {
    fail("it has " + std::to_string(fields.size()) + " fields, at most " +
         std::to_string(kMaxFields) + " are defined (field 8 is at position " +
         std::to_string(fields[kMaxFields].position) + ")");
  }

  const FieldText &format = fields[kFormat];
  if (format.text != kFormat1) {
    fail(fieldLabel(kFormat, format.position) + " is " + quoted(format.text) +
             ": only format 1 is defined",
         kShellHint);
  }
  if (fields.size() < kMinFields) {
    const FieldText &last = fields.back();
    fail("field 3 (MatchingID) is missing at position " +
             std::to_string(last.position + last.text.size()) +
             ": an activation code has at least 3 fields (LPA:1$SM-DP+ address$MatchingID; the "
             "MatchingID may be empty)",
         kShellHint);
  }

  ActivationCode code;
  const FieldText &address = fields[kAddress];
  if (address.text.empty()) {
    fail(fieldLabel(kAddress, address.position) + " is empty", kShellHint);
  }
  code.smdpAddress = std::string(address.text);
  if (!isValidSmdpAddress(code.smdpAddress)) {
    fail(fieldLabel(kAddress, address.position) + ", " + quoted(address.text) +
         ", is not a host name with an optional :PORT");
  }

  const FieldText &matchingId = fields[kMatchingId];
  for (std::size_t i = 0; i < matchingId.text.size(); ++i) {
    if (!isMatchingIdChar(matchingId.text[i])) {
      fail(fieldLabel(kMatchingId, matchingId.position) + " has the character '" +
               printableChar(matchingId.text[i]) + "' at position " +
               std::to_string(matchingId.position + i) + ": only A-Z, a-z, 0-9 and - are allowed",
           kShellHint);
    }
  }
  code.matchingId = SecretString(matchingId.text);

  if (fields.size() > kOid) {
    const FieldText &oid = fields[kOid];
    if (!oid.text.empty() && !isDottedDecimal(oid.text)) {
      fail(fieldLabel(kOid, oid.position) + ", " + quoted(oid.text) +
           ", is not an OID in dotted decimal (such as 2.999.10)");
    }
    code.smdpOid = std::string(oid.text);
  }
  if (fields.size() > kCcFlag) {
    const FieldText &flag = fields[kCcFlag];
    if (flag.text == "1") {
      code.confirmationCodeRequired = true;
    } else if (!flag.text.empty() && flag.text != "0") {
      fail(fieldLabel(kCcFlag, flag.position) + " is " + quoted(flag.text) +
           ": it is 1 (a confirmation code is required), 0 or empty");
    }
  }
  // Fields 6 and 7 (SGP.22 v3) mean nothing to a v2 LPA: ignored.
  return code;
}

std::string toString(const ActivationCode &code) {
  std::string text = std::string(kPrefix) + std::string(kFormat1) + kSeparator + code.smdpAddress +
                     kSeparator + std::string(code.matchingId.view());
  if (!code.smdpOid.empty() || code.confirmationCodeRequired) {
    text += kSeparator + code.smdpOid;
  }
  if (code.confirmationCodeRequired) {
    text += "$1";
  }
  try {
    if (parseActivationCode(text) == code) {
      return text;
    }
  } catch (const Error &) {
    // reported below, without the text (it holds the MatchingID)
  }
  wipe(text);
  std::string why;
  if (!isValidSmdpAddress(code.smdpAddress)) {
    why = "the SM-DP+ address " + quoted(code.smdpAddress) + " is not a host name";
  } else if (!code.smdpOid.empty() && !isDottedDecimal(code.smdpOid)) {
    why = "the SM-DP+ OID " + quoted(code.smdpOid) + " is not in dotted decimal";
  } else {
    why = "the MatchingID has characters other than A-Z, a-z, 0-9 and -";
  }
  throw Error(Errc::invalidArgument, "activation code: cannot be written: " + why);
}

} // namespace esim
