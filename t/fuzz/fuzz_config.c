/*
 * fuzz_config.c - libFuzzer target for the configuration loader.
 *
 * The input is an outguard.yaml. A first line pointing users_dir at a
 * folder that does not exist is put in front, so the loader never reads
 * accounts from the machine running the fuzzer (an input that sets
 * users_dir again is refused as a duplicate key, or is skipped when it
 * names the key in plain text). The result is freed; an error must come
 * with a "name:line:col: " message.
 */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "log.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define HEAD "users_dir: \"/nonexistent/outguard-fuzz/users.d\"\n"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	log_init("fuzz_config", 0, 0);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config *cfg;
	char *text, *err = NULL;
	size_t head = sizeof(HEAD) - 1, len;

	if (size > 65536 || memmem(data, size, "users_dir", 9) != NULL)
		return -1;
	len = head + size;
	text = malloc(len);
	memcpy(text, HEAD, head);
	memcpy(text + head, data, size);
	cfg = config_load_string("fuzz.yaml", text, len, &err);
	if (cfg == NULL) {
		assert(err != NULL);
		assert(strncmp(err, "fuzz.yaml:", 10) == 0);
		free(err);
	} else {
		assert(cfg->hostname != NULL && cfg->users_dir != NULL);
		assert(strcmp(cfg->users_dir,
		    "/nonexistent/outguard-fuzz/users.d") == 0);
		assert(cfg->naccounts == 0);
		config_free(&cfg);
		assert(cfg == NULL);
	}
	free(text);
	return 0;
}
