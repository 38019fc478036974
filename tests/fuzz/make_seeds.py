#!/usr/bin/env python3
"""Rebuilds the seed corpora in tests/fuzz/corpus/ from what the emulator
really answers (esimctl --trace --emulator) and from the unit tests'
hand-written ES10 vectors, plus a few hand-made inputs.

  tests/fuzz/make_seeds.py BUILD_DIR     # needs BUILD_DIR/src/cli/esimctl and
                                         # BUILD_DIR/tools/euicc-emu/euicc-emu

Seeds are named after their content (sha1), so running it again adds
nothing that is already there. Record formats: see fuzz_input.hpp.
"""
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
CORPUS = os.path.join(HERE, "corpus")

# Outer tag of an ES10 answer -> decoder target.
DECODERS = {
    "BF3E": "eid", "BF20": "euicc_info1", "BF22": "euicc_info2",
    "BF3C": "configured_addresses", "BF3F": "set_default_dp",
    "BF2D": "profile_info_list", "BF31": "enable_profile", "BF32": "disable_profile",
    "BF33": "delete_profile", "BF29": "set_nickname", "BF34": "memory_reset",
    "BF28": "list_notification", "BF2B": "retrieve_notifications",
    "BF30": "notification_sent", "BF43": "get_rat",
}


def save(target, data):
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, hashlib.sha1(data).hexdigest()), "wb") as f:
        f.write(data)


def record(b):
    return len(b).to_bytes(2, "big") + b


def tlv_elements(der):
    """Splits DER into (tag bytes, whole element) at one level."""
    out, i = [], 0
    while i < len(der):
        start = i
        i += 1
        if der[start] & 0x1F == 0x1F:
            while der[i] & 0x80:
                i += 1
            i += 1
        n = der[i]
        i += 1
        if n & 0x80:
            k = n & 0x7F
            n = int.from_bytes(der[i:i + k], "big")
            i += k
        out.append((der[start:i - 0], der[start:i + n]))
        i += n
    return out


def content(der):
    _, elem = tlv_elements(der)[0]
    i = 2 if der[0] & 0x1F == 0x1F else 1
    n = der[i]
    i += 1 + ((n & 0x7F) if n & 0x80 else 0)
    return elem[i:]


def es10_answers(pairs):
    """Reassembles the ES10 answers of a trace: the last STORE DATA block's
    answer and the GET RESPONSE data after it."""
    answers, current = [], None
    for c, r in pairs:
        ins, p1 = c[1], c[2]
        if ins == 0xE2 and p1 == 0x91:
            current = bytearray(r[:-2])
        elif ins == 0xC0 and current is not None:
            current += r[:-2]
        else:
            current = None
            continue
        if r[-2] != 0x61:
            if r[-2:] == b"\x90\x00" and current:
                answers.append(bytes(current))
            current = None
    return answers


def trace(esimctl, state, args, mss=None):
    cmd = [esimctl, "--trace", "--emulator", state]
    if mss:
        cmd += ["--mss", str(mss)]
    p = subprocess.run(cmd + args, capture_output=True, text=True, timeout=60)
    pairs, c = [], None
    for line in p.stderr.splitlines():
        if line.startswith(">> "):
            c = bytes.fromhex(line[3:])
        elif line.startswith("<< ") and c is not None:
            pairs.append((c, bytes.fromhex(line[3:])))
            c = None
    return pairs


def from_traces(build):
    esimctl = os.path.join(build, "src/cli/esimctl")
    emu = os.path.join(build, "tools/euicc-emu/euicc-emu")
    tmp = tempfile.mkdtemp(prefix="esim-seeds-")
    try:
        state = os.path.join(tmp, "card.json")
        subprocess.run([emu, "--state", state, "--init"], check=True, capture_output=True)
        save("fuzz_emu_state", open(state, "rb").read())
        runs = [
            (["chip", "info"], None), (["profile", "list"], None), (["profile", "list"], 16),
            (["notification", "list"], None),
            (["profile", "nickname", "8981100000000000002", "work"], None),
            (["profile", "disable", "8981100000000000002", "--no-report"], None),
            (["profile", "enable", "89490000000000000007", "--no-report"], 120),
            (["chip", "defaultsmdp", "smdp.example"], None),
            (["notification", "list"], None),
            (["notification", "process", "--all", "--timeout", "1"], None),
            (["notification", "remove", "0", "--force"], None),
            (["profile", "delete", "8981100000000000002", "--yes", "--no-report"], None),
            (["chip", "reset", "--test-profiles", "--yes"], None),
        ]
        for args, mss in runs:
            pairs = trace(esimctl, state, args, mss)
            if not pairs:
                print("no trace for", args, file=sys.stderr)
                continue
            save("fuzz_emu_apdu", b"".join(record(c) for c, _ in pairs))
            # config byte: segment size 255 (0) or 16 (2), 1..3 exchanges.
            rs = b"".join(record(r) for _, r in pairs)
            save("fuzz_isdr_session", bytes([0x20 if mss is None else 0x22]) + rs)
            for a in es10_answers(pairs):
                dec = DECODERS.get(a[:2].hex().upper())
                if dec:
                    save("fuzz_es10_" + dec, a)
                if dec == "retrieve_notifications":
                    inner = content(a)
                    if inner and inner[0] == 0xA0:
                        for _, elem in tlv_elements(content(inner)):
                            save("fuzz_es10_pending_notification", elem)
        save("fuzz_emu_state", open(state, "rb").read())
    finally:
        shutil.rmtree(tmp)


def from_unit_tests():
    """Hex literals of the codec unit tests whose outer tag is an ES10 answer."""
    for name in os.listdir(os.path.join(REPO, "tests/unit")):
        if not name.startswith("codec_"):
            continue
        text = open(os.path.join(REPO, "tests/unit", name)).read()
        for lit in re.findall(r'"((?:[0-9A-Fa-f]{2}[ :]?){3,})"', text):
            h = re.sub(r"[ :]", "", lit)
            dec = DECODERS.get(h[:4].upper())
            if dec:
                save("fuzz_es10_" + dec, bytes.fromhex(h))
            elif h[:2] in ("30",) or h[:4].upper() == "BF37":
                save("fuzz_es10_pending_notification", bytes.fromhex(h))


def handmade():
    # fuzz_isdr_session: open channel 1, SELECT with 61xx, one exchange whose
    # answer comes in two GET RESPONSEs, one 6Cxx resend, and failures.
    ok = bytes.fromhex("9000")
    seeds = [
        bytes([0]) + record(bytes.fromhex("019000")) + record(bytes.fromhex("6F10" + "00" * 16 + "9000"))
        + record(bytes.fromhex("BF3E035A01FF6105")) + record(bytes.fromhex("0102030405" + "9000"))
        + record(bytes.fromhex("019000")),
        bytes([0x11]) + record(bytes.fromhex("029000")) + record(bytes.fromhex("6A82"))
        + record(ok) + record(bytes.fromhex("029000")) + record(ok) + record(ok) + record(ok),
        bytes([0x04]) + record(bytes.fromhex("039000")) + record(bytes.fromhex("6110"))
        + record(bytes.fromhex("00" * 16 + "9000")) + record(bytes.fromhex("6C08"))
        + record(bytes.fromhex("00" * 8 + "9000")) + record(ok),
        bytes([0x03]) + record(bytes.fromhex("019000")) + record(ok) + record(bytes.fromhex("6985")),
    ]
    for s in seeds:
        save("fuzz_isdr_session", s)
    # fuzz_es9p_response: mode (0..2: 200, 3: 204, 4: 400, 6: 500; +0x40 an
    # address record; +0x80 raw status), two status bytes, body.
    def fes(status, extra=None):
        f = {"status": status}
        if extra:
            f["statusCodeData"] = extra
        return json.dumps({"header": {"functionExecutionStatus": f}}).encode()
    bodies = [
        (0, fes("Executed-Success")), (1, fes("Executed-WithWarning")),
        (2, fes("Failed", {"subjectCode": "8.1", "reasonCode": "6.1", "message": "bad sig"})),
        (0, fes("Expired")), (3, b""), (4, b"not json"), (6, fes("Failed")),
        (0, b"[1,2,3]"), (0, b'{"header":{}}'), (0, b"QUJDRA=="),
    ]
    for mode, body in bodies:
        save("fuzz_es9p_response", bytes([mode, 0, 0]) + body)
    save("fuzz_es9p_response", bytes([0xC0, 0x00, 0xC8]) + record(b"smdp.example:8443")
         + fes("Executed-Success"))
    save("fuzz_es9p_response", bytes([0x40, 0, 0]) + record(b"https://evil/") + b"")
    # fuzz_emu_state: the smallest valid state.
    save("fuzz_emu_state", json.dumps({
        "eid": "89049032123451234512345678901235",
        "euiccInfo2": {"profileVersion": "2.3.1", "svn": "2.2.2",
                       "euiccFirmwareVer": "4.6.0", "ppVersion": "2.3.0"},
        "configuredAddresses": {"rootDsAddress": "lpa.ds.gsma.com"}}).encode())


def download_seeds():
    """ES9+ download answers (fuzz_es9p_response, function in mode bits 3-5)
    and activation codes (fuzz_activation_code)."""
    import base64
    b64 = lambda h: base64.b64encode(bytes.fromhex(h)).decode()
    ok = {"functionExecutionStatus": {"status": "Executed-Success"}}
    tid = "00000000188DD217"
    answers = {
        1: {"header": ok, "transactionId": tid,
            "serverSigned1": b64("300E800800000000188DD2178102AABB"),
            "serverSignature1": b64("5F370401020304"),
            "euiccCiPKIdToBeUsed": b64("0414F54172BDF98A95D65CBEB88A38A1C11D800A85C3"),
            "serverCertificate": b64("3003020101")},
        2: {"header": ok, "transactionId": tid,
            "profileMetadata": b64("BF250C5A0A98001032547698103214"),
            "smdpSigned2": b64("300D800800000000188DD2170101FF"),
            "smdpSignature2": b64("5F370405060708"), "smdpCertificate": b64("3003020101")},
        3: {"header": ok, "transactionId": tid, "boundProfilePackage": b64("BF3605BF23028200")},
        4: {"header": ok, "transactionId": tid},
    }
    failed = {"header": {"functionExecutionStatus": {"status": "Failed", "statusCodeData": {
        "subjectCode": "8.2.6", "reasonCode": "3.8", "message": "MatchingID refused"}}}}
    for function, body in answers.items():
        mode = function << 3
        save("fuzz_es9p_response", bytes([mode, 0, 0]) + json.dumps(body).encode())
        save("fuzz_es9p_response", bytes([mode, 0, 0]) + json.dumps(failed).encode())
    save("fuzz_es9p_response", bytes([(4 << 3) | 3, 0, 0]))  # cancelSession, 204
    for text in ["LPA:1$rsp.truphone.com$QR-G-5C-1LS-1W1Z9P7", "lpa:1$host.example$token$$1",
                 "1$smdp.example:8443$K2-1AB$2.999.10$1", " LPA:1$h$$$$$ \n",
                 "LPA:1$smdp.example$ABC$2.999.10$1$F54172BD$1", "LPA:1.truphone.com-G-5C",
                 "LPA:2$smdp.example$A", "LPA:1$smdp.example$SECRET_ID_1"]:
        save("fuzz_activation_code", text.encode())


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    from_traces(sys.argv[1])
    from_unit_tests()
    handmade()
    download_seeds()
    for d in sorted(os.listdir(CORPUS)):
        files = os.listdir(os.path.join(CORPUS, d))
        size = sum(os.path.getsize(os.path.join(CORPUS, d, f)) for f in files)
        print(f"{d}: {len(files)} files, {size} bytes")


if __name__ == "__main__":
    main()
