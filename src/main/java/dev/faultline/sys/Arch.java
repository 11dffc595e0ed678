package dev.faultline.sys;

import java.util.Locale;

/** Per-architecture facts that no syscall reports. */
public final class Arch {
    private static final String OS_ARCH = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    private static final boolean ARM64 = OS_ARCH.equals("aarch64");

    private Arch() {
    }

    /** @return {@code os.arch}: {@code amd64} or {@code aarch64} on Linux HotSpot */
    public static String name() {
        return OS_ARCH;
    }

    /** @return whether this JVM runs on arm64 */
    public static boolean isArm64() {
        return ARM64;
    }

    /**
     * The top of user space as access_ok sees it: x86_64 TASK_SIZE_MAX =
     * (1 &lt;&lt; 47) - PAGE_SIZE (arch/x86/include/asm/page_64_types.h, 4-level paging);
     * arm64 TASK_SIZE_64 = 1 &lt;&lt; 48 (arch/arm64/include/asm/processor.h, VA_BITS=48 as in
     * Debian's kernels). A range ending above it is not a user range.
     *
     * <p>Computed on each call (Unistd.pageSize() is a constant): a static field would link unistd.h's
     * bindings as soon as anything asks {@link #isArm64()}, e.g. {@code mte status}.
     *
     * @return the first address that is not user space
     */
    public static long taskSize() {
        return ARM64 ? 1L << 48 : (1L << 47) - Unistd.pageSize();
    }

    /**
     * access_ok(addr, size): the range neither wraps nor leaves user space.
     *
     * @return whether {@code [addr, addr+size)} is a user range
     */
    public static boolean accessOk(final long addr, final long size) {
        final long end = addr + size;
        return Long.compareUnsigned(end, addr) >= 0 && Long.compareUnsigned(end, taskSize()) <= 0;
    }
}
