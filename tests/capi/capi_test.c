/* capi_test.c: the C API from C, against the in-process emulator reached
 * through transport callbacks (emu_shim.h). Compiled as C11 with -pedantic,
 * which also proves that esim.h is plain C. Prints each failed check and
 * exits non-zero if any failed. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "capi_download.h"
#include "check.h"
#include "emu_shim.h"
#include "esim/esim.h"

/* The numbers are part of the ABI: a change must break this build. */
_Static_assert(ESIM_OK == 0, "ESIM_OK");
_Static_assert(ESIM_CARD_REMOVED == 5, "ESIM_CARD_REMOVED");
_Static_assert(ESIM_MALFORMED_RESPONSE == 11, "ESIM_MALFORMED_RESPONSE");
_Static_assert(ESIM_INVALID_ARGUMENT == 13, "ESIM_INVALID_ARGUMENT");
_Static_assert(ESIM_INTERNAL == 24, "ESIM_INTERNAL");
_Static_assert(ESIM_OUT_OF_MEMORY == 100, "ESIM_OUT_OF_MEMORY");
_Static_assert(ESIM_DELETE_PROFILE_RESULT_PROFILE_NOT_IN_DISABLED_STATE == 2, "delete result");
_Static_assert(ESIM_ENABLE_PROFILE_RESULT_UNDEFINED_ERROR == 127, "enable result");

static const char kEid[] = "89049032123451234512345678901235";
static const char kTravel[] = "8981100000000000002";
static const char kHome[] = "89490000000000000007";
static const char kUnknownIccid[] = "89000000000000000009";

static capi_emu_bench *bench;
int checks;
int failures;

/* openDemo opens a fresh demo card through the transmit-only callbacks. */
static esim_euicc *openDemo(capi_emu **emu, const esim_euicc_options *options) {
  esim_transport_callbacks callbacks = capi_emu_callbacks();
  esim_euicc *euicc = NULL;
  esim_error error;
  *emu = capi_emu_new_demo(bench);
  if (*emu == NULL) return NULL;
  if (esim_euicc_open_callbacks(&callbacks, *emu, options, &euicc, &error) != ESIM_OK) {
    fprintf(stderr, "open failed: %s\n", error.message);
  }
  return euicc;
}

static const esim_profile_info *findProfile(const esim_profile_list *list, const char *iccid) {
  size_t i;
  for (i = 0; i < esim_profile_list_count(list); ++i) {
    const esim_profile_info *p = esim_profile_list_at(list, i);
    if (p->iccid != NULL && strcmp(p->iccid, iccid) == 0) return p;
  }
  return NULL;
}

static void testEidAndProfiles(void) {
  capi_emu *emu = NULL;
  esim_euicc *euicc = openDemo(&emu, NULL);
  char eid[ESIM_EID_BUFFER_SIZE];
  esim_profile_list *list = NULL;
  const esim_profile_info *travel;
  const esim_profile_info *home;
  CHECK(euicc != NULL);
  if (euicc == NULL) goto done;
  CHECK_STATUS(esim_euicc_get_eid(euicc, eid, sizeof eid), ESIM_OK, euicc);
  CHECK(strcmp(eid, kEid) == 0);
  /* A callback transport has no reader; NULL is no crash either. */
  CHECK(strcmp(esim_euicc_reader_name(euicc), "") == 0);
  CHECK(strcmp(esim_euicc_reader_name(NULL), "") == 0);

  CHECK_STATUS(esim_euicc_list_profiles(euicc, &list), ESIM_OK, euicc);
  CHECK(esim_profile_list_count(list) == 2);
  CHECK(esim_profile_list_at(list, 2) == NULL);
  travel = findProfile(list, kTravel);
  home = findProfile(list, kHome);
  CHECK(travel != NULL && home != NULL);
  if (travel != NULL && home != NULL) {
    CHECK(travel->profileState == ESIM_PROFILE_STATE_ENABLED);
    CHECK(travel->profileClass == ESIM_PROFILE_CLASS_OPERATIONAL);
    CHECK(strcmp(travel->profileNickname, "Tokyo trip") == 0);
    CHECK(strcmp(travel->serviceProviderName, "\xE3\x83\x88\xE3\x83\xA9\xE3\x83\x99\xE3\x83\xAB"
                                              "SIM") == 0);
    CHECK(strcmp(travel->profileName, "Japan Travel 7 days") == 0);
    CHECK(travel->isdpAidLength == 16 && travel->isdpAid != NULL && travel->isdpAid[15] == 0x00 &&
          travel->isdpAid[14] == 0x10);
    CHECK(home->profileState == ESIM_PROFILE_STATE_DISABLED);
    CHECK(home->profileNickname == NULL);
  }
  /* The list is the caller's copy: it outlives the handle. */
  esim_euicc_close(euicc);
  euicc = NULL;
  CHECK(findProfile(list, kTravel) != NULL);
  CHECK(capi_emu_open_channels(emu) == 1u);
done:
  esim_profile_list_free(list);
  esim_euicc_close(euicc);
  capi_emu_free(emu);
}

static void testProfileOperations(void) {
  capi_emu *emu = NULL;
  esim_euicc *euicc = openDemo(&emu, NULL);
  esim_enable_profile_result enable = ESIM_ENABLE_PROFILE_RESULT_UNDEFINED_ERROR;
  esim_disable_profile_result disable = ESIM_DISABLE_PROFILE_RESULT_UNDEFINED_ERROR;
  esim_delete_profile_result del = ESIM_DELETE_PROFILE_RESULT_UNDEFINED_ERROR;
  esim_profile_list *list = NULL;
  CHECK(euicc != NULL);
  if (euicc == NULL) goto done;

  /* The eUICC refuses to delete the enabled profile. */
  CHECK_STATUS(esim_euicc_delete_profile(euicc, kTravel, &del), ESIM_OK, euicc);
  CHECK(del == ESIM_DELETE_PROFILE_RESULT_PROFILE_NOT_IN_DISABLED_STATE);
  CHECK(strcmp(esim_delete_profile_result_name(del), "profileNotInDisabledState") == 0);

  CHECK_STATUS(esim_euicc_disable_profile(euicc, kTravel, 0, &disable), ESIM_OK, euicc);
  CHECK(disable == ESIM_DISABLE_PROFILE_RESULT_OK);
  CHECK_STATUS(esim_euicc_disable_profile(euicc, kTravel, 0, &disable), ESIM_OK, euicc);
  CHECK(disable == ESIM_DISABLE_PROFILE_RESULT_PROFILE_NOT_IN_ENABLED_STATE);

  CHECK_STATUS(esim_euicc_enable_profile(euicc, kHome, 1, &enable), ESIM_OK, euicc);
  CHECK(enable == ESIM_ENABLE_PROFILE_RESULT_OK);
  CHECK_STATUS(esim_euicc_enable_profile(euicc, kHome, 0, &enable), ESIM_OK, euicc);
  CHECK(enable == ESIM_ENABLE_PROFILE_RESULT_PROFILE_NOT_IN_DISABLED_STATE);
  CHECK(strcmp(esim_enable_profile_result_name(enable), "profileNotInDisabledState") == 0);
  CHECK_STATUS(esim_euicc_enable_profile(euicc, kUnknownIccid, 0, &enable), ESIM_OK, euicc);
  CHECK(enable == ESIM_ENABLE_PROFILE_RESULT_ICCID_OR_AID_NOT_FOUND);

  CHECK_STATUS(esim_euicc_delete_profile(euicc, kTravel, &del), ESIM_OK, euicc);
  CHECK(del == ESIM_DELETE_PROFILE_RESULT_OK);
  CHECK_STATUS(esim_euicc_delete_profile(euicc, kTravel, &del), ESIM_OK, euicc);
  CHECK(del == ESIM_DELETE_PROFILE_RESULT_ICCID_OR_AID_NOT_FOUND);

  CHECK_STATUS(esim_euicc_list_profiles(euicc, &list), ESIM_OK, euicc);
  CHECK(esim_profile_list_count(list) == 1);
  CHECK(findProfile(list, kTravel) == NULL);
  CHECK(findProfile(list, kHome) != NULL &&
        findProfile(list, kHome)->profileState == ESIM_PROFILE_STATE_ENABLED);
done:
  esim_profile_list_free(list);
  esim_euicc_close(euicc);
  capi_emu_free(emu);
}

static void testNickname(void) {
  capi_emu *emu = NULL;
  esim_euicc *euicc = openDemo(&emu, NULL);
  esim_set_nickname_result result = ESIM_SET_NICKNAME_RESULT_UNDEFINED_ERROR;
  esim_profile_list *list = NULL;
  char tooLong[66];
  CHECK(euicc != NULL);
  if (euicc == NULL) goto done;
  CHECK_STATUS(esim_euicc_set_nickname(euicc, kHome, "Home", &result), ESIM_OK, euicc);
  CHECK(result == ESIM_SET_NICKNAME_RESULT_OK);
  CHECK_STATUS(esim_euicc_list_profiles(euicc, &list), ESIM_OK, euicc);
  CHECK(findProfile(list, kHome) != NULL && findProfile(list, kHome)->profileNickname != NULL &&
        strcmp(findProfile(list, kHome)->profileNickname, "Home") == 0);
  CHECK_STATUS(esim_euicc_set_nickname(euicc, kUnknownIccid, "x", &result), ESIM_OK, euicc);
  CHECK(result == ESIM_SET_NICKNAME_RESULT_ICCID_NOT_FOUND);
  CHECK(strcmp(esim_set_nickname_result_name(result), "iccidNotFound") == 0);
  memset(tooLong, 'n', sizeof tooLong - 1);
  tooLong[sizeof tooLong - 1] = '\0';
  CHECK_STATUS(esim_euicc_set_nickname(euicc, kHome, tooLong, &result), ESIM_INVALID_ARGUMENT,
               euicc);
done:
  esim_profile_list_free(list);
  esim_euicc_close(euicc);
  capi_emu_free(emu);
}

static void testNotifications(void) {
  capi_emu *emu = NULL;
  esim_euicc *euicc = openDemo(&emu, NULL);
  esim_disable_profile_result disable;
  esim_notification_list *list = NULL;
  esim_notification_list *after = NULL;
  esim_notification_sent_result sent = ESIM_NOTIFICATION_SENT_RESULT_UNDEFINED_ERROR;
  const esim_notification_metadata *n;
  CHECK(euicc != NULL);
  if (euicc == NULL) goto done;
  CHECK_STATUS(esim_euicc_list_notifications(euicc, &list), ESIM_OK, euicc);
  CHECK(esim_notification_list_count(list) == 0);
  esim_notification_list_free(list);
  list = NULL;

  CHECK_STATUS(esim_euicc_disable_profile(euicc, kTravel, 0, &disable), ESIM_OK, euicc);
  CHECK_STATUS(esim_euicc_list_notifications(euicc, &list), ESIM_OK, euicc);
  CHECK(esim_notification_list_count(list) == 1);
  n = esim_notification_list_at(list, 0);
  CHECK(n != NULL && esim_notification_list_at(list, 1) == NULL);
  if (n == NULL) goto done;
  CHECK(n->profileManagementOperation == ESIM_NOTIFICATION_DISABLE);
  CHECK(n->iccid != NULL && strcmp(n->iccid, kTravel) == 0);
  CHECK(strcmp(n->notificationAddress, "smdp.travel.example") == 0);

  CHECK_STATUS(esim_euicc_remove_notification(euicc, n->seqNumber, &sent), ESIM_OK, euicc);
  CHECK(sent == ESIM_NOTIFICATION_SENT_RESULT_OK);
  CHECK_STATUS(esim_euicc_remove_notification(euicc, n->seqNumber, &sent), ESIM_OK, euicc);
  CHECK(sent == ESIM_NOTIFICATION_SENT_RESULT_NOTHING_TO_DELETE);
  CHECK_STATUS(esim_euicc_list_notifications(euicc, &after), ESIM_OK, euicc);
  CHECK(esim_notification_list_count(after) == 0);
done:
  esim_notification_list_free(list);
  esim_notification_list_free(after);
  esim_euicc_close(euicc);
  capi_emu_free(emu);
}

static void testOptionalCallbacksAndOptions(void) {
  capi_emu *emu = capi_emu_new_demo(bench);
  esim_transport_callbacks callbacks = capi_emu_full_callbacks();
  esim_euicc_options options;
  esim_euicc *euicc = NULL;
  esim_error error;
  esim_profile_list *list = NULL;
  unsigned opens, closes, begins, ends;
  static const uint8_t kNoSuchAid[] = {0xA0, 0x00, 0x00, 0x00, 0x99, 0x99};
  CHECK(emu != NULL);
  if (emu == NULL) return;

  memset(&options, 0, sizeof options);
  options.isdr_aid_hex = "A0000005591010FFFFFFFF8900000100";
  options.max_segment_size = 16;
  CHECK(esim_euicc_open_callbacks(&callbacks, emu, &options, &euicc, &error) == ESIM_OK);
  CHECK(error.status == ESIM_OK && error.message[0] == '\0');
  CHECK(capi_emu_open_channels(emu) != 1u);
  CHECK_STATUS(esim_euicc_list_profiles(euicc, &list), ESIM_OK, euicc);
  CHECK(esim_profile_list_count(list) == 2);
  esim_euicc_close(euicc);
  euicc = NULL;
  capi_emu_counts(emu, &opens, &closes, &begins, &ends);
  CHECK(opens == 1 && closes == 1);
  CHECK(begins > 0 && begins == ends);
  CHECK(capi_emu_open_channels(emu) == 1u);

  /* An AID the card does not have: the open callback's ESIM_ISDR_NOT_FOUND. */
  memset(&options, 0, sizeof options);
  options.isdr_aid = kNoSuchAid;
  options.isdr_aid_len = sizeof kNoSuchAid;
  CHECK(esim_euicc_open_callbacks(&callbacks, emu, &options, &euicc, &error) ==
        ESIM_ISDR_NOT_FOUND);
  CHECK(euicc == NULL);
  CHECK(strcmp(esim_status_name(error.status), "isdr-not-found") == 0);

  /* Bad options are refused before any APDU. */
  options.isdr_aid_hex = "A000000559";
  CHECK(esim_euicc_open_callbacks(&callbacks, emu, &options, &euicc, &error) ==
        ESIM_INVALID_ARGUMENT);
  CHECK_CONTAINS(error.message, "both isdr_aid and isdr_aid_hex");
  memset(&options, 0, sizeof options);
  options.isdr_aid_hex = "A0ZZ";
  CHECK(esim_euicc_open_callbacks(&callbacks, emu, &options, &euicc, &error) ==
        ESIM_INVALID_ARGUMENT);
  options.isdr_aid_hex = "A000";
  CHECK(esim_euicc_open_callbacks(&callbacks, emu, &options, &euicc, &error) ==
        ESIM_INVALID_ARGUMENT);
  CHECK_CONTAINS(error.message, "5 to 16");
  memset(&options, 0, sizeof options);
  options.max_segment_size = 300;
  CHECK(esim_euicc_open_callbacks(&callbacks, emu, &options, &euicc, &error) ==
        ESIM_INVALID_ARGUMENT);
  CHECK_CONTAINS(error.message, "max_segment_size 300");
  CHECK(euicc == NULL);
  esim_profile_list_free(list);
  capi_emu_free(emu);
}

static void testTransportFailures(void) {
  capi_emu *emu = NULL;
  esim_euicc *euicc = openDemo(&emu, NULL);
  esim_profile_list *list = NULL;
  esim_transport_callbacks callbacks = capi_emu_callbacks();
  esim_error error;
  esim_euicc *other = NULL;
  char eid[ESIM_EID_BUFFER_SIZE];
  CHECK(euicc != NULL);
  if (euicc == NULL) goto done;

  capi_emu_set_fault(emu, CAPI_EMU_FAULT_FAIL, ESIM_CARD_REMOVED);
  CHECK_STATUS(esim_euicc_list_profiles(euicc, &list), ESIM_CARD_REMOVED, euicc);
  CHECK(list == NULL);
  CHECK(esim_euicc_last_error_status(euicc) == ESIM_CARD_REMOVED);
  CHECK_CONTAINS(esim_euicc_last_error_message(euicc), "transport callback transmit");
  CHECK_CONTAINS(esim_euicc_last_error_message(euicc), "card-removed");

  capi_emu_set_fault(emu, CAPI_EMU_FAULT_ONE_BYTE, ESIM_OK);
  CHECK_STATUS(esim_euicc_get_eid(euicc, eid, sizeof eid), ESIM_MALFORMED_RESPONSE, euicc);
  CHECK(eid[0] == '\0');
  CHECK_CONTAINS(esim_euicc_last_error_message(euicc), "transmit returned 1 byte");

  capi_emu_set_fault(emu, CAPI_EMU_FAULT_OVERSIZED, ESIM_OK);
  CHECK_STATUS(esim_euicc_get_eid(euicc, eid, sizeof eid), ESIM_MALFORMED_RESPONSE, euicc);
  CHECK_CONTAINS(esim_euicc_last_error_message(euicc), "for a buffer of");

  capi_emu_set_fault(emu, CAPI_EMU_FAULT_LENGTH_UNSET, ESIM_OK);
  CHECK_STATUS(esim_euicc_get_eid(euicc, eid, sizeof eid), ESIM_MALFORMED_RESPONSE, euicc);

  /* A status that is not an esim_status still fails cleanly. */
  capi_emu_set_fault(emu, CAPI_EMU_FAULT_FAIL, (esim_status)77);
  CHECK_STATUS(esim_euicc_get_eid(euicc, eid, sizeof eid), ESIM_INTERNAL, euicc);

  /* The card was never harmed: the same handle works again. */
  capi_emu_set_fault(emu, CAPI_EMU_FAULT_NONE, ESIM_OK);
  CHECK_STATUS(esim_euicc_get_eid(euicc, eid, sizeof eid), ESIM_OK, euicc);
  CHECK(strcmp(eid, kEid) == 0);

  /* Failing while opening: no handle, the error says which callback. */
  capi_emu_set_fault(emu, CAPI_EMU_FAULT_FAIL, ESIM_READER_BUSY);
  CHECK(esim_euicc_open_callbacks(&callbacks, emu, NULL, &other, &error) == ESIM_READER_BUSY);
  CHECK(other == NULL);
  CHECK_CONTAINS(error.message, "transmit");
  CHECK(error.hint[0] != '\0');
done:
  esim_profile_list_free(list);
  esim_euicc_close(euicc);
  capi_emu_free(emu);
}

static void testBadArguments(void) {
  capi_emu *emu = NULL;
  esim_euicc *euicc = openDemo(&emu, NULL);
  esim_transport_callbacks noTransmit;
  esim_enable_profile_result enable = ESIM_ENABLE_PROFILE_RESULT_CAT_BUSY;
  esim_delete_profile_result del;
  esim_profile_list *list = NULL;
  esim_notification_list *notifications = NULL;
  esim_delivery_list *deliveries = NULL;
  esim_es9p *es9p = NULL;
  esim_euicc *other = NULL;
  esim_error error;
  char small[8];
  CHECK(euicc != NULL);
  if (euicc == NULL) goto done;

  CHECK_STATUS(esim_euicc_enable_profile(euicc, "12ab", 0, &enable), ESIM_INVALID_ARGUMENT, euicc);
  CHECK(enable == ESIM_ENABLE_PROFILE_RESULT_CAT_BUSY);
  CHECK_CONTAINS(esim_euicc_last_error_message(euicc), "esim_euicc_enable_profile");
  CHECK_CONTAINS(esim_euicc_last_error_message(euicc), "'12ab' is not an ICCID");
  CHECK_CONTAINS(esim_euicc_last_error_hint(euicc), "18 to 20");
  CHECK_STATUS(esim_euicc_delete_profile(euicc, "", &del), ESIM_INVALID_ARGUMENT, euicc);
  CHECK_STATUS(esim_euicc_delete_profile(euicc, NULL, &del), ESIM_INVALID_ARGUMENT, euicc);
  CHECK_CONTAINS(esim_euicc_last_error_message(euicc), "'iccid' is NULL");
  CHECK_STATUS(esim_euicc_delete_profile(euicc, kTravel, NULL), ESIM_INVALID_ARGUMENT, euicc);
  CHECK_STATUS(esim_euicc_set_nickname(euicc, kTravel, NULL, NULL), ESIM_INVALID_ARGUMENT, euicc);
  CHECK_STATUS(esim_euicc_list_profiles(euicc, NULL), ESIM_INVALID_ARGUMENT, euicc);
  CHECK_STATUS(esim_euicc_list_notifications(euicc, NULL), ESIM_INVALID_ARGUMENT, euicc);
  CHECK_STATUS(esim_euicc_remove_notification(euicc, 1, NULL), ESIM_INVALID_ARGUMENT, euicc);
  CHECK_STATUS(esim_euicc_get_eid(euicc, NULL, 33), ESIM_INVALID_ARGUMENT, euicc);
  CHECK_STATUS(esim_euicc_get_eid(euicc, small, sizeof small), ESIM_INVALID_ARGUMENT, euicc);
  CHECK(small[0] == '\0');
  CHECK_STATUS(esim_euicc_process_notifications(euicc, NULL, NULL, 0, &deliveries),
               ESIM_INVALID_ARGUMENT, euicc);
  CHECK_CONTAINS(esim_euicc_last_error_message(euicc), "'es9p' is NULL");

  /* NULL handles. */
  CHECK(esim_euicc_list_profiles(NULL, &list) == ESIM_INVALID_ARGUMENT);
  CHECK(esim_euicc_enable_profile(NULL, kTravel, 0, &enable) == ESIM_INVALID_ARGUMENT);
  CHECK(esim_euicc_list_notifications(NULL, &notifications) == ESIM_INVALID_ARGUMENT);
  CHECK(esim_euicc_get_eid(NULL, small, sizeof small) == ESIM_INVALID_ARGUMENT);
  CHECK(esim_euicc_last_error_status(NULL) == ESIM_INVALID_ARGUMENT);
  CHECK(esim_euicc_last_error_message(NULL) != NULL);
  CHECK(esim_euicc_last_error_hint(NULL) != NULL);
  CHECK(esim_euicc_last_error_status_word(NULL) == 0);
  CHECK(esim_es9p_set_timeout_ms(NULL, 1) == ESIM_INVALID_ARGUMENT);
  CHECK(esim_profile_list_count(NULL) == 0 && esim_profile_list_at(NULL, 0) == NULL);
  CHECK(esim_notification_list_count(NULL) == 0 && esim_notification_list_at(NULL, 0) == NULL);
  CHECK(esim_delivery_list_count(NULL) == 0 && esim_delivery_list_at(NULL, 0) == NULL);
  CHECK(esim_discovery_result_count(NULL) == 0 && esim_discovery_result_at(NULL, 0) == NULL);
  CHECK(esim_discovery_result_smds_address(NULL) == NULL);
  CHECK_STATUS(esim_euicc_discover_events(euicc, NULL, NULL, NULL, NULL), ESIM_INVALID_ARGUMENT,
               euicc);
  CHECK_CONTAINS(esim_euicc_last_error_message(euicc), "esim_euicc_discover_events");
  CHECK_CONTAINS(esim_euicc_last_error_message(euicc), "'es9p' is NULL");
  CHECK(esim_euicc_download_event(NULL, NULL, NULL, 0, NULL, NULL, NULL) == ESIM_INVALID_ARGUMENT);
  esim_profile_list_free(NULL);
  esim_notification_list_free(NULL);
  esim_delivery_list_free(NULL);
  esim_discovery_result_free(NULL);
  esim_euicc_close(NULL);
  esim_es9p_free(NULL);

  CHECK(esim_euicc_open_callbacks(NULL, NULL, NULL, &other, &error) == ESIM_INVALID_ARGUMENT);
  CHECK_CONTAINS(error.message, "'callbacks' is NULL");
  memset(&noTransmit, 0, sizeof noTransmit);
  CHECK(esim_euicc_open_callbacks(&noTransmit, NULL, NULL, &other, &error) ==
        ESIM_INVALID_ARGUMENT);
  CHECK_CONTAINS(error.message, "transmit is NULL");
  CHECK(esim_euicc_open_callbacks(&noTransmit, NULL, NULL, NULL, NULL) == ESIM_INVALID_ARGUMENT);
  CHECK(esim_euicc_open_pcsc(NULL, NULL, NULL, NULL) == ESIM_INVALID_ARGUMENT);
  CHECK(other == NULL);

  /* ES9+ options. */
  CHECK(esim_es9p_new(NULL, &error) == ESIM_INVALID_ARGUMENT);
  CHECK(esim_es9p_new(&es9p, &error) == ESIM_OK && es9p != NULL);
  if (es9p != NULL) {
    CHECK(esim_es9p_add_resolve(es9p, "smdp.example:443:127.0.0.1") == ESIM_OK);
    CHECK(esim_es9p_add_resolve(es9p, "smdp.example:443") == ESIM_INVALID_ARGUMENT);
    CHECK_CONTAINS(esim_es9p_last_error_message(es9p), "HOST:PORT:ADDRESS");
    CHECK(esim_es9p_add_resolve(es9p, "smdp.example:99999:127.0.0.1") == ESIM_INVALID_ARGUMENT);
    CHECK(esim_es9p_add_resolve(es9p, NULL) == ESIM_INVALID_ARGUMENT);
    CHECK(esim_es9p_set_timeout_ms(es9p, 0) == ESIM_INVALID_ARGUMENT);
    CHECK(esim_es9p_set_timeout_ms(es9p, 2000) == ESIM_OK);
    CHECK(esim_es9p_set_ca_file(es9p, "/nonexistent/ci.pem") == ESIM_IO_ERROR);
    CHECK_CONTAINS(esim_es9p_last_error_message(es9p), "/nonexistent/ci.pem cannot be read");
    CHECK(esim_es9p_set_ca_file(es9p, NULL) == ESIM_OK);
    CHECK(esim_es9p_set_connection_reuse(es9p, 0) == ESIM_OK);
    /* A requested seqNumber that is not pending is refused before any
     * request is made. */
    {
      const int64_t missing = 4242;
      CHECK_STATUS(esim_euicc_process_notifications(euicc, es9p, &missing, 1, &deliveries),
                   ESIM_NOT_FOUND, euicc);
      CHECK(deliveries == NULL);
    }
  }
done:
  esim_es9p_free(es9p);
  esim_euicc_close(euicc);
  capi_emu_free(emu);
}

/* kRounds is how often each thread reads its card: enough for the two to
 * overlap, small enough for the sanitizer stage. */
enum { kRounds = 40 };

/* worker is one thread's card and what it saw; the threads share nothing. */
struct worker {
  esim_euicc *euicc;
  int good;
};

static void *readCardRepeatedly(void *arg) {
  struct worker *w = arg;
  int round;
  for (round = 0; round < kRounds; ++round) {
    char eid[ESIM_EID_BUFFER_SIZE];
    esim_profile_list *list = NULL;
    if (esim_euicc_get_eid(w->euicc, eid, sizeof eid) == ESIM_OK && strcmp(eid, kEid) == 0 &&
        esim_euicc_list_profiles(w->euicc, &list) == ESIM_OK &&
        esim_profile_list_count(list) == 2) {
      ++w->good;
    }
    esim_profile_list_free(list);
  }
  return NULL;
}

/* Two handles on two cards, used from two threads at once: the API keeps
 * no state outside the handles. */
static void testTwoHandlesInTwoThreads(void) {
  capi_emu *emus[2] = {NULL, NULL};
  struct worker workers[2];
  pthread_t threads[2];
  int i;
  for (i = 0; i < 2; ++i) {
    workers[i].euicc = openDemo(&emus[i], NULL);
    workers[i].good = 0;
  }
  CHECK(workers[0].euicc != NULL && workers[1].euicc != NULL);
  if (workers[0].euicc != NULL && workers[1].euicc != NULL) {
    CHECK(pthread_create(&threads[0], NULL, readCardRepeatedly, &workers[0]) == 0);
    CHECK(pthread_create(&threads[1], NULL, readCardRepeatedly, &workers[1]) == 0);
    pthread_join(threads[0], NULL);
    pthread_join(threads[1], NULL);
    CHECK(workers[0].good == kRounds);
    CHECK(workers[1].good == kRounds);
  }
  for (i = 0; i < 2; ++i) {
    esim_euicc_close(workers[i].euicc);
    capi_emu_free(emus[i]);
  }
}

static void testNames(void) {
  CHECK(strcmp(esim_status_name(ESIM_OK), "ok") == 0);
  CHECK(strcmp(esim_status_name(ESIM_CARD_REMOVED), "card-removed") == 0);
  CHECK(strcmp(esim_status_name(ESIM_PCSC_NO_SERVICE), "pcsc-no-service") == 0);
  CHECK(strcmp(esim_status_name(ESIM_INTERNAL), "internal") == 0);
  CHECK(strcmp(esim_status_name(ESIM_OUT_OF_MEMORY), "out-of-memory") == 0);
  CHECK(strcmp(esim_status_name((esim_status)99), "unknown") == 0);
  CHECK(strcmp(esim_delete_profile_result_name((esim_delete_profile_result)99), "unknown") == 0);
  CHECK(strcmp(esim_disable_profile_result_name(ESIM_DISABLE_PROFILE_RESULT_CAT_BUSY), "catBusy") ==
        0);
}

/* testUnnamedResultCodes: a card that answers a result code SGP.22 does not
 * name (a newer card's) gives ESIM_OK and the number itself; an error
 * alternative with such a code is ESIM_CARD_REFUSED naming it. */
static void testUnnamedResultCodes(void) {
  capi_emu *emu = NULL;
  esim_euicc *euicc = openDemo(&emu, NULL);
  esim_enable_profile_result enable = ESIM_ENABLE_PROFILE_RESULT_OK;
  esim_notification_list *list = NULL;
  CHECK(euicc != NULL);
  if (euicc == NULL) goto done;
  CHECK(capi_emu_set_fault_spec(emu, "answer=EnableProfile:BF3103800109") == 0);
  CHECK_STATUS(esim_euicc_enable_profile(euicc, kHome, 0, &enable), ESIM_OK, euicc);
  CHECK((long)enable == 9);
  CHECK(strcmp(esim_enable_profile_result_name(enable), "unknown") == 0);
  CHECK(strcmp(esim_enable_profile_result_name(ESIM_ENABLE_PROFILE_RESULT_MAX_CODE), "unknown") ==
        0);
  CHECK(strcmp(esim_delete_profile_result_name((esim_delete_profile_result)300), "unknown") == 0);

  CHECK(capi_emu_set_fault_spec(emu, "answer=ListNotification:BF2803810103") == 0);
  CHECK_STATUS(esim_euicc_list_notifications(euicc, &list), ESIM_CARD_REFUSED, euicc);
  CHECK(list == NULL);
  CHECK(strstr(esim_euicc_last_error_message(euicc),
               "ListNotification: eUICC answered listNotificationsResultError other(3)") != NULL);
done:
  esim_euicc_close(euicc);
  capi_emu_free(emu);
}

int main(void) {
  bench = capi_emu_bench_new();
  if (bench == NULL) {
    fprintf(stderr, "capi_test: cannot make the emulator's demo state and PKI\n");
    return 1;
  }
  testNames();
  testEidAndProfiles();
  testProfileOperations();
  testUnnamedResultCodes();
  testNickname();
  testNotifications();
  testOptionalCallbacksAndOptions();
  testTransportFailures();
  testBadArguments();
  testTwoHandlesInTwoThreads();
  testDownload(bench);
  capi_emu_bench_free(bench);
  printf("capi_test: %d checks, %d failed\n", checks, failures);
  return failures == 0 ? 0 : 1;
}
