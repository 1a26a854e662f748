#ifndef FEEDSMITH_CLIBXML2_SHIM_H
#define FEEDSMITH_CLIBXML2_SHIM_H

/* Debian's libxml2 is built with ICU: encoding.h would pull in the system <unicode/ucnv.h>,
 * which clashes with Foundation's own ICU copy on clean builds. We never let libxml2 convert
 * encodings (bytes reach it as UTF-8), so its ICU API is not needed. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <libxml/xmlwriter.h>
#include <libxml/xmlsave.h>
#include <libxml/relaxng.h>
#include <libxml/xmlerror.h>
#include <libxml/entities.h>
#include <libxml/uri.h>

/* xmlFree is a global function pointer, which Swift 6 rejects as not concurrency-safe. */
static inline void feedsmith_xml_free(void *pointer) { xmlFree(pointer); }

static inline void feedsmith_ignore_generic_error(void *context, const char *message, ...) {
    (void)context; (void)message;
}
static inline void feedsmith_ignore_structured_error(void *context, xmlErrorPtr error) {
    (void)context; (void)error;
}

/* libxml2 prints to stderr even with *_PARSE_NOERROR; the handlers are per thread, so this is
 * called before every parse on the thread that parses. */
static inline void feedsmith_silence_libxml_errors(void) {
    xmlSetGenericErrorFunc(NULL, feedsmith_ignore_generic_error);
    xmlSetStructuredErrorFunc(NULL, feedsmith_ignore_structured_error);
}

#endif
