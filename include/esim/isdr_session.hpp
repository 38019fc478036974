// IsdrSession: ES10 requests to the ISD-R over a logical channel.
//
//   auto card = esim::PcscTransport::open({});   // first reader with an eUICC
//   esim::IsdrSession session(*card);            // MANAGE CHANNEL + SELECT ISD-R
//                                                // (or takes the channel open()'s probe left)
//   esim::Bytes answer = session.exchange(der);  // STORE DATA blocks + GET RESPONSE
//   // ~IsdrSession closes the channel, also when exchange() threw.
//
// This is the only place that splits requests into STORE DATA blocks (SGP.22
// clause 5.7.2, GlobalPlatform Amendment / Card Spec 11.11) and collects
// 61xx answers with GET RESPONSE (ISO/IEC 7816-4 clause 7.6.1).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "esim/bytes.hpp"
#include "esim/transport.hpp"

namespace esim {

// kIsdrAid is the standard ISD-R AID (SGP.02 / SGP.22).
extern const Bytes kIsdrAid;
// kKnownIsdrAids lists the AIDs tried in order when the caller does not fix
// one: the standard AID, then AIDs of removable eUICCs that answer only on
// their own (5ber: A0000005591010FFFFFFFF8900050500).
extern const std::vector<Bytes> kKnownIsdrAids;

// IsdrSessionOptions configures an IsdrSession.
struct IsdrSessionOptions {
  // aids are tried in order until SELECT succeeds; on 6A82 the next one is
  // tried. Default: kKnownIsdrAids.
  std::vector<Bytes> aids = kKnownIsdrAids;
  // maxSegmentSize is the largest STORE DATA data field, 1..255. Some older
  // cards need smaller blocks (lpac uses 120).
  std::size_t maxSegmentSize = 255;
};

// IsdrSession owns one logical channel with the ISD-R selected.
class IsdrSession {
public:
  // IsdrSession opens a logical channel and selects the ISD-R. Throws
  // Error(Errc::isdrNotFound) if no AID in options.aids answers (the hint
  // suggests --aid), Error(Errc::invalidArgument) for a bad maxSegmentSize,
  // or the transport's errors.
  explicit IsdrSession(ApduTransport &transport, IsdrSessionOptions options = {});
  // ~IsdrSession closes the logical channel; never throws.
  ~IsdrSession();
  IsdrSession(const IsdrSession &) = delete;
  IsdrSession &operator=(const IsdrSession &) = delete;

  // exchange sends one ES10 request (complete DER) and returns the complete
  // DER answer. The whole exchange runs in one transport transaction. Throws
  // Error(Errc::statusWord) naming the block and status word when the card
  // answers anything but 9000/61xx, Error(Errc::invalidArgument) for an empty
  // request, or the transport's errors.
  Bytes exchange(ByteView request);

  // channel returns the logical channel number in use.
  std::uint8_t channel() const noexcept { return channel_.number; }
  // aid returns the ISD-R AID that answered SELECT.
  const Bytes &aid() const noexcept { return aid_; }
  // selectResponse returns the FCI the ISD-R returned to SELECT.
  const Bytes &selectResponse() const noexcept { return channel_.selectResponse; }
  // transport returns the transport this session talks through.
  ApduTransport &transport() noexcept { return transport_; }

private:
  ApduTransport &transport_;
  IsdrSessionOptions options_;
  LogicalChannel channel_;
  Bytes aid_;
};

} // namespace esim
