package dev.faultline.mte;

import dev.faultline.memory.Backing;
import dev.faultline.memory.Region;
import dev.faultline.sys.Errno;
import dev.faultline.sys.Mman;
import dev.faultline.sys.Vm;
import dev.faultline.sys.SyscallException;
import dev.faultline.sys.Uio;
import dev.faultline.sys.Unistd;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A stricter mirror of the kernel's tools/testing/selftests/arm64/mte/check_user_mem.c:
 * read/write/readv/writev of a regular (tmpfs) file x sync/async x shared or private x tag length
 * {0 = to the end, 16} x tag offset {0, 16, page}; pointer offsets 0..15 and sizes
 * {1, 2, 3, 8, 16, 32, 4096, page}. In sync mode the count stops at the first mismatched
 * granule — at most that boundary and at least 64 bytes below it (arm64's documented copy
 * fuzz) — and is EFAULT when the first byte mismatches; in async mode the kernel's uaccess is
 * not checked and the count is full. The selftest itself only asserts "no signal, short in
 * sync".
 */
class CheckUserMemTest extends MteCase {
    private static final long PAGE = Unistd.pageSize();
    /** Sizes: small ones, 4096 bytes as a size (one page only on 4 KiB kernels), and one page. */
    private static final long[] SIZES = {1, 2, 3, 8, 16, 32, 4096, PAGE};
    /** Whether write() faults in a whole chunk first (before v5.16: fault_in_pages_readable). */
    private static final boolean OLD_WRITE =
            dev.faultline.oracle.Oracle.fileLoopEra() == dev.faultline.faultin.KernelEra.PRE_5_16;

    @AfterEach
    void backToSync() {
        if (Mte.available()) {
            Mte.setMode(Mte.Mode.SYNC);
        }
    }

    static Stream<Arguments> matrix() {
        final List<Arguments> out = new ArrayList<>();
        for (final String op : new String[] {"read", "write", "readv", "writev"}) {
            for (final Mte.Mode mode : new Mte.Mode[] {Mte.Mode.SYNC, Mte.Mode.ASYNC}) {
                for (final Backing b : new Backing[] {Backing.SHARED, Backing.ANON}) {
                    for (final long tagLen : new long[] {0, 16}) {
                        for (final long tagOffset : new long[] {0, 16, PAGE}) {
                            out.add(Arguments.of(op, mode, b, tagLen, tagOffset));
                        }
                    }
                }
            }
        }
        return out.stream();
    }

    private static long call(final String op, final int fd, final long buf, final long n, final MemorySegment iov) {
        iov.set(JAVA_LONG, 0, buf);
        iov.set(JAVA_LONG, 8, n);
        return switch (op) {
            case "read" -> Unistd.pread(fd, buf, n, 0);
            case "write" -> Unistd.pwrite(fd, buf, n, 0);
            case "readv" -> Unistd.lseek(fd, 0, 0) == 0 ? Uio.readv(fd, iov.address(), 1) : -1;
            case "writev" -> Unistd.lseek(fd, 0, 0) == 0 ? Uio.writev(fd, iov.address(), 1) : -1;
            default -> throw new IllegalArgumentException(op);
        };
    }

    @ParameterizedTest(name = "{0} {1} {2} tagLen={3} tagOffset={4}")
    @MethodSource("matrix")
    void countStopsAtTheFirstMismatchedGranule(final String op, final Mte.Mode mode, final Backing backing,
                                               final long tagLen, final long tagOffset) {
        final long size = 2 * PAGE;
        final long end = tagLen == 0 ? size : tagOffset + tagLen;
        try (Region r = Regions.of("rw*2", backing); Arena arena = Arena.ofConfined()) {
            Mte.setTags(r.base() + tagOffset, end - tagOffset, Mte.MARK_TAG);
            final MemorySegment name = arena.allocateFrom("check_user_mem");
            final int fd = (int) SyscallException.check("memfd_create", Mman.memfdCreate(name.address(), 0), "file");
            try {
                final MemorySegment a = arena.allocate(size);
                a.fill((byte) 'A');
                assertEquals(size, Unistd.pwrite(fd, a.address(), size, 0));
                final MemorySegment iov = arena.allocate(Vm.IOVEC);
                Mte.setMode(mode);
                for (long ptroff = 0; ptroff < 16; ptroff++) {
                    for (final long n : SIZES) {
                        if (ptroff + n > size) {
                            continue;
                        }
                        final long got = call(op, fd, r.base() + ptroff, n, iov);
                        final String what = String.format("%s ptroff=%d n=%d -> %d", op, ptroff, n, got);
                        final boolean firstBad = ptroff >= tagOffset && ptroff < end;
                        // before 5.16 a write first faults in its chunk (one file page from position 0) with
                        // fault_in_pages_readable, which also loads the chunk's last byte when it lies in the
                        // next page: a mismatched granule there fails the whole write
                        final long chunkEnd = ptroff + Math.min(PAGE, n) - 1;
                        final boolean lastProbeBad = OLD_WRITE && op.startsWith("write") && chunkEnd / PAGE != ptroff / PAGE
                                && chunkEnd >= tagOffset && chunkEnd < end;
                        final long boundary = ptroff < tagOffset ? Math.min(n, tagOffset - ptroff) : n;
                        if (mode == Mte.Mode.ASYNC) {
                            assertEquals(n, got, what);
                        } else if (firstBad || lastProbeBad) {
                            assertEquals(-Errno.EFAULT.number(), got, what);
                        } else if (boundary == n) {
                            assertEquals(n, got, what);
                        } else {
                            assertTrue(got <= boundary && got >= Math.max(1, boundary - 64), what + " boundary " + boundary);
                        }
                    }
                }
            } finally {
                Mte.setMode(Mte.Mode.SYNC);
                Unistd.close(fd);
            }
        }
    }

    static {
        assert Mman.PROT_MTE == 0x20;
    }
}
