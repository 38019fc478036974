/* c-list-profiles: print the EID and the profiles of an eUICC in a PC/SC
 * reader, using only the C API (esim/esim.h).
 *
 *   c-list-profiles [READER]
 *
 * Without READER the first reader holding an eUICC is used. Prints
 * "reader <name>", "EID <32 hex digits>" and one line
 * "profile <ICCID> <state> <name>" per profile (the same as
 * docs/examples/cpp-list-profiles). Exits 0 on success,
 * 1 on any failure with "error <id>: <message>" and a hint on stderr. */
#include <stdio.h>

#include <esim/esim.h>

static const char *stateName(esim_profile_state state) {
  switch (state) {
  case ESIM_PROFILE_STATE_ENABLED: return "enabled";
  case ESIM_PROFILE_STATE_DISABLED: return "disabled";
  case ESIM_PROFILE_STATE_UNKNOWN: break;
  }
  return "?";
}

/* orDash prints a field the card left out (NULL or empty) as "-". */
static const char *orDash(const char *text) {
  return text != NULL && text[0] != '\0' ? text : "-";
}

int main(int argc, char **argv) {
  const char *reader = argc > 1 ? argv[1] : NULL;
  esim_euicc *euicc = NULL;
  esim_error error;
  esim_profile_list *profiles = NULL;
  char eid[ESIM_EID_BUFFER_SIZE];
  size_t i;
  int exitCode = 1;

  if (esim_euicc_open_pcsc(reader, NULL, &euicc, &error) != ESIM_OK) {
    fprintf(stderr, "error %s: %s\n", esim_status_name(error.status), error.message);
    if (error.hint[0] != '\0') fprintf(stderr, "hint: %s\n", error.hint);
    return 1;
  }
  if (esim_euicc_get_eid(euicc, eid, sizeof eid) != ESIM_OK ||
      esim_euicc_list_profiles(euicc, &profiles) != ESIM_OK) {
    /* The handle keeps its last failure: a stable id, the message naming
     * the ES10 function and status word, and a hint. */
    fprintf(stderr, "error %s: %s\n", esim_status_name(esim_euicc_last_error_status(euicc)),
            esim_euicc_last_error_message(euicc));
    if (esim_euicc_last_error_hint(euicc)[0] != '\0')
      fprintf(stderr, "hint: %s\n", esim_euicc_last_error_hint(euicc));
    goto done;
  }
  printf("reader %s\n", esim_euicc_reader_name(euicc));
  printf("EID %s\n", eid);
  for (i = 0; i < esim_profile_list_count(profiles); ++i) {
    const esim_profile_info *p = esim_profile_list_at(profiles, i);
    printf("profile %s %s %s\n", orDash(p->iccid), stateName(p->profileState),
           orDash(p->profileName));
  }
  exitCode = 0;
done:
  esim_profile_list_free(profiles);
  esim_euicc_close(euicc);
  return exitCode;
}
