package dev.faultline.sys;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static dev.faultline.sys.Native.capture;
import static dev.faultline.sys.Native.link;
import static dev.faultline.sys.Native.linkageBug;
import static dev.faultline.sys.Native.result;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** File and pipe constants; asm-generic values, identical on x86_64 and aarch64. */
public final class Fcntl {
    /** include/uapi/asm-generic/fcntl.h: open read-only. */
    public static final int O_RDONLY = 0;
    /** include/uapi/asm-generic/fcntl.h: open read-write. */
    public static final int O_RDWR = 2;
    /** include/uapi/asm-generic/fcntl.h: close on exec (octal 02000000). */
    public static final int O_CLOEXEC = 0x80000;
    /** include/uapi/asm-generic/fcntl.h: non-blocking (octal 04000). */
    public static final int O_NONBLOCK = 0x800;
    /** include/uapi/asm-generic/fcntl.h: create if missing (octal 0100). */
    public static final int O_CREAT = 0x40;
    /** include/uapi/asm-generic/fcntl.h: truncate (octal 01000). */
    public static final int O_TRUNC = 0x200;
    /**
     * Direct I/O: include/uapi/asm-generic/fcntl.h octal 040000 (0x4000) on x86_64;
     * arch/arm64/include/uapi/asm/fcntl.h octal 0200000 (0x10000) on arm64.
     */
    public static final int O_DIRECT = Arch.isArm64() ? 0x10000 : 0x4000;
    /** include/uapi/linux/fcntl.h: F_LINUX_SPECIFIC_BASE (1024) + 7: set pipe capacity. */
    public static final int F_SETPIPE_SZ = 1031;
    /** include/uapi/linux/fcntl.h: F_LINUX_SPECIFIC_BASE (1024) + 8: get pipe capacity. */
    public static final int F_GETPIPE_SZ = 1032;

    private static final MethodHandle OPEN = link("open",
            FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_INT),
            Linker.Option.firstVariadicArg(2));

    private Fcntl() {
    }

    /**
     * {@code int open(const char *path, int flags, ...)} (variadic, firstVariadicArg(2)):
     * an fd, or -1 with errno. open(2).
     *
     * @param path address of a NUL-terminated path
     * @return the fd, or {@code -errno}
     */
    public static long open(final long path, final int flags, final int mode) {
        final MemorySegment s = capture();
        try {
            return result("open", (int) OPEN.invokeExact(s, path, flags, mode), -1, s, path, flags, mode);
        } catch (Throwable t) {
            throw linkageBug(t);
        }
    }
}
