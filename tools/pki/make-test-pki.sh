#!/usr/bin/env bash
# make-test-pki.sh: a complete local test PKI for esimctl, made with the
# openssl command-line tool. NIST P-256 or brainpoolP256r1 keys (--curve),
# ECDSA with SHA-256, the shape of the GSMA RSP PKI (SGP.22 clause 4.5,
# SGP.14) in miniature:
#
#   ci.pem        Certificate Issuer (self-signed root, SubjectKeyIdentifier)
#   eum.pem       EUM, signed by the CI (CA, path length 0)
#   euicc.pem     eUICC, signed by the EUM (subject serialNumber = EID)
#   smdp-tls.pem  TLS server certificate, signed by the CI: the SM-DP+ hosts and
#                 the SM-DS hosts (one smdpp-emu serves both roles)
#   dpauth.pem    SM-DP+ authentication certificate (CERT.DPauth.ECDSA), signed by the CI
#   dppb.pem      SM-DP+ profile binding certificate (CERT.DPpb.ECDSA), signed by the CI
#   dsauth.pem    SM-DS authentication certificate (CERT.DSauth.ECDSA), signed by the CI
#
# Usage: make-test-pki.sh OUTDIR [--eid EID] [--smdp-host HOST]... [--smdp-oid OID]
#                         [--smds-host HOST]... [--smds-oid OID] [--eum-eid-prefix DIGITS]
#                         [--curve P-256|brainpoolP256r1] [--days N] [--force]
#                         [--ci-cert FILE --ci-key FILE [--eum-cert FILE --eum-key FILE]]
#
# With --ci-cert/--ci-key an existing CI (for example the GSMA SGP.26 test CI)
# replaces the new one, and with --eum-cert/--eum-key an existing EUM issued
# by it: then only the eUICC, TLS, DPauth, DPpb and DSauth certificates are new. Those CI and EUM
# private keys are used, never copied into OUTDIR.
#
# --curve chooses the curve of the RSP chain (CI, EUM, eUICC, DPauth, DPpb, DSauth):
# SGP.22 allows NIST P-256 and brainpoolP256r1, and a card that trusts
# both CIs holds one eUICC certificate per CI (make two PKIs with the same
# --eid; docs/emulator.md). The TLS key stays NIST P-256 whatever the curve:
# SGP.22 ES9+ TLS uses ECDHE/ECDSA with secp256r1 for the server certificate
# (the CI still signs it, with its own curve).
#
# Test material only: never use these keys for anything real.
# Exit status: 0 on success, 1 on a failure, 2 on a usage error (including an
# OUTDIR that already holds a PKI when --force is not given).
set -euo pipefail

readonly default_eid=89049032123451234512345678901235 # SGP.23 test EID #EID1
readonly default_hosts=(smdp.travel.example smdp.home.example)
# The SM-DP+ OID in the registeredID of the DPauth/DPpb SubjectAltName: the
# SGP.26 test value (its CERT.DPauth and CERT.DPpb carry 2.999.10).
readonly default_smdp_oid=2.999.10
# The SM-DS: its TLS names (added to smdp-tls.pem) and its OID (registeredID
# of CERT.DSauth), apart from the SM-DP+'s so that an eUICC can tell them apart.
readonly default_smds_hosts=(smds.travel.example)
readonly default_smds_oid=2.999.12
# GSMA RSP certificate policy OIDs (SGP.22 "id-rspRole" arc 2.23.146.1.2.1):
# ci 0, euicc 1, eum 2, dp-tls 3, dp-auth 4, dp-pb 5, ds-tls 6, ds-auth 7, as
# in the SGP.26 test certificates. An eUICC checks dp-auth or ds-auth
# (AuthenticateServer) and dp-pb (PrepareDownload); the others make the
# certificates look like the real thing.
readonly oid_role_ci=2.23.146.1.2.1.0
readonly oid_role_euicc=2.23.146.1.2.1.1
readonly oid_role_eum=2.23.146.1.2.1.2
readonly oid_role_dp_tls=2.23.146.1.2.1.3
readonly oid_role_dp_auth=2.23.146.1.2.1.4
readonly oid_role_dp_pb=2.23.146.1.2.1.5
readonly oid_role_ds_tls=2.23.146.1.2.1.6
readonly oid_role_ds_auth=2.23.146.1.2.1.7
readonly outputs=(ci.pem ci.key ci.der eum.pem eum.key eum.der euicc.pem euicc.key euicc.der
                  smdp-tls.pem smdp-tls.key dpauth.pem dpauth.key dpauth.der
                  dppb.pem dppb.key dppb.der dsauth.pem dsauth.key dsauth.der README)

usage() {
  cat <<USAGE
usage: $(basename "$0") OUTDIR [--eid EID] [--smdp-host HOST]... [--smdp-oid OID]
         [--smds-host HOST]... [--smds-oid OID] [--eum-eid-prefix DIGITS] [--curve CURVE] [--days N] [--force]
         [--ci-cert FILE --ci-key FILE [--eum-cert FILE --eum-key FILE]]

Makes a local test PKI (CI -> EUM -> eUICC, CI -> TLS, DPauth, DPpb, DSauth) in OUTDIR.
  --eid EID         32-digit EID put in the eUICC certificate's serialNumber
                    (default $default_eid)
  --smdp-host HOST  a host name for the SM-DP+ TLS certificate; repeat for
                    several (default: ${default_hosts[*]}); "localhost" and
                    IP 127.0.0.1 are always added
  --smdp-oid OID    the SM-DP+ OID (registeredID in the SubjectAltName of the
                    DPauth and DPpb certificates; default $default_smdp_oid)
  --smds-host HOST  a host name of the SM-DS, added to the TLS certificate's
                    names; repeat for several (default: ${default_smds_hosts[*]})
  --smds-oid OID    the SM-DS OID (registeredID in the SubjectAltName of the
                    DSauth certificate; default $default_smds_oid)
  --eum-eid-prefix DIGITS
                    give the new EUM a critical name constraint as SGP.26's EUM
                    has (DirName O=esimctl Test EUM, serialNumber=DIGITS): an
                    SM-DP+ then accepts only EIDs starting with DIGITS (the
                    --eid need not, to test that refusal)
  --curve CURVE     P-256 (default) or brainpoolP256r1: the curve of the CI,
                    EUM, eUICC, DPauth, DPpb and DSauth keys (the TLS key stays
                    P-256); a given --ci-cert/--eum-cert must be on it
  --days N          validity of every certificate in days (default 3650)
  --force           overwrite an existing PKI in OUTDIR
  --ci-cert FILE    use this CI certificate (PEM or DER) instead of making one;
  --ci-key FILE     with its private key (both or neither); ci.key is not written
  --eum-cert FILE   use this EUM certificate (PEM or DER), issued by the CI,
  --eum-key FILE    with its private key (needs --ci-cert/--ci-key); eum.key is
                    not written. The eUICC subject then is O=<the EUM's O>,
                    serialNumber=EID, CN=...; with the SGP.26 test EUM the EID
                    must start with 89049032 (its name constraint)
USAGE
}

die() { echo "make-test-pki: $*" >&2; exit 1; }
usage_error() { echo "make-test-pki: $*" >&2; usage >&2; exit 2; }

outdir=""
eid=$default_eid
hosts=()
smdp_oid=$default_smdp_oid
smds_hosts=()
smds_oid=$default_smds_oid
eid_prefix=""
days=3650
curve=P-256
force=0
ci_cert=""
ci_key=""
eum_cert=""
eum_key=""
while [ $# -gt 0 ]; do
  case "$1" in
    --eid) [ $# -ge 2 ] || usage_error "--eid needs a value"; eid=$2; shift 2 ;;
    --smdp-host) [ $# -ge 2 ] || usage_error "--smdp-host needs a value"; hosts+=("$2"); shift 2 ;;
    --smdp-oid) [ $# -ge 2 ] || usage_error "--smdp-oid needs a value"; smdp_oid=$2; shift 2 ;;
    --smds-host) [ $# -ge 2 ] || usage_error "--smds-host needs a value"; smds_hosts+=("$2"); shift 2 ;;
    --smds-oid) [ $# -ge 2 ] || usage_error "--smds-oid needs a value"; smds_oid=$2; shift 2 ;;
    --eum-eid-prefix) [ $# -ge 2 ] || usage_error "--eum-eid-prefix needs a value"; eid_prefix=$2; shift 2 ;;
    --days) [ $# -ge 2 ] || usage_error "--days needs a value"; days=$2; shift 2 ;;
    --curve) [ $# -ge 2 ] || usage_error "--curve needs a value"; curve=$2; shift 2 ;;
    --force) force=1; shift ;;
    --ci-cert) [ $# -ge 2 ] || usage_error "--ci-cert needs a value"; ci_cert=$2; shift 2 ;;
    --ci-key) [ $# -ge 2 ] || usage_error "--ci-key needs a value"; ci_key=$2; shift 2 ;;
    --eum-cert) [ $# -ge 2 ] || usage_error "--eum-cert needs a value"; eum_cert=$2; shift 2 ;;
    --eum-key) [ $# -ge 2 ] || usage_error "--eum-key needs a value"; eum_key=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    -*) usage_error "unknown option $1" ;;
    *) [ -z "$outdir" ] || usage_error "only one OUTDIR, got '$outdir' and '$1'"; outdir=$1; shift ;;
  esac
done
[ -n "$outdir" ] || usage_error "OUTDIR is missing"
[[ $eid =~ ^[0-9]{32}$ ]] || usage_error "--eid must be 32 decimal digits, got '$eid'"
[[ $days =~ ^[1-9][0-9]{0,5}$ ]] || usage_error "--days must be a positive number, got '$days'"
[[ $smdp_oid =~ ^[0-2](\.(0|[1-9][0-9]{0,8})){1,20}$ ]] ||
  usage_error "--smdp-oid must be a dotted OID such as 2.999.10, got '$smdp_oid'"
[[ $smds_oid =~ ^[0-2](\.(0|[1-9][0-9]{0,8})){1,20}$ ]] ||
  usage_error "--smds-oid must be a dotted OID such as 2.999.12, got '$smds_oid'"
[ -z "$eid_prefix" ] || [[ $eid_prefix =~ ^[0-9]{1,32}$ ]] ||
  usage_error "--eum-eid-prefix must be 1 to 32 decimal digits, got '$eid_prefix'"
case "$curve" in
  P-256|prime256v1|secp256r1|nist) curve=P-256 ;;
  brainpoolP256r1|brainpool) curve=brainpoolP256r1 ;;
  *) usage_error "--curve must be P-256 or brainpoolP256r1, got '$curve'" ;;
esac
[ ${#hosts[@]} -gt 0 ] || hosts=("${default_hosts[@]}")
for h in "${hosts[@]}"; do
  # A DNS name only: it goes into a config file and a subjectAltName.
  [[ $h =~ ^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$ ]] ||
    usage_error "--smdp-host '$h' is not a host name"
done
[ ${#smds_hosts[@]} -gt 0 ] || smds_hosts=("${default_smds_hosts[@]}")
for h in "${smds_hosts[@]}"; do
  [[ $h =~ ^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$ ]] ||
    usage_error "--smds-host '$h' is not a host name"
done
if [[ -n $ci_cert && -z $ci_key || -z $ci_cert && -n $ci_key ]]; then
  usage_error "--ci-cert and --ci-key go together"
fi
if [[ -n $eum_cert && -z $eum_key || -z $eum_cert && -n $eum_key ]]; then
  usage_error "--eum-cert and --eum-key go together"
fi
if [ -n "$eum_cert" ] && [ -n "$eid_prefix" ]; then
  usage_error "--eum-eid-prefix applies to a new EUM, not to --eum-cert"
fi
if [ -n "$eum_cert" ] && [ -z "$ci_cert" ]; then
  usage_error "--eum-cert needs --ci-cert/--ci-key (ci.pem and the TLS certificate come from the EUM's CI)"
fi
for f in "$ci_cert" "$ci_key" "$eum_cert" "$eum_key"; do
  [ -z "$f" ] || [ -r "$f" ] || usage_error "cannot read '$f'"
done
# Outputs that come from given files are not made; given private keys stay
# where they are.
outputs_made=()
for f in "${outputs[@]}"; do
  case "$f" in
    ci.key) [ -n "$ci_key" ] || outputs_made+=("$f") ;;
    eum.key) [ -n "$eum_key" ] || outputs_made+=("$f") ;;
    *) outputs_made+=("$f") ;;
  esac
done
command -v openssl >/dev/null || die "the openssl command is not installed (Debian: apt-get install openssl)"

if [ -d "$outdir" ] && [ $force -eq 0 ]; then
  for f in "${outputs_made[@]}"; do
    if [ -e "$outdir/$f" ]; then
      echo "make-test-pki: $outdir/$f exists; refusing to overwrite (pass --force to replace the PKI)" >&2
      exit 2
    fi
  done
fi
mkdir -p "$outdir"
chmod 700 "$outdir"

# Everything is made in a scratch folder inside OUTDIR and moved into place at
# the end, so a failure never leaves half a PKI behind.
umask 077
work=$(mktemp -d "$outdir/.make-test-pki.XXXXXX")
trap 'rm -rf "$work"' EXIT

san=""
# The SM-DP+ names first (CN is the first of them), then the SM-DS names,
# each once: one smdpp-emu process plays both roles on one TLS certificate.
for h in "${hosts[@]}" "${smds_hosts[@]}"; do
  [ "$h" = localhost ] || [[ ,$san == *,DNS:$h,* ]] || san="${san}DNS:$h,"
done
san="${san}DNS:localhost,IP:127.0.0.1"

cat >"$work/pki.cnf" <<CNF
[req]
distinguished_name = req_dn
prompt = no
[req_dn]
[ci_ext]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
certificatePolicies = critical, $oid_role_ci
[eum_ext]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
certificatePolicies = critical, $oid_role_eum
${eid_prefix:+nameConstraints = critical, permitted;dirName:eum_permitted}
[eum_permitted]
O = esimctl Test EUM
serialNumber = ${eid_prefix:-0}
[euicc_ext]
keyUsage = critical, digitalSignature
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
certificatePolicies = critical, $oid_role_euicc
[tls_ext]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = $san
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
# Both TLS roles: the one certificate serves the SM-DP+ and the SM-DS names.
certificatePolicies = $oid_role_dp_tls, $oid_role_ds_tls
# CERT.DPauth.ECDSA and CERT.DPpb.ECDSA as SGP.26 makes them: no basic
# constraints, key usage digitalSignature, the role policy, the SM-DP+ OID.
[dpauth_ext]
keyUsage = critical, digitalSignature
subjectAltName = RID:$smdp_oid
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
certificatePolicies = critical, $oid_role_dp_auth
[dppb_ext]
keyUsage = critical, digitalSignature
subjectAltName = RID:$smdp_oid
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
certificatePolicies = critical, $oid_role_dp_pb
# CERT.DSauth.ECDSA: as DPauth, with the ds-auth role and the SM-DS OID.
[dsauth_ext]
keyUsage = critical, digitalSignature
subjectAltName = RID:$smds_oid
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
certificatePolicies = critical, $oid_role_ds_auth
CNF

ossl() { openssl "$@" 2>"$work/openssl.err" || { cat "$work/openssl.err" >&2; die "openssl $1 failed"; }; }
# serial: a positive 94-bit serial number from bash's CSPRNG ($SRANDOM, bash
# 5.1+), without one more process per certificate.
serial() { printf '0x%07x%08x%08x' $((SRANDOM & 0x3ffffff | 0x1000000)) "$SRANDOM" "$SRANDOM"; }

# issue NAME SUBJECT ISSUER EXTENSIONS [CURVE]: a new key on CURVE (default
# --curve) and its certificate, signed by ISSUER (or self-signed when ISSUER
# is "-"), in one openssl run.
issue() {
  local name=$1 subject=$2 issuer=$3 ext=$4 key_curve=${5:-$curve}
  local ca=()
  [ "$issuer" = - ] || ca=(-CA "$work/$issuer.pem" -CAkey "$work/$issuer.key")
  ossl req -x509 -new -newkey ec -pkeyopt "ec_paramgen_curve:$key_curve" -pkeyopt ec_param_enc:named_curve \
    -noenc -keyout "$work/$name.key" -subj "$subject" "${ca[@]}" -set_serial "$(serial)" \
    -days "$days" -sha256 -config "$work/pki.cnf" -extensions "$ext" -out "$work/$name.pem"
}

# adopt NAME CERT KEY: a given certificate (PEM or DER) and its private key
# as $work/NAME.pem and $work/NAME.key, after checking that they belong together.
adopt() {
  local name=$1 cert=$2 key=$3
  openssl x509 -in "$cert" -out "$work/$name.pem" 2>/dev/null ||
    ossl x509 -inform DER -in "$cert" -out "$work/$name.pem"
  openssl pkey -in "$key" -out "$work/$name.key" 2>/dev/null ||
    ossl pkey -inform DER -in "$key" -out "$work/$name.key"
  [ "$(ossl x509 -in "$work/$name.pem" -noout -pubkey)" = "$(ossl pkey -in "$work/$name.key" -pubout)" ] ||
    die "$key is not the private key of $cert"
  # One curve per chain (SGP.22: the certificates of a chain use the same
  # curve): a given CI or EUM must be on --curve.
  local given
  given=$(ossl pkey -in "$work/$name.key" -noout -text | sed -n 's/^ASN1 OID: *//p' | head -n 1)
  case "$curve:$given" in
    P-256:prime256v1|brainpoolP256r1:brainpoolP256r1) ;;
    *) die "$cert is on curve '${given:-unknown}', not $curve (give --curve to match it)" ;;
  esac
}

if [ -n "$ci_cert" ]; then
  adopt ci "$ci_cert" "$ci_key"
else
  issue ci "/O=esimctl Test/CN=esimctl Test CI" - ci_ext
fi
if [ -n "$eum_cert" ]; then
  adopt eum "$eum_cert" "$eum_key"
  ossl verify -CAfile "$work/ci.pem" "$work/eum.pem" >/dev/null
  # The eUICC subject starts with the EUM's organisation and the EID, as an
  # EUM's name constraint (O, serialNumber prefix) expects.
  eum_o=$(ossl x509 -in "$work/eum.pem" -noout -subject -nameopt multiline,utf8 |
          sed -n 's/^ *organizationName *= *//p' | head -n 1)
  [ -n "$eum_o" ] || die "the EUM certificate $eum_cert has no O in its subject"
  issue euicc "/O=$eum_o/serialNumber=$eid/CN=esimctl Test eUICC" eum euicc_ext
elif [ -n "$eid_prefix" ]; then
  # The subject begins as the name constraint does (O, then serialNumber).
  issue eum "/C=XX/O=esimctl Test EUM/CN=esimctl Test EUM" ci eum_ext
  issue euicc "/O=esimctl Test EUM/serialNumber=$eid/CN=esimctl Test eUICC" eum euicc_ext
else
  issue eum "/C=XX/O=esimctl Test EUM/CN=esimctl Test EUM" ci eum_ext
  issue euicc "/C=XX/O=esimctl Test EUM/CN=esimctl Test eUICC/serialNumber=$eid" eum euicc_ext
fi
issue smdp-tls "/O=esimctl Test SM-DP+/CN=${hosts[0]}" ci tls_ext P-256
issue dpauth "/O=esimctl Test SM-DP\\+/CN=esimctl Test SM-DP\\+ DPauth" ci dpauth_ext
issue dppb "/O=esimctl Test SM-DP\\+/CN=esimctl Test SM-DP\\+ DPpb" ci dppb_ext
issue dsauth "/O=esimctl Test SM-DS/CN=esimctl Test SM-DS DSauth" ci dsauth_ext

for n in ci eum euicc dpauth dppb dsauth; do
  ossl x509 -in "$work/$n.pem" -outform DER -out "$work/$n.der"
done
# Check what was made: CI -> EUM -> eUICC (the EUM carries no name constraint
# here, so plain path validation works) and CI -> TLS for the first host. A
# given EUM may carry one that OpenSSL's generic check rejects (the SGP.26
# EUM's EID prefix rule); the eUICC certificate is then signed with the EUM
# key checked above, and its issuer must be the EUM.
if [ -z "$eum_cert" ] && [ -z "$eid_prefix" ]; then
  ossl verify -CAfile "$work/ci.pem" -untrusted "$work/eum.pem" "$work/euicc.pem" >/dev/null
else
  [ "$(ossl x509 -in "$work/euicc.pem" -noout -issuer)" = \
    "issuer=$(ossl x509 -in "$work/eum.pem" -noout -subject | sed 's/^subject=//')" ] ||
    die "the eUICC certificate's issuer is not the EUM's subject"
fi
ossl verify -CAfile "$work/ci.pem" -purpose sslserver -verify_hostname "${hosts[0]}" \
  "$work/smdp-tls.pem" >/dev/null
ossl verify -CAfile "$work/ci.pem" "$work/dpauth.pem" "$work/dppb.pem" "$work/dsauth.pem" >/dev/null

cat >"$work/README" <<README
Test PKI made by make-test-pki.sh on $(date -u +%Y-%m-%dT%H:%M:%SZ) -- test material, never for production.
ci.pem        CI certificate (self-signed, CA, SubjectKeyIdentifier), PEM; trust anchor for eUICC chains and for TLS
ci.key        CI private key ($curve), PEM, private${ci_key:+ -- not written: given as $ci_key}
ci.der        CI certificate, DER
eum.pem       EUM certificate signed by the CI (CA, pathlen 0), PEM
eum.key       EUM private key, PEM, private${eum_key:+ -- not written: given as $eum_key}
eum.der       EUM certificate, DER (what an eUICC sends as eumCertificate)
euicc.pem     eUICC certificate signed by the EUM, serialNumber = EID $eid, PEM
euicc.key     eUICC private key (SK.EUICC.SIG), PEM, private
euicc.der     eUICC certificate, DER (what an eUICC sends as euiccCertificate)
smdp-tls.pem  TLS server certificate of the SM-DP+ and the SM-DS, signed by the CI, serverAuth, subjectAltName $san, PEM
smdp-tls.key  SM-DP+ TLS private key (P-256 whatever the chain's curve), PEM, private
dpauth.pem    CERT.DPauth.ECDSA signed by the CI, policy $oid_role_dp_auth (id-rspRole-dp-auth), SM-DP+ OID $smdp_oid, PEM
dpauth.key    its private key (signs serverSigned1), PEM, private
dpauth.der    CERT.DPauth.ECDSA, DER (what the SM-DP+ sends as serverCertificate)
dppb.pem      CERT.DPpb.ECDSA signed by the CI, policy $oid_role_dp_pb (id-rspRole-dp-pb), SM-DP+ OID $smdp_oid, PEM
dppb.key      its private key (signs smdpSigned2 and the BPP's InitialiseSecureChannel), PEM, private
dppb.der      CERT.DPpb.ECDSA, DER (what the SM-DP+ sends as smdpCertificate)
dsauth.pem    CERT.DSauth.ECDSA signed by the CI, policy $oid_role_ds_auth (id-rspRole-ds-auth), SM-DS OID $smds_oid, PEM
dsauth.key    its private key (signs the SM-DS's serverSigned1), PEM, private
dsauth.der    CERT.DSauth.ECDSA, DER (what the SM-DS sends as serverCertificate)
README        this file
README

chmod 600 "$work"/*.key
chmod 644 "$work"/*.pem "$work"/*.der "$work/README"
for f in "${outputs_made[@]}"; do
  mv -f "$work/$f" "$outdir/$f"
done
echo "make-test-pki: wrote the test PKI to $outdir (EID $eid; curve $curve; TLS names: $san)"
