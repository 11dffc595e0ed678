package dev.faultline.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * An exact one-byte store of a zero without a file: {@code getsockopt(fd, SOL_SOCKET, SO_DEBUG,
 * p, &len)} with {@code len} 1 on the process's one {@code AF_UNIX} datagram socket, opened
 * {@code SOCK_CLOEXEC} on first use and never closed (so its number never names another file
 * while a store uses it). net/core/sock.c sk_getsockopt (sock_getsockopt before 6.2; the same
 * steps from 5.10 to 7.1): {@code v.val = sock_flag(sk, SOCK_DBG)}, 0 on a socket nobody set
 * SO_DEBUG on (setting it takes CAP_NET_ADMIN, and nothing here sets it); {@code len = min(len,
 * sizeof(int))}, so one byte of the int 0 is copied to {@code p} (copy_to_user: on x86_64
 * copy_user_generic moves the one byte, on arm64 __arch_copy_to_user's one unprivileged,
 * tag-checked {@code sttrb}), then {@code len} is written back. The length cell is shared by every thread: the kernel reads 1 from it and writes
 * 1 back, so concurrent stores agree on it.
 *
 * <p>What it costs and saves: no file position, no fsnotify and no {@code ->read} of a character
 * device, as {@code pread(/dev/zero)} has (drivers/char/mem.c read_zero), but the socket's
 * descriptor lookup and the LSM's socket hook (bench/: the C floor times both).
 */
public final class SockoptZero {
    /** The length cell's value: one byte of the option. */
    static final int ONE = 1;

    private static final class Holder {
        static final Arena ARENA = Arena.global();
        static final MemorySegment LEN = ARENA.allocate(JAVA_INT);
        static final long LEN_ADDR = LEN.address();
        static final long FD = open();
        static final String WHY = check();
    }

    private SockoptZero() {
    }

    private static long open() {
        Holder.LEN.set(JAVA_INT, 0, ONE);
        return Socket.socket(Socket.AF_UNIX, Socket.SOCK_DGRAM | Socket.SOCK_CLOEXEC, 0);
    }

    /**
     * One store into a cell of its own that holds 0xAA: it must answer 0 and leave exactly one 0
     * byte, and the length 1. A socket that fails it is closed (no store uses it).
     */
    private static String check() {
        if (Holder.FD < 0) {
            return "socket(AF_UNIX, SOCK_DGRAM) failed: " + Errno.describe((int) -Holder.FD);
        }
        final String why;
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment cell = arena.allocate(2);
            cell.fill((byte) 0xAA);
            final long r = Socket.getsockopt((int) Holder.FD, Socket.SOL_SOCKET, Socket.SO_DEBUG, cell.address(),
                    Holder.LEN_ADDR);
            why = r != 0 ? "getsockopt(SO_DEBUG) failed: " + Errno.describe((int) -r)
                    : cell.get(JAVA_BYTE, 0) != 0 || cell.get(JAVA_BYTE, 1) != (byte) 0xAA
                            || Holder.LEN.get(JAVA_INT, 0) != ONE
                    ? "getsockopt(SO_DEBUG) with a length of 1 did not store exactly one zero byte" : null;
        }
        if (why != null) {
            Unistd.close((int) Holder.FD);
        }
        return why;
    }

    /** @return null when the store works in this process, else why not (a seccomp filter, an LSM, no AF_UNIX) */
    public static String unavailableReason() {
        return Holder.WHY;
    }

    /**
     * Stores one zero byte at {@code addr} through the kernel's copy_to_user.
     *
     * @param addr any address (may be inaccessible: the kernel answers EFAULT)
     * @return 0 when the zero was stored, else {@code -errno} (EFAULT where a one-byte store faults)
     * @throws IllegalStateException when {@link #unavailableReason()} is not null
     */
    public static long store(final long addr) {
        if (Holder.WHY != null) {
            throw new IllegalStateException("no getsockopt store: " + Holder.WHY);
        }
        return Socket.getsockopt((int) Holder.FD, Socket.SOL_SOCKET, Socket.SO_DEBUG, addr, Holder.LEN_ADDR);
    }
}
