package dev.faultline.mte;

import dev.faultline.sys.Mman;
import dev.faultline.sys.Vm;
import dev.faultline.sys.Native;
import dev.faultline.sys.SyscallException;
import dev.faultline.sys.Unistd;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The few AArch64 MTE instructions Faultline needs, emitted into a page of its own, made
 * read+execute, and called through downcalls (no C compiler at run time). Encodings were
 * assembled with {@code aarch64-linux-gnu-as -march=armv8.5-a+memtag} and checked with
 * objdump (docs/design.md#mte-in-faultline):
 * <pre>
 *   settag(x0 = tagged ptr, x1 = len, len % 16 == 0, len &gt; 0):
 *     1: stg x0, [x0], #16 ; subs x1, x1, #16 ; b.ne 1b ; ret
 *   gettag(x0 = ptr) -&gt; ptr with the allocation tag in bits 59:56:
 *     ldg x0, [x0] ; ret
 * </pre>
 * Only usable on arm64 with MTE (the instructions are UNDEFINED elsewhere). The page is never
 * rewritten after it ran (arm64 syncs the I-cache when a page is first mapped executable).
 */
final class TagCode {
    private static final int[] SETTAG = {0xd9201400, 0xf1004021, 0x54ffffc1, 0xd65f03c0};
    private static final int[] GETTAG = {0xd9600000, 0xd65f03c0};
    private static final int GETTAG_OFFSET = 64;

    private final MethodHandle settag;
    private final MethodHandle gettag;

    TagCode() {
        final long page = Unistd.pageSize();
        final long code = SyscallException.check("mmap", Mman.mmap(0, page, Mman.PROT_READ | Mman.PROT_WRITE,
                Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS, -1, 0), "tag code page");
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment words = arena.allocate(page);
            for (int i = 0; i < SETTAG.length; i++) {
                words.setAtIndex(JAVA_INT, i, SETTAG[i]);
            }
            for (int i = 0; i < GETTAG.length; i++) {
                words.set(JAVA_INT, GETTAG_OFFSET + 4L * i, GETTAG[i]);
            }
            if (Vm.write(code, words, page) != page) {
                throw new IllegalStateException("cannot write the MTE tag code page");
            }
        }
        SyscallException.check("mprotect", Mman.mprotect(code, page, Mman.PROT_READ | Mman.PROT_EXEC), "tag code page r-x");
        settag = Native.linkCode(code, FunctionDescriptor.ofVoid(JAVA_LONG, JAVA_LONG));
        gettag = Native.linkCode(code + GETTAG_OFFSET, FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
    }

    void setTags(final long taggedAddr, final long len) {
        try {
            settag.invokeExact(taggedAddr, len);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    int tagOf(final long addr) {
        try {
            return (int) (((long) gettag.invokeExact(addr)) >>> 56) & 0xf;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }
}
