/* esim_discovery.h: event discovery at an SM-DS (SGP.22 3.1.2 event
 * retrieval, ES11) through the C API, and the download of an event it
 * lists. esim.h includes it (through esim_download.h); the conventions of
 * esim.h hold here too. The esim_es9p handle carries the SM-DS requests
 * too, with its settings (CA file, resolve entries, timeout, HTTP callback).
 *
 *   esim_discovery_result *found = NULL;
 *   if (esim_euicc_discover_events(card, es9p, NULL, NULL, &found) == ESIM_OK) {
 *     for (size_t i = 0; i < esim_discovery_result_count(found); ++i)
 *       printf("%s at %s\n", esim_discovery_result_at(found, i)->eventId,
 *              esim_discovery_result_at(found, i)->rspServerAddress);
 *     if (esim_discovery_result_count(found) > 0 &&
 *         esim_euicc_download_event(card, es9p, found, 0, &cb, NULL, &result) != ESIM_OK)
 *       printf("%s\n", esim_euicc_last_error_message(card));
 *   }
 *   esim_discovery_result_free(found);
 */
#ifndef ESIM_ESIM_DISCOVERY_H
#define ESIM_ESIM_DISCOVERY_H

#include <stddef.h>

#include "esim/esim.h"
#include "esim/esim_download.h"

#ifdef __cplusplus
extern "C" {
#endif

/* esim_event_entry is one event an SM-DS holds for the eUICC (SGP.22
 * EventEntries): the profile waits at the SM-DP+ |rspServerAddress|
 * (FQDN[:port]) under the MatchingID |eventId|. Strings are never NULL and
 * live as long as the result holding them. */
typedef struct esim_event_entry {
  const char *eventId;
  const char *rspServerAddress;
} esim_event_entry;

/* esim_discovery_result holds what an SM-DS answered: its address and the
 * events, in the SM-DS's order. */
typedef struct esim_discovery_result esim_discovery_result;

/* esim_discovery_result_smds_address returns the address of the SM-DS that
 * was asked, valid until the result is freed; NULL for a NULL result.
 * Never fails otherwise. */
const char *esim_discovery_result_smds_address(const esim_discovery_result *result);

/* esim_discovery_result_count returns the number of events (0: nothing
 * waits); 0 for a NULL result. Never fails. */
size_t esim_discovery_result_count(const esim_discovery_result *result);

/* esim_discovery_result_at returns event |index|, valid until the result is
 * freed; fails with NULL when |result| is NULL or |index| is out of range. */
const esim_event_entry *esim_discovery_result_at(const esim_discovery_result *result, size_t index);

/* esim_discovery_result_free frees |result|. Accepts NULL; never fails. */
void esim_discovery_result_free(esim_discovery_result *result);

/* esim_euicc_discover_events asks the SM-DS at |smds_address| (FQDN[:port];
 * NULL or "": the eUICC's rootDsAddress) through |es9p| which events wait
 * for |euicc|: mutual authentication as for a download, without a
 * MatchingID, telling the SM-DS the TAC of |imei| (14 to 16 digits; NULL or
 * "": a generic TAC). Nothing is installed and no notification is queued.
 * On success stores the result in |*out| (free it with
 * esim_discovery_result_free); no event is a success with a count of 0.
 * Fails, recording the error on |euicc|, with ESIM_INVALID_ARGUMENT (a NULL
 * handle or |out|, a malformed SM-DS address or IMEI: before any APDU; an
 * eUICC without a rootDsAddress when |smds_address| is NULL or "": after
 * reading the eUICC's configured addresses only), ESIM_SERVER_ERROR (the
 * SM-DS refused: the message names its subjectCode/reasonCode; or it signed
 * another address, or answered something malformed), ESIM_CARD_REFUSED (the
 * eUICC refused the SM-DS: the message names its error code), ESIM_NETWORK,
 * ESIM_TLS, or the card's failure; |*out| is then NULL. Uses both handles:
 * neither may be in use by another thread meanwhile. */
esim_status esim_euicc_discover_events(esim_euicc *euicc, esim_es9p *es9p, const char *smds_address,
                                       const char *imei, esim_discovery_result **out);

/* esim_euicc_download_event downloads and installs the profile of event
 * |index| of |result| exactly as esim_euicc_download_profile does an
 * activation code naming the event's rspServerAddress and its eventId as
 * MatchingID: the same |callbacks| and |options| (both optional), receipt,
 * install notification report and result. Once installed (and reported),
 * the SM-DP+ has the SM-DS drop the event, so a later discovery no longer
 * lists it. On success stores the result in |*out| (free it with
 * esim_download_result_free). Fails, recording the error on |euicc|, with
 * ESIM_INVALID_ARGUMENT for a NULL handle, |result| or |out| and for an
 * |index| out of range (before any APDU), and otherwise as
 * esim_euicc_download_profile fails; |*out| is then NULL. Uses both
 * handles: neither may be in use by another thread meanwhile. */
esim_status esim_euicc_download_event(esim_euicc *euicc, esim_es9p *es9p,
                                      const esim_discovery_result *result, size_t index,
                                      const esim_download_callbacks *callbacks,
                                      const esim_download_options *options,
                                      esim_download_result **out);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* ESIM_ESIM_DISCOVERY_H */
