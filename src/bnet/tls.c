/* tls.c - certificate verification of bnet's transfers (tls.h). */
#include "bnet/tls.h"

void bnet_tls_setup(CURL *c, const char *cacert)
{
	/* libcurl's defaults, set anyway: nothing in wowah may ever turn them off. */
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	if (!cacert)
		return;
	/* Only the given CAs: a CA file means "this server's certificate", not "these too". */
	curl_easy_setopt(c, CURLOPT_CAINFO, cacert);
	curl_easy_setopt(c, CURLOPT_CAPATH, NULL);
}

const char *bnet_tls_why(CURLcode cc, const char *cacert)
{
	if (cc == CURLE_PEER_FAILED_VERIFICATION && cacert)
		return "the server's TLS certificate is not signed by a CA of --cacert (or names "
		       "another host)";
	if (cc == CURLE_PEER_FAILED_VERIFICATION)
		return "the server's TLS certificate is not trusted (self-signed, an unknown CA, "
		       "or another host's name); if it is yours, give its CA with --cacert FILE";
	if (cc == CURLE_SSL_CACERT_BADFILE)
		return "cannot read the CA certificates of --cacert (a PEM file is needed)";
	return curl_easy_strerror(cc);
}
