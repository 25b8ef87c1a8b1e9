/*
 * check_suites.h - every Check suite of the unit tests, run by check_main.
 */
#ifndef OG_CHECK_SUITES_H
#define OG_CHECK_SUITES_H

#include <check.h>

Suite *smtp_cmd_suite(void);
Suite *smtp_data_suite(void);
Suite *addr_suite(void);
Suite *config_suite(void);
Suite *relay_suite(void);
Suite *session_suite(void);
Suite *ratewin_suite(void);
Suite *lockstate_suite(void);
Suite *store_suite(void);
Suite *policy_suite(void);
Suite *dkim_suite(void);
Suite *report_suite(void);
Suite *clamav_suite(void);
Suite *fingerprint_suite(void);
Suite *quarantine_suite(void);
Suite *content_suite(void);
Suite *lure_suite(void);
Suite *spamengine_suite(void);
Suite *batv_suite(void);
Suite *iprep_suite(void);
Suite *spf_suite(void);
Suite *cli_suite(void);

#endif
