/*
 * Giving memory back while an array is still allocated: a pass that reads
 * a big array once, front to back, into a new one can return the pages it
 * has read, so that the old and the new array are not both resident at
 * once.
 */
#pragma once

#include <glib.h>

/*
 * Returns to the system the whole pages within [from, to) of a block the
 * caller owns and will not read again before freeing it (they would read
 * as zeros).  Partial pages at either end are kept.  Returns where the
 * next call should start, so that a block given back piece by piece loses
 * no page between two pieces: the end of the pages given back, or from
 * when there were none.  Where the system cannot (no madvise), gives
 * nothing back: the memory goes back when freed.
 */
const void *pp_release_pages(const void *from, const void *to);

/*
 * Asks the system to back the whole pages within [p, p + len) with huge
 * pages (2 MiB on x86-64) when it next touches them: for big tables read
 * at random, where a lookup would otherwise miss the TLB as well as the
 * cache.  Only a hint: nothing happens where the system has no
 * transparent huge pages or does not want them.
 */
void pp_advise_huge(void *p, gsize len);
