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

/**
 * Binding of {@code <sys/ioctl.h>}: the one-pointer form of ioctl(2) (btrfs' tree search).
 * Conventions in {@link Native}: results are the C result or {@code -errno}.
 */
public final class Ioctl {
    private static final MethodHandle IOCTL = link("ioctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG), Linker.Option.firstVariadicArg(2));

    private Ioctl() {
    }

    /**
     * {@code int ioctl(int fd, unsigned long request, ...)} with one pointer argument (variadic,
     * firstVariadicArg(2)): request-specific result, or -1 with errno. ioctl(2).
     *
     * @return the result, or {@code -errno}
     */
    public static long ioctl(final int fd, final long request, final long arg) {
        final MemorySegment s = capture();
        try {
            return result("ioctl", (int) IOCTL.invokeExact(s, fd, request, arg), -1, s, fd, request, arg);
        } catch (Throwable t) {
            throw linkageBug(t);
        }
    }
}
