#ifndef FOOTPRINT_CLIBCURL_H
#define FOOTPRINT_CLIBCURL_H
#include <stddef.h>

/// HTTP requests through libcurl, loaded with dlopen on the first request instead of
/// linked: libcurl and what it pulls in (TLS, HTTP/2, IDN, SSH, LDAP, Kerberos) cost every
/// command several milliseconds of dynamic loading at start-up, and most commands never
/// call an API. Proxies (https_proxy, no_proxy), TLS verification against the system's
/// certificates and compressed responses are libcurl's, as they were under URLSession.

/// One connection-keeping handle; use it from one thread at a time.
typedef struct FootprintCurl FootprintCurl;

/// What one request came to. `body` and `headers` are malloc'ed; free with
/// `footprint_curl_response_free`. On failure `status` is 0 and `error` says why;
/// `timedOut` is set when the time limit ran out.
typedef struct FootprintCurlResponse {
    long status;
    unsigned char *body;
    size_t bodyLength;
    char *headers;
    size_t headersLength;
    int timedOut;
    char error[256];
} FootprintCurlResponse;

/// A new handle, or NULL with the loader's reason in `*error` (libcurl missing).
FootprintCurl *footprint_curl_new(const char **error);
void footprint_curl_free(FootprintCurl *handle);

/// Sends one request: `headers` are "Name: value" lines; `body` may be NULL. Returns 0
/// when an HTTP answer arrived (any status), -1 otherwise (see `response->error`).
int footprint_curl_perform(FootprintCurl *handle, const char *method, const char *url,
                           const char *const *headers, size_t headerCount,
                           const unsigned char *body, size_t bodyLength,
                           double timeoutSeconds, FootprintCurlResponse *response);

void footprint_curl_response_free(FootprintCurlResponse *response);

#endif
