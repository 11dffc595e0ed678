package dev.faultline.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The process's one descriptor of {@code /dev/zero}, opened {@code O_RDONLY|O_CLOEXEC} on first
 * use and never closed (so it can never be reused for another file while a probe uses it).
 * It is a descriptor that is not a socket (connect answers ENOTSOCK after copying the address)
 * and whose read stores zeros (drivers/char/mem.c read_zero → clear_user).
 */
public final class DevZero {
    private static final class Holder {
        static final long FD = open();
    }

    private DevZero() {
    }

    private static long open() {
        try (Arena arena = Arena.ofConfined()) {
            return Fcntl.open(arena.allocateFrom("/dev/zero").address(), Fcntl.O_RDONLY | Fcntl.O_CLOEXEC, 0);
        }
    }

    /**
     * @return the fd, or {@code -errno} of the one open attempt (e.g. ENOENT in a sandbox
     *         without {@code /dev})
     */
    public static long fd() {
        return Holder.FD;
    }
}
