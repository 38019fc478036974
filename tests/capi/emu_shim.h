/* emu_shim.h: the in-process eUICC emulator (euicc_emu::Card) behind plain C
 * functions, so that the C API tests reach a card through transport
 * callbacks of their own, as a device maker's code does. Test code only. */
#ifndef ESIM_TESTS_CAPI_EMU_SHIM_H
#define ESIM_TESTS_CAPI_EMU_SHIM_H

#include <stddef.h>
#include <stdint.h>

#include "esim/esim.h"

#ifdef __cplusplus
extern "C" {
#endif

/* capi_emu is one emulated card and the faults its callbacks inject. */
typedef struct capi_emu capi_emu;

/* capi_emu_fault says how capi_emu_transmit misbehaves from now on. */
typedef enum capi_emu_fault {
  CAPI_EMU_FAULT_NONE = 0,
  CAPI_EMU_FAULT_FAIL = 1,        /* return the status set with the fault */
  CAPI_EMU_FAULT_ONE_BYTE = 2,    /* answer a single byte: no status word */
  CAPI_EMU_FAULT_OVERSIZED = 3,   /* claim more bytes than the buffer has */
  CAPI_EMU_FAULT_LENGTH_UNSET = 4 /* return ESIM_OK without a length */
} capi_emu_fault;

/* capi_emu_bench is a temporary directory holding the demo state and its
 * PKI (made once, as `euicc-emu --init` does: the card signs notifications
 * with it). */
typedef struct capi_emu_bench capi_emu_bench;

/* capi_emu_bench_new makes the bench, or returns NULL (reason on stderr). */
capi_emu_bench *capi_emu_bench_new(void);

/* capi_emu_bench_free removes the bench's directory; accepts NULL. */
void capi_emu_bench_free(capi_emu_bench *bench);

/* capi_emu_new_demo returns a fresh card with the bench's demo state, kept
 * in memory only (each card starts from the same state), or NULL. */
capi_emu *capi_emu_new_demo(const capi_emu_bench *bench);

/* capi_emu_new_from_state_file returns a card on the state file |path|,
 * saving every change back to it, or NULL (the reason on stderr). */
capi_emu *capi_emu_new_from_state_file(const char *path);

/* capi_emu_free frees |emu|; accepts NULL. */
void capi_emu_free(capi_emu *emu);

/* capi_emu_set_fault makes every later transmit misbehave as |fault| says;
 * |status| is what CAPI_EMU_FAULT_FAIL returns. */
void capi_emu_set_fault(capi_emu *emu, capi_emu_fault fault, esim_status status);

/* capi_emu_set_fault_spec makes the card misbehave as `euicc-emu --fault
 * SPEC` does (answer=FUNCTION:HEX and the like; APDUs and runs counted from
 * the next transmit), replacing the spec set before; returns 0, or -1 for a
 * bad spec (the reason on stderr). */
int capi_emu_set_fault_spec(capi_emu *emu, const char *spec);

/* capi_emu_callbacks returns callbacks with transmit only (the library's
 * default channel handling); capi_emu_full_callbacks also sets every
 * optional callback. Pass the capi_emu as context. */
esim_transport_callbacks capi_emu_callbacks(void);
esim_transport_callbacks capi_emu_full_callbacks(void);

/* capi_emu_open_channels returns the card's open logical channels as bits
 * (bit 0, the basic channel, is always set). */
uint32_t capi_emu_open_channels(const capi_emu *emu);

/* capi_emu_counts reports how often the optional callbacks ran. */
void capi_emu_counts(const capi_emu *emu, unsigned *opens, unsigned *closes, unsigned *begins,
                     unsigned *ends);

#ifdef __cplusplus
}
#endif

#endif
