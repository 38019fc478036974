# apdu_trace.awk: counts the APDUs of one `esimctl --trace` run and compares
# them with the lower bound. Input: the trace lines ">> C-APDU" and
# "<< R-APDU" (hex); other lines are ignored. Output: one summary line
# "key=value ..." and one "exchange ..." line per ES10 exchange.
#
# Lower bound of an ES10 exchange (SGP.22 5.7.2, ISO/IEC 7816-4 7.6.1):
# ceil(request / 255) STORE DATA blocks, then ceil(answer / 256) GET
# RESPONSEs (a short Le asks for at most 256 bytes; an empty answer needs
# none). The session's own APDUs (MANAGE CHANNEL open and close, SELECT and
# the GET RESPONSE of its FCI) are counted apart.
function hexval(h,    i, v) {
  v = 0
  h = toupper(h)
  for (i = 1; i <= length(h); i++) v = v * 16 + index("0123456789ABCDEF", substr(h, i, 1)) - 1
  return v
}
function ceil_div(a, b) { return int((a + b - 1) / b) }
function es10_name(tag) {
  return (tag in names) ? names[tag] : "tag_" tag
}
function close_exchange() {
  if (!in_exchange) return
  bound = ceil_div(req_bytes, 255) + ceil_div(ans_bytes, 256)
  printf "exchange %s request=%d answer=%d store_data=%d get_response=%d bound=%d\n", \
    es10_name(tag), req_bytes, ans_bytes, blocks, getresp, bound
  es10_apdus += blocks + getresp
  es10_bound += bound
  exchanges++
  functions = functions (functions == "" ? "" : ",") es10_name(tag)
  in_exchange = 0
}
BEGIN {
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
      in_exchange = 1; req_bytes = 0; ans_bytes = 0; blocks = 0; getresp = 0
      tag = toupper(substr(c, 11, 4))
    }
    blocks++; req_bytes += lc
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
  printf "summary capdus=%d bytes_out=%d bytes_in=%d exchanges=%d es10_apdus=%d es10_bound=%d " \
         "session_apdus=%d manage_channel=%d select=%d select_get_response=%d other=%d functions=%s\n", \
    capdus, bytes_out, bytes_in, exchanges, es10_apdus, es10_bound, session_apdus, manage_channel, \
    select_apdus, select_getresp, other_apdus, (functions == "" ? "-" : functions)
}
