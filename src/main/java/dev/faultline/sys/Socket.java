package dev.faultline.sys;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static dev.faultline.sys.Native.capture;
import static dev.faultline.sys.Native.link;
import static dev.faultline.sys.Native.linkageBug;
import static dev.faultline.sys.Native.result;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Bindings of {@code <sys/socket.h>}. Conventions in {@link Native}: results are the C result
 * or {@code -errno}.
 */
public final class Socket {
    private static final MethodHandle CONNECT = link("connect",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT));
    /** {@code __NR_connect}: 42 on x86_64 (syscall_64.tbl), 203 on arm64 (asm-generic/unistd.h). */
    static final long NR_CONNECT = Arch.isArm64() ? 203 : 42;
    private static final MethodHandle SOCKET = link("socket",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle GETSOCKOPT = link("getsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG));
    /** {@code __NR_getsockopt}: 55 on x86_64 (syscall_64.tbl), 209 on arm64 (asm-generic/unistd.h). */
    static final long NR_GETSOCKOPT = Arch.isArm64() ? 209 : 55;

    /** {@code AF_UNIX}: 1 (include/linux/socket.h). */
    public static final int AF_UNIX = 1;
    /** {@code SOCK_DGRAM}: 2 (include/linux/net.h enum sock_type; not MIPS). */
    public static final int SOCK_DGRAM = 2;
    /** {@code SOCK_CLOEXEC}: O_CLOEXEC, 02000000 on x86_64 and arm64 (include/linux/net.h, asm-generic/fcntl.h). */
    public static final int SOCK_CLOEXEC = 02000000;
    /** {@code SOL_SOCKET}: 1 (include/uapi/asm-generic/socket.h; x86_64 and arm64 use it). */
    public static final int SOL_SOCKET = 1;
    /** {@code SO_DEBUG}: 1 (include/uapi/asm-generic/socket.h). */
    public static final int SO_DEBUG = 1;

    private Socket() {
    }

    /**
     * {@code int socket(int domain, int type, int protocol)}: a new descriptor, or -1 with errno
     * (EAFNOSUPPORT, EMFILE, ENFILE, ENOBUFS, ENOMEM, EACCES from an LSM...). socket(2).
     *
     * @return the fd or {@code -errno}
     */
    public static long socket(final int domain, final int type, final int protocol) {
        final MemorySegment s = capture();
        try {
            return result("socket", (int) SOCKET.invokeExact(s, domain, type, protocol), -1, s, domain, type, protocol);
        } catch (Throwable t) {
            throw linkageBug(t);
        }
    }

    /**
     * {@code int getsockopt(int sockfd, int level, int optname, void *optval, socklen_t *optlen)}:
     * 0, or -1 with errno (EBADF, ENOTSOCK, ENOPROTOOPT, EINVAL for a negative {@code *optlen},
     * EFAULT when the kernel cannot read or write {@code *optlen} or write the value). getsockopt(2).
     * For {@code SOL_SOCKET} (net/core/sock.c sk_getsockopt, sock_getsockopt before 6.2; the same
     * steps in 5.10 and 7.1): {@code *optlen} is read first, the value is an int for most options,
     * {@code len = min(len, sizeof(int))} bytes of it are copied to {@code optval} (copy_to_user,
     * or copy_to_sockptr from 5.9), then the length back to {@code optlen}.
     *
     * @param optval address of the value's buffer (may be inaccessible)
     * @param optlen address of a socklen_t (32 bits) that holds the buffer's size on entry
     * @return 0 or {@code -errno}
     */
    public static long getsockopt(final int sockfd, final int level, final int optname, final long optval,
                                  final long optlen) {
        if (RawSyscall.available()) { // the default probe's store: once per probe point
            return RawSyscall.call("getsockopt", NR_GETSOCKOPT, sockfd, level, optname, optval, optlen);
        }
        final MemorySegment s = capture();
        try {
            return result("getsockopt", (int) GETSOCKOPT.invokeExact(s, sockfd, level, optname, optval, optlen), -1, s,
                    sockfd, level, optname, optval, optlen, 0);
        } catch (Throwable t) {
            throw linkageBug(t);
        }
    }

    /**
     * {@code int connect(int sockfd, const struct sockaddr *addr, socklen_t addrlen)}: 0, or -1
     * with errno (EBADF, ENOTSOCK when {@code sockfd} is not a socket, EFAULT when the kernel
     * cannot read {@code addrlen} bytes at {@code addr}, EINVAL, ECONNREFUSED, EINPROGRESS...).
     * connect(2). The kernel copies the address before it looks at the descriptor
     * (net/socket.c __sys_connect → move_addr_to_kernel, then __sys_connect_file), so with a
     * non-socket fd the answer is EFAULT or ENOTSOCK.
     *
     * @param addr    address of the sockaddr (may be inaccessible)
     * @param addrlen its length in bytes (socklen_t, 32 bits)
     * @return 0 or {@code -errno}
     */
    public static long connect(final int sockfd, final long addr, final int addrlen) {
        if (RawSyscall.available()) { // the zero-fd probe's load: once per probe point
            return RawSyscall.call("connect", NR_CONNECT, sockfd, addr, addrlen, 0);
        }
        final MemorySegment s = capture();
        try {
            return result("connect", (int) CONNECT.invokeExact(s, sockfd, addr, addrlen), -1, s, sockfd, addr, addrlen);
        } catch (Throwable t) {
            throw linkageBug(t);
        }
    }
}
