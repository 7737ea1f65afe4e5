// libxcrypt's crypt(3) family (crypt_rn, crypt_gensalt_rn) for the Directory module's password hashes.
#ifndef TESSERA_CCRYPT_SHIM_H
#define TESSERA_CCRYPT_SHIM_H
#include <crypt.h>
#endif
