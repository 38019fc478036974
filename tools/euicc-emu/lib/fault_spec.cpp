// addFaultSpec: the text form of a fault, as given to `euicc-emu --fault`.
// Every malformed spec is refused with a message naming it, so a typo never
// silently turns a fault test into a test of nothing.
#include <algorithm>
#include <charconv>
#include <limits>
#include <vector>

#include "codec/es10_codec.hpp"
#include "es10_handlers.hpp"
#include "esim/error.hpp"
#include "euicc_emu/faults.hpp"

namespace euicc_emu {

namespace {

// kMaxDelayMs bounds latency and absence: a fault test waits, it never hangs.
constexpr unsigned kMaxDelayMs = 600'000;
constexpr std::size_t kStatusWordHexDigits = 4;
constexpr int kHexBase = 16;
constexpr std::size_t kMaxAnswerBytes = 256;
// kMaxRefusedBlock: a card taking 255-byte blocks refuses none.
constexpr unsigned kMaxRefusedBlock = 254;

class SpecParser {
public:
  explicit SpecParser(std::string_view spec) : spec_(spec) {}

  [[noreturn]] void fail(const std::string &why) const {
    throw esim::Error(esim::Errc::invalidArgument,
                      "fault spec '" + std::string(spec_) + "': " + why,
                      "write latency=MS, sw=XXXX@N, remove@N[:MS], truncate@N, "
                      "max-block=N, tear=FUNCTION[#K]:before|after[:MS] or answer=FUNCTION[#K]:HEX "
                      "(see docs/emulator.md)");
  }

  unsigned number(std::string_view text, const char *what, unsigned max) const {
    unsigned value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value > max) {
      fail(std::string(what) + " '" + std::string(text) + "' is not a number 0.." +
           std::to_string(max));
    }
    return value;
  }

  // apduNumber reads N of "@N": APDUs are counted from 1.
  unsigned apduNumber(std::string_view text) const {
    unsigned n = number(text, "APDU number", std::numeric_limits<unsigned>::max());
    if (n == 0) fail("APDU numbers start at 1");
    return n;
  }

  std::chrono::milliseconds delay(std::string_view text) const {
    return std::chrono::milliseconds(number(text, "milliseconds", kMaxDelayMs));
  }

  // afterAt returns what follows '@' in |text|, or fails.
  std::string_view afterAt(std::string_view text) const {
    if (text.empty() || text.front() != '@') fail("expected @N (the APDU number)");
    return text.substr(1);
  }

  std::uint16_t statusWord(std::string_view text) const {
    unsigned value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, kHexBase);
    if (text.size() != kStatusWordHexDigits || ec != std::errc() ||
        end != text.data() + text.size()) {
      fail("status word '" + std::string(text) + "' is not 4 hex digits");
    }
    return static_cast<std::uint16_t>(value);
  }

  // functionAndOccurrence reads FUNCTION[#K] into |function| and |occurrence|.
  void functionAndOccurrence(std::string_view text, std::string &function,
                             unsigned &occurrence) const {
    if (std::size_t hash = text.find('#'); hash != std::string_view::npos) {
      occurrence =
          number(text.substr(hash + 1), "occurrence", std::numeric_limits<unsigned>::max());
      if (occurrence == 0) fail("occurrences start at 1");
      text = text.substr(0, hash);
    }
    function = es10Function(text);
  }

  // answerData reads the HEX of answer=: 1..256 bytes (one short R-APDU).
  esim::Bytes answerData(std::string_view text) const {
    esim::Bytes data;
    try {
      data = esim::fromHex(text, "answer");
    } catch (const esim::Error &) {
      fail("answer '" + std::string(text) + "' is not hex");
    }
    if (data.empty() || data.size() > kMaxAnswerBytes) {
      fail("answer is " + std::to_string(data.size()) + " bytes; 1..256 fit one R-APDU");
    }
    return data;
  }

  std::string es10Function(std::string_view text) const {
    using F = esim::codec::Es10Function;
    std::string known;
    std::vector<std::string> names;
    for (int i = 0; i < static_cast<int>(F::unknown); ++i)
      names.emplace_back(esim::codec::functionName(static_cast<F>(i)));
    for (std::string &name : downloadFunctionNames()) {
      if (std::find(names.begin(), names.end(), name) == names.end())
        names.push_back(std::move(name));
    }
    for (const std::string &name : names) {
      if (name == text) return name;
      known += (known.empty() ? "" : ", ") + name;
    }
    fail("unknown ES10 function '" + std::string(text) + "' (known: " + known + ")");
  }

  void parse(FaultPlan &plan) const {
    std::string_view s = spec_;
    if (s.starts_with("latency=")) {
      plan.latency = delay(s.substr(std::string_view("latency=").size()));
    } else if (s.starts_with("sw=")) {
      s.remove_prefix(std::string_view("sw=").size());
      std::size_t at = s.find('@');
      if (at == std::string_view::npos) fail("expected sw=XXXX@N");
      plan.statusWords.push_back({apduNumber(s.substr(at + 1)), statusWord(s.substr(0, at))});
    } else if (s.starts_with("remove")) {
      std::string_view rest = afterAt(s.substr(std::string_view("remove").size()));
      FaultPlan::RemovalFault f;
      std::size_t colon = rest.find(':');
      f.apdu = apduNumber(rest.substr(0, colon));
      if (colon != std::string_view::npos) f.absence = delay(rest.substr(colon + 1));
      plan.removals.push_back(f);
    } else if (s.starts_with("truncate")) {
      plan.truncations.push_back(
          {apduNumber(afterAt(s.substr(std::string_view("truncate").size())))});
    } else if (s.starts_with("answer=")) {
      s.remove_prefix(std::string_view("answer=").size());
      std::size_t colon = s.find(':');
      if (colon == std::string_view::npos) fail("expected answer=FUNCTION:HEX");
      FaultPlan::AnswerFault f;
      functionAndOccurrence(s.substr(0, colon), f.function, f.occurrence);
      f.data = answerData(s.substr(colon + 1));
      plan.answers.push_back(std::move(f));
    } else if (s.starts_with("max-block=")) {
      plan.maxStoreDataBlock =
          number(s.substr(std::string_view("max-block=").size()), "block size", kMaxRefusedBlock);
      if (plan.maxStoreDataBlock == 0) fail("a block size starts at 1");
    } else if (s.starts_with("tear=")) {
      s.remove_prefix(std::string_view("tear=").size());
      std::size_t colon = s.find(':');
      if (colon == std::string_view::npos) fail("expected tear=FUNCTION:before or :after");
      FaultPlan::TearFault f;
      functionAndOccurrence(s.substr(0, colon), f.function, f.occurrence);
      std::string_view rest = s.substr(colon + 1);
      std::size_t second = rest.find(':');
      std::string_view point = rest.substr(0, second);
      if (point == "before") {
        f.point = TearPoint::before;
      } else if (point == "after") {
        f.point = TearPoint::after;
      } else {
        fail("tear point '" + std::string(point) + "' is neither 'before' nor 'after'");
      }
      if (second != std::string_view::npos) f.absence = delay(rest.substr(second + 1));
      plan.tears.push_back(std::move(f));
    } else {
      fail("unknown fault kind");
    }
  }

private:
  std::string_view spec_;
};

} // namespace

void addFaultSpec(FaultPlan &plan, std::string_view spec) {
  FaultPlan next = plan; // a refused spec leaves the plan as it was
  SpecParser(spec).parse(next);
  plan = std::move(next);
}

} // namespace euicc_emu
