/* asn_debug_off.h: forced into every asn1c-generated source (see
 * CMakeLists.txt) before asn_internal.h.
 *
 * With debugging off, asn1c 0.9.28 defines ASN_DEBUG as an empty static
 * *function*, so its arguments are still evaluated; many of them call
 * ber_tlv_tag_string(), which formats a tag with snprintf. That was about
 * half of the DER encoder's time (bench/codec_bench, docs/performance.md).
 * asn_internal.h keeps an ASN_DEBUG that is already defined, so this macro,
 * which drops its arguments unevaluated, takes its place. */
#ifndef ESIM_ASN_DEBUG_OFF_H
#define ESIM_ASN_DEBUG_OFF_H
#define ASN_DEBUG(...)                                                                             \
  do {                                                                                             \
  } while (0)
#endif
