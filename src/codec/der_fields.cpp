// Fields and the DER helpers of the download codec (der_fields.hpp).
#include "codec/der_fields.hpp"

#include "codec/asn1_values.hpp"

namespace esim::codec {

der::Element Fields::element(TagValue tag, const char *name) {
  der::Element e;
  const der::Status status = reader_.next(e);
  if (status == der::Status::end) {
    ctx_.malformed(std::string(name) + " (" + der::tagText(tag) + ") is missing");
  }
  if (status != der::Status::ok) {
    ctx_.malformed(std::string(name) + ": " + der::statusText(status));
  }
  if (e.tag != tag) {
    ctx_.malformed(std::string(name) + " has tag " + der::tagText(e.tag) + ", expected " +
                   der::tagText(tag));
  }
  return e;
}

std::optional<der::Element> Fields::optional(TagValue tag, const char *name) {
  TagValue seen = 0;
  std::size_t tagLength = 0;
  if (der::readTag(reader_.rest(), seen, tagLength) != der::Status::ok || seen != tag) {
    return std::nullopt;
  }
  return element(tag, name);
}

Bytes Fields::bytes(TagValue tag, const char *name, std::size_t min, std::size_t max) {
  const der::Element e = element(tag, name);
  requireLength(ctx_, name, e.value.size(), min, max);
  return copyBytes(e.value);
}

std::string Fields::text(TagValue tag, const char *name) {
  const der::Element e = element(tag, name);
  return std::string(e.value.begin(), e.value.end());
}

long Fields::integer(TagValue tag, const char *name, long max) {
  return integerValue(element(tag, name).value, ctx_, name, max);
}

void Fields::end() {
  end({});
}

void Fields::end(std::initializer_list<std::pair<TagValue, const char *>> known) {
  der::Element e;
  for (der::Status status = reader_.next(e); status != der::Status::end; status = reader_.next(e)) {
    if (status != der::Status::ok) {
      ctx_.malformed(std::string("element after the known fields: ") + der::statusText(status));
    }
    for (const auto &[tag, name] : known) {
      if (e.tag == tag) {
        ctx_.malformed(std::string(name) + " (" + der::tagText(tag) +
                       ") is repeated or out of the ASN.1 order");
      }
    }
  }
}

der::Element topElement(ByteView der, TagValue tag, const Ctx &ctx) {
  checkSingleElement(der, tag, ctx);
  der::Reader reader(der);
  der::Element e;
  reader.next(e); // checked above
  return e;
}

long integerValue(ByteView contents, const Ctx &ctx, const char *name, long max) {
  if (contents.empty()) ctx.malformed(std::string(name) + " is an empty INTEGER");
  if (contents.size() > 1 && contents[0] == 0 && (contents[1] & 0x80) == 0) {
    ctx.malformed(std::string(name) + " is not minimal DER");
  }
  if ((contents[0] & 0x80) != 0) ctx.malformed(std::string(name) + " is negative");
  if (contents.size() > 4) ctx.malformed(std::string(name) + " is too large");
  long value = 0;
  for (std::uint8_t b : contents)
    value = (value << 8) | b;
  if (value > max) {
    ctx.malformed(std::string(name) + " " + std::to_string(value) + " is above " +
                  std::to_string(max));
  }
  return value;
}

bool booleanValue(ByteView contents, const Ctx &ctx, const char *name) {
  if (contents.size() != 1 || (contents[0] != 0x00 && contents[0] != 0xFF)) {
    ctx.malformed(std::string(name) + " is not a DER BOOLEAN (01 01 00 or 01 01 FF)");
  }
  return contents[0] == 0xFF;
}

der::Element singleTlv(ByteView der, TagValue tag, const Ctx &ctx, const char *name) {
  der::Reader reader(der);
  der::Element e;
  const der::Status status = reader.next(e);
  if (status != der::Status::ok) {
    ctx.invalid(std::string(name) + " is not one DER element: " + der::statusText(status));
  }
  if (!reader.empty()) {
    ctx.invalid(std::string(name) + " has " + std::to_string(reader.rest().size()) +
                " bytes after its DER element");
  }
  if (e.tag != tag) {
    ctx.invalid(std::string(name) + " has tag " + der::tagText(e.tag) + ", expected " +
                der::tagText(tag));
  }
  return e;
}

void appendInteger(Bytes &out, TagValue tag, long value) {
  Bytes contents;
  auto v = static_cast<unsigned long>(value);
  do {
    contents.insert(contents.begin(), static_cast<std::uint8_t>(v & 0xFF));
    v >>= 8;
  } while (v != 0);
  if ((contents[0] & 0x80) != 0) contents.insert(contents.begin(), 0x00);
  der::appendTlv(out, tag, contents);
}

void appendBoolean(Bytes &out, TagValue tag, bool value) {
  const std::uint8_t b = value ? 0xFF : 0x00;
  der::appendTlv(out, tag, ByteView(&b, 1));
}

Bytes wrap(TagValue tag, ByteView value) {
  Bytes out;
  der::appendTlv(out, tag, value);
  return out;
}

void checkSize(const Ctx &ctx, const char *name, std::size_t size, std::size_t min,
               std::size_t max) {
  checkArgLength(ctx, name, size, min, max);
}

} // namespace esim::codec
