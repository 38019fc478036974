// A software SM-DP+ for the emulator's download tests: DPauth/DPpb
// certificates made with the openssl command under the shared bench's test
// CI (role policies and the SM-DP+ OID 2.999.10 in the subjectAltName, as
// in SGP.26), and the SM-DP+'s side of each step built by hand: signed
// serverSigned1 / smdpSigned2, and a BPP bound with tools/bsp.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "bsp/ec_key.hpp"
#include "bsp/kdf.hpp"
#include "bsp/replace_session_keys.hpp"
#include "bsp/scp03t.hpp"
#include "codec/der_reader.hpp"
#include "emu_bench_fixture.hpp"

namespace emu_test {

namespace der = esim::codec::der;

inline esim::Bytes tlv(esim::codec::TagValue tag, esim::ByteView value) {
  esim::Bytes out;
  der::appendTlv(out, tag, value);
  return out;
}

inline esim::Bytes cat(std::initializer_list<esim::ByteView> parts) {
  esim::Bytes out;
  for (esim::ByteView p : parts)
    out.insert(out.end(), p.begin(), p.end());
  return out;
}

inline esim::Bytes randomBytes(std::size_t n) {
  esim::Bytes b(n);
  RAND_bytes(b.data(), static_cast<int>(n));
  return b;
}

inline esim::Bytes pemToDer(const fs::path &pem) {
  std::unique_ptr<FILE, int (*)(FILE *)> f(std::fopen(pem.c_str(), "r"), std::fclose);
  X509 *cert = PEM_read_X509(f.get(), nullptr, nullptr, nullptr);
  unsigned char *out = nullptr;
  int n = i2d_X509(cert, &out);
  esim::Bytes der(out, out + n);
  OPENSSL_free(out);
  X509_free(cert);
  return der;
}

// signRaw signs |msg| with the PEM key |keyPath|, ECDSA SHA-256, r||s.
inline esim::Bytes signRaw(const fs::path &keyPath, esim::ByteView msg) {
  std::unique_ptr<FILE, int (*)(FILE *)> f(std::fopen(keyPath.c_str(), "r"), std::fclose);
  EVP_PKEY *key = PEM_read_PrivateKey(f.get(), nullptr, nullptr, nullptr);
  EVP_MD_CTX *ctx = EVP_MD_CTX_new();
  std::size_t len = 0;
  EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr, key);
  EVP_DigestSign(ctx, nullptr, &len, msg.data(), msg.size());
  esim::Bytes sig(len);
  EVP_DigestSign(ctx, sig.data(), &len, msg.data(), msg.size());
  EVP_MD_CTX_free(ctx);
  EVP_PKEY_free(key);
  const unsigned char *p = sig.data();
  ECDSA_SIG *s = d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(len));
  esim::Bytes rs(64);
  BN_bn2binpad(ECDSA_SIG_get0_r(s), rs.data(), 32);
  BN_bn2binpad(ECDSA_SIG_get0_s(s), rs.data() + 32, 32);
  ECDSA_SIG_free(s);
  return rs;
}

// SmdpPki is a DPauth and a DPpb certificate (and keys) under one CI.
struct SmdpPki {
  fs::path dir;
  esim::Bytes dpAuthCert, dpPbCert;
  fs::path dpAuthKey, dpPbKey;
  esim::Bytes ciSki;
  bsp::Curve curve = bsp::Curve::nistP256; // of CERT.DPpb's key: ECKA runs on it
};

// makeSmdpPki issues DPauth and DPpb under |ciCert|/|ciKey| into |dir|
// (|ciCert| empty: a fresh, untrusted CI is made there first).
inline SmdpPki makeSmdpPki(const fs::path &dir, fs::path ciCert = {}, fs::path ciKey = {}) {
  fs::create_directories(dir);
  std::ofstream(dir / "ext.cnf") << "[ci]\nbasicConstraints=critical,CA:TRUE\n"
                                    "subjectKeyIdentifier=hash\n"
                                    "[dpauth]\ncertificatePolicies=2.23.146.1.2.1.4\n"
                                    "subjectAltName=RID:2.999.10\n"
                                    "authorityKeyIdentifier=keyid\n"
                                    "subjectKeyIdentifier=hash\n"
                                    "[dppb]\ncertificatePolicies=2.23.146.1.2.1.5\n"
                                    "subjectAltName=RID:2.999.10\n"
                                    "authorityKeyIdentifier=keyid\n"
                                    "subjectKeyIdentifier=hash\n";
  const std::string d = dir.string();
  auto run = [](const std::string &cmd) {
    ASSERT_EQ(std::system((cmd + " >/dev/null 2>&1").c_str()), 0) << cmd;
  };
  if (ciCert.empty()) {
    ciCert = dir / "ci.pem";
    ciKey = dir / "ci.key";
    run("openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout " + d +
        "/ci.key -out " + d + "/ci.pem -subj /CN=OtherCI -days 30 -extensions ci -config " + d +
        "/ext.cnf");
  }
  for (const char *role : {"dpauth", "dppb"}) {
    const std::string r = d + "/" + role;
    run("openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout " + r +
        ".key -out " + r + ".csr -subj /CN=" + role + " -config " + d + "/ext.cnf");
    run("openssl x509 -req -in " + r + ".csr -CA " + ciCert.string() + " -CAkey " + ciKey.string() +
        " -CAcreateserial -days 30 -out " + r + ".pem -extfile " + d + "/ext.cnf -extensions " +
        role);
  }
  SmdpPki pki;
  pki.dir = dir;
  pki.dpAuthCert = pemToDer(dir / "dpauth.pem");
  pki.dpPbCert = pemToDer(dir / "dppb.pem");
  pki.dpAuthKey = dir / "dpauth.key";
  pki.dpPbKey = dir / "dppb.key";
  {
    std::unique_ptr<FILE, int (*)(FILE *)> f(std::fopen(ciCert.c_str(), "r"), std::fclose);
    X509 *ci = PEM_read_X509(f.get(), nullptr, nullptr, nullptr);
    const ASN1_OCTET_STRING *ski = X509_get0_subject_key_id(ci);
    pki.ciSki.assign(ASN1_STRING_get0_data(ski),
                     ASN1_STRING_get0_data(ski) + ASN1_STRING_length(ski));
    X509_free(ci);
  }
  return pki;
}

// issueServerCert issues |name|.pem and |name|.key (P-256) in |dir| under
// |ciCert|/|ciKey| with the certificatePolicies |policy| and the
// registeredID |rid| in the subjectAltName, as an RSP server certificate
// (DPauth, DSauth, a TLS certificate) has them; returns its DER.
inline esim::Bytes issueServerCert(const fs::path &dir, const std::string &name,
                                   const std::string &policy, const std::string &rid,
                                   const fs::path &ciCert, const fs::path &ciKey) {
  fs::create_directories(dir);
  const std::string base = (dir / name).string();
  std::ofstream(base + ".cnf") << "[role]\ncertificatePolicies=" << policy
                               << "\nsubjectAltName=RID:" << rid
                               << "\nauthorityKeyIdentifier=keyid\nsubjectKeyIdentifier=hash\n";
  for (const std::string &cmd :
       {"openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout " + base +
            ".key -out " + base + ".csr -subj /CN=" + name,
        "openssl x509 -req -in " + base + ".csr -CA " + ciCert.string() + " -CAkey " +
            ciKey.string() + " -CAcreateserial -days 30 -out " + base + ".pem -extfile " + base +
            ".cnf -extensions role"}) {
    EXPECT_EQ(std::system((cmd + " >/dev/null 2>&1").c_str()), 0) << cmd;
  }
  return pemToDer(dir / (name + ".pem"));
}

// BppOptions shape the BPP the test SM-DP+ binds.
struct BppOptions {
  std::string iccidBcd = "98001032547698103214"; // ICCID 89000123456789012341
  std::string headerIccidBcd; // as StoreMetadata has it (swapped); empty: as iccidBcd
  esim::Bytes eid;            // empty: the card's
  bool replaceSessionKeys = false;
  std::size_t profileBytes = 3000;
  // metadataTail is appended to StoreMetadataRequest after its
  // notificationConfigurationInfo (profileOwner B7, profilePolicyRules 99).
  esim::Bytes metadataTail;
};

// bindBpp returns the BF36 for transaction |tid| and otPK.EUICC |euiccOtpk|.
inline esim::Bytes bindBpp(const SmdpPki &pki, esim::ByteView tid, esim::ByteView euiccOtpk,
                           esim::ByteView cardEid, const BppOptions &o = {}) {
  const bsp::EcPrivateKey otSk = bsp::EcPrivateKey::generate(pki.curve);
  const esim::Bytes smdpOtpk = otSk.publicKey().point();
  bsp::SharedInfo info;
  info.hostId = esim::fromHex("0102030405060708");
  info.eid = o.eid.empty() ? esim::Bytes(cardEid.begin(), cardEid.end()) : o.eid;
  const bsp::SessionKeys keys =
      bsp::deriveSessionKeys(otSk, bsp::EcPublicKey::fromPoint(pki.curve, euiccOtpk), info);
  const esim::Bytes crt = tlv(0xA6, cat({esim::fromHex("800188810110"), tlv(0x84, info.hostId)}));
  const esim::Bytes signedPart =
      cat({esim::fromHex("820101"), tlv(0x80, tid), crt, tlv(0x5F49, smdpOtpk)});
  const esim::Bytes smdpSign = signRaw(pki.dpPbKey, cat({signedPart, tlv(0x5F49, euiccOtpk)}));
  const esim::Bytes bf23 = tlv(0xBF23, cat({signedPart, tlv(0x5F37, smdpSign)}));

  bsp::Wrapper w(keys);
  const esim::Bytes a0 = tlv(0xA0, w.wrap(bsp::SegmentTag::encrypted87, esim::fromHex("BF2400")));
  const esim::Bytes nci =
      tlv(0xB6, tlv(0x30, cat({esim::fromHex("80020780"),
                               tlv(0x81, esim::Bytes{'s', 'm', 'd', 'p', '.', 't'})})));
  const esim::Bytes metadata =
      tlv(0xBF25, cat({tlv(0x5A, esim::fromHex(o.iccidBcd)), tlv(0x91, esim::Bytes{'S', 'P', 'N'}),
                       tlv(0x92, esim::Bytes{'T', 'e', 's', 't'}), nci, o.metadataTail}));
  const esim::Bytes a1 = tlv(0xA1, w.wrap(bsp::SegmentTag::macOnly88, metadata));
  esim::Bytes a2;
  std::optional<bsp::Wrapper> ppkWrapper;
  if (o.replaceSessionKeys) {
    bsp::SessionKeys ppk{bsp::Key128(randomBytes(16)), bsp::Key128(randomBytes(16)),
                         bsp::Key128(randomBytes(16))};
    a2 = tlv(0xA2, w.wrap(bsp::SegmentTag::encrypted87, bsp::encodeReplaceSessionKeys(ppk).view()));
    ppkWrapper.emplace(ppk);
  }
  // The ProfileHeader holds the ICCID in plain digit order, StoreMetadata
  // nibble-swapped (EF.ICCID): the header gets the option's value swapped back.
  esim::Bytes headerIccid = esim::fromHex(o.headerIccidBcd.empty() ? o.iccidBcd : o.headerIccidBcd);
  for (auto &b : headerIccid)
    b = static_cast<std::uint8_t>((b >> 4) | (b << 4));
  esim::Bytes upp = tlv(0xA0, cat({esim::fromHex("800102810103"), tlv(0x83, headerIccid)}));
  const esim::Bytes filler = tlv(0xA1, esim::Bytes(o.profileBytes, 0x5A));
  upp.insert(upp.end(), filler.begin(), filler.end());
  esim::Bytes segments;
  for (const esim::Bytes &s :
       (ppkWrapper ? *ppkWrapper : w).wrapSegments(bsp::SegmentTag::encrypted86, upp))
    segments.insert(segments.end(), s.begin(), s.end());
  return tlv(0xBF36, cat({bf23, a0, a1, a2, tlv(0xA3, segments)}));
}

} // namespace emu_test
