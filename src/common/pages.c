#include "pages.h"

#include <unistd.h>
#ifdef __linux__
#include <sys/mman.h>
#endif

const void *
pp_release_pages(const void *from, const void *to)
{
#if defined(__linux__) && defined(MADV_DONTNEED)
	gsize page = (gsize)sysconf(_SC_PAGESIZE);
	guintptr a, b;

	a = ((guintptr)from + page - 1) & ~(guintptr)(page - 1);
	b = (guintptr)to & ~(guintptr)(page - 1);
	if (a < b && madvise((void *)a, b - a, MADV_DONTNEED) == 0)
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
	gsize page = (gsize)sysconf(_SC_PAGESIZE);
	guintptr a, b;

	a = ((guintptr)p + page - 1) & ~(guintptr)(page - 1);
	b = ((guintptr)p + len) & ~(guintptr)(page - 1);
	if (a < b)
		(void)madvise((void *)a, b - a, MADV_HUGEPAGE);
#else
	(void)p;
	(void)len;
#endif
}
