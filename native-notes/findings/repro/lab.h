/*
 * lab.h: what the findings' reproducers share (gfs2-read-mte.c, kcore-vmalloc-mte.c): output, the
 * MTE constants and STG, the provoking child (pinned to the last CPU, reporting through a pipe),
 * the spin test on /proc/PID/task/PID/stat, and the verdict with the handled-SIGUSR1 and SIGKILL
 * measurements. Header-only (static functions): a reproducer is still one `gcc -static` of one .c
 * file, with -I for this directory (bin/lib/repro.sh passes it).
 *
 * A reproducer defines provoke() (the child's body: it ends with "R ret errno 0\n" on the report
 * pipe and _exit(0)), sets lab_count (the bytes its call asks for), and calls lab_watch().
 */
#ifndef FAULTLINE_REPRO_LAB_H
#define FAULTLINE_REPRO_LAB_H
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
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

#define DEADLINE 20                         /* seconds before "does not return" */

static void provoke(void);                  /* the reproducer's: the provoking call, in the child */

static long page;
static long lab_count;                      /* the bytes the provoking call asks for */
static const char *lab_call = "read";       /* what the output calls the provoking call */
/* the child's "R ret errno extra" in words, when the reproducer has its own (NULL: pread's) */
static void (*lab_result)(char *out, size_t len, long ret, unsigned extra); /* a successful ioctl in words */
static int report[2];                       /* child -> parent: "H" handler ran, "R ret errno" */


/* Prints a line; the first verdict line (REPRODUCED, NOT REPRODUCED, NOT TESTABLE) is followed by
 * the same as KTAP (Documentation/dev-tools/ktap.rst), for kernel CI: the bug reproduced is a failed test. */
static void say(const char *fmt, ...)
{
	static int ktap_done;
	char line[1024];
	va_list ap;
	int bug, skip;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	printf("%s\n", line);
	bug = !strncmp(line, "REPRODUCED", 10);
	skip = !strncmp(line, "NOT TESTABLE", 12);
	if (!ktap_done && (bug || skip || !strncmp(line, "NOT REPRODUCED", 14))) {
		ktap_done = 1;
		printf("KTAP version 1\n1..1\n%s 1 %s # %s%s\n", bug ? "not ok" : "ok", program_invocation_short_name,
		       skip ? "SKIP " : "", line);
	}
	fflush(stdout);
}

static void not_testable(const char *why)
{
	say("NOT TESTABLE: %s", why);
	exit(2);
}

static __attribute__((unused)) int run(const char *const argv[]) /* fork/exec, quiet; exit status or -1 */
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

static const char *lab_errno_words(int e)   /* a failed call's errno: "EFAULT (Bad address)" */
{
	static char w[96];

	snprintf(w, sizeof(w), "%s (%s)", e == EFAULT ? "EFAULT" : e == EINTR ? "EINTR" : "", strerror(e));
	return w;
}

static const char *result_text(void)        /* the child's "R ret errno extra" in words */
{
	static char out[160];
	const char *r = strstr(child_says, "R ");
	long ret;
	int e;
	unsigned items;

	if (!r || sscanf(r, "R %ld %d %u", &ret, &e, &items) != 3)
		return "no result";
	if (ret < 0)
		snprintf(out, sizeof(out), "%s%s returned -1 %s", lab_result ? "" : "p", lab_call, lab_errno_words(e));
	else if (lab_result)
		lab_result(out, sizeof(out), ret, items);
	else
		snprintf(out, sizeof(out), "p%s returned %ld of %ld bytes", lab_call, ret, lab_count);
	return out;
}

static const char *lab_dir;                 /* the directory of the loop image, once mounted */

/* Makes a 128 MiB image DIR/img, runs mkfs (its argv ends with DIR "/img"), loop-mounts it on
 * DIR/mnt as type; NOT TESTABLE with why_mkfs or the mount's reason when a step fails. */
static __attribute__((unused)) void lab_mount_image(const char *dir, const char *type, const char *const mkfs[], const char *why_mkfs)
{
	char img[256], mnt[256];
	const char *mount[] = {"mount", "-t", type, "-o", "loop", img, mnt, NULL};
	int fd;

	snprintf(img, sizeof(img), "%s/img", dir);
	snprintf(mnt, sizeof(mnt), "%s/mnt", dir);
	mkdir(dir, 0755);
	mkdir(mnt, 0755);
	fd = open(img, O_CREAT | O_TRUNC | O_WRONLY, 0600);
	if (fd < 0 || ftruncate(fd, 128L << 20) < 0)
		not_testable("cannot make the image file");
	close(fd);
	if (run(mkfs) != 0)
		not_testable(why_mkfs);
	if (run(mount) != 0)
		not_testable("mount -o loop failed (the file system or loop missing in the kernel?)");
	lab_dir = dir;
}

/* lab_watch's cleanup: a lazy unmount of the image (the spinning task may still hold it) */
static __attribute__((unused)) void lab_unmount(void)
{
	char mnt[256];
	const char *umount_lazy[] = {"umount", "-l", mnt, NULL};

	snprintf(mnt, sizeof(mnt), "%s/mnt", lab_dir);
	run(umount_lazy);
}

/* In the provoking child: a handled SIGUSR1 (no SA_RESTART: an interrupted call shows EINTR), a
 * zeroed len-byte PROT_MTE mapping whose granule [bad, bad + 16) gets allocation tag 0xa (none when
 * bad < 0), and sync tag checks; the pointer returned carries tag 0. Exits 3 or 4 when it cannot. */
static __attribute__((unused)) unsigned char *lab_mte_child(long len, long bad)
{
	struct sigaction sa;
	unsigned char *base;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);
	base = mmap(NULL, len, PROT_READ | PROT_WRITE | PROT_MTE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (base == MAP_FAILED)
		_exit(3);
	memset(base, 0, len);
	if (bad >= 0)
		set_tag(base + bad, 0xa);
	if (prctl(PR_SET_TAGGED_ADDR_CTRL, PR_TAGGED_ADDR_ENABLE | PR_MTE_TCF_SYNC |
		  (0xfffeUL << PR_MTE_TAG_SHIFT), 0, 0, 0) != 0)
		_exit(4);
	return base;
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

/* says on which CPU the provoking child will run */
static void lab_cpu_note(void)
{
	cpu_set_t all;                          /* the parent pins itself only to learn the CPU, then undoes it */
	int cpu = (sched_getaffinity(0, sizeof(all), &all), pin_last_cpu());

	say("the provoking child runs on CPU %d%s", cpu, cpu == 0 ? " (the only one: a stuck task there "
	    "can keep the machine from powering off)" : " (CPU 0 stays free for poweroff)");
	sched_setaffinity(0, sizeof(all), &all);
}

/* Starts the provoking child and says what happened: NOT REPRODUCED when the call returns within
 * DEADLINE s (or does not spin), else REPRODUCED, then what a handled SIGUSR1 and SIGKILL do.
 * cleanup (may be NULL) runs where the child is gone. Returns the exit status: 1 reproduced, 0 not. */
static int lab_watch(void (*cleanup)(void))
{
	char what[200];
	int status, reproduced = 0, ended;
	double t0;
	pid_t pid;

	pid = start_child();
	t0 = now();
	if (wait_end(pid, DEADLINE, &status)) {
		if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
			say("NOT REPRODUCED: %s after %.1f s", result_text(), now() - t0);
		else
			say("NOT REPRODUCED: the child failed before or in the %s (status 0x%x)", lab_call, status);
		if (cleanup)
			cleanup();
		return 0;
	}
	reproduced = spinning(pid, 2, what, sizeof(what));
	if (!reproduced) {
		say("NOT REPRODUCED: the %s did not return within %d s, but does not spin: %s", lab_call, DEADLINE, what);
		kill(pid, SIGKILL);
		return 0;
	}
	say("REPRODUCED: the %s did not return within %d s; its task: %s", lab_call, DEADLINE, what);

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
			if (cleanup)
				cleanup();
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
		if (cleanup)
			cleanup();
	} else {
		spinning(pid, 2, what, sizeof(what));
		say("SIGKILL: does not end the spin (10 s later the task is still there; %s): it stays in the "
		    "kernel until reboot", what);
	}
	return 1;
}

/* In the child: open(path, flags), or exit 5 (the parent reports "the child failed before the call"). */
static __attribute__((unused)) int lab_open(const char *path, int flags)
{
	int fd = open(path, flags, 0644);

	if (fd < 0)
		_exit(5);
	return fd;
}

/* The child's last act: "R ret errno extra" to the parent (errno only when ret < 0), then exit. */
static __attribute__((unused)) void lab_report(long ret, int e, unsigned extra)
{
	char msg[80];

	snprintf(msg, sizeof(msg), "R %ld %d %u\n", ret, ret < 0 ? e : 0, extra);
	write(report[1], msg, strlen(msg));
	_exit(0);
}

/* The start of every reproducer's main(): line-buffered stdout, the page size, and the kernel. */
static __attribute__((unused)) void lab_start(void)
{
	struct utsname u;

	setvbuf(stdout, NULL, _IOLBF, 0);
	page = sysconf(_SC_PAGESIZE);
	uname(&u);
	say("kernel: %s %s %s", u.release, u.version, u.machine);
}

/* The checks every reproducer makes first: MTE in this CPU and kernel, and root (why_root: for what). */
static __attribute__((unused)) void lab_require(const char *why_root)
{
	if (!(getauxval(AT_HWCAP2) & HWCAP2_MTE_BIT))
		not_testable("no MTE on this CPU or kernel (HWCAP2_MTE)");
	if (geteuid() != 0)
		not_testable(why_root);
}

/* The end of an image reproducer's main(): make the file system, say where the child runs, watch. */
static __attribute__((unused)) int lab_run_on_image(void (*make_fs)(void))
{
	make_fs();
	lab_cpu_note();
	return lab_watch(lab_unmount);
}

#endif
