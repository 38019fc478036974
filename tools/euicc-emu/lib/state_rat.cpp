// defaultRat and the "rat" key of the state file.
#include "state_rat.hpp"

#include <algorithm>
#include <iterator>

#include "esim/error.hpp"
#include "state_names.hpp"

namespace euicc_emu {

namespace {

using nlohmann::json;
using ojson = nlohmann::ordered_json;

constexpr const char *kConsentRequired = "consentRequired";
constexpr std::string_view kRuleKeys[] = {"pprIds", "allowedOperators", "pprFlags"};
constexpr std::string_view kOperatorKeys[] = {"mccMnc", "gid1", "gid2"};
constexpr std::size_t kMccMncLength = 3;

template <std::size_t N>
void refuseUnknownKeys(const JsonReader &r, const json &obj, const std::string &path,
                       const std::string_view (&known)[N]) {
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    if (std::find(std::begin(known), std::end(known), it.key()) != std::end(known)) continue;
    std::string list;
    for (std::string_view k : known)
      list += (list.empty() ? "" : ", ") + std::string(k);
    r.fail(path, "unknown key '" + it.key() + "'; known: " + list);
  }
}

esim::OperatorId parseOperator(const JsonReader &r, const json &v, const std::string &path) {
  r.object(v, path);
  refuseUnknownKeys(r, v, path, kOperatorKeys);
  esim::OperatorId id;
  id.mccMnc = r.hex(r.require(v, path, "mccMnc"), JsonReader::member(path, "mccMnc"));
  if (const json *g = JsonReader::find(v, "gid1"))
    id.gid1 = r.hex(*g, JsonReader::member(path, "gid1"));
  if (const json *g = JsonReader::find(v, "gid2"))
    id.gid2 = r.hex(*g, JsonReader::member(path, "gid2"));
  return id;
}

esim::ProfilePolicyAuthorisationRule parseRule(const JsonReader &r, const json &v,
                                               const std::string &path) {
  r.object(v, path);
  refuseUnknownKeys(r, v, path, kRuleKeys);
  esim::ProfilePolicyAuthorisationRule rule;
  const std::string idsPath = JsonReader::member(path, "pprIds");
  const json &ids = r.array(r.require(v, path, "pprIds"), idsPath);
  for (std::size_t i = 0; i < ids.size(); ++i) {
    std::string name = r.string(ids[i], JsonReader::element(idsPath, i));
    if (!names::setPpr(rule.pprIds, name)) {
      r.fail(JsonReader::element(idsPath, i),
             "unknown policy rule '" + name + "'; known: pprUpdateControl, ppr1, ppr2");
    }
  }
  const std::string opsPath = JsonReader::member(path, "allowedOperators");
  const json &ops = r.array(r.require(v, path, "allowedOperators"), opsPath);
  for (std::size_t i = 0; i < ops.size(); ++i)
    rule.allowedOperators.push_back(parseOperator(r, ops[i], JsonReader::element(opsPath, i)));
  if (const json *f = JsonReader::find(v, "pprFlags")) {
    const std::string flagsPath = JsonReader::member(path, "pprFlags");
    const json &flags = r.array(*f, flagsPath);
    for (std::size_t i = 0; i < flags.size(); ++i) {
      std::string name = r.string(flags[i], JsonReader::element(flagsPath, i));
      if (name != kConsentRequired)
        r.fail(JsonReader::element(flagsPath, i),
               "unknown flag '" + name + "'; known: " + kConsentRequired);
      rule.pprFlags.consentRequired = true;
    }
  }
  return rule;
}

} // namespace

esim::RulesAuthorisationTable defaultRat() {
  // SGP.22 clause 2.9.2 leaves the RAT's content to the eUICC or device
  // maker and names two common tables: no rule at all (every PPR forbidden)
  // and every PPR allowed to every operator with the end user's consent.
  // The second is the default here: a test bench can then load profiles
  // with PPR1/PPR2 (as operators' real profiles carry them) and an LPA
  // sees that it must ask for consent; a state file with "rat": [] gives
  // the first. Every operator: each nibble of mccMnc is the wildcard 'E';
  // gid1 and gid2 present but empty, so operators with group IDs match too.
  esim::OperatorId anyOperator;
  anyOperator.mccMnc = esim::Bytes{0xEE, 0xEE, 0xEE};
  anyOperator.gid1 = esim::Bytes{};
  anyOperator.gid2 = esim::Bytes{};
  esim::ProfilePolicyAuthorisationRule rule;
  rule.pprIds.ppr1 = true;
  rule.pprIds.ppr2 = true;
  rule.allowedOperators.push_back(std::move(anyOperator));
  rule.pprFlags.consentRequired = true;
  return {rule};
}

esim::RulesAuthorisationTable parseRat(const JsonReader &r, const json &v,
                                       const std::string &path) {
  const json &list = r.array(v, path);
  esim::RulesAuthorisationTable rat;
  for (std::size_t i = 0; i < list.size(); ++i)
    rat.push_back(parseRule(r, list[i], JsonReader::element(path, i)));
  return rat;
}

ojson ratJson(const esim::RulesAuthorisationTable &rat) {
  ojson out = ojson::array();
  for (const auto &rule : rat) {
    ojson ops = ojson::array();
    for (const auto &id : rule.allowedOperators) {
      ojson o = {{"mccMnc", esim::toHex(id.mccMnc)}};
      if (id.gid1) o["gid1"] = esim::toHex(*id.gid1);
      if (id.gid2) o["gid2"] = esim::toHex(*id.gid2);
      ops.push_back(std::move(o));
    }
    ojson flags = ojson::array();
    if (rule.pprFlags.consentRequired) flags.push_back(kConsentRequired);
    out.push_back({{"pprIds", names::pprNames(rule.pprIds)},
                   {"allowedOperators", std::move(ops)},
                   {"pprFlags", std::move(flags)}});
  }
  return out;
}

void checkRat(const esim::RulesAuthorisationTable &rat, std::string_view source) {
  for (std::size_t i = 0; i < rat.size(); ++i) {
    for (std::size_t k = 0; k < rat[i].allowedOperators.size(); ++k) {
      const esim::Bytes &mccMnc = rat[i].allowedOperators[k].mccMnc;
      if (mccMnc.size() == kMccMncLength && esim::decodeMccMnc(mccMnc)) continue;
      throw esim::Error(
          esim::Errc::emulator,
          "state file " + std::string(source) + ": rat[" + std::to_string(i) +
              "].allowedOperators[" + std::to_string(k) + "].mccMnc: '" + esim::toHex(mccMnc) +
              "' is not an mccMnc (3 bytes, 3GPP TS 24.008: digits, E as a wildcard, F as "
              "MNC digit 3 of a two-digit MNC; EEEEEE matches every operator)",
          "fix the file (format: docs/emulator.md) or remove \"rat\" for the default table");
    }
  }
}

} // namespace euicc_emu
