// Debian's libxml2 is built with ICU, so its headers include the system's <unicode/*.h>; those
// clash with the ICU copy that Foundation's module carries (same enum, other members) wherever
// both are visible. Tessera never touches the ICU parts of libxml2 (the converter fields of
// xmlCharEncodingHandler), so its headers are read as if built without ICU.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>

// `xmlFree` is a global function-pointer variable, which Swift 6 refuses to read from
// concurrent code ("not concurrency-safe"). Calling it from C sidesteps that.
static inline void clibxml2_free(void *pointer) { xmlFree(pointer); }

// XML_SAX2_MAGIC is a macro Swift does not import as a typed constant.
static inline unsigned int clibxml2_sax2_magic(void) { return XML_SAX2_MAGIC; }
