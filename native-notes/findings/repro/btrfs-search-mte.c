/*
 * btrfs-search-mte.c: BTRFS_IOC_TREE_SEARCH_V2 into a result buffer with one mismatched arm64 MTE
 * granule inside the first record. Kernels whose search_ioctl() faults in with
 * fault_in_pages_writeable() (v5.9 to v5.15) or fault_in_writeable() (v5.16 to v5.18) spin in the
 * kernel forever; v5.19+ (fault_in_subpage_writeable) return -EFAULT.
 *
 * Self-contained: makes a 128 MiB btrfs image in /tmp (mkfs.btrfs), loop-mounts it (mount -o loop),
 * runs the ioctl in a child process, watches the child for 20 s through /proc/PID/stat, then sends
 * it a handled SIGUSR1 and, if it still spins, SIGKILL, and says what each did.
 *
 * Needs: root, arm64 with MTE (HWCAP2_MTE), btrfs and loop in the kernel, mkfs.btrfs and mount.
 * Build: aarch64-linux-gnu-gcc -O2 -static -o btrfs-search-mte btrfs-search-mte.c
 * Output: the kernel, then REPRODUCED, NOT REPRODUCED or NOT TESTABLE with what was observed.
 * Exit status: 1 reproduced, 0 not reproduced, 2 not testable.
 * Warning: where it reproduces, the child may stay in the kernel until reboot (on 5.10 it does).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef PROT_MTE
#define PROT_MTE 0x20                       /* arch/arm64/include/uapi/asm/mman.h */
#endif
#ifndef PR_SET_TAGGED_ADDR_CTRL
#define PR_SET_TAGGED_ADDR_CTRL 55          /* include/uapi/linux/prctl.h */
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
#define HWCAP2_MTE_BIT (1UL << 18)          /* arch/arm64/include/uapi/asm/hwcap.h */

/* include/uapi/linux/btrfs.h: _IOWR(0x94, 17, struct btrfs_ioctl_search_args_v2), 112 bytes + buf */
#define BTRFS_IOC_TREE_SEARCH_V2 _IOWR(0x94, 17, char[112])
struct search_args_v2 {
	uint64_t tree_id, min_objectid, max_objectid, min_offset, max_offset, min_transid, max_transid;
	uint32_t min_type, max_type, nr_items, unused;
	uint64_t unused1, unused2, unused3, unused4;
	uint64_t buf_size;                  /* the result buffer follows at offset 112 */
};

#define DEADLINE 20                         /* seconds before "does not return" */
#define BAD 128                             /* the mismatched granule [128, 144) of the mapping */
#define DIR "/tmp/repro-btrfs"

static long page;
static int report[2];                       /* child -> parent: "H" handler ran, "R ret errno" */

static void say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

static void not_testable(const char *why)
{
	say("NOT TESTABLE: %s", why);
	exit(2);
}

static int run(const char *const argv[])    /* fork/exec, quiet; returns the exit status or -1 */
{
	int st;
	pid_t p = fork();

	if (p == 0) {
		int nul = open("/dev/null", O_WRONLY);

		dup2(nul, 1);
		dup2(nul, 2);
		execvp(argv[0], (char *const *)argv);
		_exit(127);
	}
	if (p < 0 || waitpid(p, &st, 0) < 0)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void make_fs(void)
{
	const char *mkfs[] = {"mkfs.btrfs", "-q", "-f", DIR "/img", NULL};
	const char *mount[] = {"mount", "-t", "btrfs", "-o", "loop", DIR "/img", DIR "/mnt", NULL};
	char name[64];
	int fd, i;

	mkdir(DIR, 0755);
	mkdir(DIR "/mnt", 0755);
	fd = open(DIR "/img", O_CREAT | O_TRUNC | O_WRONLY, 0600);
	if (fd < 0 || ftruncate(fd, 128L << 20) < 0)
		not_testable("cannot make the image file in " DIR);
	close(fd);
	if (run(mkfs) != 0)
		not_testable("mkfs.btrfs -q -f failed (btrfs-progs missing?)");
	if (run(mount) != 0)
		not_testable("mount -t btrfs -o loop failed (btrfs or loop missing in the kernel?)");
	for (i = 0; i < 8; i++) {       /* a few inodes after the root directory's 256 */
		snprintf(name, sizeof(name), DIR "/mnt/f%d", i);
		close(open(name, O_CREAT | O_WRONLY, 0644));
	}
	sync();
}

static void on_usr1(int sig)
{
	(void)sig;
	write(report[1], "H", 1);
}

static void set_tag(void *p, unsigned tag)  /* STG: the allocation tag of p's 16-byte granule */
{
	uintptr_t a = ((uintptr_t)p & ~(0xfUL << 56)) | ((uintptr_t)tag << 56);

	/* binutils 2.40 refuses ".arch_extension memtag" alone below armv8.5-a */
	asm volatile(".arch armv8.5-a\n\t.arch_extension memtag\n\tstg %0, [%0]" : : "r"(a) : "memory");
}

/* The child: the result buffer follows the 112-byte argument block in a 3-page PROT_MTE mapping;
 * the pointer carries tag 0, the granule [BAD, BAD + 16) gets tag 0xa: bytes 16..31 of the buffer,
 * inside the first record's 32-byte header. */
static void provoke(void)
{
	struct sigaction sa;
	struct search_args_v2 *args;
	unsigned char *base;
	char msg[80];
	long r;
	int fd, e;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;                /* no SA_RESTART: an interrupted call shows EINTR */
	sigaction(SIGUSR1, &sa, NULL);
	base = mmap(NULL, 3 * page, PROT_READ | PROT_WRITE | PROT_MTE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (base == MAP_FAILED)
		_exit(3);
	memset(base, 0, 3 * page);
	args = (struct search_args_v2 *)base;
	args->tree_id = 5;                      /* the fs tree */
	args->min_objectid = 256;               /* the root directory, then the files */
	args->max_objectid = (uint64_t)-1;
	args->max_offset = (uint64_t)-1;
	args->max_transid = (uint64_t)-1;
	args->min_type = args->max_type = 1;    /* BTRFS_INODE_ITEM_KEY: 32 + 160 bytes per record */
	args->nr_items = 100000;
	args->buf_size = 3 * page - sizeof(*args);
	set_tag(base + BAD, 0xa);
	if (prctl(PR_SET_TAGGED_ADDR_CTRL, PR_TAGGED_ADDR_ENABLE | PR_MTE_TCF_SYNC |
		  (0xfffeUL << PR_MTE_TAG_SHIFT), 0, 0, 0) != 0)
		_exit(4);
	fd = open(DIR "/mnt", O_RDONLY | O_DIRECTORY);
	if (fd < 0)
		_exit(5);
	r = ioctl(fd, BTRFS_IOC_TREE_SEARCH_V2, base);
	e = errno;
	snprintf(msg, sizeof(msg), "R %ld %d %u\n", r, r < 0 ? e : 0, args->nr_items);
	write(report[1], msg, strlen(msg));
	_exit(0);
}

struct sample { char state; long utime, stime; int ok; };

static struct sample stat_of(pid_t pid)     /* /proc/PID/task/PID/stat: state, utime, stime */
{
	struct sample s = {'?', 0, 0, 0};
	char path[64], buf[1024], *p;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/stat", pid, pid);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return s;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return s;
	buf[n] = 0;
	p = strrchr(buf, ')');
	if (p && sscanf(p + 2, "%c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %ld %ld",
			&s.state, &s.utime, &s.stime) == 3)
		s.ok = 1;
	return s;
}

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

static char child_says[256];                /* everything the child reported so far */

static void drain(void)
{
	size_t n = strlen(child_says);
	ssize_t r;

	while (n < sizeof(child_says) - 1 && (r = read(report[0], child_says + n, sizeof(child_says) - 1 - n)) > 0)
		n += r;
	child_says[n] = 0;
}

/* waits up to secs for the child to end; returns 1 when it ended (and reaps it) */
static int wait_end(pid_t pid, double secs, int *status)
{
	double t0 = now();

	do {
		if (waitpid(pid, status, WNOHANG) == pid) {
			drain();
			return 1;
		}
		usleep(50000);
	} while (now() - t0 < secs);
	drain();
	return 0;
}

static const char *result_text(void)        /* the child's "R ret errno nr_items" in words */
{
	static char out[160];
	const char *r = strstr(child_says, "R ");
	long ret;
	int e;
	unsigned items;

	if (!r || sscanf(r, "R %ld %d %u", &ret, &e, &items) != 3)
		return "no result";
	if (ret < 0)
		snprintf(out, sizeof(out), "ioctl returned -1 %s (%s)", e == EFAULT ? "EFAULT" : e == EINTR ? "EINTR" : "",
			 strerror(e));
	else
		snprintf(out, sizeof(out), "ioctl returned %ld with %u records", ret, items);
	return out;
}

/* the spin test: a task that has not returned, is runnable and gains system time */
static int spinning(pid_t pid, double secs, char *what, size_t len)
{
	struct sample a = stat_of(pid), b;

	usleep((useconds_t)(secs * 1e6));
	b = stat_of(pid);
	if (!a.ok || !b.ok) {
		snprintf(what, len, "the task is gone");
		return 0;
	}
	snprintf(what, len, "state %c, %ld of %ld ticks in the kernel and %ld in user space over %.0f s",
		 b.state, b.stime - a.stime, (long)(secs * sysconf(_SC_CLK_TCK)), b.utime - a.utime, secs);
	return b.state == 'R' && b.stime - a.stime >= (long)(secs * sysconf(_SC_CLK_TCK)) / 4 && b.utime == a.utime;
}

/* The child runs on the highest CPU it may use, never CPU 0 when there is another: a task left
 * spinning in a non-preemptible kernel (5.10) on CPU 0 makes poweroff and reboot hang, since they
 * first migrate to CPU 0 (migrate_to_reboot_cpu) and the spinner never yields it. Returns the CPU. */
static int pin_last_cpu(void)
{
	cpu_set_t set;
	int c, last = -1;

	if (sched_getaffinity(0, sizeof(set), &set) != 0)
		return -1;
	for (c = 0; c < CPU_SETSIZE; c++)
		if (CPU_ISSET(c, &set))
			last = c;
	if (last <= 0)
		return last;
	CPU_ZERO(&set);
	CPU_SET(last, &set);
	return sched_setaffinity(0, sizeof(set), &set) == 0 ? last : -1;
}

static pid_t start_child(void)
{
	pid_t pid;

	child_says[0] = 0;
	if (pipe2(report, O_CLOEXEC) < 0)
		not_testable("pipe");
	pid = fork();
	if (pid == 0) {
		close(report[0]);
		pin_last_cpu();
		provoke();
	}
	close(report[1]);
	fcntl(report[0], F_SETFL, O_NONBLOCK);
	return pid;
}

int main(void)
{
	const char *umount_lazy[] = {"umount", "-l", DIR "/mnt", NULL};
	struct utsname u;
	char what[200];
	int status, reproduced = 0, ended;
	double t0;
	pid_t pid;

	setvbuf(stdout, NULL, _IOLBF, 0);
	page = sysconf(_SC_PAGESIZE);
	uname(&u);
	say("kernel: %s %s %s", u.release, u.version, u.machine);
	say("case: BTRFS_IOC_TREE_SEARCH_V2, %ld-byte result buffer at +112 of a 3-page PROT_MTE mapping, "
	    "granule [%d, %d) tagged 0xa (pointer tag 0, sync tag checks): inside the first record's header",
	    3 * page - 112, BAD, BAD + 16);
	if (!(getauxval(AT_HWCAP2) & HWCAP2_MTE_BIT))
		not_testable("no MTE on this CPU or kernel (HWCAP2_MTE)");
	if (geteuid() != 0)
		not_testable("needs root (mkfs, mount, and the search ioctl needs CAP_SYS_ADMIN)");
	make_fs();
	{
		cpu_set_t all;                  /* the parent pins itself only to learn the CPU, then undoes it */
		int cpu = (sched_getaffinity(0, sizeof(all), &all), pin_last_cpu());

		say("the provoking child runs on CPU %d%s", cpu, cpu == 0 ? " (the only one: a stuck task there "
		    "can keep the machine from powering off)" : " (CPU 0 stays free for poweroff)");
		sched_setaffinity(0, sizeof(all), &all);
	}

	pid = start_child();
	t0 = now();
	if (wait_end(pid, DEADLINE, &status)) {
		if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
			say("NOT REPRODUCED: %s after %.1f s", result_text(), now() - t0);
		else
			say("NOT REPRODUCED: the child failed before or in the ioctl (status 0x%x)", status);
		run(umount_lazy);
		return 0;
	}
	reproduced = spinning(pid, 2, what, sizeof(what));
	if (!reproduced) {
		say("NOT REPRODUCED: the ioctl did not return within %d s, but does not spin: %s", DEADLINE, what);
		kill(pid, SIGKILL);
		return 0;
	}
	say("REPRODUCED: the ioctl did not return within %d s; its task: %s", DEADLINE, what);

	/* a handled signal: does the kernel loop look at signal_pending()? */
	kill(pid, SIGUSR1);
	ended = wait_end(pid, 5, &status);
	if (ended) {
		say("SIGUSR1 (handled): ends the spin: %s%s", result_text(),
		    strchr(child_says, 'H') ? ", then the handler ran" : "");
		/* the SIGKILL test needs a fresh spinning call */
		pid = start_child();
		if (wait_end(pid, DEADLINE, &status) || !spinning(pid, 2, what, sizeof(what))) {
			say("SIGKILL: not measured (the second call did not spin: %s)", result_text());
			run(umount_lazy);
			return 1;
		}
	} else {
		spinning(pid, 2, what, sizeof(what));
		say("SIGUSR1 (handled): does not end the spin (5 s later the handler has not run; %s)", what);
	}
	t0 = now();
	kill(pid, SIGKILL);
	if (wait_end(pid, 10, &status)) {
		say("SIGKILL: ends the spin (the task was reaped after %.2f s)", now() - t0);
		run(umount_lazy);
	} else {
		spinning(pid, 2, what, sizeof(what));
		say("SIGKILL: does not end the spin (10 s later the task is still there; %s): it stays in the "
		    "kernel until reboot", what);
	}
	return 1;
}
