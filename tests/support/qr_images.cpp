#include "support/qr_images.hpp"

#include <qrencode.h>
#include <stb_image_write.h>

#include <cmath>
#include <memory>
#include <numbers>
#include <stdexcept>

namespace esim::test {

namespace {

constexpr int kQuietModules = 4;
constexpr std::uint8_t kWhite = 255;

void appendBytes(void *context, void *data, int size) {
  auto *out = static_cast<std::string *>(context);
  out->append(static_cast<const char *>(data), static_cast<std::size_t>(size));
}

std::uint8_t &at(Grey &img, int x, int y) {
  return img.pixels[static_cast<std::size_t>(y) * static_cast<std::size_t>(img.width) +
                    static_cast<std::size_t>(x)];
}

} // namespace

Grey blankImage(int width, int height) {
  return Grey{width, height,
              std::vector<std::uint8_t>(
                  static_cast<std::size_t>(width) * static_cast<std::size_t>(height), kWhite)};
}

Grey qrImage(const std::string &text, int scale) {
  std::unique_ptr<QRcode, void (*)(QRcode *)> code(
      QRcode_encodeString8bit(text.c_str(), 0, QR_ECLEVEL_M), QRcode_free);
  if (!code) throw std::runtime_error("QRcode_encodeString8bit failed for " + text);
  const int modules = code->width + 2 * kQuietModules;
  Grey img = blankImage(modules * scale, modules * scale);
  for (int my = 0; my < code->width; ++my) {
    for (int mx = 0; mx < code->width; ++mx) {
      if ((code->data[my * code->width + mx] & 1) == 0) continue;
      for (int dy = 0; dy < scale; ++dy)
        for (int dx = 0; dx < scale; ++dx)
          at(img, (mx + kQuietModules) * scale + dx, (my + kQuietModules) * scale + dy) = 0;
    }
  }
  return img;
}

Grey sideBySide(const Grey &a, const Grey &b) {
  Grey img = blankImage(a.width + b.width, std::max(a.height, b.height));
  for (int y = 0; y < a.height; ++y)
    for (int x = 0; x < a.width; ++x)
      at(img, x, y) = a.pixels[static_cast<std::size_t>(y * a.width + x)];
  for (int y = 0; y < b.height; ++y)
    for (int x = 0; x < b.width; ++x)
      at(img, a.width + x, y) = b.pixels[static_cast<std::size_t>(y * b.width + x)];
  return img;
}

Grey rotated(const Grey &img, double degrees) {
  const double r = degrees * std::numbers::pi / 180.0;
  const double c = std::cos(r);
  const double s = std::sin(r);
  const int w = static_cast<int>(std::ceil(std::abs(img.width * c) + std::abs(img.height * s)));
  const int h = static_cast<int>(std::ceil(std::abs(img.width * s) + std::abs(img.height * c)));
  Grey out = blankImage(w, h);
  const double cx = img.width / 2.0;
  const double cy = img.height / 2.0;
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      const double dx = x + 0.5 - w / 2.0;
      const double dy = y + 0.5 - h / 2.0;
      // The source pixel that lands here (the inverse rotation).
      const auto sx = static_cast<int>(std::floor(c * dx - s * dy + cx));
      const auto sy = static_cast<int>(std::floor(s * dx + c * dy + cy));
      if (sx >= 0 && sy >= 0 && sx < img.width && sy < img.height)
        at(out, x, y) = img.pixels[static_cast<std::size_t>(sy * img.width + sx)];
    }
  }
  return out;
}

std::string encodePng(const Grey &img) {
  std::string out;
  if (stbi_write_png_to_func(appendBytes, &out, img.width, img.height, 1, img.pixels.data(),
                             img.width) == 0)
    throw std::runtime_error("stbi_write_png_to_func failed");
  return out;
}

std::string encodeJpeg(const Grey &img, int quality) {
  std::string out;
  if (stbi_write_jpg_to_func(appendBytes, &out, img.width, img.height, 1, img.pixels.data(),
                             quality) == 0)
    throw std::runtime_error("stbi_write_jpg_to_func failed");
  return out;
}

} // namespace esim::test
