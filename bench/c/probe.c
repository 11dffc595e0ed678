/*
 * The C floor of Faultline's probe benchmark: the same faithful and bulk probe loops, the
 * same syscalls, measured in the same run, so the FFM overhead is a ratio, not a guess.
 * Output: one JSON object per line {strategy, impl, access, rangeBytes, nsPerOp}.
 * Build: gcc -O2 -o cprobe probe.c      Run: ./cprobe [seconds-per-point] SIZE...
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>

#ifndef MADV_POPULATE_READ
#define MADV_POPULATE_READ 22 /* include/uapi/asm-generic/mman-common.h */
#endif

static int fd;
static long page;
static volatile long sink;

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e9 + t.tv_nsec;
}

/* fault_in_readable: first byte, then each following page start below the end */
static long probe_page(char *p, size_t n) {
    char *end = p + n;
    long ok = 0;
    for (char *c = p; c < end; c = (char *)(((unsigned long)c + page) & -page))
        ok += pwrite(fd, c, 1, 0) == 1;
    return ok;
}

/* page pass, then mte_probe_user_range: first byte and every 16-byte granule start */
static long probe_granule(char *p, size_t n) {
    long ok = probe_page(p, n);
    char *end = p + n;
    ok += pwrite(fd, p, 1, 0) == 1;
    for (char *c = (char *)(((unsigned long)p + 15) & -16L); c < end; c += 16)
        ok += pwrite(fd, c, 1, 0) == 1;
    return ok;
}

static long bulk(char *p, size_t n) {
    size_t done = 0;
    while (done < n) {
        ssize_t r = pwrite(fd, p + done, n - done, done);
        if (r <= 0) break;
        done += r;
    }
    return done;
}

typedef long (*fn)(char *, size_t);
static char *buf, *dst;

static long first_byte(char *p, size_t n) { (void)n; return pwrite(fd, p, 1, 0); }
static long populate(char *p, size_t n) { return madvise(p, n, MADV_POPULATE_READ); }
static long copy(char *p, size_t n) { memcpy(dst, p, n); return dst[n - 1]; }
static long ppid(char *p, size_t n) { (void)p; (void)n; return getppid(); }

static void measure(const char *strategy, const char *impl, size_t n, fn f, double seconds) {
    f(buf, n);
    long iters = 0;
    double t0 = now(), t;
    do {
        sink += f(buf, n);
        iters++;
        t = now();
    } while (t - t0 < seconds * 1e9 || iters < 3);
    printf("{\"strategy\":\"%s\",\"impl\":\"%s\",\"access\":\"read\",\"rangeBytes\":%zu,\"nsPerOp\":%.1f}\n",
           strategy, impl, n, (t - t0) / iters);
    fflush(stdout);
}

int main(int argc, char **argv) {
    double seconds = argc > 1 ? atof(argv[1]) : 0.5;
    page = sysconf(_SC_PAGESIZE);
    fd = memfd_create("cprobe", MFD_CLOEXEC);
    if (fd < 0) { perror("memfd_create"); return 1; }
    for (int a = 2; a < argc; a++) {
        size_t n = strtoul(argv[a], NULL, 10);
        buf = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        dst = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (buf == MAP_FAILED || dst == MAP_FAILED) { perror("mmap"); return 1; }
        memset(buf, 1, n);
        memset(dst, 2, n);
        measure("first-byte", "c-faithful", n, first_byte, seconds);
        measure("page", "c-faithful", n, probe_page, seconds);
        if (n <= (1 << 20) || argc > 0) measure("granule", "c-faithful", n, probe_granule, seconds);
        measure("page", "c-bulk", n, bulk, seconds);
        measure("granule", "c-bulk", n, bulk, seconds);
        measure("populate-read", "c-baseline", n, populate, seconds);
        measure("memcpy", "c-baseline", n, copy, seconds);
        measure("getppid", "c-baseline", n, ppid, seconds);
        munmap(buf, n);
        munmap(dst, n);
    }
    return 0;
}
