#ifndef FOOTPRINT_CLIBPQ_H
#define FOOTPRINT_CLIBPQ_H
// Debian's libpq-dev puts the header here (its own includes are found beside it).
#include "/usr/include/postgresql/libpq-fe.h"

/// libpq's functions, looked up when the first connection is opened instead of linked:
/// libpq and what it pulls in (Kerberos, LDAP, TLS) cost every command several
/// milliseconds of dynamic loading at start-up, and most commands never open a database.
/// `__typeof__` keeps each pointer's type the header's own, checked by the compiler.
typedef struct FootprintLibPQ {
    __typeof__(PQconnectdbParams) *connectdbParams;
    __typeof__(PQstatus) *status;
    __typeof__(PQerrorMessage) *errorMessage;
    __typeof__(PQfinish) *finish;
    __typeof__(PQexecParams) *execParams;
    __typeof__(PQexec) *exec;
    __typeof__(PQgetCopyData) *getCopyData;
    __typeof__(PQfreemem) *freemem;
    __typeof__(PQgetResult) *getResult;
    __typeof__(PQresultStatus) *resultStatus;
    __typeof__(PQresultErrorField) *resultErrorField;
    __typeof__(PQclear) *clear;
    __typeof__(PQntuples) *ntuples;
    __typeof__(PQnfields) *nfields;
    __typeof__(PQfname) *fname;
    __typeof__(PQgetisnull) *getisnull;
    __typeof__(PQgetvalue) *getvalue;
} FootprintLibPQ;

/// The functions, loaded once (thread-safe); NULL when libpq.so.5 cannot be loaded or lacks
/// one of them, with the loader's reason in `*error`.
const FootprintLibPQ *footprint_libpq(const char **error);

#endif
