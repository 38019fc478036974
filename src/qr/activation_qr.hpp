// The activation code in a QR code image (SGP.22 4.1: the QR code holds
// "LPA:" and the activation code), and how to show one without giving its
// MatchingID away.
//
//   esim::qr::QrActivationCode qr = esim::qr::activationCodeFromQrFile("offer.png");
//   std::cerr << "Read " << qr.shown << "\n";            // LPA:1$smdp.example$K2********F4
//   order.smdpAddress = qr.code.smdpAddress;
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "esim/activation_code.hpp"
#include "esim/bytes.hpp"

namespace esim::qr {

// QrActivationCode is what an image held: the parsed code, and its text
// with the MatchingID masked (for the terminal, logs and JSON).
struct QrActivationCode {
  ActivationCode code;
  std::string shown;
};

// maskMatchingId returns |matchingId| with all but its first two and last
// two characters replaced by '*' (all of them when it has 6 or fewer):
// enough to tell two codes apart, too little to use one. Cannot fail.
std::string maskMatchingId(std::string_view matchingId);

// maskedActivationCode returns toString(|code|) with the MatchingID masked
// by maskMatchingId. Throws as toString does.
std::string maskedActivationCode(const ActivationCode &code);

// maskedQrText returns a QR code's |text| fit to show: an activation code
// with its MatchingID masked; for text that does not parse as one, the
// fields after the SM-DP+ address masked if it starts with "LPA:", else at
// most its first 60 characters. Cannot fail but for std::bad_alloc.
std::string maskedQrText(std::string_view text);

// activationCodeFromQrTexts picks the activation code among the |texts| of
// the QR codes in the image |what|. A text is a candidate when it starts
// with "LPA:" (any case) or parses as an activation code. Throws
// Error(Errc::invalidArgument) whose message names |what| when there is no
// QR code, when no text is a candidate (quoting the start of what the codes
// hold), when several are (listing each, masked), or when the one candidate
// is malformed (naming the field, as parseActivationCode does).
QrActivationCode activationCodeFromQrTexts(const std::vector<std::string> &texts,
                                           const std::string &what);

// activationCodeFromQrFile reads the image |path| ("-": standard input) and
// returns its activation code. Throws what readImageFile, qrTextsInImage and
// activationCodeFromQrTexts throw.
QrActivationCode activationCodeFromQrFile(const std::string &path);

} // namespace esim::qr
