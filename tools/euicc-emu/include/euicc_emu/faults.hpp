// Fault injection: makes the emulated card misbehave on purpose, the way
// cards and readers fail in the field, so that an LPA's error paths can be
// tested. A FaultPlan says what goes wrong and when; a FaultInjector sits
// between the transport (vpcd, or the in-process EmulatorTransport) and the
// Card and applies it. The Card's ES10 logic knows nothing of faults.
//
//   euicc_emu::FaultPlan plan;
//   euicc_emu::addFaultSpec(plan, "sw=6F00@5");              // euicc-emu --fault sw=6F00@5
//   euicc_emu::addFaultSpec(plan, "tear=DeleteProfile:after");
//   euicc_emu::FaultInjector faults(card, plan);
//   euicc_emu::FaultedAnswer a = faults.exchange(capdu);     // a.answer empty: card gone
//
// APDUs are numbered from 1 in the order the injector sees them (vpcd
// control codes such as power on or ATR requests are not counted); --trace
// shows the numbers so a tester can pick N.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "esim/bytes.hpp"
#include "euicc_emu/card.hpp"

namespace euicc_emu {

// kDefaultAbsence is how long a removed or torn card stays away before it is
// back in the reader (vpcd only; in-process the caller decides).
inline constexpr std::chrono::milliseconds kDefaultAbsence{1000};

// TearPoint says where in an ES10 function the power is lost.
enum class TearPoint {
  before, // before the function changed anything: nothing of it is stored
  after,  // after the function committed its change (and notifications)
};

// FaultPlan is a list of faults; each fires once unless said otherwise.
struct FaultPlan {
  // latency delays every answer (not control codes) by this much.
  std::chrono::milliseconds latency{0};

  // StatusWordFault answers APDU number |apdu| with |sw| alone; the card
  // does not process that APDU.
  struct StatusWordFault {
    unsigned apdu = 0;
    std::uint16_t sw = 0;
  };
  std::vector<StatusWordFault> statusWords;

  // RemovalFault takes the card out at APDU number |apdu|, before it is
  // processed or answered; it is back after |absence|.
  struct RemovalFault {
    unsigned apdu = 0;
    std::chrono::milliseconds absence = kDefaultAbsence;
  };
  std::vector<RemovalFault> removals;

  // TruncationFault cuts the answer to APDU number |apdu| (processed as
  // usual): the second half of its data is dropped and the status word kept;
  // an answer without data loses SW2 (one byte is left).
  struct TruncationFault {
    unsigned apdu = 0;
  };
  std::vector<TruncationFault> truncations;

  // TearFault cuts the power while the card runs the ES10 function named
  // |function| ("DeleteProfile", as SGP.22 names it) for the first time,
  // |point| before or after it commits; no answer is sent, all channels
  // close, and the card is back after |absence|.
  struct TearFault {
    std::string function;
    // occurrence: the Nth run of |function| (from 1); LoadBoundProfilePackage
    // runs once per part of the BPP the LPA sends (BF36+BF23, A0, A1, each
    // 88, A2, A3, each 86).
    unsigned occurrence = 1;
    TearPoint point = TearPoint::before;
    std::chrono::milliseconds absence = kDefaultAbsence;
  };
  std::vector<TearFault> tears;

  // AnswerFault answers the |occurrence|th run of the ES10 function
  // |function| with |data| and 9000 instead of running it: the card says
  // what a real one might (a result code the LPA does not name, an error
  // alternative), and its state does not change.
  struct AnswerFault {
    std::string function;
    unsigned occurrence = 1;
    esim::Bytes data; // at most 256 bytes (one short R-APDU)
  };
  std::vector<AnswerFault> answers;
  // maxStoreDataBlock, when not 0, makes every STORE DATA whose data field
  // is longer answer 6700 (wrong length) unprocessed, as cards do that take
  // only smaller blocks; unlike the other faults it never wears off.
  std::size_t maxStoreDataBlock = 0;

  // empty reports whether the plan injects nothing.
  bool empty() const noexcept {
    return latency.count() == 0 && statusWords.empty() && removals.empty() && truncations.empty() &&
           tears.empty() && answers.empty() && maxStoreDataBlock == 0;
  }
};

// addFaultSpec parses one fault specification and adds it to |plan|:
//   latency=MS               every answer MS milliseconds late
//   sw=XXXX@N                APDU #N answered with status word XXXX, not processed
//   remove@N[:MS]            card removed at APDU #N, back after MS (default 1000)
//   truncate@N               answer to APDU #N cut (see TruncationFault)
//   max-block=N              STORE DATA blocks over N bytes answered 6700
//   tear=FUNCTION[#K]:before|after[:MS]  power lost in the (Kth run of the) ES10
//                            function FUNCTION
//   answer=FUNCTION[#K]:HEX  the (Kth run of the) ES10 function FUNCTION answered
//                            HEX (1..256 bytes) and 9000, not run
// Throws esim::Error(Errc::invalidArgument) naming |spec| and what is wrong
// with it (unknown kind, missing or zero N, bad hex, unknown function, a
// max-block outside 1..254).
void addFaultSpec(FaultPlan &plan, std::string_view spec);

// FaultedAnswer is what the card does with one C-APDU under a FaultPlan.
struct FaultedAnswer {
  // apdu is the number of this C-APDU (from 1).
  unsigned apdu = 0;
  // delay is how long to wait before sending |answer| (latency).
  std::chrono::milliseconds delay{0};
  // answer is the R-APDU to send; empty when the card vanished (removal or
  // tear): the transport drops the connection and brings the card back
  // after |absence|.
  std::optional<esim::Bytes> answer;
  std::chrono::milliseconds absence{0};
};

// FaultInjector applies a FaultPlan to the APDUs sent to a Card and logs
// one line per fault fired ("fault: ... at APDU #N") and per change of the
// card's logical channels ("channel 1 opened at APDU #1", "channel 1 closed
// at APDU #7", "channel 1 closed by power off"), so a test can tell an LPA
// that closed its channel from a reset that closed it. Not thread-safe: one
// transport drives it.
class FaultInjector {
public:
  using LogFn = std::function<void(const std::string &line)>;

  // FaultInjector wraps |card| (which must outlive it) with |plan|.
  FaultInjector(Card &card, FaultPlan plan, LogFn log = {});

  // exchange numbers |capdu|, applies the faults planned for it and
  // otherwise passes it to the card. Never throws.
  FaultedAnswer exchange(esim::ByteView capdu) noexcept;

  // powerOff, powerOn and reset pass the vpcd control codes to the card and
  // log the channels they close. Never throw.
  void powerOff() noexcept;
  void powerOn() noexcept;
  void reset() noexcept;

  // apduCount returns how many C-APDUs were numbered so far.
  unsigned apduCount() const noexcept { return count_; }

  // card returns the wrapped card.
  Card &card() noexcept { return card_; }

private:
  void logChannelChanges(std::uint32_t before, const std::string &why) noexcept;
  void log(const std::string &line) noexcept;
  FaultedAnswer vanish(FaultedAnswer a, std::chrono::milliseconds absence, const std::string &what);

  Card &card_;
  FaultPlan plan_;
  LogFn log_;
  unsigned count_ = 0;
  // The ES10 function whose STORE DATA started on each channel (its tag is
  // in block 0), so a tear can fire on the last block.
  std::vector<std::string> storeDataFunction_;
  // Whether the last function on each channel was LoadBoundProfilePackage
  // (its later parts start with A0..A3, 86, 88), and how often each
  // function ran (for tear occurrences).
  std::vector<bool> loadingBpp_;
  std::vector<std::pair<std::string, unsigned>> runs_;
};

} // namespace euicc_emu
