/*
 * The C floor of Faultline's probe benchmark: the same faithful and bulk probe loops, the
 * same syscalls, measured in the same run, so the FFM overhead is a ratio, not a guess.
 *
 * Built twice by bench/run:
 *   gcc -O2 -pthread -o cprobe probe.c             its own process; timed here, in batches
 *                                                  so the clock read (~25 ns) stays out of
 *                                                  the figure. Output: one JSON object per
 *                                                  line {strategy, impl, access, rangeBytes,
 *                                                  nsPerOp}. Run: ./cprobe SECONDS SIZE...
 *                                                  Single-threaded, then the first-byte probe
 *                                                  again with an idle second thread
 *                                                  (c-faithful-threaded), then once more after
 *                                                  unshare(CLONE_FILES) (-threaded-unshared).
 *   gcc -O2 -shared -fPIC -DCPROBE_LIBRARY \
 *       -o libcprobe.so probe.c                    the same loops called through FFM from the
 *                                                  JMH fork (CFloorBench): same process, same
 *                                                  memfd, same pages, timed by JMH beside the
 *                                                  Java probes.
 *
 * Every loop returns how many probes succeeded (a probe is a 1-byte pwrite from the user
 * address into a memfd: the kernel's copy_from_user of that byte, as KernelProber.load).
 *
 * The library also holds the first-byte probe of every probe mechanism (ProbeMechanism in
 * src/main/java/dev/faultline/faultin), each syscall as the Java mechanism makes it, and a bare
 * getppid loop: the floor each mechanism is measured against (MechanismBench, CallBench).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <pthread.h>
#include <sched.h>
#include <limits.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>

#ifndef MADV_POPULATE_READ
#define MADV_POPULATE_READ 22 /* include/uapi/asm-generic/mman-common.h */
#endif

/* one probe: the kernel reads the byte at c (copy_from_user), 1 when it could */
static inline long load(int fd, const char *c) {
    return pwrite(fd, c, 1, 0) == 1;
}

/* the first-byte probe, reps times (reps > 1 lets a caller amortise its own call) */
long cprobe_first_byte(int fd, const char *p, long reps) {
    long ok = 0;
    for (long i = 0; i < reps; i++)
        ok += load(fd, p);
    return ok;
}

/* the bare-syscall floor: getppid, reps times */
long cprobe_getppid(long reps) {
    long sum = 0;
    for (long i = 0; i < reps; i++)
        sum += getppid() > 0;
    return sum;
}

/* memfd store: pread(memfd, p, 1, off) from a hole of the file (off: never written) -> 1 */
long cprobe_pread(int fd, char *p, long off, long reps) {
    long ok = 0;
    for (long i = 0; i < reps; i++)
        ok += pread(fd, p, 1, off) == 1;
    return ok;
}

/* zero-fd load: connect(non-socket fd, p, 1) copies the byte, then answers ENOTSOCK */
long cprobe_connect(int fd, const char *p, long reps) {
    long ok = 0;
    for (long i = 0; i < reps; i++)
        ok += connect(fd, (const struct sockaddr *)p, 1) < 0 && errno == ENOTSOCK;
    return ok;
}

/* affinity load: sched_setaffinity(INT_MAX, 1, p) copies the byte, then answers ESRCH (never pid 0) */
long cprobe_affinity(const char *p, long reps) {
    long ok = 0;
    for (long i = 0; i < reps; i++)
        ok += sched_setaffinity(INT_MAX, 1, (const cpu_set_t *)p) < 0 && errno == ESRCH;
    return ok;
}

/* sigprocmask load: the raw rt_sigprocmask(-1, p & ~7, NULL, 8) copies the aligned word, then
 * answers EINVAL for the unknown how (glibc's sigprocmask would read the set in user space) */
long cprobe_sigprocmask(const char *p, long reps) {
    long ok = 0;
    const char *word = (const char *)((unsigned long)p & ~7UL);
    for (long i = 0; i < reps; i++)
        ok += syscall(SYS_rt_sigprocmask, -1, word, NULL, 8) < 0 && errno == EINVAL;
    return ok;
}

/* the store of sigprocmask and affinity (ZeroStore.GETSOCKOPT): the raw getsockopt(sock,
 * SOL_SOCKET, SO_DEBUG, p, &len) with len 1 on an AF_UNIX datagram socket of the library's own,
 * opened on first use: one byte of the int 0 copied to p -> 0 */
long cprobe_getsockopt(char *p, long reps) {
    static int sock = -1;
    static socklen_t len = 1;
    if (sock < 0 && (sock = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)) < 0)
        return -1;
    long ok = 0;
    for (long i = 0; i < reps; i++)
        ok += syscall(SYS_getsockopt, sock, SOL_SOCKET, SO_DEBUG, p, &len) == 0;
    return ok;
}

/* fault_in_readable: first byte, then each following page start below the end */
long cprobe_page(int fd, const char *p, size_t n) {
    const unsigned long page = (unsigned long)sysconf(_SC_PAGESIZE);
    const char *end = p + n;
    long ok = 0;
    for (const char *c = p; c < end; c = (const char *)(((unsigned long)c + page) & -page))
        ok += load(fd, c);
    return ok;
}

/* page pass, then mte_probe_user_range: first byte and every 16-byte granule start */
long cprobe_granule(int fd, const char *p, size_t n) {
    long ok = cprobe_page(fd, p, n);
    const char *end = p + n;
    ok += load(fd, p);
    for (const char *c = (const char *)(((unsigned long)p + 15) & -16L); c < end; c += 16)
        ok += load(fd, c);
    return ok;
}

/* one large uaccess copy of the range (resumed after a short count) */
long cprobe_bulk(int fd, const char *p, size_t n) {
    size_t done = 0;
    while (done < n) {
        ssize_t r = pwrite(fd, p + done, n - done, done);
        if (r <= 0)
            break;
        done += r;
    }
    return done;
}

#ifndef CPROBE_LIBRARY
static int fd;
static char *buf, *dst;
static volatile long sink;

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e9 + t.tv_nsec;
}

typedef long (*fn)(char *, size_t);

static long first_byte(char *p, size_t n) { (void)n; return cprobe_first_byte(fd, p, 1); }
static long page(char *p, size_t n) { return cprobe_page(fd, p, n); }
static long granule(char *p, size_t n) { return cprobe_granule(fd, p, n); }
static long bulk(char *p, size_t n) { return cprobe_bulk(fd, p, n); }
static long populate(char *p, size_t n) { return madvise(p, n, MADV_POPULATE_READ); }
static long copy(char *p, size_t n) { memcpy(dst, p, n); return dst[n - 1]; }
static long ppid(char *p, size_t n) { (void)p; (void)n; return getppid(); }

/* Calls f in batches that last about 20 us between clock reads, for `seconds` at least. */
static void measure(const char *strategy, const char *impl, size_t n, fn f, double seconds) {
    double t0 = now();
    sink += f(buf, n);
    const double once = now() - t0;
    const long batch = once >= 20000 ? 1 : (long)(20000 / (once > 1 ? once : 1)) + 1;
    long iters = 0;
    double t;
    t0 = now();
    do {
        for (long i = 0; i < batch; i++)
            sink += f(buf, n);
        iters += batch;
        t = now();
    } while (t - t0 < seconds * 1e9 || iters < 3);
    printf("{\"strategy\":\"%s\",\"impl\":\"%s\",\"access\":\"read\",\"rangeBytes\":%zu,\"nsPerOp\":%.1f}\n",
           strategy, impl, n, (t - t0) / iters);
    fflush(stdout);
}

/*
 * The floor of an exact one-byte store (the write probe's contract: the kernel stores one zero
 * byte, tag-checked, and faults exactly where a 1-byte store would): the cheapest syscalls that
 * store one byte chosen by the caller, each against getppid in rounds that take turns (a round:
 * STORE_ROUND of one, then STORE_ROUND of the other; the medians of the rounds), with a second thread
 * alive as in every JVM (fdget then takes a reference on the file). rt_sigpending's
 * byte is the thread's blocked pending signals 1-8 (zero only while none is both), read and pread
 * store a zero from /dev/zero (drivers/char/mem.c read_zero: clear_user), and getsockopt(SOL_SOCKET,
 * SO_DEBUG) with an optlen of 1 on an AF_UNIX datagram socket stores the first byte of the int 0
 * (net/core/sock.c sk_getsockopt: len = min(len, sizeof(int)), copy_to_sockptr, then the length back).
 */
#define STORE_ROUND 64
static int cmp_double(const void *a, const void *b) {
    const double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}
static long store_pread(int z, char *p) { return syscall(SYS_pread64, z, p, 1, 0); }
static long store_read(int z, char *p) { return syscall(SYS_read, z, p, 1); }
static long store_sigpending(int z, char *p) { (void)z; return syscall(SYS_rt_sigpending, p, 1); }
static long store_sockopt(int z, char *p) { (void)z; return cprobe_getsockopt(p, 1); }
static void store_floor(double seconds) {
    static const struct { const char *name; long (*f)(int, char *); } stores[] = {
        {"pread-dev-zero", store_pread}, {"read-dev-zero", store_read}, {"rt_sigpending-1", store_sigpending},
        {"getsockopt-so-debug-1", store_sockopt},
    };
    enum { MAX_ROUNDS = 1 << 16 };
    static double ts[MAX_ROUNDS], tg[MAX_ROUNDS];
    const int z = open("/dev/zero", O_RDONLY | O_CLOEXEC);
    if (z < 0) { perror("open /dev/zero"); return; }
    if (cprobe_getsockopt(buf, 1) != 1) { perror("getsockopt(SO_DEBUG) on an AF_UNIX socket"); return; }
    for (size_t k = 0; k < sizeof(stores) / sizeof(stores[0]); k++) {
        long rounds = 0;
        const double t0 = now();
        while ((now() - t0 < seconds * 1e9 || rounds < 3) && rounds < MAX_ROUNDS) {
            double a = now();
            for (int i = 0; i < STORE_ROUND; i++)
                sink += stores[k].f(z, buf);
            double b = now();
            for (int i = 0; i < STORE_ROUND; i++)
                sink += syscall(SYS_getppid);
            tg[rounds] = (now() - b) / STORE_ROUND;
            ts[rounds++] = (b - a) / STORE_ROUND;
        }
        qsort(ts, rounds, sizeof(double), cmp_double);
        qsort(tg, rounds, sizeof(double), cmp_double);
        printf("{\"strategy\":\"store-floor\",\"impl\":\"c-paired-store\",\"probe\":\"%s\",\"access\":\"write\","
               "\"rangeBytes\":0,\"nsPerOp\":%.1f}\n", stores[k].name, ts[rounds / 2]);
        printf("{\"strategy\":\"store-floor\",\"impl\":\"c-paired-getppid\",\"probe\":\"%s\",\"access\":\"write\","
               "\"rangeBytes\":0,\"nsPerOp\":%.1f}\n", stores[k].name, tg[rounds / 2]);
        fflush(stdout);
    }
    close(z);
}

static void *idle(void *arg) {
    (void)arg;
    for (;;)
        pause();
    return NULL;
}

static int map_range(size_t n) {
    buf = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    dst = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (buf == MAP_FAILED || dst == MAP_FAILED) { perror("mmap"); return -1; }
    memset(buf, 1, n);
    memset(dst, 2, n);
    return 0;
}

/* the first-byte probe at every range size given on the command line */
static int first_byte_each(int argc, char **argv, const char *impl, double seconds) {
    for (int a = 2; a < argc; a++) {
        size_t n = strtoul(argv[a], NULL, 10);
        if (map_range(n)) return -1;
        measure("first-byte", impl, n, first_byte, seconds);
        munmap(buf, n);
        munmap(dst, n);
    }
    return 0;
}

int main(int argc, char **argv) {
    double seconds = argc > 1 ? atof(argv[1]) : 0.5;
    fd = memfd_create("cprobe", MFD_CLOEXEC);
    if (fd < 0) { perror("memfd_create"); return 1; }
    measure("getppid", "c-baseline", 0, ppid, seconds); /* per call: no range */
    for (int a = 2; a < argc; a++) {
        size_t n = strtoul(argv[a], NULL, 10);
        if (map_range(n)) return 1;
        measure("first-byte", "c-faithful", n, first_byte, seconds);
        measure("page", "c-faithful", n, page, seconds);
        measure("granule", "c-faithful", n, granule, seconds);
        measure("page", "c-bulk", n, bulk, seconds);
        measure("granule", "c-bulk", n, bulk, seconds);
        measure("populate-read", "c-baseline", n, populate, seconds);
        measure("memcpy", "c-baseline", n, copy, seconds);
        munmap(buf, n);
        munmap(dst, n);
    }
    /*
     * The first-byte probe again with a second, idle thread: the fd table is then shared and
     * fdget() takes a reference on the file for every pwrite (fs/file.c __fget_light), as in
     * every JVM, which is never single-threaded.
     */
    pthread_t t;
    if (pthread_create(&t, NULL, idle, NULL)) { perror("pthread_create"); return 1; }
    measure("getppid", "c-baseline-threaded", 0, ppid, seconds); /* no fd: no difference */
    /* the store floor as a JVM meets it: threads share the fd table, so pread and read take a file reference */
    if (map_range(4096)) return 1;
    store_floor(seconds);
    munmap(buf, 4096);
    munmap(dst, 4096);
    if (first_byte_each(argc, argv, "c-faithful-threaded", seconds)) return 1;
    /* still two threads, but this one with a private copy of the fd table: fdget is light again */
    if (unshare(CLONE_FILES)) { perror("unshare(CLONE_FILES)"); return 1; }
    if (first_byte_each(argc, argv, "c-faithful-threaded-unshared", seconds)) return 1;
    return 0;
}
#endif
