#include "activation_qr.hpp"

#include <algorithm>
#include <cctype>

#include "esim/error.hpp"
#include "esim/secret_string.hpp"
#include "qr_image.hpp"

namespace esim::qr {

namespace {

constexpr std::size_t kShownPlainChars = 60;
constexpr std::size_t kKeptEachEnd = 2;
constexpr std::size_t kFullyMaskedUpTo = 6;

bool hasLpaPrefix(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())) != 0)
    text.remove_prefix(1);
  constexpr std::string_view kPrefix = "lpa:";
  if (text.size() < kPrefix.size()) return false;
  for (std::size_t i = 0; i < kPrefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != kPrefix[i]) return false;
  }
  return true;
}

bool parses(std::string_view text) {
  try {
    (void)parseActivationCode(text);
    return true;
  } catch (const Error &) {
    return false;
  }
}

std::string listOf(const std::vector<std::string> &texts) {
  std::string out;
  for (const std::string &t : texts)
    out += "\n  " + maskedQrText(t);
  return out;
}

} // namespace

std::string maskMatchingId(std::string_view matchingId) {
  std::string out(matchingId.size(), '*');
  if (matchingId.size() > kFullyMaskedUpTo) {
    for (std::size_t i = 0; i < kKeptEachEnd; ++i) {
      out[i] = matchingId[i];
      out[out.size() - 1 - i] = matchingId[matchingId.size() - 1 - i];
    }
  }
  return out;
}

std::string maskedActivationCode(const ActivationCode &code) {
  // '*' is not a MatchingID character, so toString's round trip would
  // refuse it: mask the text instead.
  ActivationCode placeholder = code;
  placeholder.matchingId = SecretString(std::string(code.matchingId.size(), 'X'));
  std::string text = toString(placeholder);
  const std::size_t start = text.find('$', text.find('$') + 1) + 1;
  text.replace(start, code.matchingId.size(), maskMatchingId(code.matchingId.view()));
  return text;
}

std::string maskedQrText(std::string_view text) {
  try {
    ActivationCode code = parseActivationCode(text);
    return maskedActivationCode(code);
  } catch (const Error &) {
  }
  if (hasLpaPrefix(text)) {
    const std::size_t first = text.find('$');
    const std::size_t second = first == std::string_view::npos ? first : text.find('$', first + 1);
    if (second == std::string_view::npos) return std::string(text.substr(0, kShownPlainChars));
    return std::string(text.substr(0, std::min(second + 1, kShownPlainChars))) + "***";
  }
  std::string out(text.substr(0, kShownPlainChars));
  if (text.size() > kShownPlainChars) out += "...";
  return out;
}

QrActivationCode activationCodeFromQrTexts(const std::vector<std::string> &texts,
                                           const std::string &what) {
  if (texts.empty()) {
    throw Error(Errc::invalidArgument, "--qr " + what + ": no QR code found in the image",
                "use an image where the whole QR code is sharp and takes a good part of it "
                "(crop a screenshot to it), or type the activation code (LPA:1$...) instead");
  }
  std::vector<std::string> candidates;
  for (const std::string &t : texts) {
    if (hasLpaPrefix(t) || parses(t)) candidates.push_back(t);
  }
  if (candidates.empty()) {
    throw Error(Errc::invalidArgument,
                "--qr " + what + ": " +
                    (texts.size() == 1 ? std::string("the QR code is not an activation code; it "
                                                     "holds:")
                                       : "none of the " + std::to_string(texts.size()) +
                                             " QR codes is an activation code; they hold:") +
                    listOf(texts),
                "an eSIM activation code starts with LPA:1$; use the QR code your operator "
                "sent for the eSIM");
  }
  if (candidates.size() > 1) {
    throw Error(Errc::invalidArgument,
                "--qr " + what + ": the image holds " + std::to_string(candidates.size()) +
                    " activation codes:" + listOf(candidates),
                "crop the image to the one you want, or type that activation code instead");
  }
  QrActivationCode out;
  try {
    out.code = parseActivationCode(candidates.front());
  } catch (const Error &e) {
    throw Error(Errc::invalidArgument,
                "--qr " + what + ": the QR code's activation code is malformed: " + e.what(),
                e.hint().empty() ? "ask the operator for a new QR code" : e.hint());
  }
  out.shown = maskedActivationCode(out.code);
  return out;
}

QrActivationCode activationCodeFromQrFile(const std::string &path) {
  Bytes image = readImageFile(path);
  std::vector<std::string> texts = qrTextsInImage(image, path);
  QrActivationCode code = activationCodeFromQrTexts(texts, path);
  for (std::string &t : texts)
    wipe(t);
  return code;
}

} // namespace esim::qr
