#include "CLibPQ.h"
#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>

static FootprintLibPQ table;
static const FootprintLibPQ *loaded;
static const char *failure;
static pthread_once_t once = PTHREAD_ONCE_INIT;

#define LOOKUP(field, name) \
    if ((table.field = (__typeof__(table.field))dlsym(library, name)) == NULL) { failure = "libpq.so.5 lacks " name; return; }

static void load(void) {
    void *library = dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) {
        failure = dlerror();
        return;
    }
    LOOKUP(connectdbParams, "PQconnectdbParams")
    LOOKUP(status, "PQstatus")
    LOOKUP(errorMessage, "PQerrorMessage")
    LOOKUP(finish, "PQfinish")
    LOOKUP(execParams, "PQexecParams")
    LOOKUP(exec, "PQexec")
    LOOKUP(getCopyData, "PQgetCopyData")
    LOOKUP(freemem, "PQfreemem")
    LOOKUP(getResult, "PQgetResult")
    LOOKUP(resultStatus, "PQresultStatus")
    LOOKUP(resultErrorField, "PQresultErrorField")
    LOOKUP(clear, "PQclear")
    LOOKUP(ntuples, "PQntuples")
    LOOKUP(nfields, "PQnfields")
    LOOKUP(fname, "PQfname")
    LOOKUP(getisnull, "PQgetisnull")
    LOOKUP(getvalue, "PQgetvalue")
    loaded = &table;
}

const FootprintLibPQ *footprint_libpq(const char **error) {
    pthread_once(&once, load);
    if (loaded == NULL && error != NULL) *error = failure;
    return loaded;
}
