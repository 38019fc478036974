/* capi_download.h: the C program's download tests (capi_download.c). */
#ifndef ESIM_TESTS_CAPI_DOWNLOAD_H
#define ESIM_TESTS_CAPI_DOWNLOAD_H

#include "emu_shim.h"

/* testDownload runs the download checks on a fresh demo card of |bench|. */
void testDownload(const capi_emu_bench *bench);

#endif
