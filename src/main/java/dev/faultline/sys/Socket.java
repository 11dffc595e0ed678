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
    private Socket() {
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
