// GetRAT (BF43): the Rules Authorisation Table.
//
// The answer is read with the DER reader rather than asn1c: asn1c reports a
// missing or misplaced field only as "stopped at byte N", and this table is
// what a user reads to learn why a profile's policy rules were refused, so
// each error names the rule, the operator and the field. asn1c encodes (the
// emulator's answer, the request), which keeps the ASN.1 module the
// reference for both directions.
#include <algorithm>
#include <climits>
#include <initializer_list>
#include <utility>

#include "codec/asn1_support.hpp"
#include "codec/asn1_values.hpp"
#include "codec/der_fields.hpp"
#include "codec/der_reader.hpp"
#include "codec/es10_codec.hpp"
#include "codec/tags.hpp"

#include "GetRatRequest.h"
#include "GetRatResponse.h"
#include "OperatorId.h"
#include "ProfilePolicyAuthorisationRule.h"

namespace esim::codec {

namespace {

constexpr const char *kGetRat = "GetRAT";
constexpr std::size_t kMccMncLength = 3;        // OperatorId.mccMnc OCTET STRING (SIZE(3))
constexpr unsigned kConsentRequiredBit = 0;     // pprFlags BIT STRING {consentRequired(0)}
constexpr std::uint8_t kMaxUnusedBits = 7;      // X.690 clause 8.6.2.2
constexpr TagValue kTagRule = kTagSequence;     // each ProfilePolicyAuthorisationRule
constexpr TagValue kTagOperator = kTagSequence; // each OperatorId

// bitString views the contents octets of a received BIT STRING as asn1c's
// type, for the shared BIT STRING checks of asn1_values.
BIT_STRING_t bitString(const der::Element &e, const Ctx &ctx, const char *name) {
  if (e.value.empty()) ctx.malformed(std::string(name) + " is empty (no unused-bits octet)");
  if (e.value[0] > kMaxUnusedBits) {
    ctx.malformed(std::string(name) + " claims " + std::to_string(e.value[0]) + " unused bits");
  }
  BIT_STRING_t out{};
  // Read only: asn1c's type has no const buffer.
  out.buf = const_cast<std::uint8_t *>(e.value.data() + 1);
  if (e.value.size() > static_cast<std::size_t>(INT_MAX))
    ctx.malformed(std::string(name) + " is too long");
  out.size = static_cast<int>(e.value.size() - 1);
  out.bits_unused = e.value[0];
  toBitString(out, ctx, name); // unused bits must be 0 in an empty string
  return out;
}

} // namespace

Bytes encodeGetRatRequest() {
  const Ctx ctx(kGetRat, Ctx::request);
  auto request = makeAsn<GetRatRequest_t>(asn_DEF_GetRatRequest);
  return encodeDer(asn_DEF_GetRatRequest, request.get(), ctx);
}

RulesAuthorisationTable decodeGetRatResponse(ByteView der) {
  const Ctx ctx(kGetRat, Ctx::response);
  const ByteView top = checkSingleElement(der, kTagGetRat, ctx);
  Fields response(top, ctx);
  const der::Element rat = response.element(kTagRat, "rat");
  response.end({{kTagRat, "rat"}});

  RulesAuthorisationTable out;
  der::Reader rules(rat.value);
  der::Element rule;
  for (der::Status s = rules.next(rule); s != der::Status::end; s = rules.next(rule)) {
    const Ctx ruleCtx =
        ctx.at("rat").at("ProfilePolicyAuthorisationRule #" + std::to_string(out.size() + 1));
    if (s != der::Status::ok) ruleCtx.malformed(der::statusText(s));
    if (rule.tag != kTagRule) {
      ruleCtx.malformed("has tag " + der::tagText(rule.tag) + ", expected " +
                        der::tagText(kTagRule));
    }
    Fields fields(rule.value, ruleCtx);
    ProfilePolicyAuthorisationRule ppar;
    const der::Element pprIds = fields.element(kTagPprIds, "pprIds");
    ppar.pprIds = toPprIds(bitString(pprIds, ruleCtx, "pprIds"), ruleCtx, "pprIds");
    const der::Element operators = fields.element(kTagAllowedOperators, "allowedOperators");
    const der::Element flags = fields.element(kTagPprFlags, "pprFlags");
    ppar.pprFlags.consentRequired =
        testBit(bitString(flags, ruleCtx, "pprFlags"), kConsentRequiredBit);
    fields.end({{kTagPprIds, "pprIds"},
                {kTagAllowedOperators, "allowedOperators"},
                {kTagPprFlags, "pprFlags"}});

    der::Reader list(operators.value);
    der::Element op;
    for (der::Status t = list.next(op); t != der::Status::end; t = list.next(op)) {
      const Ctx opCtx = ruleCtx.at("allowedOperators")
                            .at("OperatorId #" + std::to_string(ppar.allowedOperators.size() + 1));
      if (t != der::Status::ok) opCtx.malformed(der::statusText(t));
      if (op.tag != kTagOperator) {
        opCtx.malformed("has tag " + der::tagText(op.tag) + ", expected " +
                        der::tagText(kTagOperator));
      }
      Fields opFields(op.value, opCtx);
      OperatorId id;
      const der::Element mccMnc = opFields.element(kTagMccMnc, "mccMnc");
      requireLength(opCtx, "mccMnc", mccMnc.value.size(), kMccMncLength, kMccMncLength);
      id.mccMnc.assign(mccMnc.value.begin(), mccMnc.value.end());
      if (auto gid1 = opFields.optional(kTagGid1, "gid1"))
        id.gid1.emplace(gid1->value.begin(), gid1->value.end());
      if (auto gid2 = opFields.optional(kTagGid2, "gid2"))
        id.gid2.emplace(gid2->value.begin(), gid2->value.end());
      opFields.end({{kTagMccMnc, "mccMnc"}, {kTagGid1, "gid1"}, {kTagGid2, "gid2"}});
      ppar.allowedOperators.push_back(std::move(id));
    }
    out.push_back(std::move(ppar));
  }
  return out;
}

Bytes encodeGetRatResponse(const RulesAuthorisationTable &rat) {
  const Ctx ctx(kGetRat, Ctx::response);
  auto out = makeAsn<GetRatResponse_t>(asn_DEF_GetRatResponse);
  for (std::size_t i = 0; i < rat.size(); ++i) {
    const ProfilePolicyAuthorisationRule &rule = rat[i];
    const Ctx ruleCtx =
        ctx.at("rat").at("ProfilePolicyAuthorisationRule #" + std::to_string(i + 1));
    auto *ppar = appendNew<ProfilePolicyAuthorisationRule_t>(out->rat.list);
    setPprIds(ppar->pprIds, rule.pprIds);
    for (std::size_t k = 0; k < rule.allowedOperators.size(); ++k) {
      const OperatorId &id = rule.allowedOperators[k];
      checkArgLength(ruleCtx.at("OperatorId #" + std::to_string(k + 1)), "mccMnc", id.mccMnc.size(),
                     kMccMncLength, kMccMncLength);
      auto *op = appendNew<OperatorId_t>(ppar->allowedOperators.list);
      setOctets(op->mccMnc, id.mccMnc);
      if (id.gid1) setOptionalOctets(op->gid1, *id.gid1);
      if (id.gid2) setOptionalOctets(op->gid2, *id.gid2);
    }
    setNamedBits(ppar->pprFlags, rule.pprFlags.consentRequired ? 1u << kConsentRequiredBit : 0u);
  }
  return encodeDer(asn_DEF_GetRatResponse, out.get(), ctx);
}

} // namespace esim::codec
