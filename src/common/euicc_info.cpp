#include "esim/euicc_info.hpp"

#include <array>

namespace esim {

bool BitString::test(unsigned n) const noexcept {
  std::size_t byte = n / 8;
  if (byte >= bytes.size()) return false;
  if (byte + 1 == bytes.size() && (n % 8) >= 8u - unusedBits) return false;
  return (bytes[byte] >> (7 - n % 8)) & 1;
}

std::string versionText(ByteView version) {
  if (version.size() != 3) return {};
  return std::to_string(version[0]) + "." + std::to_string(version[1]) + "." +
         std::to_string(version[2]);
}

namespace {
template <std::size_t N>
std::vector<std::string> namesOf(const BitString &bits, const std::array<const char *, N> &names) {
  std::vector<std::string> out;
  for (unsigned i = 0; i < N; ++i) {
    if (bits.test(i)) out.emplace_back(names[i]);
  }
  return out;
}

// Bit names of UICCCapability and RspCapability, SGP.22 ASN.1, in bit order.
constexpr std::array<const char *, 19> kUiccCapabilityBits = {"contactlessSupport",
                                                              "usimSupport",
                                                              "isimSupport",
                                                              "csimSupport",
                                                              "akaMilenage",
                                                              "akaCave",
                                                              "akaTuak128",
                                                              "akaTuak256",
                                                              "rfu1",
                                                              "rfu2",
                                                              "gbaAuthenUsim",
                                                              "gbaAuthenISim",
                                                              "mbmsAuthenUsim",
                                                              "eapClient",
                                                              "javacard",
                                                              "multos",
                                                              "multipleUsimSupport",
                                                              "multipleIsimSupport",
                                                              "multipleCsimSupport"};
constexpr std::array<const char *, 4> kRspCapabilityBits = {"additionalProfile", "crlSupport",
                                                            "rpmSupport", "testProfileSupport"};
} // namespace

std::vector<std::string> uiccCapabilityNames(const BitString &bits) {
  return namesOf(bits, kUiccCapabilityBits);
}

std::vector<std::string> rspCapabilityNames(const BitString &bits) {
  return namesOf(bits, kRspCapabilityBits);
}

} // namespace esim
