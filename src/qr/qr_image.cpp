// Image loading with stb_image (Debian libstb-dev) and QR decoding with
// zxing-cpp (libzxing-dev). stb_image rather than libpng + libjpeg: one
// well-kept, widely fuzzed decoder for both formats, read from memory, with
// stbi_info to read the dimensions before anything is decoded (the pixel
// limit), and one library less for packagers. Debian builds it once into
// libstb.a, so no STB_IMAGE_IMPLEMENTATION here.
#include "qr_image.hpp"

#define ZX_USE_UTF8 1
#include <ZXing/ReadBarcode.h>
#include <stb_image.h>

#include <algorithm>
#include <climits>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>

#include "esim/error.hpp"

namespace esim::qr {

namespace {

Bytes readAll(std::istream &in, const std::string &path) {
  Bytes out;
  char buf[65536];
  while (in) {
    in.read(buf, sizeof buf);
    const auto got = static_cast<std::size_t>(in.gcount());
    if (out.size() + got > kMaxImageFileBytes) {
      throw Error(Errc::invalidArgument,
                  "--qr " + path + ": larger than " +
                      std::to_string(kMaxImageFileBytes / (1024U * 1024U)) +
                      " MB, not an image of a QR code",
                  "crop the image to the QR code, or save it as PNG");
    }
    out.insert(out.end(), buf, buf + got);
  }
  if (in.bad()) {
    throw Error(Errc::ioError, "--qr " + path + ": cannot be read",
                "check the path and its permissions");
  }
  return out;
}

struct StbiFree {
  void operator()(unsigned char *p) const noexcept { stbi_image_free(p); }
};

std::string failureReason() {
  const char *reason = stbi_failure_reason();
  return reason != nullptr ? reason : "unknown";
}

} // namespace

Bytes readImageFile(const std::string &path) {
  Bytes bytes;
  if (path == "-") {
    bytes = readAll(std::cin, "-");
  } else {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      throw Error(Errc::ioError, "--qr " + path + ": cannot be opened",
                  "check the path and its permissions");
    }
    bytes = readAll(in, path);
  }
  if (bytes.empty()) {
    throw Error(Errc::invalidArgument, "--qr " + path + ": the file is empty",
                "give the PNG or JPEG image that shows the QR code");
  }
  return bytes;
}

std::vector<std::string> qrTextsInImage(ByteView image, const std::string &what,
                                        std::uint64_t maxPixels) {
  const char *hint = "give a PNG or JPEG image (a screenshot of the QR code will do)";
  if (image.size() > static_cast<std::size_t>(INT_MAX)) {
    throw Error(Errc::invalidArgument, "--qr " + what + ": too large", hint);
  }
  const int size = static_cast<int>(image.size());
  int width = 0;
  int height = 0;
  int channels = 0;
  if (stbi_info_from_memory(image.data(), size, &width, &height, &channels) == 0) {
    throw Error(Errc::invalidArgument,
                "--qr " + what + ": not an image esimctl can read (" + failureReason() + ")", hint);
  }
  const auto pixels = static_cast<std::uint64_t>(width) * static_cast<std::uint64_t>(height);
  if (pixels > maxPixels) {
    throw Error(Errc::invalidArgument,
                "--qr " + what + ": the image is " + std::to_string(width) + " x " +
                    std::to_string(height) + " pixels, more than the " +
                    std::to_string(maxPixels / 1'000'000) + " megapixels esimctl decodes",
                "crop or scale the image down to the QR code");
  }
  // Grey is all a QR decoder needs, and a quarter of RGBA's memory.
  std::unique_ptr<unsigned char, StbiFree> grey(
      stbi_load_from_memory(image.data(), size, &width, &height, &channels, 1));
  if (!grey) {
    throw Error(Errc::invalidArgument,
                "--qr " + what + ": the image does not decode (" + failureReason() + ")",
                "the file may be truncated or damaged: save or download it again");
  }
  ZXing::DecodeHints hints;
  hints.setFormats(ZXing::BarcodeFormat::QRCode);
  hints.setTryHarder(true);
  hints.setTryRotate(true);
  hints.setTryDownscale(true);
  const ZXing::ImageView view(grey.get(), width, height, ZXing::ImageFormat::Lum);
  std::vector<std::string> texts;
  for (const ZXing::Result &r : ZXing::ReadBarcodes(view, hints)) {
    if (!r.isValid()) continue;
    std::string text = r.text();
    if (std::find(texts.begin(), texts.end(), text) == texts.end())
      texts.push_back(std::move(text));
  }
  return texts;
}

} // namespace esim::qr
