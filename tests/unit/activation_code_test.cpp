// parseActivationCode / toString (SGP.22 4.1): the forms real activation
// codes take (lpac, pySim, OpenEUICC and their users' issues, see
// ../shared/docs/sgp22-download-facts.md section 1 and download-anchors.md
// section 2), and the errors for everything else.
#include "esim/activation_code.hpp"

#include <string>

#include <gtest/gtest.h>

#include "esim/error.hpp"

namespace esim {
namespace {

ActivationCode code(std::string address, std::string matchingId, std::string oid = {},
                    bool cc = false) {
  ActivationCode c;
  c.smdpAddress = std::move(address);
  c.matchingId = SecretString(matchingId);
  c.smdpOid = std::move(oid);
  c.confirmationCodeRequired = cc;
  return c;
}

// parseError returns the Error of parseActivationCode(|text|) (failing the
// test if there is none).
Error parseError(std::string_view text) {
  try {
    (void)parseActivationCode(text);
  } catch (const Error &e) {
    return e;
  }
  ADD_FAILURE() << "accepted \"" << text << "\"";
  return Error(Errc::internal, "accepted");
}

void expectError(std::string_view text, const std::string &part) {
  const Error e = parseError(text);
  EXPECT_EQ(e.code(), Errc::invalidArgument) << text;
  EXPECT_NE(std::string(e.what()).find(part), std::string::npos)
      << "\"" << text << "\": " << e.what();
}

TEST(ActivationCode, TruphoneTestCode) {
  // lpac docs/USAGE.md, and the code of both real download traces.
  EXPECT_EQ(parseActivationCode("LPA:1$rsp.truphone.com$QR-G-5C-1LS-1W1Z9P7"),
            code("rsp.truphone.com", "QR-G-5C-1LS-1W1Z9P7"));
}

TEST(ActivationCode, PrefixOptionalAndInAnyCase) {
  const ActivationCode expected = code("smdp.example.com", "ABC-123");
  for (const char *text : {"LPA:1$smdp.example.com$ABC-123", "lpa:1$smdp.example.com$ABC-123",
                           "Lpa:1$smdp.example.com$ABC-123", "1$smdp.example.com$ABC-123"}) {
    EXPECT_EQ(parseActivationCode(text), expected) << text;
  }
}

TEST(ActivationCode, EmptyOidWithCcFlagLpacIssue153) {
  EXPECT_EQ(parseActivationCode("LPA:1$host.example$token$$1"),
            code("host.example", "token", "", true));
}

TEST(ActivationCode, OidAndCcFlag) {
  // EasyLPAC #20: a 4th field (the OID) must be accepted.
  EXPECT_EQ(parseActivationCode("LPA:1$smdp.example.com$K2-1AB2C-3DEF4$2.999.10"),
            code("smdp.example.com", "K2-1AB2C-3DEF4", "2.999.10"));
  EXPECT_EQ(parseActivationCode("LPA:1$smdp.example.com$K2$1.3.6.1.4.1.30277.1.1.1$1"),
            code("smdp.example.com", "K2", "1.3.6.1.4.1.30277.1.1.1", true));
}

TEST(ActivationCode, CcFlagZeroOrEmptyMeansNotRequired) {
  EXPECT_FALSE(parseActivationCode("LPA:1$smdp.example$A$$0").confirmationCodeRequired);
  EXPECT_FALSE(parseActivationCode("LPA:1$smdp.example$A$$").confirmationCodeRequired);
  EXPECT_FALSE(parseActivationCode("LPA:1$smdp.example$A$2.999.10").confirmationCodeRequired);
}

TEST(ActivationCode, EmptyMatchingId) {
  EXPECT_EQ(parseActivationCode("LPA:1$smdp.example$"), code("smdp.example", ""));
  EXPECT_EQ(parseActivationCode("LPA:1$smdp.example$$2.999.10"),
            code("smdp.example", "", "2.999.10"));
}

TEST(ActivationCode, V3FieldsAreIgnored) {
  EXPECT_EQ(parseActivationCode("LPA:1$smdp.example$ABC$2.999.10$1$"
                                "F54172BDF98A95D65CBEB88A38A1C11D800A85C3$1"),
            code("smdp.example", "ABC", "2.999.10", true));
  EXPECT_EQ(parseActivationCode("LPA:1$smdp.example$ABC$$$$"), code("smdp.example", "ABC"));
}

TEST(ActivationCode, SurroundingWhitespaceTrimmed) {
  EXPECT_EQ(parseActivationCode("  LPA:1$smdp.example$ABC\r\n"), code("smdp.example", "ABC"));
  EXPECT_EQ(parseActivationCode("\tLPA:1$smdp.example$ABC$$1 \n"),
            code("smdp.example", "ABC", "", true));
}

TEST(ActivationCode, AddressWithPortOrIpv4) {
  EXPECT_EQ(parseActivationCode("LPA:1$localhost:8443$DEMO"), code("localhost:8443", "DEMO"));
  EXPECT_EQ(parseActivationCode("1$127.0.0.1$x-Y-9"), code("127.0.0.1", "x-Y-9"));
}

TEST(ActivationCode, ShellAteTheDollarParts) {
  // lpac #417: `-a LPA:1$rsp.truphone.com$QR-G-5C-1LS-1W1Z9P7` unquoted:
  // the shell expands $rsp and $QR to nothing.
  Error e = parseError("LPA:1.truphone.com-G-5C-1LS-1W1Z9P7");
  EXPECT_EQ(e.code(), Errc::invalidArgument);
  EXPECT_NE(std::string(e.what()).find("no \"$\""), std::string::npos) << e.what();
  EXPECT_NE(e.hint().find("single quotes"), std::string::npos) << e.hint();
  // $1 is a positional parameter, $$ the shell's PID.
  expectError("LPA:1.2.3.4", "no \"$\"");
  expectError("LPA:1123451", "no \"$\"");
  // Only the MatchingID's "$..." eaten, in a shell that kept the rest.
  e = parseError("LPA:1$smdp.example");
  EXPECT_NE(std::string(e.what()).find("field 3 (MatchingID) is missing at position 19"),
            std::string::npos)
      << e.what();
  EXPECT_NE(e.hint().find("single quotes"), std::string::npos) << e.hint();
}

TEST(ActivationCode, EmptyInput) {
  expectError("", "it is empty");
  expectError("  \n", "it is empty");
  expectError("LPA:", "it is empty");
}

TEST(ActivationCode, FormatOtherThanOne) {
  expectError("LPA:2$smdp.example$ABC", "field 1 (AC_Format) at position 5 is \"2\"");
  expectError("$smdp.example$ABC", "field 1 (AC_Format) at position 1 is \"\"");
  expectError("LPA:01$smdp.example$ABC", "only format 1 is defined");
  expectError("LPA:LPA:1$smdp.example$ABC", "field 1 (AC_Format) at position 5");
}

TEST(ActivationCode, BadAddress) {
  expectError("LPA:1$$ABC", "field 2 (SM-DP+ address) at position 7 is empty");
  expectError("LPA:1$https://smdp.example$ABC",
              "field 2 (SM-DP+ address) at position 7, \"https://smdp.example\", is not a host "
              "name with an optional :PORT");
  expectError("LPA:1$smdp.example/path$ABC", "field 2 (SM-DP+ address)");
  expectError("LPA:1$smdp.example:0$ABC", "field 2 (SM-DP+ address)");
  expectError("LPA:1$smdp .example$ABC", "field 2 (SM-DP+ address)");
  expectError("LPA:1$smdp.example.$ABC", "field 2 (SM-DP+ address)");
  // Positions count in the input as given, leading white space included.
  expectError("  LPA:1$-bad$ABC", "field 2 (SM-DP+ address) at position 9");
}

TEST(ActivationCode, BadMatchingIdNamesCharacterNotValue) {
  Error e = parseError("LPA:1$smdp.example$SECRET_1");
  const std::string what = e.what();
  EXPECT_NE(what.find("field 3 (MatchingID) at position 20 has the character '_' at position 26"),
            std::string::npos)
      << what;
  EXPECT_EQ(what.find("SECRET"), std::string::npos) << "the MatchingID was quoted: " << what;
  expectError("LPA:1$smdp.example$A B", "character ' '");
  expectError("LPA:1$smdp.example$A\x1b[2J", "character '\\x1B'");
  expectError("LPA:1$smdp.example$caf\xc3\xa9", "character '\\xC3'");
}

TEST(ActivationCode, BadOid) {
  expectError("LPA:1$smdp.example$ABC$2.999.", "field 4 (SM-DP+ OID) at position 24, \"2.999.\"");
  expectError("LPA:1$smdp.example$ABC$2", "field 4 (SM-DP+ OID)");
  expectError("LPA:1$smdp.example$ABC$3.1", "field 4 (SM-DP+ OID)");
  expectError("LPA:1$smdp.example$ABC$2..1", "field 4 (SM-DP+ OID)");
  expectError("LPA:1$smdp.example$ABC$1.2.x", "not an OID in dotted decimal");
}

TEST(ActivationCode, BadCcFlag) {
  expectError("LPA:1$smdp.example$ABC$$2", "field 5 (CC required flag) at position 25 is \"2\"");
  expectError("LPA:1$smdp.example$ABC$$yes", "field 5 (CC required flag)");
  expectError("LPA:1$smdp.example$ABC$$ 1", "field 5 (CC required flag)");
}

TEST(ActivationCode, TooManyFields) {
  expectError("LPA:1$smdp.example$ABC$$$$$", "it has 8 fields, at most 7");
}

TEST(ActivationCode, ToStringShortestForm) {
  EXPECT_EQ(toString(code("rsp.truphone.com", "QR-G-5C-1LS-1W1Z9P7")),
            "LPA:1$rsp.truphone.com$QR-G-5C-1LS-1W1Z9P7");
  EXPECT_EQ(toString(code("host.example", "token", "", true)), "LPA:1$host.example$token$$1");
  EXPECT_EQ(toString(code("smdp.example:8443", "", "2.999.10")),
            "LPA:1$smdp.example:8443$$2.999.10");
  EXPECT_EQ(toString(code("smdp.example", "A", "2.999.10", true)),
            "LPA:1$smdp.example$A$2.999.10$1");
}

TEST(ActivationCode, ToStringRoundTrips) {
  for (const char *text : {"lpa:1$smdp.example$ABC$$0", "1$host$token$$1", " LPA:1$h$$$$$ ",
                           "LPA:1$smdp.example$K2$1.3.6.1$1$x$y"}) {
    const ActivationCode parsed = parseActivationCode(text);
    EXPECT_EQ(parseActivationCode(toString(parsed)), parsed) << text;
  }
}

TEST(ActivationCode, ToStringRefusesWhatCannotBeParsed) {
  for (const ActivationCode &bad :
       {code("", "A"), code("smdp.example$x", "A"), code("smdp.example", "A$B"),
        code("smdp.example", "A", "2.x")}) {
    try {
      (void)toString(bad);
      ADD_FAILURE() << "accepted " << bad.smdpAddress;
    } catch (const Error &e) {
      EXPECT_EQ(e.code(), Errc::invalidArgument);
      EXPECT_EQ(std::string(e.what()).find("A$B"), std::string::npos) << e.what();
    }
  }
}

} // namespace
} // namespace esim
