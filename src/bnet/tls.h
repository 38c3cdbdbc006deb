/* tls.h - how every transfer of bnet verifies the server: libcurl's checks of the
 * certificate chain and the host name always on, against the system's CAs or, with a
 * CA file (--cacert), against that file's only. Internal to src/bnet/ (it names curl).
 */
#ifndef WOWAH_BNET_TLS_H
#define WOWAH_BNET_TLS_H

#include <curl/curl.h>

#include "util/err.h"

/* Sets c's verification: cacert (PEM), or NULL for the system's CAs. */
void bnet_tls_setup(CURL *c, const char *cacert);

/* Why a transfer failed, in words: for a certificate that is not trusted, what to do
 * about it, else libcurl's text for cc. */
const char *bnet_tls_why(CURLcode cc, const char *cacert);

#endif
