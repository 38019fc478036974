// The Bound Profile Package (BF36): InitialiseSecureChannelRequest (BF23),
// the BPP's parts as DER elements, and how an LPA cuts it into ES10b
// LoadBoundProfilePackage commands (download facts 4.1, as lpac, Android
// and both real-card traces do).
#include "codec/asn1_values.hpp"
#include "codec/der_fields.hpp"
#include "codec/download_codec.hpp"
#include "codec/tags.hpp"

namespace esim::codec {

namespace {

constexpr const char *kLoadBpp = "LoadBoundProfilePackage";
constexpr const char *kInitialiseSecureChannel = "InitialiseSecureChannel";
constexpr std::size_t kMaxTransactionId = 16;
constexpr std::size_t kMaxHostId = 16;
constexpr std::size_t kMaxOtpk = 133;
constexpr TagValue kTagRemoteOpId = 0x82;
constexpr TagValue kTagHostId = 0x84;
constexpr long kMaxRemoteOpId = 255;

InitialiseSecureChannelRequest readInitialiseSecureChannel(const der::Element &bf23,
                                                           const Ctx &ctx) {
  InitialiseSecureChannelRequest out;
  Fields f(bf23.value, ctx.at("initialiseSecureChannelRequest"));
  out.remoteOpId = f.integer(kTagRemoteOpId, "remoteOpId", kMaxRemoteOpId);
  out.transactionId = f.bytes(kTagContext0, "transactionId", 1, kMaxTransactionId);
  const der::Element crt = f.element(kTagControlRefTemplate, "controlRefTemplate");
  const der::Element otpk = f.element(kTagOtpk, "smdpOtpk");
  const der::Element sign = f.element(kTagEuiccSignature, "smdpSign");
  f.end();
  requireLength(f.ctx(), "smdpOtpk", otpk.value.size(), 1, kMaxOtpk);
  Fields c(crt.value, f.ctx().at("controlRefTemplate"));
  out.controlRefTemplate.keyType = c.bytes(kTagContext0, "keyType", 1, 1)[0];
  out.controlRefTemplate.keyLen = c.bytes(kTagContext1, "keyLen", 1, 1)[0];
  out.controlRefTemplate.hostId = c.bytes(kTagHostId, "hostId", 1, kMaxHostId);
  c.end();
  out.smdpOtpk = copyBytes(otpk.value);
  out.smdpSign = copyBytes(sign.value);
  // signedPart: from the start of the value to the start of smdpSign.
  out.signedPart =
      Bytes(bf23.value.begin(), bf23.value.begin() + (sign.encoded.data() - bf23.value.data()));
  out.raw = copyBytes(bf23.encoded);
  return out;
}

// readList reads the elements of an A0/A1/A2/A3 list, each with |itemTag|.
std::vector<Bytes> readList(const der::Element &list, TagValue itemTag, const char *name,
                            const Ctx &ctx) {
  std::vector<Bytes> out;
  der::Reader reader(list.value);
  der::Element e;
  for (der::Status s = reader.next(e); s != der::Status::end; s = reader.next(e)) {
    const std::string item = std::string(name) + " #" + std::to_string(out.size() + 1);
    if (s != der::Status::ok) ctx.malformed(item + ": " + der::statusText(s));
    if (e.tag != itemTag) {
      ctx.malformed(item + " has tag " + der::tagText(e.tag) + ", expected " +
                    der::tagText(itemTag));
    }
    out.push_back(copyBytes(e.encoded));
  }
  return out;
}

std::size_t headerLength(const der::Element &e) {
  return e.encoded.size() - e.value.size();
}

std::size_t offsetIn(ByteView whole, ByteView part) {
  return static_cast<std::size_t>(part.data() - whole.data());
}

} // namespace

// ---- InitialiseSecureChannel ----

Bytes initialiseSecureChannelSignedPart(const InitialiseSecureChannelRequest &value) {
  const Ctx ctx(kInitialiseSecureChannel, Ctx::request);
  checkArgLength(ctx, "transactionId", value.transactionId.size(), 1, kMaxTransactionId);
  checkArgLength(ctx, "hostId", value.controlRefTemplate.hostId.size(), 1, kMaxHostId);
  checkArgLength(ctx, "smdpOtpk", value.smdpOtpk.size(), 1, kMaxOtpk);
  Bytes out;
  appendInteger(out, kTagRemoteOpId, static_cast<long>(value.remoteOpId));
  der::appendTlv(out, kTagContext0, value.transactionId);
  Bytes crt;
  der::appendTlv(crt, kTagContext0, ByteView(&value.controlRefTemplate.keyType, 1));
  der::appendTlv(crt, kTagContext1, ByteView(&value.controlRefTemplate.keyLen, 1));
  der::appendTlv(crt, kTagHostId, value.controlRefTemplate.hostId);
  der::appendTlv(out, kTagControlRefTemplate, crt);
  der::appendTlv(out, kTagOtpk, value.smdpOtpk);
  return out;
}

Bytes encodeInitialiseSecureChannelRequest(const InitialiseSecureChannelRequest &value) {
  Bytes body = initialiseSecureChannelSignedPart(value);
  der::appendTlv(body, kTagEuiccSignature, value.smdpSign);
  return wrap(kTagInitialiseSecureChannel, body);
}

InitialiseSecureChannelRequest decodeInitialiseSecureChannelRequest(ByteView der) {
  const Ctx ctx(kInitialiseSecureChannel, Ctx::request);
  return readInitialiseSecureChannel(topElement(der, kTagInitialiseSecureChannel, ctx), ctx);
}

// ---- BoundProfilePackage ----

Bytes encodeBoundProfilePackage(const BoundProfilePackage &bpp) {
  const Ctx ctx(kLoadBpp, Ctx::request);
  singleTlv(bpp.initialiseSecureChannelRequest, kTagInitialiseSecureChannel, ctx,
            "initialiseSecureChannelRequest");
  const auto list = [&](const std::vector<Bytes> &items, TagValue listTag, TagValue itemTag,
                        const char *name) {
    Bytes value;
    for (const Bytes &item : items) {
      singleTlv(item, itemTag, ctx, name);
      append(value, item);
    }
    return wrap(listTag, value);
  };
  Bytes body = bpp.initialiseSecureChannelRequest;
  append(body, list(bpp.firstSequenceOf87, kTagFirstSequenceOf87, kTagBpp87, "firstSequenceOf87"));
  append(body, list(bpp.sequenceOf88, kTagSequenceOf88, kTagBpp88, "sequenceOf88"));
  if (bpp.secondSequenceOf87) {
    append(body,
           list(*bpp.secondSequenceOf87, kTagSecondSequenceOf87, kTagBpp87, "secondSequenceOf87"));
  }
  append(body, list(bpp.sequenceOf86, kTagSequenceOf86, kTagBpp86, "sequenceOf86"));
  return wrap(kTagBoundProfilePackage, body);
}

BoundProfilePackage decodeBoundProfilePackage(ByteView der) {
  const Ctx ctx(kLoadBpp, Ctx::request);
  Fields f(topElement(der, kTagBoundProfilePackage, ctx).value, ctx);
  BoundProfilePackage out;
  const der::Element bf23 =
      f.element(kTagInitialiseSecureChannel, "initialiseSecureChannelRequest");
  readInitialiseSecureChannel(bf23, ctx); // checks its fields
  out.initialiseSecureChannelRequest = copyBytes(bf23.encoded);
  out.firstSequenceOf87 = readList(f.element(kTagFirstSequenceOf87, "firstSequenceOf87"), kTagBpp87,
                                   "firstSequenceOf87", ctx);
  out.sequenceOf88 =
      readList(f.element(kTagSequenceOf88, "sequenceOf88"), kTagBpp88, "sequenceOf88", ctx);
  if (auto a2 = f.optional(kTagSecondSequenceOf87, "secondSequenceOf87")) {
    out.secondSequenceOf87 = readList(*a2, kTagBpp87, "secondSequenceOf87", ctx);
  }
  out.sequenceOf86 =
      readList(f.element(kTagSequenceOf86, "sequenceOf86"), kTagBpp86, "sequenceOf86", ctx);
  f.end();
  return out;
}

std::vector<BppSegment> splitBoundProfilePackage(ByteView der) {
  const Ctx ctx(kLoadBpp, Ctx::request);
  decodeBoundProfilePackage(der); // checks the whole structure first
  Fields f(topElement(der, kTagBoundProfilePackage, ctx).value, ctx);
  std::vector<BppSegment> out;
  const der::Element bf23 =
      f.element(kTagInitialiseSecureChannel, "initialiseSecureChannelRequest");
  // 1: BF36 tag+length and the whole BF23.
  out.push_back({BppSegmentKind::initialiseSecureChannel, 0,
                 offsetIn(der, bf23.encoded) + bf23.encoded.size()});
  // 2: the whole A0.
  const der::Element a0 = f.element(kTagFirstSequenceOf87, "firstSequenceOf87");
  out.push_back({BppSegmentKind::firstSequenceOf87, offsetIn(der, a0.encoded), a0.encoded.size()});
  // 3: the A1 header, then each 88.
  const der::Element a1 = f.element(kTagSequenceOf88, "sequenceOf88");
  out.push_back({BppSegmentKind::sequenceOf88Header, offsetIn(der, a1.encoded), headerLength(a1)});
  der::Reader items88(a1.value);
  for (der::Element e; items88.next(e) == der::Status::ok;) {
    out.push_back({BppSegmentKind::storeMetadata88, offsetIn(der, e.encoded), e.encoded.size()});
  }
  // 4: the whole A2, if present.
  if (auto a2 = f.optional(kTagSecondSequenceOf87, "secondSequenceOf87")) {
    out.push_back(
        {BppSegmentKind::secondSequenceOf87, offsetIn(der, a2->encoded), a2->encoded.size()});
  }
  // 5: the A3 header, then each 86.
  const der::Element a3 = f.element(kTagSequenceOf86, "sequenceOf86");
  out.push_back({BppSegmentKind::sequenceOf86Header, offsetIn(der, a3.encoded), headerLength(a3)});
  der::Reader items86(a3.value);
  for (der::Element e; items86.next(e) == der::Status::ok;) {
    out.push_back({BppSegmentKind::profileElements86, offsetIn(der, e.encoded), e.encoded.size()});
  }
  return out;
}

BppFirstCommand decodeBppFirstCommand(ByteView command) {
  const Ctx ctx(kLoadBpp, Ctx::request);
  TagValue tag = 0;
  std::size_t tagLength = 0;
  const der::Status tagStatus = der::readTag(command, tag, tagLength);
  if (tagStatus != der::Status::ok) {
    ctx.malformed(std::string("BoundProfilePackage tag: ") + der::statusText(tagStatus));
  }
  if (tag != kTagBoundProfilePackage) {
    ctx.malformed("first command has tag " + der::tagText(tag) + ", expected " +
                  der::tagText(kTagBoundProfilePackage));
  }
  // Read the BF36 length by hand: its value continues in later commands.
  const ByteView rest = command.subspan(tagLength);
  if (rest.empty()) ctx.malformed("BoundProfilePackage length is missing");
  std::size_t length = 0;
  std::size_t lengthOctets = 1;
  if (rest[0] < 0x80) {
    length = rest[0];
  } else {
    const std::size_t n = rest[0] & 0x7F;
    if (n == 0 || n > 4 || rest.size() < 1 + n) {
      ctx.malformed("BoundProfilePackage length is not a definite DER length");
    }
    for (std::size_t i = 1; i <= n; ++i)
      length = (length << 8) | rest[i];
    lengthOctets = 1 + n;
    if ((n == 1 && length < 0x80) || rest[1] == 0) {
      ctx.malformed("BoundProfilePackage length is not in minimal form");
    }
  }
  BppFirstCommand out;
  out.boundProfilePackageLength = length;
  out.headerLength = tagLength + lengthOctets;
  const ByteView inner = command.subspan(out.headerLength);
  const der::Element bf23 =
      topElement(inner, kTagInitialiseSecureChannel, ctx.at("initialiseSecureChannelRequest"));
  if (bf23.encoded.size() > length) {
    ctx.malformed("initialiseSecureChannelRequest is longer than the BoundProfilePackage");
  }
  out.initialiseSecureChannelRequest = readInitialiseSecureChannel(bf23, ctx);
  return out;
}

} // namespace esim::codec
