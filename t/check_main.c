/*
 * check_main.c - the one runner for all unit-test suites.
 */
#include <stdlib.h>

#include "check_suites.h"
#include "log.h"

int
main(void)
{
	SRunner *sr;
	int failed;

	log_init("check_outguard", 0, getenv("OG_DEBUG") != NULL);
	sr = srunner_create(smtp_cmd_suite());
	srunner_add_suite(sr, smtp_data_suite());
	srunner_add_suite(sr, addr_suite());
	srunner_add_suite(sr, config_suite());
	srunner_add_suite(sr, relay_suite());
	srunner_add_suite(sr, session_suite());
	srunner_add_suite(sr, ratewin_suite());
	srunner_add_suite(sr, lockstate_suite());
	srunner_add_suite(sr, store_suite());
	srunner_add_suite(sr, policy_suite());
	srunner_add_suite(sr, dkim_suite());
	srunner_add_suite(sr, report_suite());
	srunner_add_suite(sr, clamav_suite());
	srunner_add_suite(sr, fingerprint_suite());
	srunner_add_suite(sr, quarantine_suite());
	srunner_add_suite(sr, content_suite());
	srunner_add_suite(sr, lure_suite());
	srunner_add_suite(sr, spamengine_suite());
	srunner_add_suite(sr, batv_suite());
	srunner_add_suite(sr, iprep_suite());
	srunner_add_suite(sr, spf_suite());
	srunner_add_suite(sr, cli_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
