// fuzz_isdr_session: a hostile or broken card answering an esim::IsdrSession.
//
// Input: one configuration byte (segment size, AID list, which requests),
// then the card's R-APDUs as records (2-byte length + bytes, see
// fuzz_input.hpp), consumed in order; when they run out the card is
// "removed" (transmit throws Errc::cardRemoved), as a pulled card does.
//
// Checked besides "no crash": only esim::Error escapes; every channel the
// card opened is closed (or its close attempted once the card is gone);
// transactions balance and cover every APDU but the final close; STORE DATA
// blocks are numbered in order, no larger than the segment size and carry
// exactly the request; a successful exchange returns exactly the data of the
// card's answers from the last block on (6Cxx answers excluded) and ended
// in 9000.
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "esim/apdu.hpp"
#include "esim/error.hpp"
#include "esim/isdr_session.hpp"
#include "esim/transport.hpp"
#include "fuzz_check.hpp"
#include "fuzz_input.hpp"

namespace {

using esim::Bytes;
using esim::fuzz::fuzzCheck;

constexpr std::uint8_t kInsManageChannel = 0x70;
constexpr std::uint8_t kInsStoreData = 0xE2;
constexpr std::uint8_t kP1ManageChannelClose = 0x80;
constexpr std::uint8_t kP1StoreDataLastBlock = 0x91;
constexpr std::uint8_t kP1StoreDataMoreBlocks = 0x11;
constexpr std::uint8_t kMaxChannelNumber = 19;

// Segment sizes worth trying: the default, lpac's, a tiny one that makes
// many blocks, and 1.
constexpr std::array<std::size_t, 4> kSegmentSizes = {255, 120, 16, 1};
// Request sizes around block boundaries; 1200 with segment size 1 needs more
// than 256 blocks, which the session must refuse.
constexpr std::array<std::size_t, 6> kRequestSizes = {3, 5, 255, 256, 511, 1200};
constexpr int kMaxExchanges = 3;

// Sent is one APDU the session sent and what the card answered (nothing if
// the card was gone).
struct Sent {
  esim::CommandApdu command;
  std::optional<esim::ResponseApdu> response;
  bool inTransaction = false;
};

// FuzzCard answers with the fuzz input's records and remembers everything.
class FuzzCard : public esim::ApduTransport {
public:
  explicit FuzzCard(esim::fuzz::FuzzInput &input) : input_(input) {}

  void beginTransaction() override { ++depth_; }
  void endTransaction() noexcept override {
    fuzzCheck(depth_ > 0, "endTransaction without beginTransaction");
    --depth_;
  }

  int depth() const noexcept { return depth_; }
  bool removed() const noexcept { return removed_; }
  const std::vector<Sent> &log() const noexcept { return log_; }
  const std::set<std::uint8_t> &openChannels() const noexcept { return open_; }

protected:
  esim::ResponseApdu transmitApdu(const esim::CommandApdu &command) override {
    log_.push_back(Sent{command, std::nullopt, depth_ > 0});
    if (command.ins == kInsManageChannel && command.p1 == kP1ManageChannelClose) {
      open_.erase(command.p2); // attempted: a removed card has no channel left
    }
    std::optional<Bytes> raw = removed_ ? std::nullopt : input_.record();
    if (!raw) {
      removed_ = true;
      throw esim::Error(esim::Errc::cardRemoved, "fuzz card: no more answers (card removed)");
    }
    esim::ResponseApdu response = esim::ResponseApdu::parse(*raw); // <2 bytes: Error
    log_.back().response = response;
    if (command.ins == kInsManageChannel && command.p1 == 0 && response.ok() &&
        response.data.size() == 1 && response.data[0] >= 1 &&
        response.data[0] <= kMaxChannelNumber) {
      open_.insert(response.data[0]);
    }
    return response;
  }

private:
  esim::fuzz::FuzzInput &input_;
  std::vector<Sent> log_;
  std::set<std::uint8_t> open_;
  int depth_ = 0;
  bool removed_ = false;
};

Bytes makeRequest(std::size_t size, std::uint8_t seed) {
  Bytes request(size);
  for (std::size_t i = 0; i < size; ++i) {
    request[i] = static_cast<std::uint8_t>(seed + i);
  }
  return request;
}

// checkExchange checks the APDUs log[from..] of one exchange of |request|.
void checkExchange(const std::vector<Sent> &log, std::size_t from, const Bytes &request,
                   std::size_t segmentSize, const std::optional<Bytes> &answer) {
  Bytes carried;
  std::size_t nextBlock = 0;
  std::size_t lastBlockAt = log.size();
  for (std::size_t i = from; i < log.size(); ++i) {
    const Sent &s = log[i];
    fuzzCheck(s.inTransaction, "exchange APDU sent outside a transaction");
    if (s.command.ins != kInsStoreData) {
      continue;
    }
    const bool last = s.command.p1 == kP1StoreDataLastBlock;
    fuzzCheck(last || s.command.p1 == kP1StoreDataMoreBlocks, "STORE DATA with a bad P1");
    fuzzCheck(s.command.data.size() <= segmentSize, "STORE DATA block over the segment size");
    // A 6Cxx answer resends the same block with the same number.
    const bool resend = i > from && log[i - 1].command.ins == kInsStoreData &&
                        log[i - 1].response && log[i - 1].response->sw1 == esim::sw::kWrongLeSw1;
    if (resend) {
      fuzzCheck(log[i - 1].command.data == s.command.data && log[i - 1].command.p2 == s.command.p2,
                "6Cxx resend changed the block");
      continue;
    }
    fuzzCheck(s.command.p2 == nextBlock % 256, "STORE DATA blocks out of order");
    ++nextBlock;
    carried.insert(carried.end(), s.command.data.begin(), s.command.data.end());
    if (last) {
      lastBlockAt = i;
    }
  }
  fuzzCheck(carried.size() <= request.size() &&
                std::equal(carried.begin(), carried.end(), request.begin()),
            "STORE DATA blocks do not carry a prefix of the request");
  if (!answer) {
    return;
  }
  fuzzCheck(carried == request, "successful exchange did not send the whole request");
  fuzzCheck(lastBlockAt < log.size(), "successful exchange without a last block");
  Bytes expected;
  for (std::size_t i = lastBlockAt; i < log.size(); ++i) {
    const auto &r = log[i].response;
    fuzzCheck(r.has_value(), "successful exchange with an unanswered APDU");
    if (r->sw1 != esim::sw::kWrongLeSw1) {
      expected.insert(expected.end(), r->data.begin(), r->data.end());
    }
  }
  fuzzCheck(log.back().response->ok(), "successful exchange whose last answer is not 9000");
  fuzzCheck(*answer == expected, "exchange answer differs from the card's data");
}

void runSession(FuzzCard &card, esim::IsdrSessionOptions options, std::uint8_t config) {
  esim::IsdrSession session(card, options);
  fuzzCheck(card.depth() == 0, "constructor left a transaction open");
  fuzzCheck(card.openChannels().count(session.channel()) == 1,
            "session uses a channel the card did not open");
  const int exchanges = 1 + (config >> 4) % kMaxExchanges;
  for (int n = 0; n < exchanges; ++n) {
    const Bytes request = makeRequest(kRequestSizes[(config + n * 3u) % kRequestSizes.size()],
                                      static_cast<std::uint8_t>(n));
    const std::size_t from = card.log().size();
    std::optional<Bytes> answer;
    try {
      answer = session.exchange(request);
    } catch (const esim::Error &) {
      // The card's answers are the fuzzer's: failing is fine, how is checked.
    }
    fuzzCheck(card.depth() == 0, "exchange left a transaction open");
    checkExchange(card.log(), from, request, options.maxSegmentSize, answer);
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  esim::fuzz::FuzzInput input(data, size);
  const std::uint8_t config = input.byte();
  esim::IsdrSessionOptions options;
  options.maxSegmentSize = kSegmentSizes[config % kSegmentSizes.size()];
  if (config & 0x04) {
    options.aids = {esim::kIsdrAid}; // else both known AIDs: 6A82 moves on
  }
  FuzzCard card(input);
  try {
    runSession(card, options, config);
  } catch (const esim::Error &) {
    // Opening the session failed: it must have closed what it opened.
  }
  fuzzCheck(card.depth() == 0, "transaction left open");
  std::string open;
  for (std::uint8_t c : card.openChannels()) {
    open += std::to_string(c) + " ";
  }
  fuzzCheck(card.openChannels().empty(), "channel(s) left open: " + open);
  return 0;
}
