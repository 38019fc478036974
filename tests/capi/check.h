/* check.h: the tiny assertion helper of the C API tests. A failed check
 * prints where and what, and counts; main() turns the count into the exit
 * status, so one run reports every failure instead of the first. */
#ifndef ESIM_TESTS_CAPI_CHECK_H
#define ESIM_TESTS_CAPI_CHECK_H

#include <stdio.h>
#include <string.h>

#include "esim/esim.h"

/* checks and failures are defined by the test program. */
extern int checks;
extern int failures;

/* CHECK counts |cond| and reports it when false. */
#define CHECK(cond)                                                                                \
  do {                                                                                             \
    ++checks;                                                                                      \
    if (!(cond)) {                                                                                 \
      ++failures;                                                                                  \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);                     \
    }                                                                                              \
  } while (0)

/* CHECK_STATUS compares a status and shows the handle's last error. */
#define CHECK_STATUS(expr, expected, handle)                                                       \
  do {                                                                                             \
    esim_status got_ = (expr);                                                                     \
    ++checks;                                                                                      \
    if (got_ != (expected)) {                                                                      \
      ++failures;                                                                                  \
      fprintf(stderr, "%s:%d: %s gave %s, expected %s; last error: %s\n", __FILE__, __LINE__,      \
              #expr, esim_status_name(got_), esim_status_name(expected),                           \
              esim_euicc_last_error_message(handle));                                              \
    }                                                                                              \
  } while (0)

/* CHECK_CONTAINS checks that |text| is not NULL and contains |part|. */
#define CHECK_CONTAINS(text, part)                                                                 \
  do {                                                                                             \
    const char *t_ = (text);                                                                       \
    ++checks;                                                                                      \
    if (t_ == NULL || strstr(t_, (part)) == NULL) {                                                \
      ++failures;                                                                                  \
      fprintf(stderr, "%s:%d: '%s' does not contain '%s'\n", __FILE__, __LINE__,                   \
              t_ ? t_ : "(null)", (part));                                                         \
    }                                                                                              \
  } while (0)

#endif
