// libldap for the benchmark's raw baseline.
#ifndef TESSERA_BENCH_CLDAP_SHIM_H
#define TESSERA_BENCH_CLDAP_SHIM_H
#define LDAP_DEPRECATED 0
#include <ldap.h>
#include <lber.h>
#endif
