/* c-download-profile: download and install a profile from its activation
 * code, or the first one waiting at an SM-DS, into the eUICC of a PC/SC
 * reader, using only the C API (esim/esim.h).
 *
 *   c-download-profile [--reader NAME] [--ca-file PEM] [--resolve HOST:PORT:ADDR]...
 *                      [--yes] ACTIVATION_CODE | --smds ADDRESS
 *
 * With --smds it asks that SM-DS for the events waiting for this eUICC,
 * prints "event <eventId> at <SM-DP+>" for each and downloads the first
 * (a real LPA lets the user choose), or prints "no event at <SM-DS>".
 * Shows the SM-DP+'s offer and asks before anything is bound to the eUICC
 * (--yes accepts it), asks for a confirmation code on standard input if the
 * SM-DP+ wants one, prints progress on stderr and, on success,
 * "installed <ICCID>", "isdpAid <hex>", "seqNumber <n>" and "notification
 * delivered|kept" on stdout. Ctrl-C before the load cancels the session on
 * the eUICC and at the SM-DP+. Exits 0 on success, 1 on a failure with
 * "error <id>: <message>" and a hint on stderr, 2 for a bad command line,
 * 3 when declined or cancelled. */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include <esim/esim.h>

/* cancelFlag is what SIGINT sets; esim_download_cancel_request is one
 * lock-free atomic store, safe in a signal handler. */
static esim_download_cancel *cancelFlag;

static void onSignal(int sig) {
  (void)sig;
  esim_download_cancel_request(cancelFlag);
}

/* onProgress prints each stage, and the load when it starts and ends. */
static void onProgress(void *context, esim_download_stage stage, size_t done, size_t total) {
  (void)context;
  if (stage != ESIM_DOWNLOAD_LOADING)
    fprintf(stderr, "%s...\n", esim_download_stage_name(stage));
  else if (done == 0 || done == total)
    fprintf(stderr, "loading %zu/%zu bytes\n", done, total);
}

/* onConsent shows the offer; |context| points to the --yes flag. */
static esim_consent onConsent(void *context, const esim_download_offer *offer) {
  char answer[8];
  printf("offer %s \"%s\" of \"%s\" from %s\n", offer->iccid, offer->profileName,
         offer->serviceProviderName, offer->smdpAddress);
  fflush(stdout);
  if (*(const int *)context) return ESIM_CONSENT_ACCEPTED;
  fprintf(stderr, "Install it? [y/N] ");
  if (fgets(answer, sizeof answer, stdin) == NULL || (answer[0] != 'y' && answer[0] != 'Y'))
    return ESIM_CONSENT_REJECTED;
  return ESIM_CONSENT_ACCEPTED;
}

/* onCode reads the code straight into the library's buffer, which the
 * library wipes once the code is hashed. */
static int onCode(void *context, char *code, size_t size) {
  size_t n;
  (void)context;
  fprintf(stderr, "Confirmation code: ");
  if (fgets(code, (int)size, stdin) == NULL) return 0;
  n = strcspn(code, "\r\n");
  code[n] = '\0';
  return n > 0;
}

static int usage(const char *why) {
  if (why != NULL) fprintf(stderr, "c-download-profile: %s\n", why);
  fprintf(stderr, "usage: c-download-profile [--reader NAME] [--ca-file PEM] "
                  "[--resolve HOST:PORT:ADDR]... [--yes] ACTIVATION_CODE | --smds ADDRESS\n");
  return why != NULL ? 2 : 0;
}

/* MAX_RESOLVE is how many --resolve entries the command line may give (the
 * SM-DS and the SM-DP+ it names are often two hosts). */
#define MAX_RESOLVE 4

/* downloadFirstEvent asks the SM-DS |smds| for this eUICC's events, prints
 * them and downloads the first into |*result|, which stays NULL when none
 * waits. */
static esim_status downloadFirstEvent(esim_euicc *euicc, esim_es9p *es9p, const char *smds,
                                      const esim_download_callbacks *callbacks,
                                      const esim_download_options *options,
                                      esim_download_result **result) {
  esim_discovery_result *found = NULL;
  size_t i;
  esim_status status = esim_euicc_discover_events(euicc, es9p, smds, NULL, &found);
  if (status != ESIM_OK) return status;
  for (i = 0; i < esim_discovery_result_count(found); ++i) {
    const esim_event_entry *event = esim_discovery_result_at(found, i);
    printf("event %s at %s\n", event->eventId, event->rspServerAddress);
  }
  if (esim_discovery_result_count(found) == 0) {
    printf("no event at %s\n", esim_discovery_result_smds_address(found));
  } else {
    fflush(stdout);
    status = esim_euicc_download_event(euicc, es9p, found, 0, callbacks, options, result);
  }
  esim_discovery_result_free(found);
  return status;
}

int main(int argc, char **argv) {
  const char *reader = NULL;
  const char *caFile = NULL;
  const char *resolve[MAX_RESOLVE];
  size_t resolveCount = 0;
  const char *code = NULL;
  const char *smds = NULL;
  int yes = 0;
  int i;
  int exitCode = 1;
  esim_euicc *euicc = NULL;
  esim_es9p *es9p = NULL;
  esim_download_result *result = NULL;
  esim_download_callbacks callbacks = {0};
  esim_download_options options = {0};
  esim_error error;
  esim_status status;
  const esim_download_info *info;

  for (i = 1; i < argc; ++i) {
    const int hasValue = i + 1 < argc;
    if (strcmp(argv[i], "--help") == 0) return usage(NULL);
    if (strcmp(argv[i], "--yes") == 0)
      yes = 1;
    else if (strcmp(argv[i], "--reader") == 0 && hasValue)
      reader = argv[++i];
    else if (strcmp(argv[i], "--ca-file") == 0 && hasValue)
      caFile = argv[++i];
    else if (strcmp(argv[i], "--resolve") == 0 && hasValue && resolveCount < MAX_RESOLVE)
      resolve[resolveCount++] = argv[++i];
    else if (strcmp(argv[i], "--smds") == 0 && hasValue)
      smds = argv[++i];
    else if (argv[i][0] == '-')
      return usage("unknown option or missing value");
    else if (code == NULL)
      code = argv[i];
    else
      return usage("one activation code only");
  }
  if ((code == NULL) == (smds == NULL)) return usage("an activation code or --smds, one of them");

  if (esim_download_cancel_new(&cancelFlag, &error) != ESIM_OK ||
      esim_es9p_new(&es9p, &error) != ESIM_OK ||
      esim_euicc_open_pcsc(reader, NULL, &euicc, &error) != ESIM_OK) {
    fprintf(stderr, "error %s: %s\n", esim_status_name(error.status), error.message);
    if (error.hint[0] != '\0') fprintf(stderr, "hint: %s\n", error.hint);
    goto done;
  }
  for (i = 0; (size_t)i < resolveCount; ++i) {
    if (esim_es9p_add_resolve(es9p, resolve[i]) != ESIM_OK) break;
  }
  if ((size_t)i < resolveCount ||
      (caFile != NULL && esim_es9p_set_ca_file(es9p, caFile) != ESIM_OK)) {
    fprintf(stderr, "error: %s\n", esim_es9p_last_error_message(es9p));
    exitCode = 2;
    goto done;
  }
  signal(SIGINT, onSignal);

  callbacks.progress = onProgress;
  callbacks.consent = onConsent;
  callbacks.confirmation_code = onCode;
  callbacks.context = &yes;
  options.cancel = cancelFlag;
  if (code != NULL)
    status = esim_euicc_download_profile(euicc, es9p, code, &callbacks, &options, &result);
  else
    status = downloadFirstEvent(euicc, es9p, smds, &callbacks, &options, &result);
  if (status == ESIM_OK && result == NULL) {
    exitCode = 0; /* no event: nothing to do */
    goto done;
  }
  if (status != ESIM_OK) {
    /* Nothing was installed unless the message says the load began. */
    fprintf(stderr, "error %s: %s\n", esim_status_name(status),
            esim_euicc_last_error_message(euicc));
    if (esim_euicc_last_error_hint(euicc)[0] != '\0')
      fprintf(stderr, "hint: %s\n", esim_euicc_last_error_hint(euicc));
    exitCode = status == ESIM_ABORTED ? 3 : 1;
    goto done;
  }
  info = esim_download_result_info(result);
  printf("installed %s\n", info->iccid);
  printf("isdpAid ");
  for (i = 0; (size_t)i < info->isdpAidLength; ++i)
    printf("%02X", info->isdpAid[i]);
  printf("\nseqNumber %lld\n", (long long)info->seqNumber);
  /* A report that failed is no failure of the download: the notification
   * stays on the eUICC for esim_euicc_process_notifications. */
  if (info->delivery != NULL && info->delivery->removed)
    printf("notification delivered\n");
  else
    printf("notification kept (%s)\n",
           info->delivery != NULL ? info->delivery->errorMessage : "not sent");
  exitCode = 0;
done:
  signal(SIGINT, SIG_DFL);
  esim_download_result_free(result);
  esim_euicc_close(euicc);
  esim_es9p_free(es9p);
  esim_download_cancel_free(cancelFlag);
  return exitCode;
}
