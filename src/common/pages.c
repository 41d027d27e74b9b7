#include "pages.h"

#include <unistd.h>
#ifdef __linux__
#include <sys/mman.h>
#endif

#ifdef __linux__
/* Returns TRUE and sets [*a, *b) to the whole pages within [from, to)
 * when there is at least one. */
static gboolean
inner_pages(const void *from, const void *to, guintptr *a, guintptr *b)
{
	gsize page = (gsize)sysconf(_SC_PAGESIZE);

	*a = ((guintptr)from + page - 1) & ~(guintptr)(page - 1);
	*b = (guintptr)to & ~(guintptr)(page - 1);
	return *a < *b;
}
#endif

const void *
pp_release_pages(const void *from, const void *to)
{
#if defined(__linux__) && defined(MADV_DONTNEED)
	guintptr a, b;

	if (inner_pages(from, to, &a, &b) && madvise((void *)a, b - a, MADV_DONTNEED) == 0)
		return (const void *)b;
	return from;
#else
	(void)to;
	return from;
#endif
}

void
pp_advise_huge(void *p, gsize len)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
	guintptr a, b;

	if (inner_pages(p, (char *)p + len, &a, &b))
		(void)madvise((void *)a, b - a, MADV_HUGEPAGE);
#else
	(void)p;
	(void)len;
#endif
}
