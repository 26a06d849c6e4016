#define CURL_DISABLE_TYPECHECK 1
#include "CLibCurl.h"
#include <curl/curl.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/// The few libcurl functions used, typed by the header's own declarations.
static struct {
    __typeof__(curl_global_init) *global_init;
    __typeof__(curl_easy_init) *easy_init;
    __typeof__(curl_easy_cleanup) *easy_cleanup;
    __typeof__(curl_easy_reset) *easy_reset;
    __typeof__(curl_easy_setopt) *easy_setopt;
    __typeof__(curl_easy_perform) *easy_perform;
    __typeof__(curl_easy_getinfo) *easy_getinfo;
    __typeof__(curl_easy_strerror) *easy_strerror;
    __typeof__(curl_slist_append) *slist_append;
    __typeof__(curl_slist_free_all) *slist_free_all;
} api;
static int ready;
static const char *failure;
static pthread_once_t once = PTHREAD_ONCE_INIT;

#define LOOKUP(field, name) \
    if ((api.field = (__typeof__(api.field))dlsym(library, name)) == NULL) { failure = "libcurl.so.4 lacks " name; return; }

static void load(void) {
    void *library = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) {
        failure = dlerror();
        return;
    }
    LOOKUP(global_init, "curl_global_init")
    LOOKUP(easy_init, "curl_easy_init")
    LOOKUP(easy_cleanup, "curl_easy_cleanup")
    LOOKUP(easy_reset, "curl_easy_reset")
    LOOKUP(easy_setopt, "curl_easy_setopt")
    LOOKUP(easy_perform, "curl_easy_perform")
    LOOKUP(easy_getinfo, "curl_easy_getinfo")
    LOOKUP(easy_strerror, "curl_easy_strerror")
    LOOKUP(slist_append, "curl_slist_append")
    LOOKUP(slist_free_all, "curl_slist_free_all")
    if (api.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        failure = "libcurl could not be initialised";
        return;
    }
    ready = 1;
}

struct FootprintCurl { CURL *easy; };

FootprintCurl *footprint_curl_new(const char **error) {
    pthread_once(&once, load);
    if (!ready) {
        if (error) *error = failure;
        return NULL;
    }
    CURL *easy = api.easy_init();
    if (easy == NULL) {
        if (error) *error = "libcurl could not make a handle";
        return NULL;
    }
    FootprintCurl *handle = malloc(sizeof *handle);
    if (handle == NULL) {
        api.easy_cleanup(easy);
        if (error) *error = "out of memory";
        return NULL;
    }
    handle->easy = easy;
    return handle;
}

void footprint_curl_free(FootprintCurl *handle) {
    if (handle == NULL) return;
    api.easy_cleanup(handle->easy);
    free(handle);
}

typedef struct { unsigned char *bytes; size_t length; size_t capacity; int failed; } Growable;

static size_t append(Growable *buffer, const char *data, size_t length) {
    if (buffer->length + length + 1 > buffer->capacity) {
        size_t capacity = buffer->capacity ? buffer->capacity : 16384;
        while (capacity < buffer->length + length + 1) capacity *= 2;
        unsigned char *grown = realloc(buffer->bytes, capacity);
        if (grown == NULL) { buffer->failed = 1; return 0; }
        buffer->bytes = grown;
        buffer->capacity = capacity;
    }
    memcpy(buffer->bytes + buffer->length, data, length);
    buffer->length += length;
    buffer->bytes[buffer->length] = 0;
    return length;
}

static size_t on_body(char *data, size_t size, size_t count, void *context) {
    return append(context, data, size * count);
}

/// Header lines; a new status line (after a redirect or a 100 Continue) starts over, so
/// only the final response's headers are kept.
static size_t on_header(char *data, size_t size, size_t count, void *context) {
    Growable *buffer = context;
    size_t length = size * count;
    if (length >= 5 && memcmp(data, "HTTP/", 5) == 0) buffer->length = 0;
    return append(buffer, data, length);
}

int footprint_curl_perform(FootprintCurl *handle, const char *method, const char *url,
                           const char *const *headers, size_t headerCount,
                           const unsigned char *body, size_t bodyLength,
                           double timeoutSeconds, FootprintCurlResponse *response) {
    memset(response, 0, sizeof *response);
    CURL *easy = handle->easy;
    api.easy_reset(easy); // keeps the connection cache: the next request to the host reuses it
    struct curl_slist *list = NULL;
    for (size_t i = 0; i < headerCount; i++) {
        struct curl_slist *next = api.slist_append(list, headers[i]);
        if (next == NULL) { api.slist_free_all(list); strcpy(response->error, "out of memory"); return -1; }
        list = next;
    }
    Growable received = {0}, lines = {0};
    char message[CURL_ERROR_SIZE] = {0};
    long milliseconds = timeoutSeconds > 0 ? (long)(timeoutSeconds * 1000) : 30000;
    api.easy_setopt(easy, CURLOPT_URL, url);
    api.easy_setopt(easy, CURLOPT_CUSTOMREQUEST, method);
    if (strcmp(method, "HEAD") == 0) api.easy_setopt(easy, CURLOPT_NOBODY, 1L);
    if (body != NULL) {
        api.easy_setopt(easy, CURLOPT_POSTFIELDS, (const char *)body);
        api.easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)bodyLength);
    }
    api.easy_setopt(easy, CURLOPT_HTTPHEADER, list);
    api.easy_setopt(easy, CURLOPT_WRITEFUNCTION, on_body);
    api.easy_setopt(easy, CURLOPT_WRITEDATA, &received);
    api.easy_setopt(easy, CURLOPT_HEADERFUNCTION, on_header);
    api.easy_setopt(easy, CURLOPT_HEADERDATA, &lines);
    api.easy_setopt(easy, CURLOPT_ERRORBUFFER, message);
    api.easy_setopt(easy, CURLOPT_TIMEOUT_MS, milliseconds);
    api.easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, milliseconds < 10000 ? milliseconds : 10000L);
    api.easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);           // threads: no SIGALRM for timeouts
    api.easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 1L);     // as URLSession did
    api.easy_setopt(easy, CURLOPT_MAXREDIRS, 5L);
    api.easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, "");    // every encoding libcurl can decode
    api.easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
    api.easy_setopt(easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    CURLcode code = api.easy_perform(easy);
    api.slist_free_all(list);
    if (received.failed || lines.failed) {
        free(received.bytes);
        free(lines.bytes);
        strcpy(response->error, "out of memory reading the response");
        return -1;
    }
    if (code != CURLE_OK) {
        free(received.bytes);
        free(lines.bytes);
        response->timedOut = code == CURLE_OPERATION_TIMEDOUT;
        const char *text = message[0] ? message : api.easy_strerror(code);
        strncpy(response->error, text, sizeof response->error - 1);
        return -1;
    }
    api.easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &response->status);
    response->body = received.bytes;
    response->bodyLength = received.length;
    response->headers = (char *)lines.bytes;
    response->headersLength = lines.length;
    return 0;
}

void footprint_curl_response_free(FootprintCurlResponse *response) {
    free(response->body);
    free(response->headers);
    response->body = NULL;
    response->headers = NULL;
}
