/* bnet.c - libcurl's global set-up, so that no caller includes curl. */
#include "bnet/bnet.h"

#include <curl/curl.h>

int bnet_global_init(struct err *e)
{
	CURLcode cc = curl_global_init(CURL_GLOBAL_DEFAULT);

	if (cc != CURLE_OK)
		return err_set(e, WOWAH_ENOMEM, "cannot set up libcurl: %s",
		               curl_easy_strerror(cc));
	return WOWAH_OK;
}

void bnet_global_cleanup(void)
{
	curl_global_cleanup();
}
