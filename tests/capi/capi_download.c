/* capi_download.c: the download part of the C API from C, against the
 * in-process emulator, with no SM-DP+: what happens before and at the first
 * ES9+ request. An HTTP callback written in C stands in for the network: it
 * sees the library's request (URL, headers, JSON body with the card's
 * challenge) and answers as a refusing SM-DP+ would, or fails as a network
 * does. The whole download against smdpp-emu over TLS is in
 * tests/integration/capi_download_test.cpp. */
#include "capi_download.h"

#include <stdio.h>
#include <string.h>

#include "check.h"

/* fakeServer is the HTTP callback's context. */
struct fakeServer {
  int calls;
  char url[256];
  int sawJsonContentType;
  int sawChallenge;
  esim_status fail; /* ESIM_OK: answer with |body| */
  const char *body;
};

static esim_status fakePost(void *context, const esim_http_request *request,
                            esim_http_response *response) {
  struct fakeServer *server = context;
  size_t i;
  ++server->calls;
  snprintf(server->url, sizeof server->url, "%s", request->url);
  for (i = 0; i < request->header_count; ++i) {
    if (strcmp(request->headers[i].name, "Content-Type") == 0 &&
        strncmp(request->headers[i].value, "application/json", 16) == 0)
      server->sawJsonContentType = 1;
  }
  /* The body is JSON text of body_length bytes, not NUL-terminated. */
  for (i = 0; i + 14 <= request->body_length; ++i) {
    if (memcmp(request->body + i, "euiccChallenge", 14) == 0) server->sawChallenge = 1;
  }
  if (server->fail != ESIM_OK || server->body == NULL) {
    if (server->fail == ESIM_OK) return ESIM_NETWORK; /* nothing to answer with */
    esim_http_response_set_error_message(response, "no route to the SM-DP+");
    return server->fail;
  }
  if (esim_http_response_set_status(response, 200) != ESIM_OK ||
      esim_http_response_add_header(response, "Content-Type", "application/json") != ESIM_OK ||
      esim_http_response_add_header(response, "X-Admin-Protocol", "gsma/rsp/v2.2.0") != ESIM_OK ||
      esim_http_response_append_body(response, (const uint8_t *)server->body,
                                     strlen(server->body)) != ESIM_OK)
    return ESIM_INTERNAL;
  return ESIM_OK;
}

/* kRefusal is an SM-DP+'s "unknown matching ID" to initiateAuthentication. */
static const char kRefusal[] =
    "{\"header\":{\"functionExecutionStatus\":{\"status\":\"Failed\",\"statusCodeData\":"
    "{\"subjectCode\":\"8.2.6\",\"reasonCode\":\"3.8\",\"message\":\"refused\"}}}}";
static const char kCode[] = "LPA:1$smdp.example$ORDER-1";

static void onProgress(void *context, esim_download_stage stage, size_t done, size_t total) {
  int *stages = context;
  (void)done;
  (void)total;
  stages[stage] += 1;
}

static esim_status downloadWith(esim_euicc *euicc, esim_es9p *es9p, const char *code,
                                esim_download_cancel *cancel, int *stages) {
  esim_download_callbacks callbacks = {0};
  esim_download_options options = {0};
  esim_download_result *result = NULL;
  esim_status status;
  callbacks.progress = onProgress;
  callbacks.context = stages;
  options.cancel = cancel;
  status = esim_euicc_download_profile(euicc, es9p, code, &callbacks, &options, &result);
  CHECK(result == NULL); /* none of these installs anything */
  esim_download_result_free(result);
  return status;
}

void testDownload(const capi_emu_bench *bench) {
  capi_emu *emu = capi_emu_new_demo(bench);
  esim_transport_callbacks transport = capi_emu_callbacks();
  esim_euicc *euicc = NULL;
  esim_es9p *es9p = NULL;
  esim_download_cancel *cancel = NULL;
  esim_download_result *result = NULL;
  struct fakeServer server;
  int stages[5] = {0, 0, 0, 0, 0};
  esim_http_response *noResponse = NULL;

  CHECK(emu != NULL && esim_euicc_open_callbacks(&transport, emu, NULL, &euicc, NULL) == ESIM_OK);
  if (euicc == NULL) {
    capi_emu_free(emu);
    return;
  }
  CHECK(esim_es9p_new(&es9p, NULL) == ESIM_OK);
  CHECK(esim_download_cancel_new(&cancel, NULL) == ESIM_OK);
  memset(&server, 0, sizeof server);
  CHECK(esim_es9p_set_http_callback(es9p, fakePost, &server) == ESIM_OK);
  CHECK(esim_es9p_set_http_callback(NULL, fakePost, &server) == ESIM_INVALID_ARGUMENT);

  /* Arguments and the activation code are checked before any APDU or request. */
  CHECK_STATUS(esim_euicc_download_profile(euicc, NULL, kCode, NULL, NULL, &result),
               ESIM_INVALID_ARGUMENT, euicc);
  CHECK_STATUS(esim_euicc_download_profile(euicc, es9p, NULL, NULL, NULL, &result),
               ESIM_INVALID_ARGUMENT, euicc);
  CHECK_STATUS(esim_euicc_download_profile(euicc, es9p, kCode, NULL, NULL, NULL),
               ESIM_INVALID_ARGUMENT, euicc);
  CHECK(esim_euicc_download_profile(NULL, es9p, kCode, NULL, NULL, &result) ==
        ESIM_INVALID_ARGUMENT);
  CHECK_STATUS(downloadWith(euicc, es9p, "LPA:1$smdp.example$bad id!", NULL, stages),
               ESIM_INVALID_ARGUMENT, euicc);
  CHECK_CONTAINS(esim_euicc_last_error_message(euicc), "MatchingID");
  CHECK(server.calls == 0 && stages[ESIM_DOWNLOAD_AUTHENTICATING] == 0);

  /* A flag set before the start: stopped before the first request. */
  esim_download_cancel_request(cancel);
  CHECK_STATUS(downloadWith(euicc, es9p, kCode, cancel, stages), ESIM_ABORTED, euicc);
  CHECK_CONTAINS(esim_euicc_last_error_message(euicc), "cancelled");
  CHECK(server.calls == 0 && stages[ESIM_DOWNLOAD_AUTHENTICATING] == 1);
  esim_download_cancel_reset(cancel);

  /* The SM-DP+'s refusal, as the C callback delivered it. */
  server.body = kRefusal;
  CHECK_STATUS(downloadWith(euicc, es9p, kCode, cancel, stages), ESIM_SERVER_ERROR, euicc);
  CHECK_CONTAINS(esim_euicc_last_error_message(euicc), "8.2.6");
  CHECK(server.calls == 1);
  CHECK(strcmp(server.url, "https://smdp.example/gsma/rsp2/es9plus/initiateAuthentication") == 0);
  CHECK(server.sawJsonContentType && server.sawChallenge);

  /* A network failure: retried (3 attempts), its message quoted. */
  server.calls = 0;
  server.fail = ESIM_NETWORK;
  CHECK_STATUS(downloadWith(euicc, es9p, kCode, cancel, stages), ESIM_NETWORK, euicc);
  CHECK_CONTAINS(esim_euicc_last_error_message(euicc), "no route to the SM-DP+");
  CHECK(server.calls == 3);
  /* A TLS failure is never retried. */
  server.calls = 0;
  server.fail = ESIM_TLS;
  CHECK_STATUS(downloadWith(euicc, es9p, kCode, cancel, stages), ESIM_TLS, euicc);
  CHECK(server.calls == 1);

  /* The response setters refuse what they cannot take. */
  CHECK(esim_http_response_set_status(noResponse, 200) == ESIM_INVALID_ARGUMENT);
  CHECK(esim_http_response_add_header(noResponse, "a", "b") == ESIM_INVALID_ARGUMENT);
  CHECK(esim_http_response_append_body(noResponse, NULL, 0) == ESIM_INVALID_ARGUMENT);
  CHECK(esim_http_response_set_error_message(noResponse, "x") == ESIM_INVALID_ARGUMENT);

  CHECK(strcmp(esim_download_stage_name(ESIM_DOWNLOAD_LOADING), "loading") == 0);
  CHECK(strcmp(esim_download_stage_name((esim_download_stage)9), "unknown") == 0);
  CHECK(esim_download_result_info(NULL) == NULL);
  esim_download_cancel_request(NULL);
  esim_download_cancel_reset(NULL);
  esim_download_cancel_free(NULL);
  esim_download_result_free(NULL);
  CHECK(esim_download_cancel_new(NULL, NULL) == ESIM_INVALID_ARGUMENT);

  esim_download_cancel_free(cancel);
  esim_es9p_free(es9p);
  esim_euicc_close(euicc);
  capi_emu_free(emu);
}
