package dev.faultline.sys;

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

    private Fcntl() {
    }
}
