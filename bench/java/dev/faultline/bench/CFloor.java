package dev.faultline.bench;

import dev.faultline.faultin.ProbeMechanisms;
import dev.faultline.sys.DevZero;
import dev.faultline.sys.Native;
import dev.faultline.sys.ScratchFile;

import java.lang.foreign.FunctionDescriptor;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The C floor's probe loops ({@code bench/c/probe.c}, built by {@code bench/run} as
 * {@code target/bench/libcprobe.so}) bound through {@link Native#linkLibrary} for calls from the
 * JMH fork, so C and Java probe the same pages through the same memfd in the same process.
 * Each loop returns how many 1-byte {@code pwrite(fd, addr, 1, 0)} probes succeeded (the bulk
 * loop: bytes read); none reports through errno, so no call state is captured. The
 * mechanism loops ({@link #getppid}, {@link #connect}, {@link #affinity}, {@link #sigprocmask},
 * {@link #pread}, {@link #getsockopt}) are
 * the first-byte probe of each {@link dev.faultline.faultin.ProbeMechanism}, the same syscalls
 * with the same arguments, and the bare-syscall floor.
 */
final class CFloor {
    /** Where bench/run puts the library (relative to the project directory, JMH's cwd). */
    static final Path LIBRARY = Path.of(System.getProperty("faultline.cprobe", "target/bench/libcprobe.so"));

    private static final MethodHandle FIRST_BYTE;
    private static final MethodHandle PAGE;
    private static final MethodHandle GRANULE;
    private static final MethodHandle BULK;
    private static final MethodHandle GETPPID;
    private static final MethodHandle PREAD;
    private static final MethodHandle CONNECT;
    private static final MethodHandle AFFINITY;
    private static final MethodHandle SIGPROCMASK;
    private static final MethodHandle GETSOCKOPT;

    static {
        if (!Files.isReadable(LIBRARY)) {
            throw new IllegalStateException("no " + LIBRARY.toAbsolutePath()
                    + ": run bench/run, which builds it from bench/c/probe.c with gcc");
        }
        final Path lib = LIBRARY.toAbsolutePath();
        final FunctionDescriptor range = FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG);
        FIRST_BYTE = Native.linkLibrary(lib, "cprobe_first_byte", range);
        PAGE = Native.linkLibrary(lib, "cprobe_page", range);
        GRANULE = Native.linkLibrary(lib, "cprobe_granule", range);
        BULK = Native.linkLibrary(lib, "cprobe_bulk", range);
        GETPPID = Native.linkLibrary(lib, "cprobe_getppid", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
        PREAD = Native.linkLibrary(lib, "cprobe_pread", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG,
                JAVA_LONG));
        CONNECT = Native.linkLibrary(lib, "cprobe_connect", range);
        AFFINITY = Native.linkLibrary(lib, "cprobe_affinity", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG));
        SIGPROCMASK = Native.linkLibrary(lib, "cprobe_sigprocmask", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG,
                JAVA_LONG));
        GETSOCKOPT = Native.linkLibrary(lib, "cprobe_getsockopt", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG,
                JAVA_LONG));
    }

    private CFloor() {
    }

    /** {@code long cprobe_first_byte(int fd, const char *p, long reps)}: the first-byte probe of p, reps times. */
    static long firstByte(final int fd, final long p, final long reps) {
        return call(FIRST_BYTE, fd, p, reps);
    }

    /** {@code long cprobe_page(int fd, const char *p, size_t n)}: fault_in_readable's probes of [p, p+n). */
    static long page(final int fd, final long p, final long n) {
        return call(PAGE, fd, p, n);
    }

    /** {@code long cprobe_granule(int fd, const char *p, size_t n)}: the page pass, then every 16-byte granule. */
    static long granule(final int fd, final long p, final long n) {
        return call(GRANULE, fd, p, n);
    }

    /** {@code long cprobe_bulk(int fd, const char *p, size_t n)}: one large pwrite of [p, p+n), resumed: bytes read. */
    static long bulk(final int fd, final long p, final long n) {
        return call(BULK, fd, p, n);
    }

    /** {@code long cprobe_getppid(long reps)}: getppid, reps times (how many returned a pid). */
    static long getppid(final long reps) {
        try {
            return (long) GETPPID.invokeExact(reps);
        } catch (Throwable t) {
            throw new AssertionError("C floor call failed", t);
        }
    }

    /** {@code long cprobe_pread(int fd, char *p, long off, long reps)}: pread(fd, p, 1, off), reps times. */
    static long pread(final int fd, final long p, final long off, final long reps) {
        try {
            return (long) PREAD.invokeExact(fd, p, off, reps);
        } catch (Throwable t) {
            throw new AssertionError("C floor call failed", t);
        }
    }

    /** {@code long cprobe_connect(int fd, const char *p, long reps)}: connect(fd, p, 1) → ENOTSOCK, reps times. */
    static long connect(final int fd, final long p, final long reps) {
        return call(CONNECT, fd, p, reps);
    }

    /** {@code long cprobe_affinity(const char *p, long reps)}: sched_setaffinity(INT_MAX, 1, p) → ESRCH, reps times. */
    static long affinity(final long p, final long reps) {
        return call(AFFINITY, p, reps);
    }

    /**
     * {@code long cprobe_sigprocmask(const char *p, long reps)}: the raw rt_sigprocmask(-1, p &amp; ~7,
     * NULL, 8) → EINVAL, reps times.
     */
    static long sigprocmask(final long p, final long reps) {
        return call(SIGPROCMASK, p, reps);
    }

    /**
     * {@code long cprobe_getsockopt(char *p, long reps)}: getsockopt(sock, SOL_SOCKET, SO_DEBUG, p,
     * &amp;1) → 0 on a socket of the library's own, reps times (-1 when it could not open one).
     */
    static long getsockopt(final long p, final long reps) {
        return call(GETSOCKOPT, p, reps);
    }

    /**
     * The first-byte probe of the mechanism called {@code probe} from C, {@code reps} times on
     * {@code p}: the syscall its {@link dev.faultline.faultin.ProbeMechanism#loadRaw} (load) or
     * {@link dev.faultline.faultin.ProbeMechanism#storeZeroRaw} makes, with the same arguments.
     *
     * @return how many of the probes succeeded
     */
    static long mechanism(final String probe, final boolean load, final long p, final long reps) {
        final int fd = probe.equals("memfd") ? ScratchFile.get().fd() : (int) DevZero.fd();
        if (!load) { // the store the mechanism's syscalls() names: getsockopt, or a 1-byte pread of /dev/zero or the memfd's hole
            return storeSyscall(probe).equals("getsockopt") ? getsockopt(p, reps)
                    : pread(fd, p, probe.equals("memfd") ? ScratchFile.ZERO_OFFSET : 0, reps);
        }
        return switch (probe) {
            case "memfd" -> firstByte(fd, p, reps);
            case "zero-fd" -> connect(fd, p, reps);
            case "affinity" -> affinity(p, reps);
            case "sigprocmask" -> sigprocmask(p, reps);
            default -> throw new IllegalArgumentException("probe " + probe);
        };
    }

    /** @return the syscall of the store of the mechanism called {@code probe}, as its {@code syscalls()} names it */
    static String storeSyscall(final String probe) {
        return ProbeMechanisms.ORDER.stream().filter(m -> m.name().equals(probe)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("probe " + probe)).syscalls().get(1);
    }

    private static long call(final MethodHandle loop, final long p, final long reps) {
        try {
            return (long) loop.invokeExact(p, reps);
        } catch (Throwable t) {
            throw new AssertionError("C floor call failed", t);
        }
    }

    private static long call(final MethodHandle loop, final int fd, final long p, final long n) {
        try {
            return (long) loop.invokeExact(fd, p, n);
        } catch (Throwable t) {
            throw new AssertionError("C floor call failed", t);
        }
    }
}
