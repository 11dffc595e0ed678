package dev.faultline.faultin;

import dev.faultline.sys.Errno;
import dev.faultline.sys.Mman;
import dev.faultline.sys.RawSyscall;
import dev.faultline.sys.Syscalls;
import dev.faultline.sys.Unistd;
import dev.faultline.sys.Vm;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/**
 * The probe mechanisms, their self-test and the process-wide choice. Every mechanism is tested
 * once per process before use, against real memory; the default is the first of
 * {@link #ORDER} (cheapest measured first) that passes. System property
 * {@code faultline.probe=NAME} (or {@link #select}) names one instead; an unknown or
 * unavailable name is an {@link IllegalArgumentException}.
 */
public final class ProbeMechanisms {
    /** The system property that names the mechanism. */
    public static final String PROPERTY = "faultline.probe";

    /** Every mechanism, in the order of the default choice (cheapest measured first). */
    public static final List<ProbeMechanism> ORDER =
            List.of(SigprocmaskProbe.INSTANCE, ZeroFdProbe.INSTANCE, AffinityProbe.INSTANCE, MemfdProbe.INSTANCE);

    private static final long EFAULT = -Errno.EFAULT.number();
    private static final byte FILL = (byte) 0xAA;

    private static volatile ProbeMechanism current;

    private ProbeMechanisms() {
    }

    /** @return the names of {@link #ORDER}, comma-separated */
    public static String names() {
        return String.join(", ", ORDER.stream().map(ProbeMechanism::name).toList());
    }

    /**
     * @return the process's mechanism: chosen on first call ({@value #PROPERTY}, else the
     *         first of {@link #ORDER} that passes its self-test)
     * @throws IllegalArgumentException when the property names an unknown or unavailable one
     */
    public static ProbeMechanism current() {
        final ProbeMechanism m = current;
        return m != null ? m : chooseOnce(); // a few bytecodes: inlined on every probe's path
    }

    private static synchronized ProbeMechanism chooseOnce() {
        ProbeMechanism m = current;
        if (m == null) {
            m = choose(ORDER, System.getProperty(PROPERTY));
            current = m;
        }
        return m;
    }

    /**
     * Makes {@code name} the process's mechanism after its self-test ({@code --probe}).
     *
     * @return the mechanism
     * @throws IllegalArgumentException when it is unknown or fails its self-test
     */
    public static synchronized ProbeMechanism select(final String name) {
        final ProbeMechanism m = choose(ORDER, name);
        current = m;
        return m;
    }

    /**
     * The choice: {@code wanted} when it is named and passes, else the first of {@code order}
     * that passes. Logs the choice in one line when {@code --trace} is on.
     *
     * @param wanted a name, or null for the first that passes
     * @throws IllegalArgumentException when {@code wanted} is unknown or fails, or none passes
     */
    static ProbeMechanism choose(final List<ProbeMechanism> order, final String wanted) {
        final List<String> skipped = new ArrayList<>();
        for (final ProbeMechanism m : order) {
            if (wanted != null && !m.name().equals(wanted)) {
                continue;
            }
            final String why = selfTest(m);
            if (why == null) {
                if (Syscalls.tracing()) {
                    Syscalls.traceLine("probe mechanism {} ({}){}", m.name(), String.join(", ", m.syscalls()),
                            skipped.isEmpty() ? "" : "; unavailable: " + String.join("; ", skipped));
                }
                return m;
            }
            if (wanted != null) {
                throw new IllegalArgumentException("probe mechanism " + wanted + " is unavailable: " + why);
            }
            skipped.add(m.name() + ": " + why);
        }
        if (wanted != null) {
            throw new IllegalArgumentException("unknown probe mechanism \"" + wanted + "\"; use "
                    + String.join(", ", order.stream().map(ProbeMechanism::name).toList()));
        }
        throw new IllegalStateException("no probe mechanism passes its self-test: " + String.join("; ", skipped));
    }

    /**
     * Tests {@code m} against a fresh private anonymous mapping of four pages
     * {@code [rw][none][ro][unmapped]}: load succeeds on the last byte before the PROT_NONE page
     * and on the PROT_READ page, fails on the PROT_NONE page and the unmapped one; storeZero
     * stores exactly one 0 on that last rw byte (the page read back with process_vm_readv, never
     * dereferenced) and fails on the PROT_NONE and PROT_READ pages (not tried on the unmapped
     * page: another thread may map it meanwhile, and a store would then write its memory). A result that is
     * neither the mechanism's "ok" nor EFAULT makes it unavailable.
     *
     * @return null when it passes, else the reason
     */
    static String selfTest(final ProbeMechanism m) {
        final String before = m.unavailableReason();
        if (before != null) {
            return before;
        }
        // the raw syscall stub's page is mapped first: made by the first probe below, it would land in
        // the test's hole and leave the hole case untested
        RawSyscall.available();
        final long page = Unistd.pageSize();
        final long base = Mman.mmap(0, 4 * page, Mman.PROT_NONE, Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS, -1, 0);
        if (base < 0 && base >= -4095) {
            return "self-test mmap failed: " + Errno.describe((int) -base);
        }
        try (Arena arena = Arena.ofConfined()) {
            final long rw = base;
            final long none = base + page;
            final long ro = base + 2 * page;
            final long hole = base + 3 * page;
            if (Mman.mprotect(rw, page, Mman.PROT_READ | Mman.PROT_WRITE) != 0
                    || Mman.mprotect(ro, page, Mman.PROT_READ) != 0 || Mman.munmap(hole, page) != 0) {
                return "self-test mprotect/munmap failed";
            }
            final MemorySegment buf = arena.allocate(page);
            buf.fill(FILL);
            if (Vm.write(rw, buf, page) != page) {
                return "self-test could not fill its page";
            }
            final long last = none - 1;
            String why = expect(m, "load", last, m.loadRaw(last), true);
            why = why != null ? why : expect(m, "load", ro, m.loadRaw(ro), true);
            why = why != null ? why : expect(m, "load", none, m.loadRaw(none), false);
            why = why != null ? why : holeLoad(m, hole, buf);
            why = why != null ? why : expect(m, "storeZero", ro, m.storeZeroRaw(ro), false);
            why = why != null ? why : expect(m, "storeZero", none, m.storeZeroRaw(none), false);
            if (why != null) {
                return why;
            }
            buf.fill((byte) 0);
            if (Vm.read(rw, buf, page) != page) {
                return "self-test could not read its page back";
            }
            for (long i = 0; i < page - 1; i++) {
                if (buf.get(JAVA_BYTE, i) != FILL) {
                    return "load or storeZero changed byte " + i + " of the rw page";
                }
            }
            why = expect(m, "storeZero", last, m.storeZeroRaw(last), true);
            if (why != null) {
                return why;
            }
            buf.fill((byte) 0x55);
            if (Vm.read(rw, buf, page) != page) {
                return "self-test could not read its page back";
            }
            for (long i = 0; i < page - 1; i++) {
                if (buf.get(JAVA_BYTE, i) != FILL) {
                    return "storeZero changed byte " + i + " of the rw page, not only the last";
                }
            }
            if (buf.get(JAVA_BYTE, page - 1) != 0) {
                return String.format(Locale.ENGLISH, "storeZero stored 0x%02x, not 0", buf.get(JAVA_BYTE, page - 1));
            }
            return null;
        } finally {
            // not the hole: another mmap (any thread's) may have been placed there since
            Mman.munmap(base, 3 * page);
        }
    }

    /** The unmapped page: another thread may have mapped it since; then the case is skipped. */
    private static String holeLoad(final ProbeMechanism m, final long hole, final MemorySegment buf) {
        final long r = m.loadRaw(hole);
        if (r != EFAULT && Vm.read(hole, buf, 1) > 0) {
            return null;
        }
        return expect(m, "load", hole, r, false);
    }

    private static String expect(final ProbeMechanism m, final String what, final long addr, final long raw,
                                 final boolean accessible) {
        final boolean ok = what.equals("load") ? m.loadOk(raw) : m.storeOk(raw);
        if (ok && accessible || !ok && !accessible && raw == EFAULT) {
            return null;
        }
        final String got = raw < 0 && raw >= -4095 ? Errno.describe((int) -raw) : Long.toString(raw);
        return String.format(Locale.ENGLISH, "self-test %s at 0x%x (%s) returned %s", what, addr,
                accessible ? "accessible" : "inaccessible", got);
    }
}
