// QR code images made by the tests themselves: libqrencode draws the code,
// the pixels are scaled, rotated and placed here, stb_image_write encodes
// them as PNG or JPEG. So the --qr tests need no image files in the tree
// and can make every case (two codes, a tilted photo, a blank page).
//
//   Grey img = qrImage("LPA:1$smdp.example$ID-1", 6);  // 6 pixels a module
//   std::string png = encodePng(rotated(img, 90));
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace esim::test {

// Grey is an 8-bit grey image, rows top to bottom; 255 is white.
struct Grey {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> pixels;
};

// blankImage returns a white |width| x |height| image.
Grey blankImage(int width, int height);
// qrImage draws |text| as a QR code (byte mode, level M) with |scale|
// pixels a module and a quiet zone of 4 modules. Throws std::runtime_error
// if libqrencode fails.
Grey qrImage(const std::string &text, int scale);
// sideBySide places |a| and |b| next to each other on white.
Grey sideBySide(const Grey &a, const Grey &b);
// rotated turns |img| by |degrees| counter-clockwise about its centre onto a
// white canvas large enough to hold it (nearest neighbour, as a camera's
// pixels would be).
Grey rotated(const Grey &img, double degrees);
// encodePng and encodeJpeg return the image's file bytes. Throw
// std::runtime_error if stb_image_write fails.
std::string encodePng(const Grey &img);
std::string encodeJpeg(const Grey &img, int quality = 90);

} // namespace esim::test
