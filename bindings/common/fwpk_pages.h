/*
 * fwpk_pages.h — the page codec shared by the fwpkclnt SDKs (C#, Java, Go).
 *
 * A binding that reads a returned structure field by field pays one
 * language-boundary crossing per field (a P/Invoke, a JNI call, a cgo call).
 * This codec instead flattens a whole enumeration page (or a GetById /
 * GetByKey block) into ONE compact little-endian byte buffer in a single pass,
 * frees the native block, and lets the binding decode the bytes with its own
 * fastest primitives (C# BinaryPrimitives/MemoryMarshal, Java ByteBuffer,
 * Go encoding/binary).  The byte format is specified in PAGES.md beside this
 * file — the one place for it; FWPK_PAGES_VERSION changes with it.
 *
 * Plain C11, no language-specific assumption, no global state: the caller
 * owns the output buffer (struct fwpk_pages_buf) and decides how it grows.
 * Each fwpk_pages_<api>() function calls the fwpmk.h function, encodes what it
 * returned and frees the returned block with FwpmFreeMemory0 on EVERY path
 * (success, API failure, encoding failure); no returned pointer leaves it.
 */
#ifndef FWPK_PAGES_H
#define FWPK_PAGES_H

#include <stddef.h>
#include <stdint.h>
#include <fwpmk.h>

#ifdef __cplusplus
extern "C" {
#endif

#define FWPK_PAGES_MAGIC       0x47505746u /* bytes "FWPG" */
#define FWPK_PAGES_VERSION     1u
#define FWPK_PAGES_HEADER_SIZE 16u

/* What the records of a page are (the header's `kind`). */
typedef enum FWPK_PAGES_KIND_ {
    FWPK_PAGES_SA_CONTEXT0 = 1, /* IPSEC_SA_CONTEXT0 */
    FWPK_PAGES_SA_CONTEXT1 = 2, /* IPSEC_SA_CONTEXT1 */
    FWPK_PAGES_SA_DETAILS0 = 3, /* IPSEC_SA_DETAILS0 */
    FWPK_PAGES_SA_DETAILS1 = 4, /* IPSEC_SA_DETAILS1 */
    FWPK_PAGES_FILTER0     = 5, /* FWPM_FILTER0 */
    FWPK_PAGES_SESSION0    = 6  /* FWPM_SESSION0 */
} FWPK_PAGES_KIND;

/*
 * The output buffer.  Bytes [0, len) are the encoded page.  When the codec
 * needs room for `need` bytes in all (need > cap) it calls grow(b, need),
 * which must point b->data at a buffer of at least `need` bytes whose first
 * b->len bytes are those of the old one, set b->cap, and return b->data — or
 * return NULL and leave b unchanged (the encoding then fails with
 * STATUS_NO_MEMORY).  `ctx` is the grow function's.  grow == NULL means
 * realloc(): release the memory with fwpk_pages_buf_free().  A buffer may be
 * reused for any number of pages; each encoding starts again at offset 0.
 */
typedef struct fwpk_pages_buf {
    uint8_t *data;
    size_t len;
    size_t cap;
    uint8_t *(*grow)(struct fwpk_pages_buf *b, size_t need);
    void *ctx;
} fwpk_pages_buf;

/* An empty realloc()-backed buffer. */
void fwpk_pages_buf_init(fwpk_pages_buf *b);
/* Frees a realloc()-backed buffer's memory and empties it. */
void fwpk_pages_buf_free(fwpk_pages_buf *b);

/*
 * Encodes `count` structures of type `kind` (entries[i] points at one; a NULL
 * entry is encoded as an empty record) into b, from offset 0.  Returns
 * STATUS_SUCCESS, STATUS_INVALID_PARAMETER (unknown kind) or
 * STATUS_NO_MEMORY; on failure b->len is 0.  Frees nothing.
 */
NTSTATUS fwpk_pages_encode(fwpk_pages_buf *b, FWPK_PAGES_KIND kind, const void *const *entries, UINT32 count);

/*
 * Call + encode + free.  The status is the fwpmk.h function's, or
 * STATUS_NO_MEMORY when the page could not be encoded (the entries of that
 * page are then lost, as when a caller fails to copy them).  On any failure
 * b->len is 0.  A successful enumeration that returned no entry (or a NULL
 * array) gives a page with count 0.
 */
NTSTATUS fwpk_pages_session_enum0(HANDLE engineHandle, HANDLE enumHandle, UINT32 numEntriesRequested, fwpk_pages_buf *b);
NTSTATUS fwpk_pages_filter_enum0(HANDLE engineHandle, HANDLE enumHandle, UINT32 numEntriesRequested, fwpk_pages_buf *b);
NTSTATUS fwpk_pages_sa_context_enum0(HANDLE engineHandle, HANDLE enumHandle, UINT32 numEntriesRequested, fwpk_pages_buf *b);
NTSTATUS fwpk_pages_sa_context_enum1(HANDLE engineHandle, HANDLE enumHandle, UINT32 numEntriesRequested, fwpk_pages_buf *b);
NTSTATUS fwpk_pages_sa_enum0(HANDLE engineHandle, HANDLE enumHandle, UINT32 numEntriesRequested, fwpk_pages_buf *b);
NTSTATUS fwpk_pages_sa_enum1(HANDLE engineHandle, HANDLE enumHandle, UINT32 numEntriesRequested, fwpk_pages_buf *b);

/* Single blocks: a page of count 1 (kind FILTER0 / SA_CONTEXT0 / SA_CONTEXT1). */
NTSTATUS fwpk_pages_filter_get_by_id0(HANDLE engineHandle, UINT64 id, fwpk_pages_buf *b);
NTSTATUS fwpk_pages_filter_get_by_key0(HANDLE engineHandle, const GUID *key, fwpk_pages_buf *b);
NTSTATUS fwpk_pages_sa_context_get_by_id0(HANDLE engineHandle, UINT64 id, fwpk_pages_buf *b);
NTSTATUS fwpk_pages_sa_context_get_by_id1(HANDLE engineHandle, UINT64 id, fwpk_pages_buf *b);

#ifdef __cplusplus
}
#endif

#endif /* FWPK_PAGES_H */
