package dev.faultline.faultin;

import dev.faultline.sys.DevZero;
import dev.faultline.sys.Errno;
import dev.faultline.sys.Socket;
import dev.faultline.sys.Unistd;

import java.util.List;

/**
 * {@code zero-fd}: both probes through the process's {@code /dev/zero} descriptor
 * ({@link DevZero}).
 * <ul>
 *   <li>Load: {@code connect(zfd, addr, 1)}. net/socket.c __sys_connect →
 *       move_addr_to_kernel does {@code copy_from_user(kaddr, addr, 1)} (then audit_sockaddr)
 *       before __sys_connect_file's sock_from_file answers ENOTSOCK for a non-socket fd, and
 *       before any LSM hook: ENOTSOCK = readable, EFAULT = not. Exactly one byte, one
 *       copy_from_user, no allocation; the same code in 5.10, 6.1, 6.12 and 7.1.</li>
 *   <li>Store: {@code pread(zfd, addr, 1, 0)}. fs/read_write.c vfs_read prefers ->read, and
 *       zero_fops.read is drivers/char/mem.c read_zero → {@code clear_user(addr, 1)}: exactly one
 *       zero byte (arm64 __arch_clear_user: one unprivileged {@code sttrb}, tag-checked). pread,
 *       not read, so the shared f_pos is not written.</li>
 * </ul>
 * The cheapest measured pair (about 1.1–1.5× getppid each). Once the process has several
 * threads, each call takes and drops a reference on the shared file (f_count).
 */
public final class ZeroFdProbe implements ProbeMechanism {
    /** The one instance (the fd is process-wide). */
    public static final ZeroFdProbe INSTANCE = new ZeroFdProbe();

    private static final long ENOTSOCK = -Errno.ENOTSOCK.number();

    private ZeroFdProbe() {
    }

    @Override
    public String name() {
        return "zero-fd";
    }

    @Override
    public List<String> syscalls() {
        return List.of("connect", "pread");
    }

    @Override
    public String unavailableReason() {
        return openReason();
    }

    static String openReason() {
        final long fd = DevZero.fd();
        return fd < 0 ? "open(/dev/zero) failed: " + Errno.describe((int) -fd) : null;
    }

    @Override
    public long loadRaw(final long addr) {
        return Socket.connect((int) DevZero.fd(), addr, 1);
    }

    @Override
    public long storeZeroRaw(final long addr) {
        return storeZeroThroughDevZero(addr);
    }

    static long storeZeroThroughDevZero(final long addr) {
        return Unistd.pread((int) DevZero.fd(), addr, 1, 0);
    }

    @Override
    public boolean loadOk(final long raw) {
        return raw == ENOTSOCK;
    }

    @Override
    public boolean storeOk(final long raw) {
        return raw == 1;
    }
}
