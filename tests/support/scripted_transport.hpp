// ScriptedTransport: a fake card that answers a fixed script of APDUs.
//
//   ScriptedTransport card;                       // a member of the test fixture
//   card.expect("00 70 00 00 01", "01 90 00")     // MANAGE CHANNEL open -> channel 1
//       .expect("01 A4 04 00 10 A0000005591010FFFFFFFF8900000100 00", "90 00");
//   esim::IsdrSession session(card);
//   ...
//   card.checkAllUsed();                          // in the fixture's TearDown
//
// Each C-APDU the code under test sends must equal the next step's command;
// otherwise the test fails with "at step N: got <hex>, expected <hex>" and
// transmit throws ScriptMismatch so that the code under test stops there.
#pragma once

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "esim/error.hpp"
#include "esim/transport.hpp"

namespace esim::test {

// ScriptMismatch is thrown by ScriptedTransport when the code under test sends
// something the script does not expect. It is deliberately not an esim::Error,
// so that library code that handles esim::Error does not swallow it.
class ScriptMismatch : public std::logic_error {
public:
  using std::logic_error::logic_error;
};

// ScriptedTransport replays a script of (C-APDU, R-APDU) steps. It is owned by
// a test fixture; nothing about it is global.
class ScriptedTransport : public esim::ApduTransport {
public:
  ScriptedTransport() = default;

  // expect appends a step: when the next C-APDU equals |command| (hex; spaces
  // and colons ignored), answer |response| (hex: data followed by SW1 SW2).
  // Throws esim::Error(Errc::invalidArgument) for text that is not hex.
  ScriptedTransport &expect(std::string_view command, std::string_view response);

  // expectFailure appends a step whose transmit throws esim::Error(|code|,
  // |message|), as a transport does when the card is removed mid-command.
  ScriptedTransport &expectFailure(std::string_view command, esim::Errc code, std::string message);

  // checkAllUsed records a test failure naming the first unused step if the
  // code under test stopped early. Call it from the fixture's TearDown.
  void checkAllUsed() const;

  // stepsUsed returns how many steps have been consumed.
  std::size_t stepsUsed() const noexcept { return next_; }
  // transactionDepth returns the number of beginTransaction calls not yet
  // matched by endTransaction.
  int transactionDepth() const noexcept { return depth_; }
  // transactionsBegun returns how many outermost transactions were begun.
  int transactionsBegun() const noexcept { return begun_; }
  // apduTransmittedOutsideTransaction reports whether any APDU was sent while
  // no transaction was held.
  bool apduTransmittedOutsideTransaction() const noexcept { return outside_; }

  // beginTransaction counts nesting, like PcscTransport; never fails.
  void beginTransaction() override;
  // endTransaction undoes one beginTransaction; an unmatched call fails the
  // test.
  void endTransaction() noexcept override;

protected:
  esim::ResponseApdu transmitApdu(const esim::CommandApdu &command) override;

private:
  struct Step {
    esim::Bytes command;
    esim::Bytes response;
    std::optional<esim::Errc> failure;
    std::string failureMessage;
  };

  std::vector<Step> steps_;
  std::size_t next_ = 0;
  int depth_ = 0;
  int begun_ = 0;
  bool outside_ = false;
  bool mismatched_ = false;
};

// spacedHex formats |bytes| as "00 A4 04 00" for readable failure messages.
std::string spacedHex(esim::ByteView bytes);

} // namespace esim::test
