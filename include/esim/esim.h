/* esim.h: the C API of the esim library, for device makers and programs that
 * are not written in C++.
 *
 *   esim_euicc *card = NULL;
 *   esim_error err;
 *   if (esim_euicc_open_pcsc(NULL, NULL, &card, &err) != ESIM_OK) {
 *     fprintf(stderr, "%s (%s)\n", err.message, err.hint);
 *     return 1;
 *   }
 *   esim_profile_list *profiles = NULL;
 *   if (esim_euicc_list_profiles(card, &profiles) == ESIM_OK) {
 *     for (size_t i = 0; i < esim_profile_list_count(profiles); ++i)
 *       puts(esim_profile_list_at(profiles, i)->iccid);
 *   }
 *   esim_profile_list_free(profiles);
 *   esim_euicc_close(card);
 *
 * Conventions, the same for every function:
 *  - Functions return an esim_status. ESIM_OK is 0; every other value is a
 *    failure whose number never changes between versions. Outcomes that
 *    SGP.22 defines (an ES10 result code such as profileNotInDisabledState)
 *    are not failures: the call returns ESIM_OK and the result code in an
 *    out-parameter.
 *  - A failing call on a handle records the failure in that handle: read it
 *    with esim_euicc_last_error_message() and friends. Functions that create
 *    a handle take an optional esim_error to fill instead. There is no
 *    process-wide or thread-local error state.
 *  - Handles are independent: two handles may be used from two threads at
 *    once. One handle must not be used from two threads at once.
 *  - Every pointer argument that is not documented as optional must not be
 *    NULL; a NULL one makes the call fail with ESIM_INVALID_ARGUMENT.
 *  - Every free/close function accepts NULL.
 *  - Strings are NUL-terminated UTF-8.
 *  - No C++ exception ever leaves a function of this header.
 */
#ifndef ESIM_ESIM_H
#define ESIM_ESIM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* esim_status is the result of every call. The numbers are fixed forever;
 * esim_status_name() gives the stable identifier that esimctl's JSON output
 * also uses as "code". */
typedef enum esim_status {
  ESIM_OK = 0,
  ESIM_PCSC_NO_SERVICE = 1,        /* "pcsc-no-service": pcscd is not running */
  ESIM_NO_READER = 2,              /* "no-reader": PC/SC knows no reader */
  ESIM_READER_NOT_FOUND = 3,       /* "reader-not-found": the named reader does not exist */
  ESIM_NO_CARD = 4,                /* "no-card": the reader holds no card */
  ESIM_CARD_REMOVED = 5,           /* "card-removed": the card went away mid-command */
  ESIM_READER_BUSY = 6,            /* "reader-busy": another program holds the card */
  ESIM_PCSC_FAILURE = 7,           /* "pcsc-failure": any other PC/SC error */
  ESIM_CHANNEL_UNAVAILABLE = 8,    /* "channel-unavailable": no logical channel */
  ESIM_ISDR_NOT_FOUND = 9,         /* "isdr-not-found": SELECT of the ISD-R answered 6A82 */
  ESIM_STATUS_WORD = 10,           /* "status-word": an unexpected status word */
  ESIM_MALFORMED_RESPONSE = 11,    /* "malformed-response": the card's answer is not valid */
  ESIM_CARD_REFUSED = 12,          /* "card-refused": an ES10 function answered an error */
  ESIM_INVALID_ARGUMENT = 13,      /* "invalid-argument": bad input from the caller */
  ESIM_NOT_FOUND = 14,             /* "not-found": no profile/notification matches */
  ESIM_AMBIGUOUS = 15,             /* "ambiguous": several readers or profiles match */
  ESIM_ABORTED = 16,               /* "aborted": the user declined a confirmation */
  ESIM_CONFIRMATION_REQUIRED = 17, /* "confirmation-required" (CLI only) */
  ESIM_NOT_ALLOWED = 18,           /* "not-allowed": state or policy rules forbid it */
  ESIM_IO_ERROR = 19,              /* "io-error": a file could not be read or written */
  ESIM_EMULATOR = 20,              /* "emulator": the emulator's state is unusable */
  ESIM_NETWORK = 21,               /* "network": an SM-DP+ could not be reached */
  ESIM_TLS = 22,                   /* "tls": TLS handshake or certificate check failed */
  ESIM_SERVER_ERROR = 23,          /* "server-error": an SM-DP+ answered with an error */
  ESIM_INTERNAL = 24,              /* "internal": a bug; please report it */
  ESIM_OUT_OF_MEMORY = 100         /* "out-of-memory": an allocation failed */
} esim_status;

/* esim_status_name returns the stable identifier of |status| ("ok",
 * "card-removed", ...), or "unknown" for a number that is not an
 * esim_status. The string is static; never NULL. */
const char *esim_status_name(esim_status status);

/* ESIM_ERROR_MESSAGE_SIZE and ESIM_ERROR_HINT_SIZE are the buffer sizes of
 * esim_error; longer texts are cut (at a byte, NUL-terminated). */
#define ESIM_ERROR_MESSAGE_SIZE 512
#define ESIM_ERROR_HINT_SIZE 256

/* esim_error receives the failure of a function that creates a handle (where
 * there is no handle yet to keep it). status is ESIM_OK and both texts are
 * empty after a success. */
typedef struct esim_error {
  esim_status status;
  char message[ESIM_ERROR_MESSAGE_SIZE]; /* names the step that failed */
  char hint[ESIM_ERROR_HINT_SIZE];       /* what the user can do; may be empty */
} esim_error;

/* ---- Transport ---------------------------------------------------------- */

/* ESIM_MAX_RESPONSE_APDU is the size of the response buffer the transmit
 * callback is given: the longest R-APDU of an extended-length exchange. */
#define ESIM_MAX_RESPONSE_APDU 65538u

/* esim_transmit_fn sends the C-APDU |command| (|command_len| bytes, CLA
 * already carrying the logical channel) and writes the complete R-APDU, data
 * then SW1 SW2, into |response| (|response_capacity| bytes) and its length
 * into |*response_len|. It returns ESIM_OK, or the status that describes its
 * failure (for example ESIM_CARD_REMOVED). */
typedef esim_status (*esim_transmit_fn)(void *context, const uint8_t *command, size_t command_len,
                                        uint8_t *response, size_t response_capacity,
                                        size_t *response_len);

/* esim_open_logical_channel_fn opens a logical channel, selects |aid| on it
 * and stores the channel number in |*channel|. It returns ESIM_OK, or on
 * failure ESIM_ISDR_NOT_FOUND when the application is not there (so that the
 * next known ISD-R AID is tried) or another status. */
typedef esim_status (*esim_open_logical_channel_fn)(void *context, const uint8_t *aid,
                                                    size_t aid_len, uint8_t *channel);

/* esim_close_logical_channel_fn closes |channel|. A failure status is
 * ignored (the card may be gone). */
typedef esim_status (*esim_close_logical_channel_fn)(void *context, uint8_t channel);

/* esim_begin_transaction_fn asks for exclusive access to the card for the
 * APDUs of one ES10 exchange. It returns ESIM_OK, or the status of its
 * failure, which fails the running call. */
typedef esim_status (*esim_begin_transaction_fn)(void *context);

/* esim_end_transaction_fn ends what esim_begin_transaction_fn began; it
 * cannot fail. */
typedef void (*esim_end_transaction_fn)(void *context);

/* esim_transport_callbacks lets the caller carry APDUs to the eUICC, for
 * example over a modem's AT+CCHO / AT+CGLA / AT+CCHC. Each callback gets the
 * |context| given to esim_euicc_open_callbacks. When a callback fails, the
 * library fails the running call with the callback's status and a message
 * naming the callback. Callbacks must not throw C++ exceptions or longjmp
 * out. */
typedef struct esim_transport_callbacks {
  /* transmit is required. */
  esim_transmit_fn transmit;
  /* open_logical_channel is optional: NULL sends MANAGE CHANNEL and SELECT
   * through transmit. */
  esim_open_logical_channel_fn open_logical_channel;
  /* close_logical_channel is optional: NULL sends MANAGE CHANNEL close
   * through transmit. */
  esim_close_logical_channel_fn close_logical_channel;
  /* begin_transaction is optional: NULL does nothing. */
  esim_begin_transaction_fn begin_transaction;
  /* end_transaction is optional: NULL does nothing. */
  esim_end_transaction_fn end_transaction;
} esim_transport_callbacks;

/* esim_euicc_options configures how the ISD-R is reached. Zero-initialise it
 * (or pass NULL) for the defaults. */
typedef struct esim_euicc_options {
  /* isdr_aid / isdr_aid_len: the ISD-R AID as bytes (5 to 16). NULL: try the
   * standard AID, then the known AIDs of removable eUICCs. */
  const uint8_t *isdr_aid;
  size_t isdr_aid_len;
  /* isdr_aid_hex: the same as hexadecimal text; set at most one of the two. */
  const char *isdr_aid_hex;
  /* max_segment_size: largest STORE DATA block, 1..255; 0 means 255. Some
   * older cards need 120. */
  size_t max_segment_size;
} esim_euicc_options;

/* ---- The eUICC handle --------------------------------------------------- */

/* esim_euicc is an open ISD-R session on one eUICC (a logical channel stays
 * open for the handle's lifetime). */
typedef struct esim_euicc esim_euicc;

/* esim_euicc_open_callbacks opens the eUICC reached through |callbacks|
 * (copied; |context| must stay valid until esim_euicc_close) and selects the
 * ISD-R. |options| and |error| are optional. On success stores the handle in
 * |*out|. On failure stores NULL in |*out|, fills |error| and returns the
 * status: ESIM_INVALID_ARGUMENT (NULL callbacks or transmit, bad options),
 * ESIM_ISDR_NOT_FOUND, or a callback's failure. */
esim_status esim_euicc_open_callbacks(const esim_transport_callbacks *callbacks, void *context,
                                      const esim_euicc_options *options, esim_euicc **out,
                                      esim_error *error);

/* esim_euicc_open_pcsc opens the card in the PC/SC reader called |reader|
 * (exactly, or the only reader whose name contains it); NULL picks the first
 * reader holding a card with an ISD-R. |options| and |error| are optional.
 * On failure stores NULL in |*out| and returns ESIM_PCSC_NO_SERVICE,
 * ESIM_NO_READER, ESIM_READER_NOT_FOUND, ESIM_AMBIGUOUS, ESIM_NO_CARD,
 * ESIM_READER_BUSY, ESIM_ISDR_NOT_FOUND or ESIM_PCSC_FAILURE, with |error|
 * filled. */
esim_status esim_euicc_open_pcsc(const char *reader, const esim_euicc_options *options,
                                 esim_euicc **out, esim_error *error);

/* esim_euicc_reader_name returns the name of the PC/SC reader |euicc| was
 * opened on (the one esim_euicc_open_pcsc chose when given NULL or part of a
 * name), or "" for a handle from esim_euicc_open_callbacks and for NULL.
 * Valid until esim_euicc_close; never fails, never NULL. */
const char *esim_euicc_reader_name(const esim_euicc *euicc);

/* esim_euicc_close closes the logical channel and frees |euicc|. Accepts
 * NULL; never fails. */
void esim_euicc_close(esim_euicc *euicc);

/* esim_euicc_last_error_status returns the status of the last failed call on
 * |euicc| (ESIM_OK if none failed yet; a success does not clear it), or
 * ESIM_INVALID_ARGUMENT for NULL. */
esim_status esim_euicc_last_error_status(const esim_euicc *euicc);

/* esim_euicc_last_error_message returns the message of the last failed call
 * on |euicc|, naming the command, step or status word; "" if none. Valid
 * until the next call on |euicc|. Never NULL, also for a NULL handle. */
const char *esim_euicc_last_error_message(const esim_euicc *euicc);

/* esim_euicc_last_error_hint returns the hint of the last failed call (what
 * the user can do), possibly "". Lifetime as esim_euicc_last_error_message. */
const char *esim_euicc_last_error_hint(const esim_euicc *euicc);

/* esim_euicc_last_error_status_word returns the ISO 7816 status word that
 * caused the last failure, or 0 when there was none. */
uint16_t esim_euicc_last_error_status_word(const esim_euicc *euicc);

/* ESIM_EID_BUFFER_SIZE fits an EID: 32 hex digits and the NUL. */
#define ESIM_EID_BUFFER_SIZE 33

/* esim_euicc_get_eid writes the EID (ES10c.GetEID) as 32 upper-case hex
 * digits into |eid|, which has room for |eid_size| bytes. Fails with
 * ESIM_INVALID_ARGUMENT if |eid_size| < ESIM_EID_BUFFER_SIZE, or the card's
 * failure; |eid| is then "" (if it has room for the NUL). */
esim_status esim_euicc_get_eid(esim_euicc *euicc, char *eid, size_t eid_size);

/* ---- Profiles ----------------------------------------------------------- */

/* esim_profile_state is ProfileState (SGP.22 clause 5.7.15). */
typedef enum esim_profile_state {
  ESIM_PROFILE_STATE_UNKNOWN = -1, /* the card did not say */
  ESIM_PROFILE_STATE_DISABLED = 0,
  ESIM_PROFILE_STATE_ENABLED = 1
} esim_profile_state;

/* esim_profile_class is ProfileClass. */
typedef enum esim_profile_class {
  ESIM_PROFILE_CLASS_TEST = 0,
  ESIM_PROFILE_CLASS_PROVISIONING = 1,
  ESIM_PROFILE_CLASS_OPERATIONAL = 2
} esim_profile_class;

/* esim_profile_info is one profile of ES10c.GetProfilesInfo, with the ASN.1
 * field names of ProfileInfo. String and byte pointers are NULL when the
 * card sent no such field, and point into the list that holds the entry:
 * they are valid until that list is freed. Later versions may append
 * fields, so only read entries through the pointer esim_profile_list_at
 * returns; never copy or allocate this struct yourself. */
typedef struct esim_profile_info {
  const char *iccid; /* decimal digits, padding removed */
  const uint8_t *isdpAid;
  size_t isdpAidLength;
  esim_profile_state profileState;
  esim_profile_class profileClass;
  const char *profileNickname;
  const char *serviceProviderName;
  const char *profileName;
} esim_profile_info;

/* esim_profile_list is the caller's copy of the profiles; it stays valid
 * after the eUICC handle is closed. */
typedef struct esim_profile_list esim_profile_list;

/* esim_euicc_list_profiles reads all profiles into a new list stored in
 * |*out|, which the caller frees with esim_profile_list_free. On failure
 * stores NULL and returns the card's failure (ESIM_CARD_REFUSED if the card
 * answered ProfileInfoListError). */
esim_status esim_euicc_list_profiles(esim_euicc *euicc, esim_profile_list **out);

/* esim_profile_list_count returns the number of profiles; never fails (0
 * for NULL). */
size_t esim_profile_list_count(const esim_profile_list *list);

/* esim_profile_list_at returns profile |index|, valid until the list is
 * freed; fails with NULL if |list| is NULL or |index| is not below the
 * count. */
const esim_profile_info *esim_profile_list_at(const esim_profile_list *list, size_t index);

/* esim_profile_list_free frees |list| and every string in it. Accepts NULL;
 * never fails. */
void esim_profile_list_free(esim_profile_list *list);

/* esim_enable_profile_result is EnableProfileResponse.enableResult. */
typedef enum esim_enable_profile_result {
  ESIM_ENABLE_PROFILE_RESULT_OK = 0,
  ESIM_ENABLE_PROFILE_RESULT_ICCID_OR_AID_NOT_FOUND = 1,
  ESIM_ENABLE_PROFILE_RESULT_PROFILE_NOT_IN_DISABLED_STATE = 2,
  ESIM_ENABLE_PROFILE_RESULT_DISALLOWED_BY_POLICY = 3,
  ESIM_ENABLE_PROFILE_RESULT_WRONG_PROFILE_REENABLING = 4,
  ESIM_ENABLE_PROFILE_RESULT_CAT_BUSY = 5,
  ESIM_ENABLE_PROFILE_RESULT_UNDEFINED_ERROR = 127,
  /* ESIM_ENABLE_PROFILE_RESULT_MAX_CODE is no result: it makes the type hold any code
   * 0..2147483647 a card sends, so a number SGP.22 does not name (a newer
   * card's) reaches the caller unchanged. */
  ESIM_ENABLE_PROFILE_RESULT_MAX_CODE = 0x7FFFFFFF
} esim_enable_profile_result;

/* esim_disable_profile_result is DisableProfileResponse.disableResult. */
typedef enum esim_disable_profile_result {
  ESIM_DISABLE_PROFILE_RESULT_OK = 0,
  ESIM_DISABLE_PROFILE_RESULT_ICCID_OR_AID_NOT_FOUND = 1,
  ESIM_DISABLE_PROFILE_RESULT_PROFILE_NOT_IN_ENABLED_STATE = 2,
  ESIM_DISABLE_PROFILE_RESULT_DISALLOWED_BY_POLICY = 3,
  ESIM_DISABLE_PROFILE_RESULT_CAT_BUSY = 5,
  ESIM_DISABLE_PROFILE_RESULT_UNDEFINED_ERROR = 127,
  /* ESIM_DISABLE_PROFILE_RESULT_MAX_CODE is no result: it makes the type hold any code
   * 0..2147483647 a card sends, so a number SGP.22 does not name (a newer
   * card's) reaches the caller unchanged. */
  ESIM_DISABLE_PROFILE_RESULT_MAX_CODE = 0x7FFFFFFF
} esim_disable_profile_result;

/* esim_delete_profile_result is DeleteProfileResponse.deleteResult. */
typedef enum esim_delete_profile_result {
  ESIM_DELETE_PROFILE_RESULT_OK = 0,
  ESIM_DELETE_PROFILE_RESULT_ICCID_OR_AID_NOT_FOUND = 1,
  ESIM_DELETE_PROFILE_RESULT_PROFILE_NOT_IN_DISABLED_STATE = 2,
  ESIM_DELETE_PROFILE_RESULT_DISALLOWED_BY_POLICY = 3,
  ESIM_DELETE_PROFILE_RESULT_UNDEFINED_ERROR = 127,
  /* ESIM_DELETE_PROFILE_RESULT_MAX_CODE is no result: it makes the type hold any code
   * 0..2147483647 a card sends, so a number SGP.22 does not name (a newer
   * card's) reaches the caller unchanged. */
  ESIM_DELETE_PROFILE_RESULT_MAX_CODE = 0x7FFFFFFF
} esim_delete_profile_result;

/* esim_set_nickname_result is SetNicknameResponse.setNicknameResult. */
typedef enum esim_set_nickname_result {
  ESIM_SET_NICKNAME_RESULT_OK = 0,
  ESIM_SET_NICKNAME_RESULT_ICCID_NOT_FOUND = 1,
  ESIM_SET_NICKNAME_RESULT_UNDEFINED_ERROR = 127,
  /* ESIM_SET_NICKNAME_RESULT_MAX_CODE is no result: it makes the type hold any code
   * 0..2147483647 a card sends, so a number SGP.22 does not name (a newer
   * card's) reaches the caller unchanged. */
  ESIM_SET_NICKNAME_RESULT_MAX_CODE = 0x7FFFFFFF
} esim_set_nickname_result;

/* esim_euicc_enable_profile sends ES10c.EnableProfile for the profile with
 * ICCID |iccid| (18 to 20 digits) and stores the card's answer in |*result|.
 * |refresh| non-zero sets refreshFlag (the modem must then reset the UICC).
 * Fails with ESIM_INVALID_ARGUMENT for a malformed ICCID, or the card's
 * failure; |*result| is then unchanged. */
esim_status esim_euicc_enable_profile(esim_euicc *euicc, const char *iccid, int refresh,
                                      esim_enable_profile_result *result);

/* esim_euicc_disable_profile is ES10c.DisableProfile; it fails as
 * esim_euicc_enable_profile does. */
esim_status esim_euicc_disable_profile(esim_euicc *euicc, const char *iccid, int refresh,
                                       esim_disable_profile_result *result);

/* esim_euicc_delete_profile is ES10c.DeleteProfile; it fails as
 * esim_euicc_enable_profile does. An enabled profile is not deleted: the
 * card answers ESIM_DELETE_PROFILE_RESULT_PROFILE_NOT_IN_DISABLED_STATE. */
esim_status esim_euicc_delete_profile(esim_euicc *euicc, const char *iccid,
                                      esim_delete_profile_result *result);

/* esim_euicc_set_nickname is ES10c.SetNickname: |nickname| (at most 64
 * bytes of UTF-8; "" clears it) for the profile |iccid|. Fails with
 * ESIM_INVALID_ARGUMENT for a malformed ICCID or a long nickname, or the
 * card's failure. */
esim_status esim_euicc_set_nickname(esim_euicc *euicc, const char *iccid, const char *nickname,
                                    esim_set_nickname_result *result);

/* esim_enable_profile_result_name returns the SGP.22 name of |result|
 * ("profileNotInDisabledState"); never fails: "unknown" for a number SGP.22
 * does not name (print the number itself then, as "other(N)"). */
const char *esim_enable_profile_result_name(esim_enable_profile_result result);

/* esim_disable_profile_result_name is esim_enable_profile_result_name for
 * DisableProfile; never fails. */
const char *esim_disable_profile_result_name(esim_disable_profile_result result);

/* esim_delete_profile_result_name is esim_enable_profile_result_name for
 * DeleteProfile; never fails. */
const char *esim_delete_profile_result_name(esim_delete_profile_result result);

/* esim_set_nickname_result_name is esim_enable_profile_result_name for
 * SetNickname; never fails. */
const char *esim_set_nickname_result_name(esim_set_nickname_result result);

/* ---- Notifications ------------------------------------------------------ */

/* esim_notification_event is NotificationEvent (the operation reported). */
typedef enum esim_notification_event {
  ESIM_NOTIFICATION_INSTALL = 0,
  ESIM_NOTIFICATION_ENABLE = 1,
  ESIM_NOTIFICATION_DISABLE = 2,
  ESIM_NOTIFICATION_DELETE = 3
} esim_notification_event;

/* esim_notification_metadata is NotificationMetadata. Pointers live as long
 * as the list holding the entry; iccid is NULL when absent. Read entries
 * only through the list's accessor (fields may be appended later). */
typedef struct esim_notification_metadata {
  int64_t seqNumber;
  esim_notification_event profileManagementOperation;
  const char *notificationAddress; /* FQDN of the SM-DP+, maybe ":PORT" */
  const char *iccid;
} esim_notification_metadata;

/* esim_notification_list is the caller's copy of the pending notifications. */
typedef struct esim_notification_list esim_notification_list;

/* esim_euicc_list_notifications reads the pending notifications
 * (ES10b.ListNotification) into a new list in |*out|, freed with
 * esim_notification_list_free. On failure stores NULL and returns the
 * card's failure. */
esim_status esim_euicc_list_notifications(esim_euicc *euicc, esim_notification_list **out);

/* esim_notification_list_count returns the number of entries; never fails
 * (0 for NULL). */
size_t esim_notification_list_count(const esim_notification_list *list);

/* esim_notification_list_at returns entry |index|, valid until the list is
 * freed; fails with NULL when |list| is NULL or |index| is out of range. */
const esim_notification_metadata *esim_notification_list_at(const esim_notification_list *list,
                                                            size_t index);

/* esim_notification_list_free frees |list|. Accepts NULL; never fails. */
void esim_notification_list_free(esim_notification_list *list);

/* esim_notification_sent_result is NotificationSentResponse's
 * deleteNotificationStatus. */
typedef enum esim_notification_sent_result {
  ESIM_NOTIFICATION_SENT_RESULT_OK = 0,
  ESIM_NOTIFICATION_SENT_RESULT_NOTHING_TO_DELETE = 1,
  ESIM_NOTIFICATION_SENT_RESULT_UNDEFINED_ERROR = 127,
  /* ESIM_NOTIFICATION_SENT_RESULT_MAX_CODE is no result: it makes the type hold any code
   * 0..2147483647 a card sends, so a number SGP.22 does not name (a newer
   * card's) reaches the caller unchanged. */
  ESIM_NOTIFICATION_SENT_RESULT_MAX_CODE = 0x7FFFFFFF
} esim_notification_sent_result;

/* esim_euicc_remove_notification is ES10b.RemoveNotificationFromList for
 * |seq_number|: the notification is gone for good, so call it only after
 * the SM-DP+ acknowledged it (esim_euicc_process_notifications does that for
 * you). A seqNumber that is not pending gives ESIM_OK and
 * ESIM_NOTIFICATION_SENT_RESULT_NOTHING_TO_DELETE. Fails with the card's
 * failure. */
esim_status esim_euicc_remove_notification(esim_euicc *euicc, int64_t seq_number,
                                           esim_notification_sent_result *result);

/* esim_es9p is an ES9+ client (HTTPS to SM-DP+s, full certificate
 * verification, always). One TLS connection is kept per handle. */
typedef struct esim_es9p esim_es9p;

/* esim_es9p_new creates an ES9+ client with the defaults: system CA store,
 * 30 s timeout, connection reuse. Fails with ESIM_INVALID_ARGUMENT for a
 * NULL |out| or ESIM_OUT_OF_MEMORY, filling the optional |error|. */
esim_status esim_es9p_new(esim_es9p **out, esim_error *error);

/* esim_es9p_free frees |es9p| and closes its connection. Accepts NULL;
 * never fails. */
void esim_es9p_free(esim_es9p *es9p);

/* esim_es9p_set_ca_file trusts only the PEM root certificates in |path|
 * (NULL or "": the system store again). Fails with ESIM_IO_ERROR if the
 * file cannot be read (the option is then unchanged), ESIM_INVALID_ARGUMENT
 * for a NULL handle. */
esim_status esim_es9p_set_ca_file(esim_es9p *es9p, const char *path);

/* esim_es9p_add_resolve pins a host name to an address as curl's --resolve:
 * "HOST:PORT:ADDRESS". Fails with ESIM_INVALID_ARGUMENT for a malformed
 * entry (nothing is added). */
esim_status esim_es9p_add_resolve(esim_es9p *es9p, const char *entry);

/* esim_es9p_set_timeout_ms bounds each HTTPS request (connect, TLS, send,
 * wait, receive) to |timeout_ms| milliseconds, at least 1. Fails with
 * ESIM_INVALID_ARGUMENT for 0 or a NULL handle. */
esim_status esim_es9p_set_timeout_ms(esim_es9p *es9p, uint32_t timeout_ms);

/* esim_es9p_set_connection_reuse: |reuse| 0 opens a new TLS connection for
 * every request (a diagnostic switch); non-zero keeps it (the default).
 * Fails only for a NULL handle. */
esim_status esim_es9p_set_connection_reuse(esim_es9p *es9p, int reuse);

/* esim_es9p_last_error_message returns the message of the last failed call
 * on |es9p|, or "". Never NULL. Valid until the next call on |es9p|. */
const char *esim_es9p_last_error_message(const esim_es9p *es9p);

/* esim_notification_delivery is what happened to one notification in
 * esim_euicc_process_notifications. Pointers live as long as the list. */
typedef struct esim_notification_delivery {
  esim_notification_metadata metadata;
  /* delivered: the SM-DP+ acknowledged the notification. */
  int delivered;
  /* removed: the eUICC then dropped it. A notification that was not removed
   * is still on the card and is sent again next time. */
  int removed;
  /* httpStatus of the SM-DP+'s answer, 0 if none came. */
  long httpStatus;
  /* errorStatus is ESIM_OK when delivered and removed; otherwise why not,
   * with errorMessage and errorHint (both "" on success). */
  esim_status errorStatus;
  const char *errorMessage;
  const char *errorHint;
  /* functionExecutionStatus is the JSON header's status ("Executed-Success",
   * "Failed", ...) or NULL when the answer carried none. */
  const char *functionExecutionStatus;
} esim_notification_delivery;

/* esim_delivery_list holds the outcome of each notification processed. */
typedef struct esim_delivery_list esim_delivery_list;

/* esim_euicc_process_notifications delivers pending notifications over
 * ES9+ handleNotification through |es9p|, oldest first, and removes each
 * from the eUICC only after its SM-DP+ acknowledged it: a notification the
 * SM-DP+ refused or never received stays on the card. |seq_numbers|
 * (|count| entries) chooses which; NULL or 0 means all pending ones. A
 * failure to deliver one notification is recorded in its entry and is not
 * a failure of the call. On success stores the list in |*out| (free it with
 * esim_delivery_list_free). Fails, recording the error on |euicc|, with
 * ESIM_NOT_FOUND when a requested seqNumber is not pending, ESIM_IO_ERROR
 * when the CA file became unreadable, or the card's failure; |*out| is then NULL. Uses
 * both handles: neither may be in use by another thread meanwhile. */
esim_status esim_euicc_process_notifications(esim_euicc *euicc, esim_es9p *es9p,
                                             const int64_t *seq_numbers, size_t count,
                                             esim_delivery_list **out);

/* esim_delivery_list_count returns the number of entries; never fails (0
 * for NULL). */
size_t esim_delivery_list_count(const esim_delivery_list *list);

/* esim_delivery_list_at returns entry |index|, valid until the list is
 * freed; fails with NULL when |list| is NULL or |index| is out of range. */
const esim_notification_delivery *esim_delivery_list_at(const esim_delivery_list *list,
                                                        size_t index);

/* esim_delivery_list_free frees |list|. Accepts NULL; never fails. */
void esim_delivery_list_free(esim_delivery_list *list);

#ifdef __cplusplus
} /* extern "C" */
#endif

/* Profile download and the HTTP callback, and (included by esim_download.h,
 * whose types it uses) event discovery at an SM-DS: in their own headers
 * for size. */
#include "esim/esim_download.h"

#endif /* ESIM_ESIM_H */
