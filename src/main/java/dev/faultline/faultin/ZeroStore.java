package dev.faultline.faultin;

import dev.faultline.sys.SockoptZero;

/**
 * The store of the mechanisms whose own syscall only loads ({@link SigprocmaskProbe},
 * {@link AffinityProbe}): the cheapest exact one-byte store of a zero this process has, chosen
 * once, in this order.
 * <ul>
 *   <li>{@link #GETSOCKOPT}: {@code getsockopt(SOL_SOCKET, SO_DEBUG)} with a length of 1 on a
 *       socket of its own ({@link SockoptZero}): no file position, no character device.</li>
 *   <li>{@link #DEV_ZERO}: {@code pread(/dev/zero, addr, 1, 0)}, {@link ZeroFdProbe}'s store.</li>
 *   <li>{@link #MEMFD}: {@link MemfdProbe}'s store, {@code pread} from a hole of the scratch memfd.</li>
 * </ul>
 * Each stores exactly one zero byte through the kernel's copy_to_user/clear_user, so each faults
 * exactly where a one-byte store at {@code addr} faults, page and MTE granule alike; the
 * mechanism's self-test holds the chosen one to that. Results are normalised to the bytes
 * stored: 1, or {@code -errno}.
 */
enum ZeroStore {
    /** {@code getsockopt(sock, SOL_SOCKET, SO_DEBUG, addr, &1)}: 0 becomes 1. */
    GETSOCKOPT("getsockopt") {
        @Override
        long storeZeroRaw(final long addr) {
            final long r = SockoptZero.store(addr);
            return r == 0 ? 1 : r;
        }
    },
    /** {@code pread(/dev/zero, addr, 1, 0)}. */
    DEV_ZERO("pread") {
        @Override
        long storeZeroRaw(final long addr) {
            return ZeroFdProbe.storeZeroThroughDevZero(addr);
        }
    },
    /** {@code pread(memfd, addr, 1, hole)}. */
    MEMFD("pread") {
        @Override
        long storeZeroRaw(final long addr) {
            return MemfdProbe.INSTANCE.storeZeroRaw(addr);
        }
    };

    private static final class Chosen {
        static final ZeroStore STORE = SockoptZero.unavailableReason() == null ? GETSOCKOPT
                : ZeroFdProbe.openReason() == null ? DEV_ZERO : MEMFD;
    }

    private final String syscall;

    ZeroStore(final String syscall) {
        this.syscall = syscall;
    }

    /** @return 1 when the zero was stored, else {@code -errno} */
    abstract long storeZeroRaw(long addr);

    /** @return the libc function the store calls, as {@code --trace} shows it */
    String syscall() {
        return syscall;
    }

    /** @return the store this process uses: the first of the three that works here */
    static ZeroStore chosen() {
        return Chosen.STORE;
    }
}
