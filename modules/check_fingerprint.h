/*
 * check_fingerprint.h - what the fingerprint check (check_fingerprint.c,
 * `check_fingerprint` in the check table) offers beside its hooks.
 */
#ifndef OG_CHECK_FINGERPRINT_H
#define OG_CHECK_FINGERPRINT_H

#include <stdint.h>

struct check_result;
struct policy_ctx;

#define FPBULK_STATE_FILE "fingerprints.db"
#define FP_SAVE_SECONDS 60 /* the bulk state reaches the disk this often */

/* check_fingerprint_signal_others - after a bulk refusal ([OG-BULK],
 * already an abuse signal for the sending account through the policy):
 * the other accounts of the campaign that have not been signalled for it
 * yet get an abuse signal too (each per its own policy: lock, or
 * would_lock in a dry run). Anything else in res is ignored. */
void check_fingerprint_signal_others(struct policy_ctx *pctx,
    const struct check_result *res, int64_t now);

#endif
