// QR code images: the texts of the QR codes in a PNG or JPEG image, for
// `esimctl profile download --qr`. The types here are the project's own:
// neither zxing nor stb shows through, so callers need neither's headers.
//
//   esim::Bytes image = esim::qr::readImageFile("offer.png"); // or "-": stdin
//   std::vector<std::string> texts = esim::qr::qrTextsInImage(image, "offer.png");
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "esim/bytes.hpp"

namespace esim::qr {

// kMaxImageFileBytes bounds what readImageFile reads: a screenshot or a
// photo of a QR code is a few MB; more is not an image of one.
inline constexpr std::size_t kMaxImageFileBytes = 32U * 1024U * 1024U;
// kMaxImagePixels bounds the decoded image (width x height), checked from
// the header before any pixel is decoded: a small PNG can claim 65535 x
// 65535 pixels and make the decoder allocate gigabytes. 50 megapixels is
// above any phone camera's photo.
inline constexpr std::uint64_t kMaxImagePixels = 50'000'000;

// readImageFile returns the bytes of |path|, or of standard input for "-".
// Throws Error(Errc::ioError) naming |path| when it cannot be opened or
// read, and Error(Errc::invalidArgument) when it is empty or larger than
// kMaxImageFileBytes.
Bytes readImageFile(const std::string &path);

// qrTextsInImage decodes |image| (PNG or JPEG; whatever stb_image reads) and
// returns the text of every QR code zxing finds in it, upright, rotated or
// scaled, each text once, in the order found (an empty vector: none).
// |what| names the image in messages. Throws Error(Errc::invalidArgument)
// when |image| is not an image the decoder reads (another format, a
// truncated file) or has more than |maxPixels| pixels (checked before it is
// decoded).
std::vector<std::string> qrTextsInImage(ByteView image, const std::string &what,
                                        std::uint64_t maxPixels = kMaxImagePixels);

} // namespace esim::qr
