// OpenLDAP client (libldap, liblber) and Cyrus SASL for the Directory module's LDAP handle.
// Only what Swift cannot reach directly gets a shim: pointer-valued macros.
#ifndef TESSERA_CLDAP_SHIM_H
#define TESSERA_CLDAP_SHIM_H
#define LDAP_DEPRECATED 0
#include <ldap.h>
#include <lber.h>
#include <sasl/sasl.h>

/// `LDAP_OPT_ON` is a pointer macro that Swift cannot import.
static inline void *tessera_ldap_opt_on(void) { return LDAP_OPT_ON; }
/// `LDAP_OPT_OFF` is a pointer macro that Swift cannot import.
static inline void *tessera_ldap_opt_off(void) { return LDAP_OPT_OFF; }
#endif
