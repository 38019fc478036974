// Realistic inputs for the benchmarks: a full eUICC's profile list and signed
// notifications of the sizes a real card produces.
#pragma once

#include <cstddef>
#include <vector>

#include "esim/bytes.hpp"
#include "esim/notification.hpp"
#include "esim/profile.hpp"

namespace esim::bench {

// kBenchProfileCount is how many profiles the large profile list holds (a
// full consumer eUICC holds about 8-16 operational profiles).
inline constexpr std::size_t kBenchProfileCount = 16;
// kMaxIconBytes is SGP.22's limit for a profile icon (ProfileInfo.icon).
inline constexpr std::size_t kMaxIconBytes = 1024;

// benchProfiles returns |count| profiles with every ProfileInfo field set:
// 19-20 digit ICCIDs, nicknames, provider and profile names (UTF-8), a PNG
// icon per profile between 512 and kMaxIconBytes bytes, four notification
// addresses, owner with GIDs, dpOid and policy rules. The first is enabled.
std::vector<ProfileInfo> benchProfiles(std::size_t count = kBenchProfileCount);

// benchNotification returns the DER of one OtherSignedNotification (as in a
// RetrieveNotificationsList answer) for |seqNumber|: real metadata, a 64-byte
// raw signature and two certificate-sized DER SEQUENCEs (about 530 and 580
// bytes, as SGP.26's eUICC and EUM certificates). The certificates are not
// real X.509: the codec carries them as opaque DER, so only size and framing
// matter here.
Bytes benchNotification(std::int64_t seqNumber);

} // namespace esim::bench
