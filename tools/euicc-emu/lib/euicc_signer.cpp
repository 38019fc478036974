// EuiccSigner: loading the eUICC's key and certificates with OpenSSL, and
// signing in the raw r||s form of BSI TR-03111.
#include "euicc_signer.hpp"

#include <array>
#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "esim/error.hpp"
#include "rsp_certificate.hpp"
#include "unique_fd.hpp"

namespace euicc_emu {

namespace {

// Scalars and coordinates of both SGP.22 curves (NIST P-256,
// brainpoolP256r1) are 32 bytes; r||s is twice that.
constexpr std::size_t kScalarBytes = 32;
// Key and certificate files are small; a bigger file is a wrong path.
constexpr std::size_t kMaxPkiFileBytes = 64 * 1024;

struct PkeyFree {
  void operator()(EVP_PKEY *k) const noexcept { EVP_PKEY_free(k); }
};
struct X509Free {
  void operator()(X509 *x) const noexcept { X509_free(x); }
};
struct BioFree {
  void operator()(BIO *b) const noexcept { BIO_free(b); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX *c) const noexcept { EVP_MD_CTX_free(c); }
};
struct EcdsaSigFree {
  void operator()(ECDSA_SIG *s) const noexcept { ECDSA_SIG_free(s); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;
using X509Ptr = std::unique_ptr<X509, X509Free>;
using BioPtr = std::unique_ptr<BIO, BioFree>;

// WipedBuffer holds the bytes of a file and overwrites them when it goes
// away, so that a private key read from disk does not linger in freed memory.
class WipedBuffer {
public:
  WipedBuffer() = default;
  ~WipedBuffer() { wipe(); }
  WipedBuffer(const WipedBuffer &) = delete;
  WipedBuffer &operator=(const WipedBuffer &) = delete;

  std::vector<unsigned char> &bytes() noexcept { return bytes_; }
  void wipe() noexcept {
    if (!bytes_.empty()) OPENSSL_cleanse(bytes_.data(), bytes_.size());
  }

private:
  std::vector<unsigned char> bytes_;
};

// PkiField names one of the three files for messages ("pki.euiccKey").
struct PkiField {
  std::string_view source;
  std::string name;
  std::filesystem::path path;

  [[noreturn]] void fail(const std::string &problem) const {
    throw esim::Error(esim::Errc::emulator,
                      "state file " + std::string(source) + ": pki." + name + ": " + path.string() +
                          ": " + problem,
                      "give a PEM or DER file (paths relative to the state file's directory); "
                      "`euicc-emu --state FILE --init` makes a complete test PKI, and "
                      "tools/pki/make-test-pki.sh can issue one under the SGP.26 test EUM");
  }
};

// opensslError returns and clears OpenSSL's error queue as one line.
std::string opensslError() {
  std::string out;
  while (unsigned long code = ERR_get_error()) {
    std::array<char, 256> text{};
    ERR_error_string_n(code, text.data(), text.size());
    out += (out.empty() ? "" : "; ") + std::string(text.data());
  }
  return out.empty() ? "no details from OpenSSL" : out;
}

// readFile reads |field|'s file into |out| with plain read(2), so that no
// stream buffer keeps a copy of key bytes.
void readFile(const PkiField &field, WipedBuffer &out) {
  UniqueFd fd(::open(field.path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) field.fail(std::string("cannot open: ") + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) field.fail(std::string("cannot stat: ") + std::strerror(errno));
  if (!S_ISREG(st.st_mode)) field.fail("is not a regular file");
  if (static_cast<std::size_t>(st.st_size) > kMaxPkiFileBytes)
    field.fail("is " + std::to_string(st.st_size) + " bytes; a key or certificate is far smaller");
  std::vector<unsigned char> &bytes = out.bytes();
  bytes.resize(static_cast<std::size_t>(st.st_size));
  std::size_t got = 0;
  while (got < bytes.size()) {
    ssize_t n = ::read(fd.get(), bytes.data() + got, bytes.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) field.fail(std::string("cannot read: ") + std::strerror(errno));
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  bytes.resize(got);
  if (bytes.empty()) field.fail("is empty");
}

bool looksLikePem(const std::vector<unsigned char> &bytes) {
  static constexpr std::string_view kPemStart = "-----BEGIN ";
  std::string_view text(reinterpret_cast<const char *>(bytes.data()), bytes.size());
  return text.find(kPemStart) != std::string_view::npos;
}

// noPassword refuses to decrypt: the emulator reads unencrypted keys only.
extern "C" int noPassword(char *, int, int, void *) {
  return -1;
}

PkeyPtr loadKey(const PkiField &field) {
  WipedBuffer file;
  readFile(field, file);
  const std::vector<unsigned char> &bytes = file.bytes();
  PkeyPtr key;
  ERR_clear_error();
  if (looksLikePem(bytes)) {
    BioPtr bio(BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size())));
    if (!bio) field.fail("out of memory");
    key.reset(PEM_read_bio_PrivateKey(bio.get(), nullptr, noPassword, nullptr));
  } else {
    const unsigned char *p = bytes.data();
    key.reset(d2i_AutoPrivateKey(nullptr, &p, static_cast<long>(bytes.size())));
  }
  if (!key) {
    field.fail("not a private key in PEM or DER (an encrypted key must be decrypted first: "
               "openssl pkey -in KEY -out PLAIN): " +
               opensslError());
  }
  if (EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_EC)
    field.fail("is not an EC key; the eUICC signs with ECDSA on NIST P-256 or brainpoolP256r1");
  std::array<char, 80> group{};
  std::size_t groupLength = 0;
  if (EVP_PKEY_get_group_name(key.get(), group.data(), group.size(), &groupLength) != 1)
    field.fail("EC key without a named curve: " + opensslError());
  int nid = OBJ_sn2nid(group.data());
  if (nid == NID_undef) nid = EC_curve_nist2nid(group.data());
  if (nid != NID_X9_62_prime256v1 && nid != NID_brainpoolP256r1) {
    field.fail(std::string("is on curve ") + group.data() +
               "; SGP.22 eUICCs sign with NIST P-256 (prime256v1) or brainpoolP256r1");
  }
  return key;
}

X509Ptr loadCertificate(const PkiField &field) {
  WipedBuffer file;
  readFile(field, file);
  const std::vector<unsigned char> &bytes = file.bytes();
  X509Ptr cert;
  ERR_clear_error();
  if (looksLikePem(bytes)) {
    BioPtr bio(BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size())));
    if (!bio) field.fail("out of memory");
    cert.reset(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  } else {
    const unsigned char *p = bytes.data();
    cert.reset(d2i_X509(nullptr, &p, static_cast<long>(bytes.size())));
  }
  if (!cert) field.fail("not an X.509 certificate in PEM or DER: " + opensslError());
  return cert;
}

esim::Bytes toDer(X509 *cert, const PkiField &field) {
  int length = i2d_X509(cert, nullptr);
  if (length <= 0) field.fail("cannot be encoded as DER: " + opensslError());
  esim::Bytes der(static_cast<std::size_t>(length));
  unsigned char *p = der.data();
  i2d_X509(cert, &p);
  return der;
}

[[noreturn]] void signFailure(const std::string &step) {
  throw esim::Error(esim::Errc::internal,
                    "eUICC notification signature: " + step + ": " + opensslError(),
                    "please report this; check that the OpenSSL library works");
}

} // namespace

struct EuiccSigner::Impl {
  PkeyPtr key;
  esim::Bytes euiccCertificate;
  esim::Bytes eumCertificate;
  esim::Bytes ciKeyIdentifier;
};

std::filesystem::path PkiFiles::resolve(const std::string &file) const {
  std::filesystem::path p(file);
  if (p.is_absolute() || baseDirectory.empty()) return p;
  return baseDirectory / p;
}

std::vector<EuiccCredential> PkiFiles::credentials() const {
  std::vector<EuiccCredential> out{{euiccKey, euiccCertificate, eumCertificate}};
  out.insert(out.end(), additionalCredentials.begin(), additionalCredentials.end());
  return out;
}

EuiccSigner EuiccSigner::load(const PkiFiles &files, std::string_view source) {
  return load(files, 0, source);
}

EuiccSigner EuiccSigner::load(const PkiFiles &files, std::size_t index, std::string_view source) {
  const std::vector<EuiccCredential> all = files.credentials();
  const EuiccCredential &c = all.at(index);
  const std::string prefix =
      index == 0 ? "" : "additionalCredentials[" + std::to_string(index - 1) + "].";
  PkiField keyField{source, prefix + "euiccKey", files.resolve(c.euiccKey)};
  PkiField euiccField{source, prefix + "euiccCertificate", files.resolve(c.euiccCertificate)};
  PkiField eumField{source, prefix + "eumCertificate", files.resolve(c.eumCertificate)};
  auto impl = std::make_unique<Impl>();
  impl->key = loadKey(keyField);
  X509Ptr euicc = loadCertificate(euiccField);
  X509Ptr eum = loadCertificate(eumField);
  ERR_clear_error();
  if (X509_check_private_key(euicc.get(), impl->key.get()) != 1) {
    ERR_clear_error();
    keyField.fail("does not belong to the eUICC certificate " + euiccField.path.string() +
                  " (its public key differs)");
  }
  EVP_PKEY *eumKey = X509_get0_pubkey(eum.get());
  if (!eumKey || X509_verify(euicc.get(), eumKey) != 1) {
    ERR_clear_error();
    eumField.fail("did not issue the eUICC certificate " + euiccField.path.string() +
                  " (the signature does not verify with its key)");
  }
  impl->euiccCertificate = toDer(euicc.get(), euiccField);
  impl->eumCertificate = toDer(eum.get(), eumField);
  if (const ASN1_OCTET_STRING *akid = X509_get0_authority_key_id(eum.get())) {
    const unsigned char *data = ASN1_STRING_get0_data(akid);
    impl->ciKeyIdentifier.assign(data, data + ASN1_STRING_length(akid));
  }
  return EuiccSigner(std::move(impl));
}

EuiccSigner::EuiccSigner(std::unique_ptr<Impl> impl) noexcept : impl_(std::move(impl)) {}
EuiccSigner::EuiccSigner(EuiccSigner &&) noexcept = default;
EuiccSigner &EuiccSigner::operator=(EuiccSigner &&) noexcept = default;
EuiccSigner::~EuiccSigner() = default;

esim::Bytes EuiccSigner::sign(esim::ByteView message) const {
  ERR_clear_error();
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
  if (!ctx) signFailure("EVP_MD_CTX_new");
  if (EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, impl_->key.get()) != 1)
    signFailure("EVP_DigestSignInit");
  std::size_t length = 0;
  if (EVP_DigestSign(ctx.get(), nullptr, &length, message.data(), message.size()) != 1)
    signFailure("EVP_DigestSign (length)");
  esim::Bytes der(length);
  if (EVP_DigestSign(ctx.get(), der.data(), &length, message.data(), message.size()) != 1)
    signFailure("EVP_DigestSign");
  der.resize(length);
  // OpenSSL gives ECDSA-Sig-Value (SEQUENCE { r INTEGER, s INTEGER });
  // SGP.22 wants the plain concatenation, each number padded to 32 bytes.
  const unsigned char *p = der.data();
  std::unique_ptr<ECDSA_SIG, EcdsaSigFree> sig(
      d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size())));
  if (!sig) signFailure("d2i_ECDSA_SIG");
  const BIGNUM *r = nullptr;
  const BIGNUM *s = nullptr;
  ECDSA_SIG_get0(sig.get(), &r, &s);
  esim::Bytes rs(2 * kScalarBytes);
  if (BN_bn2binpad(r, rs.data(), static_cast<int>(kScalarBytes)) < 0 ||
      BN_bn2binpad(s, rs.data() + kScalarBytes, static_cast<int>(kScalarBytes)) < 0) {
    signFailure("BN_bn2binpad");
  }
  return rs;
}

const esim::Bytes &EuiccSigner::euiccCertificate() const noexcept {
  return impl_->euiccCertificate;
}

const esim::Bytes &EuiccSigner::eumCertificate() const noexcept {
  return impl_->eumCertificate;
}

const esim::Bytes &EuiccSigner::ciKeyIdentifier() const noexcept {
  return impl_->ciKeyIdentifier;
}

std::vector<std::string> PkiFiles::resolvedCiCertificates() const {
  std::vector<std::string> out;
  for (const std::string &file : ciCertificates)
    out.push_back(resolve(file).string());
  return out;
}

std::vector<EuiccSigner> EuiccSigner::loadAll(const PkiFiles &files, std::string_view source) {
  std::vector<EuiccSigner> out;
  const std::size_t count = 1 + files.additionalCredentials.size();
  for (std::size_t i = 0; i < count; ++i) {
    out.push_back(load(files, i, source));
    for (std::size_t j = 0; j + 1 < out.size(); ++j) {
      if (out[j].ciKeyIdentifier() == out.back().ciKeyIdentifier()) {
        throw esim::Error(esim::Errc::emulator,
                          "state file " + std::string(source) + ": pki: identities " +
                              std::to_string(j) + " and " + std::to_string(i) +
                              " are both under the CI " + esim::toHex(out.back().ciKeyIdentifier()),
                          "give one eUICC certificate per CI: the SM-DP+ names the CI, and the "
                          "card signs with that CI's identity");
      }
    }
  }
  return out;
}

void checkPki(const EmulatorState &state, std::string_view source) {
  if (!state.pki) return;
  EuiccSigner::loadAll(*state.pki, source);
  CiTrust::load(state.pki->resolvedCiCertificates(), source);
}

} // namespace euicc_emu
