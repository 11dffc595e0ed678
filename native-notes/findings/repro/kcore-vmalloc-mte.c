/*
 * kcore-vmalloc-mte.c: a pread() of /proc/kcore at a vmalloc address into a buffer with one
 * mismatched arm64 MTE granule. Since v6.4 read_kcore_iter() reads a KCORE_VMALLOC segment with
 * vread_iter(), which copies to the user buffer with page faults disabled
 * (copy_page_to_iter_nofault(): tag-checked, all or nothing per page), and on a short copy faults
 * the rest in with fault_in_iov_iter_writeable() -> fault_in_safe_writeable(), which walks the
 * pages with fixup_user_fault() and never looks at tags, so it reports success, and retries with
 * no progress rule: the call never returns. Before v6.4 the segment went through a bounce buffer
 * and copy_to_iter() with faults allowed: the read fails with EFAULT.
 *
 * Self-contained: opens /proc/kcore, parses its ELF64 program headers, takes the PT_LOAD segment
 * that holds the most vmalloc areas listed in /proc/vmallocinfo (arm64: the one starting at
 * VMALLOC_START; without vmallocinfo, the largest segment), and reads 3 pages at the start of a
 * vmalloc area of at least 4 pages in it (without one, at the segment's start). First a control
 * read into the same kind of buffer with every granule matching (it must return the full count),
 * then the provoking read in a child process, watched for 20 s through /proc/PID/stat; then a
 * handled SIGUSR1 and, if it still spins, SIGKILL, and says what each did. Where it reproduced,
 * one more read as preadv() whose first iovec ends before the granule shows what the loop's
 * running-total accounting does with a partial first copy.
 *
 * Needs: root (CAP_SYS_RAWIO), arm64 with MTE (HWCAP2_MTE), /proc/kcore (CONFIG_PROC_KCORE, no
 * lockdown).
 * Build: aarch64-linux-gnu-gcc -O2 -static -I. -o kcore-vmalloc-mte kcore-vmalloc-mte.c   (lab.h: the shared part)
 * Output: the kernel, then REPRODUCED, NOT REPRODUCED or NOT TESTABLE with what was observed.
 * Exit status: 1 reproduced, 0 not reproduced, 2 not testable.
 */
#include "lab.h"
#include <elf.h>
#include <sys/uio.h>

#define BAD 128                             /* the mismatched granule [128, 144) of the mapping */

static off_t kcore_off;                     /* the file offset read */
static int with_bad;                        /* 0: the control read, every granule matches */
static int use_readv;                       /* 1: preadv with a first iovec of FIRST bytes */

#define FIRST 64                            /* the readv variant's first iovec: ends before BAD */

/* The child: pread of 3 pages of /proc/kcore at kcore_off into a 3-page PROT_MTE mapping; the
 * pointer carries tag 0, the granule [BAD, BAD + 16) gets tag 0xa (not in the control read). */
static void provoke(void)
{
	unsigned char *base;
	long r;
	int fd;

	base = lab_mte_child(3 * page, with_bad ? BAD : -1);
	fd = lab_open("/proc/kcore", O_RDONLY);
	if (use_readv) {
		struct iovec v[2] = {{base, FIRST}, {base + FIRST, 3 * page - FIRST}};

		r = preadv(fd, v, 2, kcore_off);
	} else
		r = pread(fd, base, 3 * page, kcore_off);
	lab_report(r, errno, 0);
}

#define MAX_AREAS 4096

static unsigned long area_start[MAX_AREAS], area_size[MAX_AREAS];
static char area_caller[MAX_AREAS][48];
static int areas;

/* /proc/vmallocinfo: the areas vmalloc() made ("... vmalloc ..." in the flags), with their caller */
static void read_vmallocinfo(void)
{
	char line[512], old[16] = "";
	FILE *f;
	int fd = open("/proc/sys/kernel/kptr_restrict", O_RDWR), n = -1;

	/* vmallocinfo prints %pK: hashed under kptr_restrict 0, the real address under 1 for a reader
	 * with CAP_SYSLOG; switch to 1 for the read and put the old value back */
	if (fd >= 0 && (n = read(fd, old, sizeof(old) - 1)) > 0 && old[0] == '0')
		pwrite(fd, "1\n", 2, 0);
	f = fopen("/proc/vmallocinfo", "r");
	if (!f) {
		if (n > 0 && old[0] == '0')
			pwrite(fd, old, n, 0);
		return;
	}
	while (areas < MAX_AREAS && fgets(line, sizeof(line), f)) {
		unsigned long a, b, size;
		char caller[48] = "";

		if (sscanf(line, "0x%lx-0x%lx %lu %47s", &a, &b, &size, caller) < 3 || a == 0)
			continue;
		if (!strstr(line, " vmalloc"))
			continue;
		area_start[areas] = a;
		area_size[areas] = size;
		snprintf(area_caller[areas], sizeof(area_caller[areas]), "%s", caller);
		areas++;
	}
	fclose(f);
	if (n > 0 && old[0] == '0')
		pwrite(fd, old, n, 0);
	if (fd >= 0)
		close(fd);
}

/* chooses the segment and the offset; prints both */
static void choose(int fd)
{
	Elf64_Ehdr eh;
	Elf64_Phdr ph[512];
	int i, n, best = -1, best_hits = -1, largest = -1, pick = -1;

	if (pread(fd, &eh, sizeof(eh), 0) != sizeof(eh) || memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 ||
	    eh.e_ident[EI_CLASS] != ELFCLASS64)
		not_testable("/proc/kcore does not start with an ELF64 header");
	n = eh.e_phnum < 512 ? eh.e_phnum : 512;
	if (pread(fd, ph, n * sizeof(ph[0]), eh.e_phoff) != (ssize_t)(n * sizeof(ph[0])))
		not_testable("cannot read /proc/kcore's program headers");
	read_vmallocinfo();
	for (i = 0; i < n; i++) {
		int hits = 0, a;

		if (ph[i].p_type != PT_LOAD)
			continue;
		for (a = 0; a < areas; a++)
			hits += area_start[a] >= ph[i].p_vaddr && area_start[a] - ph[i].p_vaddr < ph[i].p_memsz;
		if (hits > best_hits) {
			best = i;
			best_hits = hits;
		}
		if (largest < 0 || ph[i].p_memsz > ph[largest].p_memsz)
			largest = i;
	}
	if (largest < 0)
		not_testable("no PT_LOAD segment in /proc/kcore");
	if (best_hits <= 0) {
		if (areas == 0)
			say("segment: /proc/vmallocinfo lists no vmalloc area%s; taking the largest PT_LOAD "
			    "segment", access("/proc/vmallocinfo", R_OK) ? " (unreadable)" : "");
		else
			say("segment: none of the %d vmalloc areas of /proc/vmallocinfo is in a PT_LOAD segment; "
			    "taking the largest", areas);
		pick = largest;
	} else
		pick = best;
	say("segment: PT_LOAD %d of %d: vaddr 0x%lx, %lu bytes, file offset 0x%lx (%s)", pick, n,
	    (unsigned long)ph[pick].p_vaddr, (unsigned long)ph[pick].p_memsz, (unsigned long)ph[pick].p_offset,
	    pick == best && best_hits > 0 ? "the one holding the vmalloc areas of /proc/vmallocinfo" :
	    "the largest");
	if (pick == best && best_hits > 0)
		say("segment: it holds %d of the %d vmalloc areas listed; the largest segment %s", best_hits, areas,
		    best == largest ? "is the same" : "is another");
	kcore_off = ph[pick].p_offset;
	for (i = 0; i < areas; i++) {
		unsigned long a = area_start[i];

		if (a >= ph[pick].p_vaddr && a - ph[pick].p_vaddr < ph[pick].p_memsz &&
		    area_size[i] >= (unsigned long)(4 * page) && (a & (page - 1)) == 0) {
			kcore_off = ph[pick].p_offset + (a - ph[pick].p_vaddr);
			say("reading: 3 pages at 0x%lx, the start of a %lu-byte vmalloc area (%s), file offset 0x%lx",
			    a, area_size[i], area_caller[i], (unsigned long)kcore_off);
			return;
		}
	}
	say("reading: 3 pages at the segment's start 0x%lx (no vmalloc area of 4 pages found in it), "
	    "file offset 0x%lx", (unsigned long)ph[pick].p_vaddr, (unsigned long)kcore_off);
}

/* the control read: every granule matches; must return all 3 pages, else the test means nothing */
static void control(void)
{
	const char *r;
	int status, e;
	long ret;
	pid_t pid;

	with_bad = 0;
	pid = start_child();
	if (!wait_end(pid, DEADLINE, &status)) {
		kill(pid, SIGKILL);
		wait_end(pid, 10, &status);
		not_testable("the control read (no mismatched granule) did not return within 20 s");
	}
	r = strstr(child_says, "R ");
	if (!r || sscanf(r, "R %ld %d", &ret, &e) != 2) {
		say("control: the child failed before or in the read (status 0x%x)", status);
		not_testable("no control read");
	}
	say("control (the same buffer, every granule matching): %s", result_text());
	if (ret != 3 * page)
		not_testable("the control read did not return the full count: a kcore quirk, not the granule");
}

/* After the verdict: the same read as preadv() with a first iovec of FIRST bytes, so that
 * vread_iter()'s first copy is partial (FIRST bytes) instead of 0. The loop's "src += read;
 * left -= read" (the running total) then shrinks left by FIRST a round until it wraps, and
 * fault_in_iov_iter_writeable(iter, huge) fails: EFAULT after about a page / FIRST rounds
 * instead of a spin. An observation about the accounting, not part of the verdict. */
static int readv_variant(int verdict)
{
	int status;
	double t0;
	pid_t pid;

	if (verdict != 1)
		return verdict;
	use_readv = 1;
	pid = start_child();
	t0 = now();
	if (wait_end(pid, DEADLINE, &status))
		say("readv variant (first iovec %d bytes, so the first copy is partial): %s%s after %.1f s", FIRST,
		    strstr(child_says, "R ") ? "preadv" : "", strstr(child_says, "R ") ? result_text() + 5 :
		    "the child failed before or in the read", now() - t0);
	else {
		kill(pid, SIGKILL);
		say("readv variant (first iovec %d bytes, so the first copy is partial): no return within %d s "
		    "either (%s after SIGKILL)", FIRST, DEADLINE, wait_end(pid, 10, &status) ? "reaped" : "still there");
	}
	return verdict;
}

int main(void)
{
	int fd;

	lab_start();
	lab_count = 3 * page;
	say("case: /proc/kcore pread of %ld bytes at a vmalloc address into a 3-page PROT_MTE buffer, "
	    "granule [%d, %d) tagged 0xa (pointer tag 0, sync tag checks)", 3 * page, BAD, BAD + 16);
	lab_require("needs root (CAP_SYS_RAWIO for /proc/kcore)");
	fd = open("/proc/kcore", O_RDONLY);
	if (fd < 0) {
		char why[120];

		snprintf(why, sizeof(why), "cannot open /proc/kcore: %s%s", strerror(errno),
			 errno == ENOENT ? " (no CONFIG_PROC_KCORE)" : errno == EPERM ? " (lockdown?)" : "");
		not_testable(why);
	}
	choose(fd);
	close(fd);
	lab_cpu_note();
	control();
	with_bad = 1;
	return readv_variant(lab_watch(NULL));
}
