# apdu_trace.awk: counts the APDUs of one `esimctl --trace` run and compares
# them with the lower bound. Input: the trace lines ">> C-APDU" and
# "<< R-APDU" (hex); other lines are ignored. Output: one summary line
# "key=value ..." and one "exchange ..." line per ES10 exchange.
#
# Lower bound of an ES10 exchange (SGP.22 5.7.2, ISO/IEC 7816-4 7.6.1):
# ceil(request / mss) STORE DATA blocks (mss: the block size esimctl used,
# --mss, default 255; set with awk -v mss=N), then ceil(answer / 256) GET
# RESPONSEs (a short Le asks for at most 256 bytes; an empty answer needs
# none). The session's own APDUs (MANAGE CHANNEL open and close, SELECT and
# the GET RESPONSE of its FCI) are counted apart.
#
# A profile download adds one "bpp ..." line: the BoundProfilePackage is
# rebuilt from the STORE DATA blocks of its LoadBoundProfilePackage
# commands (from the one starting with BF36 to the one the card answered
# with its BF37), then split again here, independently of esimctl, as
# SGP.22 2.5.5 says an LPA must: BF36 tag+length with the whole BF23, the
# whole A0, the A1 tag+length, each 88, the whole A2 if present, the A3
# tag+length, each 86. split_commands is what that requires,
# bpp_block_bound the sum of ceil(command / mss) over it, against the
# commands and STORE DATA blocks actually sent (split_match: the same
# command lengths in the same order).
function hexval(h,    i, v) {
  v = 0
  h = toupper(h)
  for (i = 1; i <= length(h); i++) v = v * 16 + index("0123456789ABCDEF", substr(h, i, 1)) - 1
  return v
}
function ceil_div(a, b) { return int((a + b - 1) / b) }
function es10_name(tag) {
  if (bpp_first && !bpp_done) return "LoadBPP-" substr(tag, 1, 2) # a continuation command
  return (tag in names) ? names[tag] : "tag_" tag
}
function close_exchange() {
  if (!in_exchange) return
  bound = ceil_div(req_bytes, mss) + ceil_div(ans_bytes, 256)
  printf "exchange %s request=%d answer=%d store_data=%d get_response=%d bound=%d\n", \
    es10_name(tag), req_bytes, ans_bytes, blocks, getresp, bound
  es10_apdus += blocks + getresp
  es10_bound += bound
  exchanges++
  ex_req[exchanges] = req_hex; ex_blocks[exchanges] = blocks
  ex_getresp[exchanges] = getresp; ex_ans[exchanges] = ans_bytes
  # The BPP's continuation commands (A0, A1, 88, A2, A3, 86) are counted in
  # the bpp line, not listed one by one.
  if (!(bpp_first && !bpp_done && exchanges > bpp_first)) {
    functions = functions (functions == "" ? "" : ",") es10_name(tag)
  }
  if (tag ~ /^BF36/ && !bpp_first) bpp_first = exchanges
  if (bpp_first && !bpp_done && ans_bytes > 0) bpp_done = exchanges
  in_exchange = 0
}
# tlv_header POS: reads the tag and length at hex offset POS (1-based, in
# characters) of bpp; sets th_len (header bytes) and tv_len (value bytes).
function tlv_header(pos,    t, n, i, l, lb) {
  t = 1
  if (hexval(substr(bpp, pos, 2)) % 32 == 31) {
    do { t++ } while (hexval(substr(bpp, pos + 2 * (t - 1), 2)) >= 128)
  }
  lb = hexval(substr(bpp, pos + 2 * t, 2))
  if (lb < 128) { l = lb; n = 0 } else {
    n = lb - 128; l = 0
    for (i = 1; i <= n; i++) l = l * 256 + hexval(substr(bpp, pos + 2 * (t + i), 2))
  }
  th_len = t + 1 + n; tv_len = l
}
function tlv_tag(pos) { return toupper(substr(bpp, pos, 2)) }
function add_cmd(bytes) { split_n++; split_len[split_n] = bytes }
# split_bpp fills split_len[1..split_n] from bpp (SGP.22 2.5.5).
function split_bpp(    pos, end_pos, inner_end, l) {
  split_n = 0
  tlv_header(1)                      # BF36
  pos = 1 + 2 * th_len
  l = th_len
  tlv_header(pos)                    # BF23
  add_cmd(l + th_len + tv_len); pos += 2 * (th_len + tv_len)
  tlv_header(pos)                    # A0, whole
  add_cmd(th_len + tv_len); pos += 2 * (th_len + tv_len)
  tlv_header(pos)                    # A1 header, then each 88
  add_cmd(th_len); inner_end = pos + 2 * (th_len + tv_len); pos += 2 * th_len
  while (pos < inner_end) { tlv_header(pos); add_cmd(th_len + tv_len); pos += 2 * (th_len + tv_len) }
  if (tlv_tag(pos) == "A2") {        # A2, whole
    tlv_header(pos); add_cmd(th_len + tv_len); pos += 2 * (th_len + tv_len)
  }
  tlv_header(pos)                    # A3 header, then each 86
  add_cmd(th_len); inner_end = pos + 2 * (th_len + tv_len); pos += 2 * th_len
  while (pos < inner_end) { tlv_header(pos); add_cmd(th_len + tv_len); pos += 2 * (th_len + tv_len) }
}
function bpp_report(    i, sent_cmds, sent_blocks, sent_gr, gr_bound, bound, match_, whole) {
  if (!bpp_first) return
  if (!bpp_done) bpp_done = exchanges
  bpp = ""
  sent_cmds = 0; sent_blocks = 0; sent_gr = 0; gr_bound = 0
  for (i = bpp_first; i <= bpp_done; i++) {
    bpp = bpp ex_req[i]; sent_cmds++; sent_blocks += ex_blocks[i]
    sent_gr += ex_getresp[i]; gr_bound += ceil_div(ex_ans[i], 256)
  }
  split_bpp()
  bound = 0; match_ = (split_n == sent_cmds) ? "yes" : "no"
  for (i = 1; i <= split_n; i++) {
    bound += ceil_div(split_len[i], mss)
    if (match_ == "yes" && 2 * split_len[i] != length(ex_req[bpp_first + i - 1])) match_ = "no"
  }
  printf "bpp bytes=%d split_commands=%d commands_sent=%d split_match=%s bpp_block_bound=%d " \
         "store_data_sent=%d get_response_bound=%d get_response_sent=%d one_command_bound=%d " \
         "result_bytes=%d\n", length(bpp) / 2, split_n, sent_cmds, match_, bound, sent_blocks, \
    gr_bound, sent_gr, ceil_div(length(bpp) / 2, mss), ex_ans[bpp_done]
}
BEGIN {
  if (mss == "") mss = 255
  names["BF2E"] = "GetEuiccChallenge"; names["BF38"] = "AuthenticateServer"
  names["BF21"] = "PrepareDownload"; names["BF36"] = "LoadBoundProfilePackage"
  names["BF41"] = "CancelSession"
  names["BF3E"] = "GetEID"; names["BF20"] = "GetEuiccInfo1"; names["BF22"] = "GetEuiccInfo2"
  names["BF3C"] = "GetEuiccConfiguredAddresses"; names["BF2D"] = "GetProfilesInfo"
  names["BF31"] = "EnableProfile"; names["BF32"] = "DisableProfile"; names["BF33"] = "DeleteProfile"
  names["BF29"] = "SetNickname"; names["BF28"] = "ListNotification"
  names["BF2B"] = "RetrieveNotificationsList"; names["BF30"] = "RemoveNotificationFromList"
  names["BF34"] = "EuiccMemoryReset"; names["BF3F"] = "SetDefaultDpAddress"
}
$1 == ">>" {
  c = $2; capdus++; bytes_out += length(c) / 2
  ins = toupper(substr(c, 3, 2)); p2 = hexval(substr(c, 7, 2))
  lc = length(c) > 10 ? hexval(substr(c, 9, 2)) : 0
  last_ins = ins
  if (ins == "E2") {
    if (p2 == 0) {
      close_exchange()
      in_exchange = 1; req_bytes = 0; ans_bytes = 0; blocks = 0; getresp = 0; req_hex = ""
      tag = toupper(substr(c, 11, 4))
    }
    blocks++; req_bytes += lc; req_hex = req_hex toupper(substr(c, 11, 2 * lc))
  } else if (ins == "C0" && in_exchange) {
    getresp++
  } else {
    close_exchange()
    session_apdus++
    if (ins == "70") manage_channel++
    else if (ins == "A4") select_apdus++
    else if (ins == "C0") select_getresp++
    else other_apdus++
  }
  next
}
$1 == "<<" {
  r = $2; rapdus++; bytes_in += length(r) / 2
  if (in_exchange) ans_bytes += length(r) / 2 - 2
  next
}
END {
  close_exchange()
  bpp_report()
  printf "summary capdus=%d bytes_out=%d bytes_in=%d exchanges=%d es10_apdus=%d es10_bound=%d " \
         "session_apdus=%d manage_channel=%d select=%d select_get_response=%d other=%d functions=%s\n", \
    capdus, bytes_out, bytes_in, exchanges, es10_apdus, es10_bound, session_apdus, manage_channel, \
    select_apdus, select_getresp, other_apdus, (functions == "" ? "-" : functions)
}
