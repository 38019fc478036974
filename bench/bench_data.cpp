#include "bench_data.hpp"

#include <string>

#include "codec/es10_codec.hpp"

namespace esim::bench {

namespace {

constexpr std::size_t kMinIconBytes = 512;
constexpr std::size_t kSignatureBytes = 64; // raw r||s, P-256
constexpr std::size_t kEuiccCertificateBytes = 530;
constexpr std::size_t kEumCertificateBytes = 580;
constexpr std::uint8_t kSequenceTag = 0x30;
constexpr std::uint8_t kOctetStringTag = 0x04;
constexpr std::uint8_t kLongLength2 = 0x82; // two length bytes follow

// pngIcon returns |size| bytes that start with the PNG signature; the codec
// does not look inside, but a realistic header keeps the data honest.
Bytes pngIcon(std::size_t size, std::uint8_t seed) {
  static constexpr std::uint8_t kPngSignature[] = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
  Bytes icon(size);
  for (std::size_t i = 0; i < size; ++i)
    icon[i] = static_cast<std::uint8_t>(seed + i * 31);
  for (std::size_t i = 0; i < sizeof(kPngSignature) && i < size; ++i)
    icon[i] = kPngSignature[i];
  return icon;
}

// derBlob returns a SEQUENCE { OCTET STRING } of exactly |total| bytes
// (total >= 8 and < 64 KiB): an opaque stand-in for a certificate.
Bytes derBlob(std::size_t total, std::uint8_t fill) {
  const std::size_t innerContent = total - 8; // 30 82 LL LL 04 82 LL LL
  const std::size_t outerContent = innerContent + 4;
  Bytes der{kSequenceTag,
            kLongLength2,
            static_cast<std::uint8_t>(outerContent >> 8),
            static_cast<std::uint8_t>(outerContent & 0xFF),
            kOctetStringTag,
            kLongLength2,
            static_cast<std::uint8_t>(innerContent >> 8),
            static_cast<std::uint8_t>(innerContent & 0xFF)};
  der.resize(total, fill);
  return der;
}

std::string iccidFor(std::size_t i) {
  std::string digits = std::to_string(i);
  // 19 digits for even entries, 20 for odd ones: both lengths occur in the field.
  const std::size_t length = (i % 2 == 0) ? 19 : 20;
  return "8944" + std::string(length - 4 - digits.size(), '0') + digits;
}

} // namespace

std::vector<ProfileInfo> benchProfiles(std::size_t count) {
  std::vector<ProfileInfo> profiles;
  profiles.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    ProfileInfo p;
    p.iccid = iccidFor(i);
    p.isdpAid =
        fromHex("A0000005591010FFFFFFFF89000010" + toHex(Bytes{static_cast<std::uint8_t>(i)}));
    p.profileState = i == 0 ? ProfileState::enabled : ProfileState::disabled;
    p.profileNickname = "Profile nickname number " + std::to_string(i) + " (work phone)";
    p.serviceProviderName = "Operator " + std::to_string(i) + " モバイル";
    p.profileName = "Unlimited data plan, 30 days, EU roaming " + std::to_string(i);
    p.iconType = IconType::png;
    const std::size_t iconSize =
        kMinIconBytes + (kMaxIconBytes - kMinIconBytes) * i / (count > 1 ? count - 1 : 1);
    p.icon = pngIcon(iconSize, static_cast<std::uint8_t>(i));
    p.profileClass = ProfileClass::operational;
    for (NotificationEvent e :
         {NotificationEvent::notificationInstall, NotificationEvent::notificationEnable,
          NotificationEvent::notificationDisable, NotificationEvent::notificationDelete}) {
      p.notificationConfigurationInfo.push_back(
          {e, "smdp" + std::to_string(i) + ".operator.example"});
    }
    p.profileOwner = OperatorId{fromHex("44F001"), fromHex("01"), fromHex("02")};
    p.dpOid = "1.3.6.1.4.1.32473." + std::to_string(i + 1);
    p.profilePolicyRules = PprIds{false, i == 0, false};
    profiles.push_back(std::move(p));
  }
  return profiles;
}

Bytes benchNotification(std::int64_t seqNumber) {
  NotificationMetadata metadata;
  metadata.seqNumber = seqNumber;
  metadata.profileManagementOperation = seqNumber % 2 == 0 ? NotificationEvent::notificationDisable
                                                           : NotificationEvent::notificationEnable;
  metadata.notificationAddress = "smdp.travel.example";
  metadata.iccid = "8981100000000000002";
  const Bytes tbs = codec::encodeNotificationMetadata(metadata);
  const Bytes signature(kSignatureBytes, 0x5A);
  return codec::encodeOtherSignedNotification(tbs, signature, derBlob(kEuiccCertificateBytes, 0x11),
                                              derBlob(kEumCertificateBytes, 0x22));
}

} // namespace esim::bench
