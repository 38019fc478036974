#include "support/scripted_transport.hpp"

#include <gtest/gtest.h>

#include "esim/bytes.hpp"

namespace esim::test {

std::string spacedHex(esim::ByteView bytes) {
  const std::string hex = esim::toHex(bytes);
  std::string out;
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    if (i != 0) {
      out += ' ';
    }
    out += hex.substr(i, 2);
  }
  return out;
}

ScriptedTransport &ScriptedTransport::expect(std::string_view command, std::string_view response) {
  steps_.push_back({esim::fromHex(command, "scripted C-APDU"),
                    esim::fromHex(response, "scripted R-APDU"),
                    std::nullopt,
                    {}});
  return *this;
}

ScriptedTransport &ScriptedTransport::expectFailure(std::string_view command, esim::Errc code,
                                                    std::string message) {
  steps_.push_back({esim::fromHex(command, "scripted C-APDU"), {}, code, std::move(message)});
  return *this;
}

void ScriptedTransport::checkAllUsed() const {
  // After a mismatch the test has already failed at the step that mattered.
  if (next_ < steps_.size() && !mismatched_) {
    ADD_FAILURE() << "at step " << next_ << ": script expected " << spacedHex(steps_[next_].command)
                  << " but the code under test sent nothing more (" << steps_.size() - next_
                  << " step(s) unused)";
  }
}

void ScriptedTransport::beginTransaction() {
  if (depth_++ == 0) {
    ++begun_;
  }
}

void ScriptedTransport::endTransaction() noexcept {
  if (depth_ > 0) {
    --depth_;
  } else {
    ADD_FAILURE() << "endTransaction without beginTransaction";
  }
}

esim::ResponseApdu ScriptedTransport::transmitApdu(const esim::CommandApdu &command) {
  const esim::Bytes got = command.toBytes();
  if (depth_ == 0) {
    outside_ = true;
  }
  if (mismatched_) {
    // The test has failed already; keep refusing without piling up failures
    // (for example the MANAGE CHANNEL close a destructor sends).
    throw ScriptMismatch("script already failed");
  }
  std::string message;
  if (next_ >= steps_.size()) {
    message =
        "at step " + std::to_string(next_) + ": got " + spacedHex(got) + ", expected no more APDUs";
  } else if (got != steps_[next_].command) {
    message = "at step " + std::to_string(next_) + ": got " + spacedHex(got) + ", expected " +
              spacedHex(steps_[next_].command);
  }
  if (!message.empty()) {
    mismatched_ = true;
    ADD_FAILURE() << message;
    throw ScriptMismatch(message);
  }
  const Step &step = steps_[next_++];
  if (step.failure) {
    throw esim::Error(*step.failure, step.failureMessage);
  }
  return esim::ResponseApdu::parse(step.response);
}

} // namespace esim::test
