// IsdrSession: the ISD-R logical channel, STORE DATA segmentation and the
// collection of 61xx answers. This file is the only place in the library that
// knows how an ES10 request is framed into APDUs.
#include "esim/isdr_session.hpp"

#include <string>
#include <utility>

#include "esim/apdu.hpp"
#include "esim/error.hpp"

namespace esim {

// The header declares these as vectors (objects with static storage); only an
// out-of-memory at program start could make their initialization throw.
// Both are defined in this one file, kIsdrAid first, so kKnownIsdrAids can
// copy it.

// SGP.22 standard ISD-R AID.
// NOLINTNEXTLINE(cert-err58-cpp)
const Bytes kIsdrAid = {0xA0, 0x00, 0x00, 0x05, 0x59, 0x10, 0x10, 0xFF,
                        0xFF, 0xFF, 0xFF, 0x89, 0x00, 0x00, 0x01, 0x00};

// The standard AID first, then the AID of 5ber removable eUICCs, which do not
// answer on the standard one.
// NOLINTNEXTLINE(cert-err58-cpp)
const std::vector<Bytes> kKnownIsdrAids = {
    kIsdrAid,
    {0xA0, 0x00, 0x00, 0x05, 0x59, 0x10, 0x10, 0xFF, 0xFF, 0xFF, 0xFF, 0x89, 0x00, 0x05, 0x05,
     0x00},
};

namespace {

// A STORE DATA sequence numbers its blocks with the one-byte P2, so a request
// can have at most 256 blocks.
constexpr std::size_t kMaxBlocks = 256;

// Bounds on collecting one answer. The largest ES10 answers (GetProfilesInfo
// with icons of up to 1024 bytes each) stay far below 64 KiB; a card that keeps
// answering 61xx beyond that is broken or hostile and must not keep us looping.
constexpr std::size_t kMaxResponseBytes = std::size_t{64} * 1024;
constexpr int kMaxGetResponseRounds = 300;

// GET RESPONSE's Le: SW2 of 61xx, where 00 means 256 bytes (ISO/IEC 7816-4).
std::uint16_t leFromSw2(std::uint8_t sw2) {
  return sw2 == 0 ? std::uint16_t{256} : std::uint16_t{sw2};
}

// hintForStatusWord suggests what the user can do about a status word the
// ISD-R gave to STORE DATA or GET RESPONSE.
std::string hintForStatusWord(std::uint16_t sw) {
  switch (sw) {
  case sw::kWrongLength:
  case sw::kWrongData:
    return "the card rejected the request; if it needs smaller STORE DATA blocks, try a "
           "segment size of 120 (esimctl --mss 120)";
  case sw::kInsNotSupported:
  case sw::kClaNotSupported:
    return "the selected application does not accept STORE DATA: check the ISD-R AID (--aid)";
  case sw::kChannelNotSupported:
    return "the card lost the logical channel (was it reset?); retry the command";
  case sw::kConditionsNotSatisfied:
    return "the eUICC is not in a state to accept this request; retry, or reinsert the card";
  default:
    return "retry the command; if it keeps failing, run with --trace and report the APDU log";
  }
}

// Exchange frames one ES10 request on one channel. It exists so that the
// block counters and the label used in messages live in one place.
class Exchange {
public:
  Exchange(ApduTransport &transport, std::uint8_t channel)
      : transport_(transport), channel_(channel) {}

  // send transmits |command| and, if the card asks for another Le with 6Cxx,
  // resends it once with that Le. |what| names the command for messages.
  ResponseApdu send(CommandApdu command, const std::string &what) {
    ResponseApdu response = transmit(command, what);
    if (response.sw1 != sw::kWrongLeSw1) {
      return response;
    }
    command.le = leFromSw2(response.sw2);
    response = transmit(command, what);
    if (response.sw1 == sw::kWrongLeSw1) {
      throw Error(Errc::malformedResponse,
                  what + ": card answered " + statusWordText(response.sw()) +
                      " again after resending with Le " + std::to_string(*command.le),
                  "the card does not follow ISO 7816-4; run with --trace and report the APDU log")
          .withStatusWord(response.sw());
    }
    return response;
  }

  // transmit sends |command|; a transport failure (card removed, reader
  // gone, an answer without a status word) is rethrown naming |what|.
  ResponseApdu transmit(const CommandApdu &command, const std::string &what) {
    try {
      return transport_.transmit(command);
    } catch (const Error &e) {
      Error named(e.code(), what + ": " + e.what(), e.hint());
      if (e.statusWord()) named.withStatusWord(*e.statusWord());
      throw named;
    }
  }

  [[noreturn]] void fail(const std::string &what, std::uint16_t sw) const {
    throw Error(Errc::statusWord, what + ": card answered " + statusWordText(sw),
                hintForStatusWord(sw))
        .withStatusWord(sw);
  }

  std::string blockLabel(std::size_t index, std::size_t count) const {
    return "STORE DATA block " + std::to_string(index + 1) + "/" + std::to_string(count) +
           " on channel " + std::to_string(channel_);
  }

  Bytes run(ByteView request, std::size_t segmentSize) {
    const std::size_t count = (request.size() + segmentSize - 1) / segmentSize;
    if (count > kMaxBlocks) {
      throw Error(Errc::invalidArgument,
                  "STORE DATA: request of " + std::to_string(request.size()) + " bytes needs " +
                      std::to_string(count) + " blocks of " + std::to_string(segmentSize) +
                      " bytes, more than the 256 a block number can count",
                  "use a larger segment size (at most 255)");
    }
    ResponseApdu response;
    for (std::size_t i = 0; i < count; ++i) {
      const bool last = i + 1 == count;
      const std::size_t offset = i * segmentSize;
      const std::size_t length = last ? request.size() - offset : segmentSize;
      const std::string what = blockLabel(i, count);
      response = send(CommandApdu::storeData(channel_, last, static_cast<std::uint8_t>(i),
                                             request.subspan(offset, length)),
                      what);
      if (last) {
        return collect(std::move(response), what);
      }
      if (!response.ok()) {
        fail(what, response.sw());
      }
      if (!response.data.empty()) {
        throw Error(Errc::malformedResponse,
                    what + ": card answered " + std::to_string(response.data.size()) +
                        " bytes before the last block",
                    "the card does not follow SGP.22 STORE DATA framing; try a segment size of "
                    "255, or run with --trace and report the APDU log");
      }
    }
    return {}; // not reached: count >= 1 and the last block returns
  }

  // collect concatenates the last block's answer with what GET RESPONSE
  // fetches while the card answers 61xx.
  Bytes collect(ResponseApdu response, const std::string &lastBlock) {
    Bytes answer = std::move(response.data);
    std::string what = lastBlock;
    for (int round = 0; response.sw1 == sw::kMoreDataSw1; ++round) {
      if (round >= kMaxGetResponseRounds) {
        throw Error(Errc::malformedResponse,
                    "GET RESPONSE on channel " + std::to_string(channel_) +
                        ": card still had data after " + std::to_string(kMaxGetResponseRounds) +
                        " rounds",
                    "the card keeps answering 61xx; remove and reinsert it");
      }
      what = "GET RESPONSE " + std::to_string(round + 1) + " after " + lastBlock;
      response = send(CommandApdu::getResponse(channel_, leFromSw2(response.sw2)), what);
      answer.insert(answer.end(), response.data.begin(), response.data.end());
      if (answer.size() > kMaxResponseBytes) {
        throw Error(Errc::malformedResponse,
                    what + ": answer exceeds " + std::to_string(kMaxResponseBytes) + " bytes",
                    "no ES10 answer is this long; remove and reinsert the card");
      }
    }
    if (!response.ok()) {
      fail(what, response.sw());
    }
    return answer;
  }

private:
  ApduTransport &transport_;
  std::uint8_t channel_;
};

std::string aidList(const std::vector<Bytes> &aids) {
  std::string out;
  for (const Bytes &aid : aids) {
    out += (out.empty() ? "" : ", ") + toHex(aid);
  }
  return out;
}

} // namespace

IsdrSession::IsdrSession(ApduTransport &transport, IsdrSessionOptions options)
    : transport_(transport), options_(std::move(options)) {
  if (options_.maxSegmentSize < 1 || options_.maxSegmentSize > kMaxShortData) {
    throw Error(Errc::invalidArgument,
                "ISD-R session: segment size " + std::to_string(options_.maxSegmentSize) +
                    " is outside 1..255",
                "choose a STORE DATA segment size between 1 and 255 (255 suits most cards, 120 "
                "older ones)");
  }
  if (options_.aids.empty()) {
    throw Error(Errc::invalidArgument, "ISD-R session: no ISD-R AID to select",
                "give an AID with --aid, or leave it out to try the known ones");
  }
  // One transaction so that no other program's APDUs land between MANAGE
  // CHANNEL, SELECT and the GET RESPONSE that fetches the FCI.
  Transaction transaction(transport_);
  for (const Bytes &aid : options_.aids) {
    try {
      channel_ = transport_.openLogicalChannel(aid);
      aid_ = aid;
      return;
    } catch (const Error &e) {
      if (e.code() != Errc::isdrNotFound) {
        throw;
      }
    }
  }
  throw Error(Errc::isdrNotFound,
              "SELECT ISD-R: the card answered 6A82 (not found) for every AID tried (" +
                  aidList(options_.aids) + ")",
              "the card may not be an eUICC, or its ISD-R has another AID: give it with --aid")
      .withStatusWord(sw::kFileNotFound);
}

IsdrSession::~IsdrSession() {
  // closeLogicalChannel never throws; a card that is gone has nothing to close.
  transport_.closeLogicalChannel(channel_.number);
}

Bytes IsdrSession::exchange(ByteView request) {
  if (request.empty()) {
    throw Error(Errc::invalidArgument, "STORE DATA: empty ES10 request",
                "this is a bug in the caller; please report it");
  }
  Transaction transaction(transport_);
  return Exchange(transport_, channel_.number).run(request, options_.maxSegmentSize);
}

} // namespace esim
