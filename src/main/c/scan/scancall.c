/*
 * scancall: the scan's driver. It runs each case of `faultline scan` in a child process of its own
 * (the kernel's copy path, a real syscall into or out of a real partially accessible buffer), watches
 * it, and prints what happened. It classifies nothing: the verdict is Java's (dev.faultline.scan),
 * by rule, from what this prints.
 *
 *   scancall DIR DEADLINE            cases on stdin, one result per case on stdout
 *   scancall DIR DEADLINE CASE...    the same for the cases on the command line (a reproducer)
 *
 * DIR is a directory on the file system under test; read.dat is made there (READ_BYTES of the file
 * pattern), write.dat and buf.dat are made by the cases that need them. DEADLINE is in seconds: how long
 * the call may take, from the moment it starts (its set-up and the checks after it are not counted).
 *
 * A case: ID CALL MODE BACKING LAYOUT OFFSET SIZE
 *   CALL     read write pread pwrite readv writev preadv2 pwritev2 io_uring-read io_uring-write fiemap
 *            (fiemap: FS_IOC_FIEMAP of fiemap.dat, a file of one-block extents between holes, into the
 *            request: a 32-byte struct fiemap, then as many 56-byte extent records as fit);
 *            tree-search (BTRFS_IOC_TREE_SEARCH_V2 for fiemap.dat's extent items: a 112-byte header, then
 *            85-byte items); and the census's calls on no file system: kcore-read (pread of /proc/kcore
 *            at a vmalloc area), uffdio-copy (UFFDIO_COPY of whole pages into a registered range),
 *            futex-wait futex-requeue futex-wake-op futex-lock-pi futex-unlock-pi futex-robust-exit (the
 *            request is the 4-byte futex word), sigreturn (x86-64: the request is the FPU state
 *            rt_sigreturn restores; `scancall --fpstate` prints its size), sigframe (x86-64: the FPU
 *            state the kernel saves into a signal frame on an alternate stack)
 *   MODE     buffered, direct (O_DIRECT), nocow (O_DIRECT to a file made NOCOW while empty: btrfs
 *            without copy-on-write and data checksums, where its direct write stays direct),
 *            compressed (buffered, to a file given FS_COMPR_FL while empty: ntfs3's compressed write)
 *   BACKING  private (anonymous), shared (anonymous), file (a shared mapping of DIR/buf.dat), pagedout
 *            (file, written back and dropped from memory with MADV_PAGEOUT before the call)
 *   LAYOUT   pages, as Faultline's layout language: rw ro none hole guard zap, *COUNT, ~START+LEN
 *            (an MTE allocation tag that mismatches the pointer's on [START, START+LEN) of the page)
 *   OFFSET   the request's start in the buffer; SIZE its length
 *
 * A result:
 *   ID RETURNED ret errno landed beyond outside
 *   ID LIVELOCK signal|kill state ret errno landed beyond outside   (ret... "-" when the child died)
 *   ID UNKILLABLE state
 *   ID UNSUPPORTED why...
 * ret is the call's result (-1 with errno on failure; fiemap: the bytes it reports filled, 32 + 56 *
 * fm_mapped_extents); landed counts the request's bytes, from its
 * start, that hold what the call was to transfer (reads: the buffer against the file; writes: the
 * file against the buffer); beyond counts the bytes of the destination past what the call reported
 * that changed (reads: accessible buffer bytes of the request; writes: file bytes past ret); outside
 * counts the buffer's bytes outside the request that changed (reads).
 *
 * The child builds its buffer after everything else that maps memory (the io_uring rings), so no
 * mapping of its own can land in a hole, and checks after the call that every hole is still one.
 * Plain C, no library but libc: `gcc -O2 -o scancall scancall.c` (-static for a guest).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/btrfs.h>
#include <linux/btrfs_tree.h>
#include <linux/fiemap.h>
#include <linux/fs.h>
#include <linux/futex.h>
#include <linux/io_uring.h>
#include <linux/userfaultfd.h>
#include <sys/ioctl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <poll.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef PROT_MTE
#define PROT_MTE 0x20                  /* arch/arm64/include/uapi/asm/mman.h */
#endif
#ifndef PR_SET_TAGGED_ADDR_CTRL
#define PR_SET_TAGGED_ADDR_CTRL 55     /* include/uapi/linux/prctl.h */
#endif
#ifndef PR_TAGGED_ADDR_ENABLE
#define PR_TAGGED_ADDR_ENABLE (1UL << 0)
#endif
#ifndef PR_MTE_TCF_SYNC
#define PR_MTE_TCF_SYNC (1UL << 1)
#endif
#ifndef PR_MTE_TAG_SHIFT
#define PR_MTE_TAG_SHIFT 3
#endif
#ifndef MADV_GUARD_INSTALL
#define MADV_GUARD_INSTALL 102         /* include/uapi/asm-generic/mman-common.h, 6.13+ */
#endif
#ifndef MADV_PAGEOUT
#define MADV_PAGEOUT 21                /* include/uapi/asm-generic/mman-common.h, 5.4+ */
#endif
#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

#define READ_BYTES (1L << 20)          /* read.dat: more than any request */
#define MAX_PAGES 64
#define MAX_MARKS 8
#define BAD_TAG 0xaUL                  /* the allocation tag of a marked granule; pointers carry 0 */

enum kind { RW, RO, NONE, HOLE, GUARD, ZAP };

struct page_spec { enum kind kind; int marks; long start[MAX_MARKS], len[MAX_MARKS]; };

static long page;
static const char *dir;
static long init_at = -1;              /* a futex case's word: set in the buffer before its pages are shaped */
static uint32_t init_value;
static int report[2];

/* The file's byte at i: high bit clear. The buffer's initial byte at j: high bit set. Never equal. */
static unsigned char file_byte(long i) { return (unsigned char)(((i * 131) ^ (i >> 9) ^ 0x3c) & 0x7f); }
static unsigned char buf_byte(long j) { return (unsigned char)(0x80 | ((j * 29) ^ (j >> 8))); }

static void path_in_dir(char *out, size_t n, const char *name) { snprintf(out, n, "%s/%s", dir, name); }

static void on_usr1(int sig) { (void)sig; }

/* FAULTLINE_SCANCALL_SETUP_SPIN (seconds, for the watcher's own test): each child first spends that long
 * reading /dev/zero, in the kernel, as a slow set-up under load does before its call starts */
#define SETUP_SPIN_ENV "FAULTLINE_SCANCALL_SETUP_SPIN"
static double setup_spin;

static void spin_in_setup(void)
{
	static char sink[1 << 20];
	struct timespec t0, t;
	int fd = setup_spin > 0 ? open("/dev/zero", O_RDONLY) : -1;

	if (fd < 0)
		return;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	do {
		if (read(fd, sink, sizeof(sink)) < 0 && errno != EINTR)
			break;
		clock_gettime(CLOCK_MONOTONIC, &t);
	} while (t.tv_sec - t0.tv_sec + (t.tv_nsec - t0.tv_nsec) / 1e9 < setup_spin);
	close(fd);
}

/* ---- the child ---- */

static void child_say(const char *fmt, long a, long b, long c, long d, long e)
{
	char line[256];
	int n = snprintf(line, sizeof(line), fmt, a, b, c, d, e);

	if (write(report[1], line, n) < 0)
		_exit(9);
}

static void unsupported(const char *why)
{
	char line[256];
	int n = snprintf(line, sizeof(line), "U %s\n", why);

	if (write(report[1], line, n) < 0)
		_exit(9);
	_exit(0);
}

static int parse_layout(const char *text, struct page_spec *pages)
{
	char buf[512], *save = NULL, *tok;
	int n = 0;

	snprintf(buf, sizeof(buf), "%s", text);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		struct page_spec p = {0};
		char *marks = strchr(tok, '~'), *star = strchr(tok, '*');
		long count = 1;
		size_t klen;

		if (marks)
			*marks++ = 0;
		if (star) {
			*star = 0;
			count = strtol(star + 1, NULL, 10);
		}
		klen = strlen(tok);
		if (!strncmp(tok, "rw", klen) && klen == 2) p.kind = RW;
		else if (!strcmp(tok, "ro")) p.kind = RO;
		else if (!strcmp(tok, "none")) p.kind = NONE;
		else if (!strcmp(tok, "hole")) p.kind = HOLE;
		else if (!strcmp(tok, "guard")) p.kind = GUARD;
		else if (!strcmp(tok, "zap")) p.kind = ZAP;
		else return -1;
		while (marks && *marks && p.marks < MAX_MARKS) {
			char *plus;

			p.start[p.marks] = strtol(marks, &plus, 10);
			if (*plus != '+')
				return -1;
			p.len[p.marks] = strtol(plus + 1, &marks, 10);
			p.marks++;
			if (*marks == '~')
				marks++;
		}
		while (count-- > 0 && n < MAX_PAGES)
			pages[n++] = p;
	}
	return n;
}

static void set_tag(unsigned char *p, unsigned long tag)   /* STG: the allocation tag of p's granule */
{
#ifdef __aarch64__
	uintptr_t a = ((uintptr_t)p & ~(0xfUL << 56)) | (tag << 56);

	asm volatile(".arch armv8.5-a\n\t.arch_extension memtag\n\tstg %0, [%0]" : : "r"(a) : "memory");
#else
	(void)p;
	(void)tag;
	unsupported("MTE marks need arm64");
#endif
}

/* pagedout: the file's pages written back, then dropped from memory, each checked gone (mincore). */
static void page_out(const struct page_spec *pages, int n, unsigned char *base)
{
	unsigned char vec[MAX_PAGES];
	int i;

	if (msync(base, n * page, MS_SYNC) != 0)
		unsupported("pagedout: msync of the buffer failed");
	if (madvise(base, n * page, MADV_PAGEOUT) != 0)
		unsupported(errno == EINVAL ? "pagedout: no MADV_PAGEOUT in this kernel (5.4+)" : "pagedout: MADV_PAGEOUT failed");
	if (mincore(base, n * page, vec) != 0)
		unsupported("pagedout: mincore failed");
	for (i = 0; i < n; i++)
		if (pages[i].kind != HOLE && (vec[i] & 1))
			unsupported("pagedout: MADV_PAGEOUT left a page resident (a RAM file system keeps it without swap)");
}

/* Maps the buffer: a reservation, the backing over it, the pattern, the tags, then each page's kind. */
static unsigned char *build(const struct page_spec *pages, int n, const char *backing, int mte)
{
	long len = n * page;
	int rw = PROT_READ | PROT_WRITE | (mte ? PROT_MTE : 0);
	unsigned char *base = mmap(NULL, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	int zapfd = -1, i, m;
	void *got;

	if (base == MAP_FAILED)
		unsupported("mmap of the reservation failed");
	if (!strcmp(backing, "private")) {
		got = mmap(base, len, rw, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	} else if (!strcmp(backing, "shared")) {
		got = mmap(base, len, rw, MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	} else if (!strcmp(backing, "file") || !strcmp(backing, "pagedout")) {
		char path[512];
		int fd;

		path_in_dir(path, sizeof(path), "buf.dat");
		fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
		if (fd < 0 || ftruncate(fd, len) < 0)
			unsupported("cannot make buf.dat");
		got = mmap(base, len, rw, MAP_SHARED | MAP_FIXED, fd, 0);
		close(fd);
	} else {
		unsupported("unknown backing");
		return NULL;
	}
	if (got == MAP_FAILED)
		unsupported(mte ? "PROT_MTE mapping refused for this backing" : "mmap of the backing failed");
	for (i = 0; i < n; i++) {   /* a zap page needs a file behind it to keep its data */
		if (pages[i].kind == ZAP && !strcmp(backing, "private")) {
			if (zapfd < 0) {
				zapfd = memfd_create("scan-zap", 0);
				if (zapfd < 0 || ftruncate(zapfd, len) < 0)
					unsupported("memfd for a zap page");
			}
			if (mmap(base + i * page, page, rw, MAP_SHARED | MAP_FIXED, zapfd, i * page) == MAP_FAILED)
				unsupported("mmap of a zap page");
		}
	}
	for (i = 0; i < len; i++)
		base[i] = buf_byte(i);
	if (init_at >= 0)
		memcpy(base + init_at, &init_value, sizeof(init_value));
	for (i = 0; i < n; i++)
		for (m = 0; m < pages[i].marks; m++) {
			long g;

			for (g = pages[i].start[m]; g < pages[i].start[m] + pages[i].len[m]; g += 16)
				set_tag(base + i * page + g, BAD_TAG);
		}
	if (!strcmp(backing, "pagedout"))
		page_out(pages, n, base);
	for (i = 0; i < n; i++) {
		unsigned char *p = base + i * page;
		int r = 0;

		switch (pages[i].kind) {
		case RW: break;
		case RO: r = mprotect(p, page, PROT_READ | (mte ? PROT_MTE : 0)); break;
		case NONE: r = mprotect(p, page, PROT_NONE); break;
		case HOLE: r = munmap(p, page); break;
		case GUARD:
			if (madvise(p, page, MADV_GUARD_INSTALL) != 0)
				unsupported("guard pages need MADV_GUARD_INSTALL (Linux 6.13+) for this backing");
			break;
		case ZAP: r = madvise(p, page, MADV_DONTNEED); break;
		}
		if (r != 0)
			unsupported("shaping a page failed");
	}
	return base;
}

static int holes_intact(const struct page_spec *pages, int n, unsigned char *base)
{
	int i;

	for (i = 0; i < n; i++)
		if (pages[i].kind == HOLE && !(msync(base + i * page, page, MS_ASYNC) != 0 && errno == ENOMEM))
			return 0;
	return 1;
}

/* May the child itself read byte j of its buffer after the call (tag checks off)? */
static int readable(const struct page_spec *pages, long j)
{
	enum kind k = pages[j / page].kind;

	return k == RW || k == RO || k == ZAP;
}

struct ring { int fd; unsigned *sq_tail, *sq_mask, *sq_array, *cq_head, *cq_tail, *cq_mask; struct io_uring_sqe *sqes; struct io_uring_cqe *cqes; };

static void ring_setup(struct ring *r)
{
	struct io_uring_params p;
	unsigned char *sq, *cq;

	memset(&p, 0, sizeof(p));
	r->fd = (int)syscall(__NR_io_uring_setup, 4, &p);
	if (r->fd < 0)
		unsupported(errno == ENOSYS ? "io_uring: not in this kernel" : errno == EPERM
			    ? "io_uring: disabled (kernel.io_uring_disabled)" : "io_uring_setup failed");
	sq = mmap(NULL, p.sq_off.array + p.sq_entries * sizeof(unsigned), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_POPULATE, r->fd, IORING_OFF_SQ_RING);
	cq = mmap(NULL, p.cq_off.cqes + p.cq_entries * sizeof(struct io_uring_cqe), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_POPULATE, r->fd, IORING_OFF_CQ_RING);
	r->sqes = mmap(NULL, p.sq_entries * sizeof(struct io_uring_sqe), PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_POPULATE, r->fd, IORING_OFF_SQES);
	if (sq == MAP_FAILED || cq == MAP_FAILED || r->sqes == MAP_FAILED)
		unsupported("io_uring: mapping the rings failed");
	r->sq_tail = (unsigned *)(sq + p.sq_off.tail);
	r->sq_mask = (unsigned *)(sq + p.sq_off.ring_mask);
	r->sq_array = (unsigned *)(sq + p.sq_off.array);
	r->cq_head = (unsigned *)(cq + p.cq_off.head);
	r->cq_tail = (unsigned *)(cq + p.cq_off.tail);
	r->cq_mask = (unsigned *)(cq + p.cq_off.ring_mask);
	r->cqes = (struct io_uring_cqe *)(cq + p.cq_off.cqes);
}

/* One IORING_OP_READ or IORING_OP_WRITE at file offset 0; returns the CQE's res (-errno on failure). */
static long ring_rw(struct ring *r, int write_op, int fd, void *buf, long size)
{
	unsigned tail = *r->sq_tail, head;
	struct io_uring_sqe *sqe = &r->sqes[tail & *r->sq_mask];
	long res;

	memset(sqe, 0, sizeof(*sqe));
	sqe->opcode = write_op ? IORING_OP_WRITE : IORING_OP_READ;
	sqe->fd = fd;
	sqe->addr = (unsigned long)buf;
	sqe->len = (unsigned)size;
	sqe->off = 0;
	r->sq_array[tail & *r->sq_mask] = tail & *r->sq_mask;
	__atomic_store_n(r->sq_tail, tail + 1, __ATOMIC_RELEASE);
	if (syscall(__NR_io_uring_enter, r->fd, 1, 1, IORING_ENTER_GETEVENTS, NULL, 0) < 0)
		return -errno;
	head = __atomic_load_n(r->cq_head, __ATOMIC_ACQUIRE);
	if (head == __atomic_load_n(r->cq_tail, __ATOMIC_ACQUIRE))
		return -EAGAIN;
	res = r->cqes[head & *r->cq_mask].res;
	__atomic_store_n(r->cq_head, head + 1, __ATOMIC_RELEASE);
	return res;
}

/* The lane's CPU: lane 0 (the default) the last CPU the driver may use, lane 1 the one before it, and
 * so on (FAULTLINE_SCAN_LANE; the scan runs one driver per lane, each its own file system). CPU 0 is
 * the last one taken: a task spinning there can keep poweroff waiting. */
static void pin_lane_cpu(void)
{
	cpu_set_t set;
	int c, n = 0, cpus[CPU_SETSIZE];
	const char *e = getenv("FAULTLINE_SCAN_LANE");
	int lane = e ? atoi(e) : 0;

	if (sched_getaffinity(0, sizeof(set), &set) != 0)
		return;
	for (c = 0; c < CPU_SETSIZE; c++)
		if (CPU_ISSET(c, &set))
			cpus[n++] = c;
	if (n > 1) {
		CPU_ZERO(&set);
		CPU_SET(cpus[n - 1 - (lane < 0 ? 0 : lane) % n], &set);
		sched_setaffinity(0, sizeof(set), &set);
	}
}

/* One byte to the watcher: 'S' the call under test starts now, 'C' it has returned. Its deadline counts
 * the call alone, not the set-up before it or the checks after it. */
static void call_mark(char c)
{
	if (write(report[1], &c, 1) != 1)
		_exit(9);
}

/* Right before the call: sync tag checks on with every tag but 0 allowed (the pointers carry 0), when
 * the buffer has marks; then the call's 'S' mark. */
static void tag_checks(int mte)
{
	if (mte && prctl(PR_SET_TAGGED_ADDR_CTRL, PR_TAGGED_ADDR_ENABLE | PR_MTE_TCF_SYNC |
			 (0xfffeUL << PR_MTE_TAG_SHIFT), 0, 0, 0) != 0)
		unsupported("MTE: PR_SET_TAGGED_ADDR_CTRL refused");
	call_mark('S');
}

/* Right after the call: its 'C' mark, tag checks off (the child reads it all back), and every hole
 * still one. */
static void after_call(const struct page_spec *pages, int n, unsigned char *base, int mte)
{
	call_mark('C');
	if (mte)
		prctl(PR_SET_TAGGED_ADDR_CTRL, PR_TAGGED_ADDR_ENABLE, 0, 0, 0);
	if (!holes_intact(pages, n, base))
		unsupported("a hole was mapped during the call");
}

/* The readable bytes of the buffer outside the request that no longer hold their initial pattern. */
static long changed_outside(const struct page_spec *pages, int n, const unsigned char *base, long offset, long size)
{
	long j, changed = 0;

	for (j = 0; j < n * page; j++)
		if ((j < offset || j >= offset + size) && readable(pages, j) && base[j] != buf_byte(j))
			changed++;
	return changed;
}

#define FIEMAP_HEADER ((long)sizeof(struct fiemap))          /* 32 */
#define FIEMAP_RECORD ((long)sizeof(struct fiemap_extent))   /* 56 */

/* fiemap.dat: one file-system block of data every other block, so every block is an extent of its own.
 * Made once per directory with more extents than any request holds; returns its fd, read-only. */
static int fiemap_file(long records)
{
	char path[512];
	unsigned char blk[4096];
	struct { struct fiemap f; } q;
	int fd;
	long i;

	path_in_dir(path, sizeof(path), "fiemap.dat");
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		for (i = 0; i < (long)sizeof(blk); i++)
			blk[i] = file_byte(i);
		fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
		if (fd < 0)
			unsupported("fiemap: cannot make fiemap.dat");
		for (i = 0; i < records + 2; i++)
			if (pwrite(fd, blk, sizeof(blk), 2 * i * (long)sizeof(blk)) != (ssize_t)sizeof(blk))
				unsupported("fiemap: cannot write fiemap.dat");
		if (fsync(fd) != 0)
			unsupported("fiemap: fsync of fiemap.dat failed");
		close(fd);
		fd = open(path, O_RDONLY);
	}
	memset(&q, 0, sizeof(q));             /* fm_extent_count 0: the kernel only counts the extents */
	q.f.fm_length = ~0ULL;
	q.f.fm_flags = FIEMAP_FLAG_SYNC;
	if (ioctl(fd, FS_IOC_FIEMAP, &q.f) != 0)
		unsupported(errno == EOPNOTSUPP || errno == ENOTTY ? "fiemap: not supported by this file system"
			    : "fiemap: counting the extents failed");
	if ((long)q.f.fm_mapped_extents < records)
		unsupported("fiemap: the file has fewer extents than the request holds (no holes here?)");
	return fd;
}

/* May the kernel's record at byte j of the request be one it filled: a length, no reserved bits set? */
static int fiemap_record_filled(const unsigned char *rec)
{
	const struct fiemap_extent *e = (const void *)rec;

	return e->fe_length > 0 && e->fe_reserved64[0] == 0 && e->fe_reserved64[1] == 0
	       && e->fe_reserved[0] == 0 && e->fe_reserved[1] == 0 && e->fe_reserved[2] == 0;
}

/* FS_IOC_FIEMAP into the request; reports as run_case does, ret being the bytes it says it filled. */
static void fiemap_case(const struct page_spec *pages, int n, const char *backing, long offset, long size, int mte)
{
	long records = (size - FIEMAP_HEADER) / FIEMAP_RECORD, j, r, landed = 0, beyond = 0, outside = 0, ret, done;
	int fd = fiemap_file(records), err;
	unsigned char *base = build(pages, n, backing, mte), *buf = base + offset;
	struct fiemap *fm = (void *)buf;

	if (!readable(pages, offset) || !readable(pages, offset + FIEMAP_HEADER - 1))
		unsupported("fiemap: the header must be in an accessible page");
	memset(fm, 0, FIEMAP_HEADER);        /* tag checks are still off: the child may write a marked granule */
	fm->fm_length = ~0ULL;
	fm->fm_flags = FIEMAP_FLAG_SYNC;
	fm->fm_extent_count = (unsigned)records;
	tag_checks(mte);
	errno = 0;
	ret = ioctl(fd, FS_IOC_FIEMAP, fm);
	err = errno;
	after_call(pages, n, base, mte);
	if (ret == 0)
		ret = FIEMAP_HEADER + (long)fm->fm_mapped_extents * FIEMAP_RECORD;
	done = ret > 0 ? (ret - FIEMAP_HEADER) / FIEMAP_RECORD : 0;
	for (r = 0; r < records; r++) {      /* landed: the leading records the kernel filled */
		const long at = offset + FIEMAP_HEADER + r * FIEMAP_RECORD;

		if (!readable(pages, at) || !readable(pages, at + FIEMAP_RECORD - 1) || !fiemap_record_filled(base + at))
			break;
	}
	landed = r > 0 || ret > 0 ? FIEMAP_HEADER + r * FIEMAP_RECORD : 0;
	for (j = FIEMAP_HEADER + done * FIEMAP_RECORD; j < size; j++)   /* record bytes past what it reported */
		if (readable(pages, offset + j) && buf[j] != buf_byte(offset + j))
			beyond++;
	outside = changed_outside(pages, n, base, offset, size);
	child_say("R %ld %ld %ld %ld %ld\n", ret, ret < 0 ? err : 0, landed, beyond, outside);
	_exit(0);
}

/* ---- the calls that are not a file's read or write (docs/census.md) ---- */

/* ---- sigreturn: rt_sigreturn restoring the FPU state from a user fpstate in the buffer (x86-64) ----
 *
 * The request is the fpstate: SIZE must be fpstate_bytes() and OFFSET a multiple of 64 (XRSTOR's rule).
 * A SIGUSR2 handler copies the kernel's fpstate, puts a pattern in XMM0 (legacy area, byte 160) and in
 * YMM0's upper half (the AVX component, marked present in XSTATE_BV), writes the copy into the request's
 * bytes in rw and zap pages (and zaps the zap pages again), points uc_mcontext.fpregs at the request and
 * returns: rt_sigreturn restores the FPU registers from the buffer (6.12: arch/x86/kernel/fpu/signal.c,
 * check_xstate_in_sigframe, then restore_fpregs_from_user: XRSTOR with page faults disabled, on #PF
 * fault_in_readable() and retry). On success the instruction after the kill syscall reads XMM0 and
 * YMM0's upper half: landed is SIZE when both hold the pattern, 512 when only XMM0 does (the kernel
 * fell back to the 512-byte FXRSTOR frame and initialized the rest: no FP_XSTATE_MAGIC2 at the end),
 * 0 otherwise. On failure the kernel forces SIGSEGV (signal_fault): reported as -1 EFAULT. */
#if defined(__x86_64__)
#include <cpuid.h>

#define SR_FX_SW_BYTES 464             /* struct _fpx_sw_bytes in the fxsave area (asm/sigcontext.h) */
#define SR_MAGIC1 0x46505853U          /* FP_XSTATE_MAGIC1 */
#define SR_XMM0 160                    /* XMM0 in the legacy (fxsave) area */
#define SR_HEADER 512                  /* the xstate header: XSTATE_BV first */
#define SR_FRAME_MAX 32768

static const unsigned char sr_xmm[16] = { 0x5a, 0xc3, 0x11, 0x7e, 0x42, 0x99, 0x0d, 0xe6,
					   0x3b, 0xa4, 0x70, 0x1f, 0xd8, 0x25, 0x6c, 0xb1 };
static const unsigned char sr_ymm[16] = { 0xa7, 0x19, 0xe2, 0x54, 0x8b, 0x36, 0xfd, 0x02,
					   0xc9, 0x6e, 0x13, 0xb8, 0x47, 0xda, 0x2f, 0x90 };
static unsigned char sr_frame[SR_FRAME_MAX] __attribute__((aligned(64)));
static unsigned char sr_altstack[65536] __attribute__((aligned(64)));
static volatile long sr_probe;
static uint64_t sr_features;           /* the probe frame's _fpx_sw_bytes.xfeatures */
static struct {                       /* the FPU-state case under way (sigreturn or sigframe) */
	const struct page_spec *pages;
	int n, mte;
	unsigned char *base;
	long offset, size, avx;        /* avx: the AVX component's offset in the frame, 0 without */
	const unsigned char *fpregs;   /* sigframe: the handler's uc_mcontext.fpregs */
	long landed;                   /* sigframe: what the handler found in the frame */
	volatile sig_atomic_t phase;   /* 1: the SIGUSR2 handler ran (sigreturn: rt_sigreturn is under way) */
} fp;

/* The AVX component's offset in a frame of SIZE bytes when this CPU's user xstate has it (YMM0's upper
 * half at CPUID(0xd, 2).EBX), else 0. */
static long fp_avx(long size)
{
	unsigned int a, b, c, d;

	return (sr_features & 4) && __get_cpuid_count(0xd, 2, &a, &b, &c, &d) && a >= 256 && b >= SR_HEADER + 64
	       && b + 16 <= (unsigned)size ? (long)b : 0;
}

/* The handlers of the forced SIGSEGV and of the SIGUSR2 raised, every signal blocked while they run,
 * each on the alternate stack when its flag says so; both unblocked. */
static void fp_handlers(void (*on_segv)(int, siginfo_t *, void *), int segv_flags,
			void (*on_usr2)(int, siginfo_t *, void *), int usr2_flags)
{
	struct sigaction sa;
	sigset_t set;

	memset(&sa, 0, sizeof(sa));
	sigfillset(&sa.sa_mask);
	sa.sa_sigaction = on_segv;
	sa.sa_flags = SA_SIGINFO | segv_flags;
	sigaction(SIGSEGV, &sa, NULL);
	sa.sa_sigaction = on_usr2;
	sa.sa_flags = SA_SIGINFO | usr2_flags;
	sigaction(SIGUSR2, &sa, NULL);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	sigaddset(&set, SIGSEGV);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
}

/* Builds the buffer (after everything else that maps memory) and notes the case for the handlers. */
static void fp_build(const struct page_spec *pages, int n, const char *backing, long offset, long size, int mte)
{
	fp.base = build(pages, n, backing, mte);
	fp.pages = pages;
	fp.n = n;
	fp.mte = mte;
	fp.offset = offset;
	fp.size = size;
}

static void sr_on_probe(int sig, siginfo_t *si, void *ucv)
{
	const unsigned char *frame = (const unsigned char *)((ucontext_t *)ucv)->uc_mcontext.fpregs;
	uint32_t magic1, extended;

	(void)sig;
	(void)si;
	if (!frame) {
		sr_probe = 0;
		return;
	}
	memcpy(&magic1, frame + SR_FX_SW_BYTES, 4);
	memcpy(&extended, frame + SR_FX_SW_BYTES + 4, 4);
	memcpy(&sr_features, frame + SR_FX_SW_BYTES + 8, 8);
	sr_probe = magic1 == SR_MAGIC1 ? (long)extended : 512;
}

/* The bytes rt_sigreturn reads from a user fpstate on this CPU (the xstate and FP_XSTATE_MAGIC2), from
 * a signal frame the kernel makes; 512 without xstate. Leaves the handler and mask as they were. */
static long fpstate_bytes(void)
{
	static long known = -1;
	struct sigaction sa, old;
	sigset_t set, oldset;

	if (known >= 0)
		return known;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = sr_on_probe;
	sa.sa_flags = SA_SIGINFO;
	sigfillset(&sa.sa_mask);
	sr_probe = -1;
	if (sigaction(SIGUSR2, &sa, &old) != 0)
		return 0;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	sigprocmask(SIG_UNBLOCK, &set, &oldset);
	raise(SIGUSR2);
	sigprocmask(SIG_SETMASK, &oldset, NULL);
	sigaction(SIGUSR2, &old, NULL);
	known = sr_probe > 0 ? sr_probe : 0;
	return known;
}

static int sr_writable(long j)         /* may the child write byte j of its buffer (tag checks off)? */
{
	enum kind k = fp.pages[j / page].kind;

	return k == RW || k == ZAP;
}

static void sr_on_usr2(int sig, siginfo_t *si, void *ucv)
{
	ucontext_t *uc = ucv;
	const unsigned char *frame = (const unsigned char *)uc->uc_mcontext.fpregs;
	unsigned char *dst = fp.base + fp.offset;
	uint64_t bv;
	long j, i;

	(void)sig;
	(void)si;
	if (!frame)
		unsupported("sigreturn: the signal frame has no fpstate");
	memcpy(sr_frame, frame, fp.size);
	memcpy(sr_frame + SR_XMM0, sr_xmm, 16);
	if (fp.avx) {
		memcpy(&bv, sr_frame + SR_HEADER, 8);
		bv |= 6;               /* SSE and AVX: XRSTOR loads them from the frame, not their init state */
		memcpy(sr_frame + SR_HEADER, &bv, 8);
		memcpy(sr_frame + fp.avx, sr_ymm, 16);
	}
	for (j = 0; j < fp.size; j++)
		if (sr_writable(fp.offset + j))
			dst[j] = sr_frame[j];
	for (i = fp.offset / page; i <= (fp.offset + fp.size - 1) / page; i++)   /* the zap pages: gone again */
		if (fp.pages[i].kind == ZAP && madvise(fp.base + i * page, page, MADV_DONTNEED) != 0)
			unsupported("sigreturn: zapping a page again failed");
	uc->uc_mcontext.fpregs = (__typeof__(uc->uc_mcontext.fpregs))dst;
	fp.phase = 1;
}

static void sr_on_segv(int sig, siginfo_t *si, void *ucv)   /* rt_sigreturn failed: signal_fault() */
{
	(void)sig;
	(void)ucv;
	if (fp.phase != 1 || si->si_code != SI_KERNEL)
		unsupported("sigreturn: a SIGSEGV that rt_sigreturn did not force");
	after_call(fp.pages, fp.n, fp.base, fp.mte);
	child_say("R %ld %ld %ld %ld %ld\n", -1, EFAULT, 0, 0, changed_outside(fp.pages, fp.n, fp.base, fp.offset, fp.size));
	_exit(0);
}
#endif

static void sigreturn_case(const struct page_spec *pages, int n, const char *backing, long offset, long size, int mte)
{
#if defined(__x86_64__)
	struct { unsigned char b[16]; } x, y;
	long want = fpstate_bytes(), ret, landed;
	char why[160];
	stack_t ss;

	if (want <= 0 || size != want || offset % 64 != 0) {
		snprintf(why, sizeof(why), "sigreturn: SIZE must be the fpstate's %ld bytes and OFFSET a multiple of 64", want);
		unsupported(why);
	}
	if (size > SR_FRAME_MAX)
		unsupported("sigreturn: the fpstate is larger than the driver's copy of it");
	memset(&fp, 0, sizeof(fp));
	fp.avx = fp_avx(size);
	ss.ss_sp = sr_altstack;        /* made before build(): static, nothing is mapped */
	ss.ss_size = sizeof(sr_altstack);
	ss.ss_flags = 0;
	if (sigaltstack(&ss, NULL) != 0)
		unsupported("sigreturn: sigaltstack failed");
	fp_handlers(sr_on_segv, SA_ONSTACK, sr_on_usr2, 0); /* SIGUSR2 on the normal stack */
	fp_build(pages, n, backing, offset, size, mte);
	memset(&x, 0, sizeof(x));
	memset(&y, 0, sizeof(y));
	tag_checks(mte);
	/* kill(self): the signal is delivered on the way out of the syscall; its handler's rt_sigreturn
	 * comes back to the instruction after it, which reads the registers before anything else runs. */
	if (fp.avx)
		asm volatile("vpxor %%xmm0, %%xmm0, %%xmm0\n\tsyscall\n\tmovdqu %%xmm0, %1\n\t"
			     "vextractf128 $1, %%ymm0, %2\n\tvzeroupper"
			     : "=a"(ret), "=m"(x), "=m"(y)
			     : "0"((long)__NR_kill), "D"((long)getpid()), "S"((long)SIGUSR2)
			     : "rcx", "r11", "xmm0", "memory");
	else
		asm volatile("pxor %%xmm0, %%xmm0\n\tsyscall\n\tmovdqu %%xmm0, %1"
			     : "=a"(ret), "=m"(x)
			     : "0"((long)__NR_kill), "D"((long)getpid()), "S"((long)SIGUSR2)
			     : "rcx", "r11", "xmm0", "memory");
	after_call(pages, n, fp.base, mte);
	if (ret != 0 || fp.phase != 1)
		unsupported("sigreturn: the signal was not delivered");
	fp.phase = 2;
	landed = memcmp(x.b, sr_xmm, 16) ? 0 : !fp.avx || !memcmp(y.b, sr_ymm, 16) ? size : 512;
	child_say("R %ld %ld %ld %ld %ld\n", size, 0, landed, 0, changed_outside(pages, n, fp.base, offset, size));
	_exit(0);
#else
	(void)pages;
	(void)n;
	(void)backing;
	(void)offset;
	(void)size;
	(void)mte;
	unsupported("sigreturn: the x86 FPU restore path (arch/x86/kernel/fpu/signal.c) only");
#endif
}

#if !defined(__x86_64__)
static long fpstate_bytes(void)
{
	return 0;
}
#endif


/* ---- sigframe: the kernel saving the FPU state into a signal frame on an alternate stack (x86-64) ----
 *
 * The counterpart of sigreturn: the request is the fpstate the kernel writes when it delivers a signal
 * (6.12: arch/x86/kernel/fpu/signal.c, copy_fpstate_to_sigframe: __clear_user of the xsave header, then
 * XSAVE straight into the frame with page faults disabled; on a fault __clear_user(buf_fx, user_size)
 * with faults allowed and XSAVE again; when that fails the frame cannot be made and the kernel forces
 * SIGSEGV). SIZE must be fpstate_bytes() and OFFSET a multiple of 64, at least SF_BELOW: the rest of the
 * signal frame (return address, ucontext, siginfo: written after the fpstate, with faults allowed) and
 * the handler's stack go below the request, in the buffer. The alternate stack is [buffer, buffer +
 * OFFSET + SIZE): get_sigframe (arch/x86/kernel/signal.c) starts at its top, without the 128-byte redzone
 * of the normal stack, and fpu__alloc_mathframe puts the fpstate at round_down(top - SIZE, 64), the
 * request (SIZE is xstate_sigframe_size: user_size + FP_XSTATE_MAGIC2_SIZE, 64-bit frames).
 *
 * The scan's OFFSET is page - 576, with the fault in the page after: the legacy area and the xsave
 * header (bytes 0-575) are the last bytes of the rw page before it, the AVX component (byte 576, in use:
 * YMM0's upper half holds a pattern) and all above it are in the fault page. The header's __clear_user,
 * which may fault pages in, and the rest of the frame below stay in the rw page, so only XSAVE meets the
 * fault page: a zap page is absent when it runs, and only the retry's __clear_user brings it in; a none
 * or hole page fails that __clear_user, and so the delivery, in the fpstate and nowhere else.
 *
 * SIGUSR2 (SA_ONSTACK) is raised with the pattern in XMM0 and YMM0's upper half; its handler checks that
 * uc_mcontext.fpregs is the request and what the frame holds: landed SIZE when XMM0 (legacy area, byte
 * 160), YMM0's upper half (AVX component) and FP_XSTATE_MAGIC2 (the last 4 bytes) are there, 576 (the
 * legacy area and header) when only XMM0 is, else 0; ret SIZE. A failed delivery is the forced SIGSEGV,
 * caught on the normal stack: -1 EFAULT, landed 0, beyond 0 (the frame is the kernel's scratch while it
 * delivers: its clears may have stored zeros there up to the fault). outside counts
 * only bytes above the request, the top of the alternate stack, which the kernel must not write: the
 * bytes below it are the rest of the signal frame and the handler's stack, the kernel's to write. */
#if defined(__x86_64__)
#define SF_MAGIC2 0x46505845U          /* FP_XSTATE_MAGIC2, after the xstate */
#define SF_BELOW 2048                  /* below the request: the rest of the frame (~450) and the handler's stack */

static long sf_outside(void)           /* the readable bytes above the request that changed */
{
	long j, changed = 0;

	for (j = fp.offset + fp.size; j < fp.n * page; j++)
		if (readable(fp.pages, j) && fp.base[j] != buf_byte(j))
			changed++;
	return changed;
}

static void sf_on_usr2(int sig, siginfo_t *si, void *ucv)    /* on the alternate stack: little stack */
{
	const unsigned char *frame = (const unsigned char *)((ucontext_t *)ucv)->uc_mcontext.fpregs;
	uint32_t magic2;

	(void)sig;
	(void)si;
	fp.fpregs = frame;
	if (frame == fp.base + fp.offset && !memcmp(frame + SR_XMM0, sr_xmm, 16)) {
		memcpy(&magic2, frame + fp.size - 4, 4);
		fp.landed = (!fp.avx || !memcmp(frame + fp.avx, sr_ymm, 16)) && magic2 == SF_MAGIC2 ? fp.size : SR_HEADER + 64;
	}
	fp.phase = 1;
}

static void sf_on_segv(int sig, siginfo_t *si, void *ucv)    /* on the normal stack */
{
	(void)sig;
	(void)ucv;
	if (si->si_code != SI_KERNEL)
		unsupported("sigframe: a SIGSEGV that the signal's delivery did not force");
	if (fp.phase)
		unsupported("sigframe: rt_sigreturn from the frame failed");
	after_call(fp.pages, fp.n, fp.base, fp.mte);
	/* beyond 0: the frame is the kernel's to write while it delivers; a failed delivery leaves what its
	 * clears stored there (the header, the retry's __clear_user up to the fault), and nobody is told a count */
	child_say("R %ld %ld %ld %ld %ld\n", -1, EFAULT, 0, 0, sf_outside());
	_exit(0);
}
#endif

static void sigframe_case(const struct page_spec *pages, int n, const char *backing, long offset, long size, int mte)
{
#if defined(__x86_64__)
	struct { unsigned char b[32]; } pattern;
	long want = fpstate_bytes(), ret;
	char why[160];
	stack_t ss;

	if (want <= 0 || size != want || offset % 64 != 0 || offset < SF_BELOW) {
		snprintf(why, sizeof(why), "sigframe: SIZE must be the fpstate's %ld bytes, OFFSET a multiple of 64"
			 " and at least %d", want, SF_BELOW);
		unsupported(why);
	}
	memset(&fp, 0, sizeof(fp));
	fp.avx = fp_avx(size);
	memcpy(pattern.b, sr_xmm, 16);
	memcpy(pattern.b + 16, sr_ymm, 16);
	fp_handlers(sf_on_segv, 0, sf_on_usr2, SA_ONSTACK); /* SIGSEGV on the normal stack: the alternate one is the buffer */
	fp_build(pages, n, backing, offset, size, mte);
	ss.ss_sp = fp.base;            /* its top: the request's end, so the fpstate is the request */
	ss.ss_size = offset + size;
	ss.ss_flags = 0;
	if (sigaltstack(&ss, NULL) != 0)
		unsupported("sigframe: sigaltstack failed");
	tag_checks(mte);
	/* kill(self): the signal is delivered on the way out of the syscall, with the pattern in the
	 * registers since the instruction before it; no library code runs between. */
	if (fp.avx)
		asm volatile("vmovdqu %1, %%ymm0\n\tsyscall\n\tvzeroupper"
			     : "=a"(ret)
			     : "m"(pattern), "0"((long)__NR_kill), "D"((long)getpid()), "S"((long)SIGUSR2)
			     : "rcx", "r11", "xmm0", "memory");
	else
		asm volatile("movdqu %1, %%xmm0\n\tsyscall"
			     : "=a"(ret)
			     : "m"(pattern), "0"((long)__NR_kill), "D"((long)getpid()), "S"((long)SIGUSR2)
			     : "rcx", "r11", "xmm0", "memory");
	after_call(pages, n, fp.base, mte);
	if (ret != 0 || fp.phase != 1)
		unsupported("sigframe: the signal was not delivered");
	if (fp.fpregs != fp.base + offset) {
		snprintf(why, sizeof(why), "sigframe: the kernel put the fpstate at %p, not at the request %p",
			 (const void *)fp.fpregs, (void *)(fp.base + offset));
		unsupported(why);
	}
	child_say("R %ld %ld %ld %ld %ld\n", size, 0, fp.landed, 0, sf_outside());
	_exit(0);
#else
	(void)pages;
	(void)n;
	(void)backing;
	(void)offset;
	(void)size;
	(void)mte;
	unsupported("sigframe: the x86 FPU save path (arch/x86/kernel/fpu/signal.c) only");
#endif
}

#define SEARCH_HEADER ((long)sizeof(struct btrfs_ioctl_search_args_v2))                    /* 112 */
#define SEARCH_RECORD ((long)(sizeof(struct btrfs_ioctl_search_header) + 53))             /* 85: a regular extent item */

static void search_key(struct btrfs_ioctl_search_key *k, unsigned long long ino, long records)
{
	memset(k, 0, sizeof(*k));
	k->tree_id = 0;                      /* the tree of the file's own subvolume */
	k->min_objectid = k->max_objectid = ino;
	k->min_type = k->max_type = BTRFS_EXTENT_DATA_KEY;
	k->max_offset = k->max_transid = ~0ULL;
	k->nr_items = (unsigned)records;
}

/* BTRFS_IOC_TREE_SEARCH_V2 for fiemap.dat's EXTENT_DATA items into the request; the same search into a
 * heap buffer first is what every record should hold. ret: the bytes it reports filled, 112 + 85 * nr_items. */
static void tree_search_case(const struct page_spec *pages, int n, const char *backing, long offset, long size,
			     int mte)
{
	long records = (size - SEARCH_HEADER) / SEARCH_RECORD, r, landed, beyond = 0, outside, ret, done, j;
	int fd = fiemap_file(records), err;
	struct btrfs_ioctl_search_args_v2 *ref = calloc(1, size), *args;
	const struct btrfs_ioctl_search_header *h;
	unsigned char *base, *buf;
	struct stat st;

	if (!ref || fstat(fd, &st) != 0)
		unsupported("tree-search: no memory for the reference search");
	base = build(pages, n, backing, mte);    /* the heap buffer above was mapped first */
	/* the reference search after the buffer is built: a buf.dat written back on this file system commits a
	 * transaction, which may copy the leaf that holds the items and so change their headers' transid */
	search_key(&ref->key, st.st_ino, records);
	ref->buf_size = size - SEARCH_HEADER;
	if (ioctl(fd, BTRFS_IOC_TREE_SEARCH_V2, ref) != 0)
		unsupported(errno == EPERM ? "tree-search: needs CAP_SYS_ADMIN" : errno == ENOTTY
			    ? "tree-search: not btrfs" : "tree-search: the reference search failed");
	if ((long)ref->key.nr_items < records)
		unsupported("tree-search: the file has fewer extent items than the request holds");
	for (r = 0; r < records; r++) {
		h = (const void *)((const char *)ref->buf + r * SEARCH_RECORD);
		if (h->len != SEARCH_RECORD - sizeof(*h))
			unsupported("tree-search: an extent item that is not a regular extent's 53 bytes");
	}
	buf = base + offset;
	if (!readable(pages, offset) || !readable(pages, offset + SEARCH_HEADER - 1))
		unsupported("tree-search: the header must be in an accessible page");
	args = (void *)buf;
	search_key(&args->key, st.st_ino, records);
	args->buf_size = size - SEARCH_HEADER;
	tag_checks(mte);
	errno = 0;
	ret = ioctl(fd, BTRFS_IOC_TREE_SEARCH_V2, args);
	err = errno;
	after_call(pages, n, base, mte);
	if (ret == 0)
		ret = SEARCH_HEADER + (long)args->key.nr_items * SEARCH_RECORD;
	done = ret > 0 ? (ret - SEARCH_HEADER) / SEARCH_RECORD : 0;
	for (r = 0; r < records; r++) {      /* landed: the leading records as the reference search has them */
		const long at = offset + SEARCH_HEADER + r * SEARCH_RECORD;

		if (!readable(pages, at) || !readable(pages, at + SEARCH_RECORD - 1)
		    || memcmp(base + at, (const char *)ref->buf + r * SEARCH_RECORD, SEARCH_RECORD))
			break;
	}
	landed = r > 0 || ret > 0 ? SEARCH_HEADER + r * SEARCH_RECORD : 0;
	for (j = SEARCH_HEADER + done * SEARCH_RECORD; j < size; j++)
		if (readable(pages, offset + j) && buf[j] != buf_byte(offset + j))
			beyond++;
	outside = changed_outside(pages, n, base, offset, size);
	child_say("R %ld %ld %ld %ld %ld\n", ret, ret < 0 ? err : 0, landed, beyond, outside);
	_exit(0);
}

/* The /proc/kcore file offset of a page-aligned vmalloc area of more than `bytes` bytes whose contents
 * two reads agree on (into ref), from /proc/vmallocinfo's real addresses (kptr_restrict 1 while read)
 * and /proc/kcore's PT_LOAD program headers; -1 when there is none. */
static long kcore_offset(int kfd, long bytes, unsigned char *ref, unsigned char *again)
{
	char line[512], old[8] = "";
	unsigned char eh[64], ph[56];
	unsigned long long start, end, phoff, vaddr, memsz, off;
	int phentsize, phnum, i, rfd = open("/proc/sys/kernel/kptr_restrict", O_RDWR);
	FILE *f;

	if (rfd >= 0 && read(rfd, old, sizeof(old) - 1) > 0 && old[0] == '0')
		(void)!pwrite(rfd, "1\n", 2, 0);
	f = fopen("/proc/vmallocinfo", "r");
	if (pread(kfd, eh, sizeof(eh), 0) != sizeof(eh) || memcmp(eh, "\177ELF", 4) || eh[4] != 2 || !f)
		goto none;
	memcpy(&phoff, eh + 0x20, 8);
	phentsize = eh[0x36] | eh[0x37] << 8;
	phnum = eh[0x38] | eh[0x39] << 8;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "0x%llx-0x%llx", &start, &end) != 2 || !start || !strstr(line, " vmalloc")
		    || (long)(end - start) <= bytes || (start & (page - 1)))
			continue;
		for (i = 0; i < phnum; i++) {
			if (pread(kfd, ph, sizeof(ph), phoff + (long)i * phentsize) != sizeof(ph) || *(uint32_t *)ph != 1)
				continue;            /* PT_LOAD, include/uapi/linux/elf.h */
			memcpy(&off, ph + 8, 8);
			memcpy(&vaddr, ph + 16, 8);
			memcpy(&memsz, ph + 40, 8);
			if (start < vaddr || start - vaddr >= memsz)
				continue;
			off += start - vaddr;
			if (pread(kfd, ref, bytes, off) == bytes && pread(kfd, again, bytes, off) == bytes
			    && !memcmp(ref, again, bytes)) {
				fclose(f);
				if (old[0] == '0')
					(void)!pwrite(rfd, "0\n", 2, 0);
				return (long)off;
			}
		}
	}
none:
	if (f)
		fclose(f);
	if (old[0] == '0')
		(void)!pwrite(rfd, "0\n", 2, 0);
	return -1;
}

/* pread of /proc/kcore at a steady vmalloc area into the request; landed against a read into the heap. */
static void kcore_case(const struct page_spec *pages, int n, const char *backing, long offset, long size, int mte)
{
	unsigned char *ref = malloc(size), *again = malloc(size), *base, *buf;
	int kfd = open("/proc/kcore", O_RDONLY), err;
	long at, ret, j, landed, beyond = 0, outside;

	if (kfd < 0)
		unsupported(errno == ENOENT ? "kcore-read: no /proc/kcore (CONFIG_PROC_KCORE)"
			    : "kcore-read: cannot open /proc/kcore (root, CAP_SYS_RAWIO, no lockdown)");
	if (!ref || !again)
		unsupported("kcore-read: no memory for the reference read");
	at = kcore_offset(kfd, size, ref, again);
	if (at < 0)
		unsupported("kcore-read: no steady page-aligned vmalloc area in /proc/kcore");
	base = build(pages, n, backing, mte);
	buf = base + offset;
	tag_checks(mte);
	errno = 0;
	ret = pread(kfd, buf, size, at);
	err = errno;
	after_call(pages, n, base, mte);
	for (j = 0; j < size && readable(pages, offset + j) && buf[j] == ref[j]; j++)
		;
	landed = j;
	for (j = ret > 0 ? ret : 0; j < size; j++)
		if (readable(pages, offset + j) && buf[j] != buf_byte(offset + j))
			beyond++;
	outside = changed_outside(pages, n, base, offset, size);
	child_say("R %ld %ld %ld %ld %ld\n", ret, ret < 0 ? err : 0, landed, beyond, outside);
	_exit(0);
}

/* UFFDIO_COPY of the request (whole pages) into a range registered for missing faults. ret: what the
 * kernel says it copied (uffdio_copy.copy); landed: the destination's leading bytes equal to the source. */
static void uffd_case(const struct page_spec *pages, int n, const char *backing, long offset, long size, int mte)
{
	struct uffdio_api api = { .api = UFFD_API };
	struct uffdio_register reg;
	struct uffdio_copy copy;
	struct uffdio_range range;
	unsigned char *dst, *base, *buf;
	long ret, j, landed, beyond = 0, outside;
	int uffd, err;

	if (size % page)
		unsupported("uffdio-copy: whole pages");
	uffd = (int)syscall(__NR_userfaultfd, O_CLOEXEC | O_NONBLOCK | UFFD_USER_MODE_ONLY);
	if (uffd < 0 && errno == EINVAL)     /* UFFD_USER_MODE_ONLY came in 5.11 */
		uffd = (int)syscall(__NR_userfaultfd, O_CLOEXEC | O_NONBLOCK);
	if (uffd < 0)
		unsupported(errno == ENOSYS ? "uffdio-copy: no userfaultfd in this kernel" : errno == EPERM
			    ? "uffdio-copy: userfaultfd not permitted (vm.unprivileged_userfaultfd)" : "userfaultfd failed");
	if (ioctl(uffd, UFFDIO_API, &api) != 0)
		unsupported("uffdio-copy: UFFDIO_API refused");
	dst = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (dst == MAP_FAILED)
		unsupported("uffdio-copy: mmap of the destination failed");
	memset(&reg, 0, sizeof(reg));
	reg.range.start = (unsigned long)dst;
	reg.range.len = size;
	reg.mode = UFFDIO_REGISTER_MODE_MISSING;
	if (ioctl(uffd, UFFDIO_REGISTER, &reg) != 0)
		unsupported("uffdio-copy: UFFDIO_REGISTER refused");
	base = build(pages, n, backing, mte);
	buf = base + offset;
	memset(&copy, 0, sizeof(copy));
	copy.dst = (unsigned long)dst;
	copy.src = (unsigned long)buf;
	copy.len = size;
	tag_checks(mte);
	errno = 0;
	ioctl(uffd, UFFDIO_COPY, &copy);
	after_call(pages, n, base, mte);
	ret = copy.copy >= 0 ? copy.copy : -1;
	err = copy.copy < 0 ? (int)-copy.copy : 0;
	range.start = (unsigned long)dst;    /* unregistered, a missing page reads as zeros instead of waiting */
	range.len = size;
	if (ioctl(uffd, UFFDIO_UNREGISTER, &range) != 0)
		unsupported("uffdio-copy: UFFDIO_UNREGISTER refused");
	for (j = 0; j < size && dst[j] == buf_byte(offset + j); j++)
		;
	landed = j;
	for (j = ret > 0 ? ret : 0; j < size; j++)
		if (dst[j] != 0)
			beyond++;
	outside = changed_outside(pages, n, base, offset, size);
	child_say("R %ld %ld %ld %ld %ld\n", ret, ret < 0 ? err : 0, landed, beyond, outside);
	_exit(0);
}

#define FUTEX_VALUE 0x2a2a2a2aU        /* what a futex word holds before a call that only loads it */
#define FUTEX_SET 0x5a                 /* what FUTEX_WAKE_OP's FUTEX_OP_SET stores */

static uint32_t other_word;            /* the futex call's other word, off the buffer */
static volatile uint32_t robust_go;
static struct robust_list robust_entry;
static struct robust_list_head robust_head;
static char robust_stack[64 * 1024] __attribute__((aligned(16)));

/* The robust exit's task (CLONE_VM, no library calls): waits for the word, registers it, exits. */
static int robust_exit(void *arg)
{
	(void)arg;
	while (!__atomic_load_n(&robust_go, __ATOMIC_ACQUIRE))
		syscall(__NR_futex, &robust_go, FUTEX_WAIT, 0, NULL, NULL, 0);
	syscall(__NR_set_robust_list, &robust_head, sizeof(robust_head));
	syscall(__NR_exit, 0);
	return 0;
}

/* A futex call on the word at the request (FUTEX_PRIVATE_FLAG: the key is the address, no GUP of its own): ret 4 when the kernel did what the call asks (a load that
 * found the value, a store), -1 with errno otherwise; landed 4 when the word holds what it should. */
static void futex_case(const char *call, const struct page_spec *pages, int n, const char *backing, long offset,
		       long size, int mte)
{
	const int tid = (int)syscall(__NR_gettid), robust = !strcmp(call, "futex-robust-exit");
	uint32_t expect = 0, *w;
	unsigned char *base;
	long ret = -1, landed;
	int err = 0, st, holder = 0;

	if (size != 4 || offset % 4)
		unsupported("futex: a 4-byte word, 4-byte aligned");
	init_at = offset;
	init_value = FUTEX_VALUE;
	if (robust) {                        /* a task of this address space, on a stack of no mapping */
		holder = clone(robust_exit, robust_stack + sizeof(robust_stack), CLONE_VM | SIGCHLD, NULL);
		if (holder < 0)
			unsupported("futex-robust-exit: clone failed");
		init_value = (uint32_t)holder;
		expect = FUTEX_OWNER_DIED;   /* handle_futex_death keeps FUTEX_WAITERS, drops the tid */
	} else if (!strcmp(call, "futex-lock-pi")) {
		init_value = 0;
		expect = (uint32_t)tid;
	} else if (!strcmp(call, "futex-unlock-pi")) {
		init_value = (uint32_t)tid;
		expect = 0;
	} else if (!strcmp(call, "futex-wake-op")) {
		expect = FUTEX_SET;
	} else {
		expect = FUTEX_VALUE;
	}
	base = build(pages, n, backing, mte);
	w = (uint32_t *)(base + offset);
	tag_checks(mte);
	errno = 0;
	if (robust) {
		robust_entry.next = &robust_head.list;
		robust_head.list.next = &robust_entry;
		robust_head.futex_offset = (long)((char *)w - (char *)&robust_entry);
		robust_head.list_op_pending = NULL;
		__atomic_store_n(&robust_go, 1, __ATOMIC_RELEASE);
		syscall(__NR_futex, &robust_go, FUTEX_WAKE, 1, NULL, NULL, 0);
		ret = waitpid(holder, &st, __WALL) == holder ? 0 : -1;
	} else if (!strcmp(call, "futex-wait")) {
		ret = syscall(__NR_futex, w, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, FUTEX_VALUE + 1, NULL, NULL, 0);
		if (ret < 0 && errno == EAGAIN)  /* it loaded the word and found another value */
			ret = 4;
	} else if (!strcmp(call, "futex-requeue")) {
		ret = syscall(__NR_futex, w, FUTEX_CMP_REQUEUE | FUTEX_PRIVATE_FLAG, 1, (void *)1L, &other_word, FUTEX_VALUE);
	} else if (!strcmp(call, "futex-wake-op")) {
		ret = syscall(__NR_futex, &other_word, FUTEX_WAKE_OP | FUTEX_PRIVATE_FLAG, 1, (void *)1L, w,
			      FUTEX_OP(FUTEX_OP_SET, FUTEX_SET, FUTEX_OP_CMP_EQ, 0));
	} else if (!strcmp(call, "futex-lock-pi")) {
		ret = syscall(__NR_futex, w, FUTEX_LOCK_PI | FUTEX_PRIVATE_FLAG, 0, NULL, NULL, 0);
	} else if (!strcmp(call, "futex-unlock-pi")) {
		ret = syscall(__NR_futex, w, FUTEX_UNLOCK_PI | FUTEX_PRIVATE_FLAG, 0, NULL, NULL, 0);
	} else {
		unsupported("unknown futex call");
	}
	err = errno;
	after_call(pages, n, base, mte);
	landed = readable(pages, offset) && *w == expect ? 4 : 0;
	if (robust)                          /* the kernel reports nothing to anyone: what landed is all it did */
		ret = landed;
	else if (ret >= 0)
		ret = 4;
	child_say("R %ld %ld %ld %ld %ld\n", ret, ret < 0 ? err : 0, landed, 0,
		  changed_outside(pages, n, base, offset, size));
	_exit(0);
}

static void run_case(const char *call, const char *mode, const char *backing, const char *layout,
		     long offset, long size)
{
	struct page_spec pages[MAX_PAGES];
	int n = parse_layout(layout, pages), i, mte = 0, fd, is_write, nocow = !strcmp(mode, "nocow");
	int compr = !strcmp(mode, "compressed");
	int direct = nocow || !strcmp(mode, "direct");
	int uring = !strncmp(call, "io_uring-", 9);
	struct sigaction sa;
	struct ring ring = {0};
	struct iovec iov[3];
	unsigned char *base, *buf;
	char path[512];
	long ret, landed = 0, beyond = 0, outside = 0, j, done, split;
	int err;

	pin_lane_cpu();
	spin_in_setup();
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;             /* handled, without SA_RESTART: an interrupted call shows */
	sigaction(SIGUSR1, &sa, NULL);
	if (n <= 0)
		unsupported("bad layout");
	if (offset < 0 || size < 0 || offset + size > n * page)
		unsupported("request outside the buffer");
	for (i = 0; i < n; i++)
		mte |= pages[i].marks > 0;
	is_write = strstr(call, "write") != NULL;
	if (!strcmp(call, "fiemap")) {
		if (direct || size < FIEMAP_HEADER + FIEMAP_RECORD)
			unsupported("fiemap: buffered, and at least one record");
		fiemap_case(pages, n, backing, offset, size, mte);
		return;
	}
	if (!strcmp(call, "tree-search"))
		tree_search_case(pages, n, backing, offset, size, mte);
	if (!strcmp(call, "kcore-read"))
		kcore_case(pages, n, backing, offset, size, mte);
	if (!strcmp(call, "uffdio-copy"))
		uffd_case(pages, n, backing, offset, size, mte);
	if (!strcmp(call, "sigreturn"))
		sigreturn_case(pages, n, backing, offset, size, mte);
	if (!strcmp(call, "sigframe"))
		sigframe_case(pages, n, backing, offset, size, mte);
	if (!strncmp(call, "futex-", 6))
		futex_case(call, pages, n, backing, offset, size, mte);
	if (is_write) {
		path_in_dir(path, sizeof(path), "write.dat");
		/* a new file every case: O_TRUNC keeps an inode's flags, and the NOCOW or compressed file
		 * of an earlier case would turn a later buffered write into a NOCOW or compressed one
		 * (and ntfs3 refuses O_DIRECT on a compressed file) */
		unlink(path);
		if (nocow || compr) {            /* FS_NOCOW_FL and FS_COMPR_FL stick only while the file is empty */
			int flags = 0, want = nocow ? FS_NOCOW_FL : FS_COMPR_FL;

			fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
			if (fd < 0 || ioctl(fd, FS_IOC_GETFLAGS, &flags) != 0)
				unsupported(nocow ? "nocow: FS_IOC_GETFLAGS refused" : "compressed: FS_IOC_GETFLAGS refused");
			flags |= want;
			if (ioctl(fd, FS_IOC_SETFLAGS, &flags) != 0 || ioctl(fd, FS_IOC_GETFLAGS, &flags) != 0
			    || !(flags & want))
				unsupported(nocow ? "nocow: this file system keeps no NOCOW flag"
					    : "compressed: this file system keeps no compressed flag");
			close(fd);
		}
		fd = open(path, O_RDWR | O_CREAT | (direct ? O_DIRECT : 0), 0644); /* new, or made empty above */
	} else {
		path_in_dir(path, sizeof(path), "read.dat");
		fd = open(path, O_RDONLY | (direct ? O_DIRECT : 0));
	}
	if (fd < 0)
		unsupported(errno == EINVAL && direct ? "O_DIRECT: refused by this file system" : "open failed");
	if (uring)
		ring_setup(&ring);
	base = build(pages, n, backing, mte);
	buf = base + offset;
	split = direct ? (size / 2) & ~511L : size / 2;
	iov[0].iov_base = buf;
	iov[0].iov_len = split;
	iov[1].iov_base = buf + split;
	iov[1].iov_len = size - split;
	tag_checks(mte);
	errno = 0;
	if (!strcmp(call, "read")) ret = read(fd, buf, size);
	else if (!strcmp(call, "write")) ret = write(fd, buf, size);
	else if (!strcmp(call, "pread")) ret = pread(fd, buf, size, 0);
	else if (!strcmp(call, "pwrite")) ret = pwrite(fd, buf, size, 0);
	else if (!strcmp(call, "readv")) ret = readv(fd, iov, 2);
	else if (!strcmp(call, "writev")) ret = writev(fd, iov, 2);
	else if (!strcmp(call, "preadv2")) ret = preadv2(fd, iov, 2, 0, 0);
	else if (!strcmp(call, "pwritev2")) ret = pwritev2(fd, iov, 2, 0, 0);
	else if (uring) {
		ret = ring_rw(&ring, is_write, fd, buf, size);
		if (ret < 0) {
			errno = (int)-ret;
			ret = -1;
		}
	} else {
		unsupported("unknown call");
		return;
	}
	err = errno;
	after_call(pages, n, base, mte);
	done = ret > 0 ? ret : 0;
	if (!is_write) {
		for (j = 0; j < size && readable(pages, offset + j) && buf[j] == file_byte(j); j++)
			;
		landed = j;
		for (j = done; j < size; j++)
			if (readable(pages, offset + j) && buf[j] != buf_byte(offset + j))
				beyond++;
		outside = changed_outside(pages, n, base, offset, size);
	} else {
		struct stat st;
		int rfd = open(path, O_RDONLY);
		long want, got = 0, r;
		unsigned char *back;

		if (rfd < 0 || fstat(rfd, &st) != 0)
			unsupported("cannot read write.dat back");
		/* the file's first bytes in one buffer (a read per byte cost a syscall per byte: under
		 * emulation most of a write case's time) */
		want = st.st_size < size ? st.st_size : size;
		back = malloc(want > 0 ? want : 1);
		if (!back)
			unsupported("cannot read write.dat back: no memory");
		while (got < want && (r = pread(rfd, back + got, want - got, got)) > 0)
			got += r;
		for (j = 0; j < got && back[j] == buf_byte(offset + j); j++)
			;
		free(back);
		landed = j;
		beyond = st.st_size > done ? st.st_size - done : 0;
		close(rfd);
	}
	child_say("R %ld %ld %ld %ld %ld\n", ret, ret < 0 ? err : 0, landed, beyond, outside);
	_exit(0);
}

/* ---- the watcher ---- */

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

/* the task's state letter and system ticks, from /proc/PID/stat */
static char state_of(pid_t pid, long *stime)
{
	char path[64], b[1024], *p, st = '?';
	int fd;
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return '?';
	n = read(fd, b, sizeof(b) - 1);
	close(fd);
	if (n <= 0)
		return '?';
	b[n] = 0;
	p = strrchr(b, ')');
	if (!p || sscanf(p + 2, "%c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*d %ld", &st, stime) != 2)
		return '?';
	return st;
}

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434             /* include/uapi/asm-generic/unistd.h, x86_64 too; Linux 5.3 */
#endif

/* how long a late call's state is watched, and how many more deadlines one that used little CPU meanwhile gets */
#define SAMPLE_SECONDS 0.5
#define SLEEPER_DEADLINES 10
/* A case takes milliseconds, also under emulation. A call still there after EARLY_SECONDS whose task then
 * spent SPIN_SHARE of the sample window in the kernel spins from the start (a spinning task shares its
 * CPU with the JVM's threads): it goes to the signals at once, without waiting out the deadline.
 * Anything else waits for the deadline as before. Scan.EARLY_LOOK is the two windows' sum. */
#define EARLY_SECONDS 0.25
#define SPIN_SHARE 0.5
/* After the deadline: a call whose task spent less than LATE_SHARE of the sample window in the kernel
 * does not spin (it waits for I/O, or the loaded machine gives it little CPU): SLEEPER_DEADLINES more.
 * In a sweep of five kernels, two emulated machines side by side, the spins took 16 to 51 of the
 * window's 50 ticks; the set-up that once looked like one (a file written and fsynced) took 3. */
#define LATE_SHARE 0.25
/* how long a handled signal may take to end a call that honours it (it does so at once) */
#define SIGNAL_SECONDS 0.5
/* how long the set-up before the call, and the checks after it, may take: SLEEPER_DEADLINES deadlines, at
 * least a minute (a first case writes and fsyncs its file on an emulated disk) */
#define SETUP_FLOOR_SECONDS 60.0

/* What the watcher knows of its child: the marks it read (call_mark: 'S' the call starts, 'C' it
 * returned), then the child's report line, and whether the child has ended (reaped). */
enum stage { SETUP, CALLING, RETURNED, ENDED };
static struct {
	pid_t pid;
	int pidfd;                     /* -1 where pidfd_open is refused: waitpid is polled with growing naps */
	int reaped;
	size_t n;
	char heard[512];               /* the marks and the child's line (child_say: under 256 bytes) */
} kid;

static enum stage stage_of(void)
{
	size_t i;
	int calling = 0;

	if (kid.reaped)
		return ENDED;
	for (i = 0; i < kid.n && (kid.heard[i] == 'S' || kid.heard[i] == 'C'); i++)
		if (kid.heard[i] == 'C')
			return RETURNED;
		else
			calling = 1;
	return i < kid.n ? RETURNED : calling ? CALLING : SETUP; /* a report line: the call is behind it */
}

static void hear(void)
{
	ssize_t r;

	while (kid.n < sizeof(kid.heard) - 1
	       && (r = read(report[0], kid.heard + kid.n, sizeof(kid.heard) - 1 - kid.n)) > 0)
		kid.n += r;
	kid.heard[kid.n] = 0;
}

/* 1 when the child reached `want` (or ended) within secs, 0 when not: woken by what it writes to the
 * report pipe and by its pidfd the moment it ends, or, without a pidfd, by polling waitpid with
 * growing naps */
static int wait_for(enum stage want, double secs)
{
	double t0 = now(), left;
	int st, r, ms, nap = 1;

	for (;;) {
		struct pollfd pp[2] = { { .fd = report[0], .events = POLLIN }, { .fd = kid.pidfd, .events = POLLIN } };

		hear();
		if (!kid.reaped && waitpid(kid.pid, &st, WNOHANG) == kid.pid) {
			kid.reaped = 1;
			hear();
		}
		if (stage_of() >= want || (left = secs - (now() - t0)) <= 0)
			break;
		ms = (int)(left * 1000) + 1;
		if (kid.pidfd < 0 && ms > nap)
			ms = nap;
		/* the pipe's end is open in the child until it ends: POLLHUP then, and the pidfd says so too */
		r = poll(pp, kid.pidfd >= 0 ? 2 : 1, ms);
		if (r < 0 && errno != EINTR)
			break;
		if (kid.pidfd < 0 && nap < 20)
			nap *= 2;
	}
	return stage_of() >= want;
}

/* the child's report line, after the marks, without its newline */
static const char *said(void)
{
	char *s = kid.heard;

	while (*s == 'S' || *s == 'C')
		s++;
	s[strcspn(s, "\n")] = 0;
	return s;
}

/* SIGKILL, then whether it ended within 5 s */
static int killed(void)
{
	kill(kid.pid, SIGKILL);
	return wait_for(ENDED, 5);
}

/* What the child did, one line on stdout. The deadline counts the call alone, from its 'S' mark: the
 * set-up before it (a file written and fsynced, the buffer built) and the checks after it take what
 * they take on a loaded, emulated machine, and a slow set-up once looked like a call that did not
 * return. Each gets SLEEPER_DEADLINES deadlines, at least SETUP_FLOOR_SECONDS. */
static void judge(const char *id, double deadline)
{
	char state[64], line[256];
	long t1 = 0, t2 = 0;
	char s = '?';
	int returned, spins = 0;
	double setup = SLEEPER_DEADLINES * deadline > SETUP_FLOOR_SECONDS ? SLEEPER_DEADLINES * deadline : SETUP_FLOOR_SECONDS;

	if (!wait_for(CALLING, setup)) {
		printf(killed() ? "%s UNSUPPORTED the set-up did not reach the call within %.0f s\n"
		       : "%s UNKILLABLE set-up\n", id, setup);
		return;
	}
	returned = wait_for(RETURNED, deadline < EARLY_SECONDS ? deadline : EARLY_SECONDS);
	if (!returned && deadline > EARLY_SECONDS + SAMPLE_SECONDS) { /* the early look: does it spin from the start? */
		state_of(kid.pid, &t1);
		returned = wait_for(RETURNED, SAMPLE_SECONDS);
		if (!returned) {
			s = state_of(kid.pid, &t2);
			if (t2 - t1 < SPIN_SHARE * SAMPLE_SECONDS * sysconf(_SC_CLK_TCK)) /* no: the deadline, as ever */
				returned = wait_for(RETURNED, deadline - EARLY_SECONDS - SAMPLE_SECONDS);
			else
				spins = 1;
		}
	} else if (!returned) {
		returned = wait_for(RETURNED, deadline - EARLY_SECONDS);
	}
	if (!returned && !spins) {      /* late: watch it for SAMPLE_SECONDS (it may still end by itself) */
		state_of(kid.pid, &t1);
		returned = wait_for(RETURNED, SAMPLE_SECONDS);
		if (!returned) {
			s = state_of(kid.pid, &t2);
			if (t2 - t1 < LATE_SHARE * SAMPLE_SECONDS * sysconf(_SC_CLK_TCK))
				returned = wait_for(RETURNED, SLEEPER_DEADLINES * deadline);
		}
	}
	if (returned) {
		if (!wait_for(ENDED, setup))
			printf(killed() ? "%s UNSUPPORTED the checks after the call did not end within %.0f s\n"
			       : "%s UNKILLABLE after-call\n", id, setup);
		else if (said()[0] == 'R')
			printf("%s RETURNED%s\n", id, said() + 1);
		else if (said()[0] == 'U')
			printf("%s UNSUPPORTED%s\n", id, said() + 1);
		else
			printf("%s UNSUPPORTED the child died before it reported\n", id);
		return;
	}
	snprintf(state, sizeof(state), "%c+%ldticks", s, t2 - t1);
	kill(kid.pid, SIGUSR1);
	if (wait_for(RETURNED, SIGNAL_SECONDS)) { /* a handled signal ends a call that honours it at once */
		snprintf(line, sizeof(line), "%s", wait_for(ENDED, setup) && said()[0] == 'R' ? said() + 2 : "- - - - -");
		if (!kid.reaped)
			killed();
		printf("%s LIVELOCK signal %s %s\n", id, state, line);
	} else if (killed()) {
		printf("%s LIVELOCK kill %s - - - - -\n", id, state);
	} else {
		printf("%s UNKILLABLE %s\n", id, state);
	}
}

/* Runs one case in a child of its own and says what it did: its pipe and its pidfd, opened once. */
static void watch(const char *id, const char *call, const char *mode, const char *backing, const char *layout,
		  long offset, long size, double deadline)
{
	if (pipe2(report, O_CLOEXEC) < 0) {
		printf("%s UNSUPPORTED pipe failed\n", id);
		return;
	}
	kid.n = 0;
	kid.heard[0] = 0;
	kid.reaped = 0;
	fflush(stdout);
	kid.pid = fork();
	if (kid.pid == 0) {
		close(report[0]);
		run_case(call, mode, backing, layout, offset, size);
		_exit(8);
	}
	close(report[1]);
	fcntl(report[0], F_SETFL, O_NONBLOCK);
	kid.pidfd = (int)syscall(SYS_pidfd_open, kid.pid, 0);
	judge(id, deadline);
	if (kid.pidfd >= 0)
		close(kid.pidfd);
	close(report[0]);
}

static void make_read_file(void)
{
	char path[512];
	static unsigned char b[READ_BYTES];
	long i;
	int fd;

	path_in_dir(path, sizeof(path), "read.dat");
	for (i = 0; i < READ_BYTES; i++)
		b[i] = file_byte(i);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, b, READ_BYTES) != READ_BYTES || fsync(fd) != 0) {
		fprintf(stderr, "scancall: cannot write %s\n", path);
		exit(1);
	}
	close(fd);
}

static void one(char *line, double deadline)
{
	char id[64], call[32], mode[16], backing[16], layout[512];
	long offset, size;

	if (sscanf(line, "%63s %31s %15s %15s %511s %ld %ld", id, call, mode, backing, layout, &offset, &size) != 7) {
		printf("? UNSUPPORTED cannot parse: %s\n", line);
		return;
	}
	watch(id, call, mode, backing, layout, offset, size, deadline);
	fflush(stdout);
}

#ifdef SCAN_REPRO_CASE
static int repro_stuck;                /* the case left a task SIGKILL did not end: its file system stays */

/* Without a directory: as root, make SCAN_REPRO_FS in /tmp/scan-repro (a tmpfs, or an image of
 * SCAN_REPRO_MB MiB made by SCAN_REPRO_MKFS, loop-mounted) and return its mount point. */
static const char *repro_mount(void)
{
	static const char *mnt = "/tmp/scan-repro/mnt";
	char cmd[512];
	int fd;

	if (geteuid() != 0) {
		printf("NOT TESTABLE: without a DIR on %s, the reproducer makes one, which needs root\n", SCAN_REPRO_FS);
		exit(2);
	}
	mkdir("/tmp/scan-repro", 0755);
	mkdir(mnt, 0755);
	if (!strcmp(SCAN_REPRO_FS, "tmpfs") || !strcmp(SCAN_REPRO_FS, "none")) {
		snprintf(cmd, sizeof(cmd), "mount -t tmpfs -o size=%dm faultline-repro %s", SCAN_REPRO_MB, mnt);
	} else {
		fd = open("/tmp/scan-repro/img", O_CREAT | O_TRUNC | O_WRONLY, 0600);
		if (fd < 0 || ftruncate(fd, (off_t)SCAN_REPRO_MB << 20) != 0) {
			printf("NOT TESTABLE: cannot make the image file\n");
			exit(2);
		}
		close(fd);
		snprintf(cmd, sizeof(cmd), "%s /tmp/scan-repro/img >/dev/null 2>&1", SCAN_REPRO_MKFS);
		if (system(cmd) != 0) {
			printf("NOT TESTABLE: %s failed (is it installed?)\n", SCAN_REPRO_MKFS);
			exit(2);
		}
		snprintf(cmd, sizeof(cmd), "mount -t %s -o loop /tmp/scan-repro/img %s", SCAN_REPRO_FS, mnt);
	}
	if (system(cmd) != 0) {
		printf("NOT TESTABLE: %s failed (no %s in this kernel?)\n", cmd, SCAN_REPRO_FS);
		exit(2);
	}
	printf("made %s on %s\n", SCAN_REPRO_FS, mnt);
	return mnt;
}

/* A reproducer (`faultline scan --repro CASE` defines the case, its possible bytes and the verdict the
 * scan gave it): runs the case once and names what it did by the scan's rules (Rules.verdict in
 * Faultline: LIVELOCK/UNKILLABLE; OVERREPORT when more was reported than landed; DIRTY when bytes past
 * the count, or outside the request, changed; EFAULT/ERROR on failure; EXACT or SHORT by the count). */
static int repro(const char *dir_arg)
{
	char line[1024], out[256], word[16], verdict[32];
	long ret, err, landed, beyond, outside;
	FILE *f;
	int saved = dup(1), p[2];

	dir = dir_arg;
	make_read_file();
	printf("case: %s\npossible: %ld bytes (the request's bytes before its first fault)\n"
	       "the scan's verdict where it was made: %s\n", SCAN_REPRO_TEXT, (long)SCAN_REPRO_POSSIBLE, SCAN_REPRO_VERDICT);
	if (pipe(p) < 0)
		return 2;
	fflush(stdout);
	dup2(p[1], 1);                          /* the watcher prints its line: catch it */
	snprintf(line, sizeof(line), "%s", SCAN_REPRO_CASE);
	one(line, 10);
	fflush(stdout);
	dup2(saved, 1);
	close(p[1]);
	f = fdopen(p[0], "r");
	if (!f || !fgets(out, sizeof(out), f))
		return 2;
	printf("driver: %s", out);
	if (sscanf(out, "%*s %15s", word) != 1)
		return 2;
	if (!strcmp(word, "UNSUPPORTED")) {
		printf("NOT TESTABLE: %s", strchr(strchr(out, ' ') + 1, ' ') + 1);
		printf("KTAP version 1\n1..1\nok 1 %s # SKIP %s", SCAN_REPRO_TEXT, strchr(strchr(out, ' ') + 1, ' ') + 1);
		return 2;
	}
	if (!strcmp(word, "RETURNED") && sscanf(out, "%*s %*s %ld %ld %ld %ld %ld", &ret, &err, &landed, &beyond,
						  &outside) == 5) {
		if (ret > 0 && landed < ret)
			snprintf(verdict, sizeof(verdict), "OVERREPORT");
		else if (beyond > 0 || outside > 0)
			snprintf(verdict, sizeof(verdict), "DIRTY");
		else if (ret < 0)
			snprintf(verdict, sizeof(verdict), err == EFAULT ? "EFAULT" : "ERROR");
		else if (ret >= SCAN_REPRO_POSSIBLE)
			snprintf(verdict, sizeof(verdict), "EXACT");
		else
			snprintf(verdict, sizeof(verdict), "SHORT %ld", SCAN_REPRO_POSSIBLE - ret);
	} else {
		snprintf(verdict, sizeof(verdict), "%s", word);
		repro_stuck = !strcmp(word, "UNKILLABLE");
	}
	printf("%s: %s\n", !strncmp(verdict, SCAN_REPRO_VERDICT, strlen(verdict)) ? "REPRODUCED" : "NOT REPRODUCED",
	       verdict);
	/* KTAP (the kselftest format), for kernel CI: the kernel's bug reproduced is a failed test */
	printf("KTAP version 1\n1..1\n%s 1 %s # %s: %s\n", !strncmp(verdict, SCAN_REPRO_VERDICT, strlen(verdict))
	       ? "not ok" : "ok", SCAN_REPRO_TEXT, !strncmp(verdict, SCAN_REPRO_VERDICT, strlen(verdict)) ? "REPRODUCED"
	       : "NOT REPRODUCED", verdict);
	return !strncmp(verdict, SCAN_REPRO_VERDICT, strlen(verdict)) ? 1 : 0;
}
#endif

int main(int argc, char **argv)
{
	char line[1024];
	double deadline;
	int i;

#ifdef SCAN_REPRO_CASE
	page = sysconf(_SC_PAGESIZE);
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc > 2) {
		fprintf(stderr, "usage: %s [DIR]   (DIR: a directory on the file system of the case; without it,"
			" as root, the reproducer makes one)\n", argv[0]);
		return 2;
	}
	if (argc == 2)
		return repro(argv[1]);
	i = repro(repro_mount());
	/* the file system it made goes, unless a task SIGKILL did not end may still hold it (a reboot does) */
	if (!repro_stuck && system("umount /tmp/scan-repro/mnt && rm -f /tmp/scan-repro/img") == 0)
		printf("unmounted %s\n", "/tmp/scan-repro/mnt");
	return i;
#endif
	if (argc == 2 && !strcmp(argv[1], "--fpstate")) {
		printf("%ld\n", fpstate_bytes());
		return 0;
	}
	if (argc < 3) {
		fprintf(stderr, "usage: scancall DIR DEADLINE [CASE...] | scancall --fpstate\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGPIPE, SIG_IGN);
	if (getenv(SETUP_SPIN_ENV))
		setup_spin = atof(getenv(SETUP_SPIN_ENV));
	page = sysconf(_SC_PAGESIZE);
	dir = argv[1];
	deadline = atof(argv[2]);
	make_read_file();
	if (argc > 3) {
		for (i = 3; i < argc; i++) {
			snprintf(line, sizeof(line), "%s", argv[i]);
			one(line, deadline);
		}
		return 0;
	}
	while (fgets(line, sizeof(line), stdin))
		one(line, deadline);
	return 0;
}
