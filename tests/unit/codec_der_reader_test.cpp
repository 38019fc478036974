// Tests of the DER TLV reader/writer of the codec (src/codec/der_reader.hpp)
// with hand-written byte strings.
#include <gtest/gtest.h>

#include "codec/der_reader.hpp"
#include "codec/tags.hpp"
#include "esim/bytes.hpp"

namespace {

using esim::Bytes;
using esim::fromHex;
using esim::codec::TagValue;
namespace der = esim::codec::der;

der::Status readOne(const Bytes &input, der::Element &element) {
  der::Reader reader(input);
  return reader.next(element);
}

TEST(CodecDerReader, ReadsOneOctetTag) {
  const Bytes input = fromHex("5A 02 98 44"); // [APPLICATION 26] primitive, 2 bytes
  der::Element element;
  ASSERT_EQ(readOne(input, element), der::Status::ok);
  EXPECT_EQ(element.tag, esim::codec::kTagIccid);
  EXPECT_EQ(Bytes(element.value.begin(), element.value.end()), fromHex("9844"));
  EXPECT_EQ(element.encoded.size(), 4u);
  EXPECT_FALSE(der::isConstructed(element.tag));
}

TEST(CodecDerReader, ReadsTwoOctetTags) {
  der::Element element;
  ASSERT_EQ(readOne(fromHex("BF2D 00"), element), der::Status::ok); // [45] constructed, empty
  EXPECT_EQ(element.tag, 0xBF2Du);
  EXPECT_TRUE(element.value.empty());
  EXPECT_TRUE(der::isConstructed(element.tag));
  ASSERT_EQ(readOne(fromHex("9F70 01 01"), element), der::Status::ok); // [112] primitive
  EXPECT_EQ(element.tag, esim::codec::kTagProfileState);
  EXPECT_FALSE(der::isConstructed(element.tag));
  ASSERT_EQ(readOne(fromHex("5F37 01 AA"), element), der::Status::ok); // [APPLICATION 55]
  EXPECT_EQ(element.tag, esim::codec::kTagEuiccSignature);
}

TEST(CodecDerReader, ReadsThreeOctetTag) {
  der::Element element;
  // [200] context primitive: 9F 81 48 (200 = 1*128 + 72).
  ASSERT_EQ(readOne(fromHex("9F8148 01 00"), element), der::Status::ok);
  EXPECT_EQ(element.tag, 0x9F8148u);
}

TEST(CodecDerReader, ReadsLongFormLengths) {
  Bytes input = fromHex("04 81 80"); // OCTET STRING, 128 bytes
  input.resize(3 + 128, 0xEE);
  der::Element element;
  ASSERT_EQ(readOne(input, element), der::Status::ok);
  EXPECT_EQ(element.value.size(), 128u);
  EXPECT_EQ(element.encoded.size(), input.size());

  input = fromHex("04 82 01 00"); // 256 bytes
  input.resize(4 + 256, 0xEE);
  ASSERT_EQ(readOne(input, element), der::Status::ok);
  EXPECT_EQ(element.value.size(), 256u);
}

TEST(CodecDerReader, WalksSiblingsAndKeepsExactBytes) {
  // A0 { 80 01 05 } followed by 81 01 7F.
  const Bytes input = fromHex("A0 03 800105 81 01 7F");
  der::Reader reader(input);
  der::Element first;
  der::Element second;
  ASSERT_EQ(reader.next(first), der::Status::ok);
  ASSERT_EQ(reader.next(second), der::Status::ok);
  EXPECT_TRUE(reader.empty());
  der::Element end;
  EXPECT_EQ(reader.next(end), der::Status::end);
  EXPECT_EQ(Bytes(first.encoded.begin(), first.encoded.end()), fromHex("A003800105"));
  EXPECT_EQ(Bytes(second.value.begin(), second.value.end()), fromHex("7F"));
  der::Reader inner(first.value);
  der::Element child;
  ASSERT_EQ(inner.next(child), der::Status::ok);
  EXPECT_EQ(child.tag, 0x80u);
}

TEST(CodecDerReader, RejectsBadInput) {
  der::Element element;
  EXPECT_EQ(readOne({}, element), der::Status::end);
  EXPECT_EQ(readOne(fromHex("BF"), element), der::Status::truncated);         // tag cut
  EXPECT_EQ(readOne(fromHex("BF2D"), element), der::Status::truncated);       // no length
  EXPECT_EQ(readOne(fromHex("04 05 0102"), element), der::Status::truncated); // value cut
  EXPECT_EQ(readOne(fromHex("04 82 01"), element), der::Status::truncated);   // length cut
  EXPECT_EQ(readOne(fromHex("30 80 0000"), element), der::Status::indefiniteLength);
  EXPECT_EQ(readOne(fromHex("04 81 05 0102030405"), element),
            der::Status::badLength); // not minimal
  EXPECT_EQ(readOne(fromHex("04 82 0005 0102030405"), element), der::Status::badLength);
  EXPECT_EQ(readOne(fromHex("04 FF"), element), der::Status::badLength); // reserved
  EXPECT_EQ(readOne(fromHex("04 85 0000000001 00"), element), der::Status::badLength);
  EXPECT_EQ(readOne(fromHex("1F 80 01 00"), element), der::Status::badTag); // leading zero septet
  EXPECT_EQ(readOne(fromHex("9F 05 00"), element), der::Status::badTag);    // 5 fits one octet
  EXPECT_EQ(readOne(fromHex("9F 81 81 81 01 00"), element), der::Status::badTag); // 5 octets
}

TEST(CodecDerReader, FailedReadLeavesReaderUnchanged) {
  const Bytes input = fromHex("04 05 01");
  der::Reader reader(input);
  der::Element element;
  EXPECT_EQ(reader.next(element), der::Status::truncated);
  EXPECT_EQ(reader.rest().size(), input.size());
}

TEST(CodecDerReader, ReadTagOnly) {
  TagValue tag = 0;
  std::size_t length = 0;
  const Bytes input = fromHex("BF3E 03 5C015A");
  ASSERT_EQ(der::readTag(input, tag, length), der::Status::ok);
  EXPECT_EQ(tag, esim::codec::kTagGetEid);
  EXPECT_EQ(length, 2u);
}

TEST(CodecDerWriter, WritesMinimalLengthsAndTags) {
  Bytes out;
  der::appendLength(out, 0x7F);
  EXPECT_EQ(out, fromHex("7F"));
  out.clear();
  der::appendLength(out, 0x80);
  EXPECT_EQ(out, fromHex("8180"));
  out.clear();
  der::appendLength(out, 0x100);
  EXPECT_EQ(out, fromHex("820100"));
  out.clear();
  der::appendTlv(out, esim::codec::kTagProfileInfoList, fromHex("0102"));
  EXPECT_EQ(out, fromHex("BF2D 02 0102"));
  out.clear();
  der::appendTlv(out, esim::codec::kTagIccid, {});
  EXPECT_EQ(out, fromHex("5A00"));
}

TEST(CodecDerWriter, TagText) {
  EXPECT_EQ(der::tagText(0xBF2D), "BF2D");
  EXPECT_EQ(der::tagText(0x5A), "5A");
  EXPECT_EQ(der::tagText(0x00), "00");
  EXPECT_EQ(der::tagText(0x9F8148), "9F8148");
}

} // namespace
