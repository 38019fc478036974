/* capi_download.h: the C program's download tests (capi_download.c). */
#ifndef ESIM_TESTS_CAPI_DOWNLOAD_H
#define ESIM_TESTS_CAPI_DOWNLOAD_H

#include "esim/esim.h"

/* testDownload runs the download checks on the open demo card |euicc|. */
void testDownload(esim_euicc *euicc);

#endif
