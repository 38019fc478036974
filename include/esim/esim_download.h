/* esim_download.h: profile download (SGP.22 3.1.2 and 3.1.3) through the C
 * API, and a device maker's own HTTP stack for ES9+. esim.h includes it;
 * the conventions of esim.h hold here too.
 *
 *   esim_download_callbacks cb = {0};
 *   cb.consent = askTheUser;           // shows offer->profileName, ...
 *   cb.confirmation_code = askForCode; // only called if the SM-DP+ wants one
 *   esim_download_result *result = NULL;
 *   if (esim_euicc_download_profile(card, es9p, "LPA:1$smdp.example$ID", &cb, NULL,
 *                                   &result) == ESIM_OK)
 *     printf("installed %s\n", esim_download_result_info(result)->iccid);
 *   else
 *     printf("%s\n", esim_euicc_last_error_message(card));
 *   esim_download_result_free(result);
 */
#ifndef ESIM_ESIM_DOWNLOAD_H
#define ESIM_ESIM_DOWNLOAD_H

#include <stddef.h>
#include <stdint.h>

#include "esim/esim.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- HTTP: a device maker's own stack for ES9+ -------------------------- */

/* esim_http_header is one HTTP header line. */
typedef struct esim_http_header {
  const char *name;
  const char *value;
} esim_http_header;

/* esim_http_request is one HTTPS POST the library wants sent: an absolute
 * https:// URL, headers and a body (JSON text, not NUL-terminated). Every
 * pointer is valid only during the callback. */
typedef struct esim_http_request {
  const char *url;
  const esim_http_header *headers;
  size_t header_count;
  const uint8_t *body;
  size_t body_length;
} esim_http_request;

/* esim_http_response is where the HTTP callback puts the server's answer,
 * through the esim_http_response_* functions. */
typedef struct esim_http_response esim_http_response;

/* esim_http_response_set_status stores the HTTP status code (100..599).
 * Fails with ESIM_INVALID_ARGUMENT for another number or a NULL response. */
esim_status esim_http_response_set_status(esim_http_response *response, long status);

/* esim_http_response_add_header adds one response header (the library reads
 * X-Admin-Protocol and Content-Type). Fails with ESIM_INVALID_ARGUMENT for
 * NULL arguments, ESIM_OUT_OF_MEMORY. */
esim_status esim_http_response_add_header(esim_http_response *response, const char *name,
                                          const char *value);

/* esim_http_response_append_body appends |length| bytes to the response
 * body (call it as the bytes arrive). Fails with ESIM_INVALID_ARGUMENT for a
 * NULL response (or NULL data with a length), ESIM_OUT_OF_MEMORY. */
esim_status esim_http_response_append_body(esim_http_response *response, const uint8_t *data,
                                           size_t length);

/* esim_http_response_set_error_message says why no response came, for the
 * failure the callback returns (e.g. "connect to 10.0.0.1:443: timed out");
 * the library's message then quotes it. Fails with ESIM_INVALID_ARGUMENT
 * for NULL arguments. */
esim_status esim_http_response_set_error_message(esim_http_response *response, const char *message);

/* esim_http_post_fn sends |request| as an HTTPS POST with full certificate
 * verification (peer and host name against the GSMA CI, or the test CI)
 * and fills |response|. It returns ESIM_OK when the server answered, with
 * whatever status (a 500 is a response), or the failure when no answer
 * came: ESIM_NETWORK (DNS, connect, timeout; retried twice by the library),
 * ESIM_TLS (handshake or certificate; never retried) or another status. It
 * must not throw C++ exceptions or longjmp out. */
typedef esim_status (*esim_http_post_fn)(void *context, const esim_http_request *request,
                                         esim_http_response *response);

/* esim_es9p_set_http_callback makes |es9p| send every ES9+ request through
 * |post| (called with |context|, which must stay valid while the handle
 * uses it) instead of the built-in libcurl client; NULL |post| goes back to
 * libcurl. With a callback, esim_es9p_set_ca_file, _add_resolve,
 * _set_timeout_ms and _set_connection_reuse have no effect: TLS, name
 * resolution and timeouts are the callback's. Fails only with
 * ESIM_INVALID_ARGUMENT for a NULL handle. */
esim_status esim_es9p_set_http_callback(esim_es9p *es9p, esim_http_post_fn post, void *context);

/* ---- Profile download --------------------------------------------------- */

/* esim_download_stage is where a download is, for progress output. */
typedef enum esim_download_stage {
  ESIM_DOWNLOAD_AUTHENTICATING = 0, /* ES10b/ES9+ mutual authentication */
  ESIM_DOWNLOAD_CONSENT = 1,        /* waiting for the user's consent */
  ESIM_DOWNLOAD_PREPARING = 2,      /* PrepareDownload, getBoundProfilePackage */
  ESIM_DOWNLOAD_LOADING = 3,        /* LoadBoundProfilePackage, bytes as they go */
  ESIM_DOWNLOAD_REPORTING = 4,      /* the install notification to the SM-DP+ */
  /* ESIM_DOWNLOAD_STAGE_MAX is no stage: it makes the type hold any int, so
   * a number from a newer library or a caller's bug reaches
   * esim_download_stage_name as that number (C++ may not hold a value
   * outside an enum's range). */
  ESIM_DOWNLOAD_STAGE_MAX = 0x7FFFFFFF
} esim_download_stage;

/* esim_download_stage_name returns "authenticating", "consent", ...;
 * never fails: "unknown" for other numbers. */
const char *esim_download_stage_name(esim_download_stage stage);

/* esim_download_offer is what the user is asked to consent to: the profile's
 * metadata (StoreMetadataRequest) as the SM-DP+ sent it. Strings are never
 * NULL ("" when absent) and valid only during the consent callback. */
typedef struct esim_download_offer {
  const char *smdpAddress;
  const char *iccid;
  const char *serviceProviderName;
  const char *profileName;
  int32_t profileClass; /* an esim_profile_class number */
  int confirmationCodeRequired;
} esim_download_offer;

/* esim_consent is the user's answer to an offer. */
typedef enum esim_consent {
  ESIM_CONSENT_ACCEPTED = 0,
  ESIM_CONSENT_REJECTED = 1,  /* CancelSession reason endUserRejection */
  ESIM_CONSENT_POSTPONED = 2, /* CancelSession reason postponed */
  /* ESIM_CONSENT_MAX is no answer (taken as rejected): it makes the type
   * hold any int a callback might return. */
  ESIM_CONSENT_MAX = 0x7FFFFFFF
} esim_consent;

/* ESIM_CONFIRMATION_CODE_BUFFER_SIZE is the room the confirmation-code
 * callback gets, the NUL included. */
#define ESIM_CONFIRMATION_CODE_BUFFER_SIZE 256u

/* esim_download_progress_fn is told each stage as it begins and, while
 * loading, the bytes of the bound profile package sent so far of |total|.
 * It may call esim_download_cancel_request. */
typedef void (*esim_download_progress_fn)(void *context, esim_download_stage stage, size_t done,
                                          size_t total);

/* esim_download_consent_fn answers an offer (before anything is bound to
 * the eUICC). Any number but ESIM_CONSENT_ACCEPTED ends the download. */
typedef esim_consent (*esim_download_consent_fn)(void *context, const esim_download_offer *offer);

/* esim_confirmation_code_fn is asked for the confirmation code when the
 * SM-DP+ requires one: it writes the code, NUL-terminated, into |code|
 * (|code_size| bytes) and returns non-zero, or returns 0 when the user has
 * none (the download then fails with ESIM_INVALID_ARGUMENT, the session
 * cancelled). The library wipes |code| as soon as it is hashed. */
typedef int (*esim_confirmation_code_fn)(void *context, char *code, size_t code_size);

/* esim_download_callbacks are the download's questions to its user; each
 * may be NULL (progress: none; consent: accepted; confirmation_code: the
 * download fails if the SM-DP+ asks for one). Each gets |context|. Callbacks
 * must not throw C++ exceptions or longjmp out. */
typedef struct esim_download_callbacks {
  esim_download_progress_fn progress;
  esim_download_consent_fn consent;
  esim_confirmation_code_fn confirmation_code;
  void *context;
} esim_download_callbacks;

/* esim_download_cancel is a cancel flag a download polls: set it from a
 * callback, another thread or a signal handler. */
typedef struct esim_download_cancel esim_download_cancel;

/* esim_download_cancel_new makes a flag that is not set. Fails with
 * ESIM_INVALID_ARGUMENT for a NULL |out| or ESIM_OUT_OF_MEMORY, filling the
 * optional |error|. */
esim_status esim_download_cancel_new(esim_download_cancel **out, esim_error *error);

/* esim_download_cancel_request sets the flag; safe from any thread and
 * from a signal handler (one lock-free atomic store). A download that sees
 * it before the load begins ends the session on the eUICC and at the SM-DP+
 * (ES10b and ES9+ CancelSession, reason endUserRejection) and fails with
 * ESIM_ABORTED; one that sees it once the load began finishes (the eUICC
 * installs a profile whole or not at all). Accepts NULL; never fails. */
void esim_download_cancel_request(esim_download_cancel *cancel);

/* esim_download_cancel_reset clears the flag for the next download.
 * Accepts NULL; never fails. */
void esim_download_cancel_reset(esim_download_cancel *cancel);

/* esim_download_cancel_free frees |cancel|, which no download may still
 * use. Accepts NULL; never fails. */
void esim_download_cancel_free(esim_download_cancel *cancel);

/* esim_download_options configures a download. Zero-initialise it (or pass
 * NULL) for the defaults. */
typedef struct esim_download_options {
  /* imei: the device's IMEI (14 to 16 digits) for DeviceInfo; NULL or "":
   * none (a generic TAC is sent). */
  const char *imei;
  /* keep_notification non-zero leaves the install notification on the
   * eUICC for esim_euicc_process_notifications; 0 reports it at once. */
  int keep_notification;
  /* receipt_dir: a directory for the install receipt (JSON, written before
   * the load and updated after it, as esimctl's); NULL: no receipt. */
  const char *receipt_dir;
  /* cancel: an optional flag polled after each step up to the load. */
  esim_download_cancel *cancel;
} esim_download_options;

/* esim_download_info is what was installed. Pointers live as long as the
 * result holding it; read it only through esim_download_result_info (fields
 * may be appended later). */
typedef struct esim_download_info {
  const char *iccid; /* of the installed profile */
  const uint8_t *isdpAid;
  size_t isdpAidLength;
  /* seqNumber of the install notification (-1 if the eUICC gave none). */
  int64_t seqNumber;
  const char *serviceProviderName;
  const char *profileName;
  int32_t profileClass; /* an esim_profile_class number */
  /* delivery is the report of the install notification to the SM-DP+, NULL
   * when keep_notification was set. A failed report (the notification stays
   * on the eUICC) is recorded here and does not fail the download. */
  const esim_notification_delivery *delivery;
  /* receiptPath: the install receipt's file, "" without receipt_dir. */
  const char *receiptPath;
} esim_download_info;

/* esim_download_result holds an esim_download_info. */
typedef struct esim_download_result esim_download_result;

/* esim_download_result_info returns the result's fields, valid until it is
 * freed; NULL for a NULL result. Never fails otherwise. */
const esim_download_info *esim_download_result_info(const esim_download_result *result);

/* esim_download_result_free frees |result|. Accepts NULL; never fails. */
void esim_download_result_free(esim_download_result *result);

/* esim_euicc_download_profile downloads and installs the profile that
 * |activation_code| ("LPA:1$SM-DP+ address$MatchingID[...]", SGP.22 4.1)
 * names, from its SM-DP+ through |es9p|: mutual authentication, the offer
 * to |callbacks|' consent (before anything is bound to this eUICC), the
 * confirmation code if the SM-DP+ asks, the load, and the install
 * notification reported at once. |callbacks| and |options| are optional.
 * The library's copies of the activation code and the confirmation code are
 * wiped after use (the caller's own buffer stays the caller's to wipe).
 * On success stores the result in |*out| (free it with
 * esim_download_result_free). Fails, recording the error on |euicc|, with
 * ESIM_INVALID_ARGUMENT (a malformed activation code or IMEI, no
 * confirmation code given), ESIM_ABORTED (consent refused or postponed,
 * cancelled), ESIM_SERVER_ERROR (the SM-DP+ refused: the message names its
 * subjectCode/reasonCode), ESIM_CARD_REFUSED (the eUICC's error code, or a
 * load it refused), ESIM_NETWORK, ESIM_TLS, ESIM_IO_ERROR (the receipt),
 * or the card's failure; |*out| is then NULL. Every failure before the load
 * first ends the session on the eUICC and at the SM-DP+. Uses both handles:
 * neither may be in use by another thread meanwhile. */
esim_status esim_euicc_download_profile(esim_euicc *euicc, esim_es9p *es9p,
                                        const char *activation_code,
                                        const esim_download_callbacks *callbacks,
                                        const esim_download_options *options,
                                        esim_download_result **out);

#ifdef __cplusplus
} /* extern "C" */
#endif

/* Event discovery at an SM-DS, whose download takes the types above. */
#include "esim/esim_discovery.h"

#endif /* ESIM_ESIM_DOWNLOAD_H */
