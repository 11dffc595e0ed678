package dev.faultline.faultin;

import dev.faultline.sys.Errno;
import dev.faultline.sys.Mman;
import dev.faultline.sys.Syscalls;
import dev.faultline.sys.Unistd;
import dev.faultline.sys.Vm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.stream.Stream;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every probe mechanism owes {@link KernelProber}, run against each of them on a mapping
 * {@code [rw][none][ro][unmapped]} (never dereferenced from Java: process_vm_readv/writev
 * fill and check it), plus the self-test and fallback with mechanisms that fail. The stores of
 * {@link ZeroStore} each run too, beside sigprocmask's load: the process uses only the first
 * that works here, and a sandbox may leave it one of the others.
 */
class ProbeMechanismContract {
    private static final long PAGE = Unistd.pageSize();
    private static final byte FILL = (byte) 0xAA;

    private long base;
    private Arena arena;
    private MemorySegment buf;

    /** Every mechanism, and sigprocmask's load with each {@link ZeroStore} (the process uses only the first that works). */
    static Stream<ProbeMechanism> mechanisms() {
        return Stream.concat(ProbeMechanisms.ORDER.stream(), Stream.of(ZeroStore.values()).map(WithStore::new));
    }

    /** {@link SigprocmaskProbe} with one store of {@link ZeroStore}, chosen or not. */
    private record WithStore(ZeroStore store) implements ProbeMechanism {
        @Override
        public String name() {
            return "sigprocmask+" + store.name().toLowerCase(java.util.Locale.ROOT);
        }

        @Override
        public List<String> syscalls() {
            return List.of("rt_sigprocmask", store.syscall());
        }

        @Override
        public long loadRaw(final long addr) {
            return SigprocmaskProbe.INSTANCE.loadRaw(addr);
        }

        @Override
        public long storeZeroRaw(final long addr) {
            return store.storeZeroRaw(addr);
        }

        @Override
        public boolean loadOk(final long raw) {
            return SigprocmaskProbe.INSTANCE.loadOk(raw);
        }

        @Override
        public boolean storeOk(final long raw) {
            return raw == 1;
        }
    }

    @BeforeEach
    void map() {
        base = Mman.mmap(0, 4 * PAGE, Mman.PROT_NONE, Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS, -1, 0);
        assertTrue(base > 0);
        assertEquals(0, Mman.mprotect(base, PAGE, Mman.PROT_READ | Mman.PROT_WRITE));
        assertEquals(0, Mman.mprotect(base + 2 * PAGE, PAGE, Mman.PROT_READ));
        assertEquals(0, Mman.munmap(base + 3 * PAGE, PAGE));
        arena = Arena.ofConfined();
        buf = arena.allocate(PAGE);
        buf.fill(FILL);
        assertEquals(PAGE, Vm.write(base, buf, PAGE));
    }

    @AfterEach
    void unmap() {
        Mman.munmap(base, 4 * PAGE);
        arena.close();
    }

    private long lastRw() {
        return base + PAGE - 1;
    }

    private MemorySegment rwPage() {
        buf.fill((byte) 0x11);
        assertEquals(PAGE, Vm.read(base, buf, PAGE));
        return buf;
    }

    @ParameterizedTest
    @MethodSource("mechanisms")
    void shouldPassItsSelfTestHere(final ProbeMechanism m) {
        assertNull(ProbeMechanisms.selfTest(m), m.name());
    }

    @ParameterizedTest
    @MethodSource("mechanisms")
    void shouldLoadTheLastByteBeforeAProtNonePage(final ProbeMechanism m) {
        assertTrue(m.load(lastRw()));
        assertTrue(m.load(base));
    }

    @ParameterizedTest
    @MethodSource("mechanisms")
    void shouldFailToLoadOrStoreOnAProtNonePageWithEfault(final ProbeMechanism m) {
        assertFalse(m.load(base + PAGE));
        assertFalse(m.storeZero(base + PAGE));
        assertEquals(-Errno.EFAULT.number(), m.loadRaw(base + PAGE));
        assertEquals(-Errno.EFAULT.number(), m.storeZeroRaw(base + PAGE));
    }

    @ParameterizedTest
    @MethodSource("mechanisms")
    void shouldFailOnAHole(final ProbeMechanism m) {
        assertFalse(m.load(base + 3 * PAGE));
        assertFalse(m.storeZero(base + 3 * PAGE));
        assertEquals(-Errno.EFAULT.number(), m.loadRaw(base + 3 * PAGE));
    }

    @ParameterizedTest
    @MethodSource("mechanisms")
    void shouldLoadButNotStoreOnAReadOnlyPage(final ProbeMechanism m) {
        assertTrue(m.load(base + 2 * PAGE));
        assertTrue(m.load(base + 3 * PAGE - 1));
        assertFalse(m.storeZero(base + 2 * PAGE));
        assertEquals(-Errno.EFAULT.number(), m.storeZeroRaw(base + 2 * PAGE));
    }

    @ParameterizedTest
    @MethodSource("mechanisms")
    void shouldStoreExactlyOneZeroByte(final ProbeMechanism m) {
        final long at = base + 100;
        assertTrue(m.storeZero(at));
        assertTrue(m.storeZero(lastRw()));
        final MemorySegment page = rwPage();
        for (long i = 0; i < PAGE; i++) {
            final byte want = i == 100 || i == PAGE - 1 ? 0 : FILL;
            assertEquals(want, page.get(JAVA_BYTE, i), m.name() + " byte " + i);
        }
    }

    @ParameterizedTest
    @MethodSource("mechanisms")
    void shouldLeaveMemoryUnchangedWhenLoading(final ProbeMechanism m) {
        for (long i = 0; i < PAGE; i += 97) {
            assertTrue(m.load(base + i));
        }
        assertTrue(m.load(lastRw()));
        final MemorySegment page = rwPage();
        for (long i = 0; i < PAGE; i++) {
            assertEquals(FILL, page.get(JAVA_BYTE, i), m.name() + " byte " + i);
        }
    }

    @ParameterizedTest
    @MethodSource("mechanisms")
    void shouldMakeExactlyOneSyscallPerProbe(final ProbeMechanism m) {
        m.load(lastRw());
        m.storeZero(lastRw());
        final long before = Syscalls.count();
        m.load(lastRw());
        assertEquals(before + 1, Syscalls.count());
        m.storeZero(lastRw());
        assertEquals(before + 2, Syscalls.count());
        assertEquals(2, m.syscalls().size());
    }

    @Test
    void shouldNeverPassPidZeroToSchedSetaffinity() {
        assertEquals(Integer.MAX_VALUE, AffinityProbe.NO_SUCH_PID);
        assertEquals(-Errno.ESRCH.number(), AffinityProbe.INSTANCE.loadRaw(lastRw()));
    }

    /**
     * The sigprocmask load reads the aligned word of the byte and changes no mask: the calling
     * thread's blocked set (/proc/thread-self/status SigBlk) is the same after loads of words
     * holding all-ones (which SIG_BLOCK would block everything with) and all-zeros.
     */
    @Test
    void shouldNeverChangeTheSignalMaskWithSigprocmask() throws java.io.IOException {
        final String before = sigBlk();
        final MemorySegment ones = arena.allocate(PAGE);
        ones.fill((byte) 0xFF);
        assertEquals(PAGE, Vm.write(base, ones, PAGE));
        for (long i = 0; i < PAGE; i += 8) {
            assertEquals(-Errno.EINVAL.number(), SigprocmaskProbe.INSTANCE.loadRaw(base + i + (i / 8) % 8));
        }
        assertEquals(before, sigBlk());
        assertEquals(-8L, SigprocmaskProbe.WORD_MASK);
        assertEquals(8L, dev.faultline.sys.Signal.SIGSET_SIZE);
    }

    private static String sigBlk() throws java.io.IOException {
        return java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/thread-self/status")).stream()
                .filter(l -> l.startsWith("SigBlk:")).findFirst().orElseThrow();
    }

    /** A mechanism filtered the way a seccomp profile would: every call answers {@code errno}. */
    private static ProbeMechanism filtered(final String name, final Errno errno) {
        return new ProbeMechanism() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public List<String> syscalls() {
                return List.of("filtered", "filtered");
            }

            @Override
            public long loadRaw(final long addr) {
                return -errno.number();
            }

            @Override
            public long storeZeroRaw(final long addr) {
                return -errno.number();
            }

            @Override
            public boolean loadOk(final long raw) {
                return raw == 0;
            }

            @Override
            public boolean storeOk(final long raw) {
                return raw == 1;
            }
        };
    }

    /** Loads that always succeed: the self-test must catch the PROT_NONE page. */
    private static final ProbeMechanism LIAR = new ProbeMechanism() {
        @Override
        public String name() {
            return "liar";
        }

        @Override
        public List<String> syscalls() {
            return List.of();
        }

        @Override
        public long loadRaw(final long addr) {
            return 1;
        }

        @Override
        public long storeZeroRaw(final long addr) {
            return MemfdProbe.INSTANCE.storeZeroRaw(addr);
        }

        @Override
        public boolean loadOk(final long raw) {
            return raw == 1;
        }

        @Override
        public boolean storeOk(final long raw) {
            return raw == 1;
        }
    };

    @Test
    void shouldFailTheSelfTestOnAnUnexpectedErrnoWithAReason() {
        final String why = ProbeMechanisms.selfTest(filtered("seccomp", Errno.EPERM));
        assertNotNull(why);
        assertTrue(why.contains("EPERM"), why);
        assertNotNull(ProbeMechanisms.selfTest(filtered("nosys", Errno.ENOSYS)));
        assertTrue(ProbeMechanisms.selfTest(LIAR).contains("inaccessible"), ProbeMechanisms.selfTest(LIAR));
    }

    @Test
    void shouldFallBackToTheNextMechanismThatPasses() {
        final List<ProbeMechanism> order = List.of(filtered("a", Errno.EPERM), LIAR, MemfdProbe.INSTANCE);
        assertSame(MemfdProbe.INSTANCE, ProbeMechanisms.choose(order, null));
        assertSame(SigprocmaskProbe.INSTANCE, ProbeMechanisms.choose(ProbeMechanisms.ORDER, null));
    }

    @Test
    void shouldRefuseAnUnknownOrUnavailableName() {
        final List<ProbeMechanism> order = List.of(filtered("a", Errno.EPERM), MemfdProbe.INSTANCE);
        final IllegalArgumentException unavailable =
                assertThrows(IllegalArgumentException.class, () -> ProbeMechanisms.choose(order, "a"));
        assertTrue(unavailable.getMessage().contains("unavailable"), unavailable.getMessage());
        final IllegalArgumentException unknown =
                assertThrows(IllegalArgumentException.class, () -> ProbeMechanisms.choose(order, "nope"));
        assertTrue(unknown.getMessage().contains("unknown"), unknown.getMessage());
        assertSame(MemfdProbe.INSTANCE, ProbeMechanisms.choose(order, "memfd"));
        assertThrows(IllegalStateException.class, () -> ProbeMechanisms.choose(List.of(LIAR), null));
    }
}
