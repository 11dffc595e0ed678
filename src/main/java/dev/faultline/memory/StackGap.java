package dev.faultline.memory;

import dev.faultline.sys.Mman;
import dev.faultline.sys.Unistd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a region with holes is placed: the gap between {@code mmap_base} and the main thread's
 * stack, which the kernel's own choice of address never uses. A hole is given back to the kernel
 * when the region is built; anywhere else, the next {@code mmap(NULL, ...)} of any thread (the
 * JVM's heap, code cache, a thread stack) may land in it, and a read() into the hole would then
 * write into memory that belongs to the JVM.
 *
 * <p>Why the gap is safe, from the kernel's source (mm/util.c {@code mmap_base()} and
 * {@code arch_pick_mmap_layout()}, arch/x86/mm/mmap.c; mm/mmap.c
 * {@code generic_get_unmapped_area_topdown()}, the same in 5.10 and 7.x): in the top-down
 * layout, an mmap without MAP_FIXED searches for room below {@code mm->mmap_base} only (the
 * bottom-up fallback runs when the top-down search finds none, that is when the address space
 * is full). {@code mmap_base} lies below the stack by at least the stack's rlimit plus its guard
 * gap and random offset, and the kernel places the first mapping of a process (the ELF
 * interpreter, by load_elf_interp's mmap at address 0) right below it: so everything above the
 * highest mapping below the stack, less a margin for alignment padding, is above
 * {@code mmap_base}, and everything below the stack's lowest reach (its top less the stack
 * rlimit and guard gap) is free of the stack. Faultline's own reservations there are made with
 * MAP_FIXED_NOREPLACE (Linux 4.17+), so nothing mapped is ever replaced.
 *
 * <p>The legacy (bottom-up) layout (RLIMIT_STACK unlimited, {@code vm.legacy_va_layout} = 1)
 * grows upward from {@code TASK_UNMAPPED_BASE}: there, the gap is taken {@link #LEGACY_DEPTH} below
 * the stack, above anything the allocator reaches before the address space is nearly full.
 * Where no gap can be found (no {@code [stack]} line), {@link #reserve} returns 0 and regions
 * are placed where the kernel chooses; {@link Region}'s hole check around every lease then
 * notices a refilled hole.
 */
final class StackGap {
    /** Above the highest mapping: covers an interpreter's alignment padding below mmap_base. */
    static final long MARGIN = 64L << 20;
    /** Below the stack's reach: stack_guard_gap's default is 256 pages (16 MiB on 64 KiB pages). */
    static final long STACK_GUARD = 16L << 20;
    /** In the legacy layout: how far below the stack's reach the gap starts. */
    static final long LEGACY_DEPTH = 1L << 36;
    /** The most address space the gap hands out (it may be smaller). */
    static final long MAX_WINDOW = 1L << 36;
    /** Names of mappings the kernel may place above mmap_base itself (x86's vDSO before 6.x). */
    private static final List<String> SPECIAL = List.of("[vdso]", "[vvar]", "[vvar_vclock]", "[vsyscall]");

    private static final class Holder {
        static final StackGap GAP = find(Path.of("/proc/self/maps"), Path.of("/proc/self/limits"),
                Path.of("/proc/sys/vm/legacy_va_layout"));
    }

    private final long low;
    private final long high;
    private final String why;
    /** Live reservations (start to end, a guard page included), and ranges found taken. */
    private final TreeMap<Long, Long> used = new TreeMap<>();

    StackGap(final long low, final long high, final String why) {
        this.low = low;
        this.high = high;
        this.why = why;
    }

    /** @return the process's gap (found once) */
    static StackGap get() {
        return Holder.GAP;
    }

    /**
     * Finds the gap from a maps file, a limits file and the legacy-layout switch.
     *
     * @return the gap, empty ({@link #low} >= {@link #high}) with the reason when there is none
     */
    static StackGap find(final Path maps, final Path limits, final Path legacy) {
        long stackStart = -1;
        long stackEnd = -1;
        final List<String> lines;
        try {
            lines = Files.readAllLines(maps);
        } catch (IOException e) {
            return new StackGap(0, 0, "cannot read " + maps + ": " + e.getMessage());
        }
        for (final String l : lines) {
            if (l.endsWith("[stack]")) {
                final long[] r = range(l);
                stackStart = r[0];
                stackEnd = r[1];
            }
        }
        if (stackStart < 0) {
            return new StackGap(0, 0, "no [stack] line in " + maps);
        }
        long highest = 0;
        for (final String l : lines) {
            final long[] r = range(l);
            if (r[1] <= stackStart && SPECIAL.stream().noneMatch(l::endsWith)) {
                highest = Math.max(highest, r[1]);
            }
        }
        final long rlimit = stackRlimit(limits);
        final long reach = rlimit < 0 || rlimit > stackEnd ? -1 : stackEnd - rlimit - STACK_GUARD;
        if (reach < 0 || legacy(legacy)) {
            final long top = (reach < 0 ? stackStart - STACK_GUARD : reach) - LEGACY_DEPTH;
            return new StackGap(top - MAX_WINDOW, top, "legacy layout (bottom-up)");
        }
        final long low = highest + MARGIN;
        final long high = Math.min(reach, low + MAX_WINDOW);
        return new StackGap(low, high, low < high ? "between mmap_base and the stack"
                : String.format(Locale.ENGLISH, "no room between the highest mapping (0x%x) and the stack's reach (0x%x)",
                highest, reach));
    }

    private static long[] range(final String mapsLine) {
        final int dash = mapsLine.indexOf('-');
        final int space = mapsLine.indexOf(' ');
        return new long[] {Long.parseUnsignedLong(mapsLine.substring(0, dash), 16),
                Long.parseUnsignedLong(mapsLine.substring(dash + 1, space), 16)};
    }

    /** @return the soft RLIMIT_STACK in bytes, or -1 for unlimited or unknown */
    private static long stackRlimit(final Path limits) {
        try {
            for (final String l : Files.readAllLines(limits)) {
                if (l.startsWith("Max stack size")) {
                    final String soft = l.substring("Max stack size".length()).trim().split("\\s+")[0];
                    return soft.equals("unlimited") ? -1 : Long.parseLong(soft);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    private static boolean legacy(final Path sysctl) {
        try {
            return Files.readString(sysctl).trim().equals("1");
        } catch (IOException e) {
            return false;
        }
    }

    /** @return the lowest address the gap hands out */
    long low() {
        return low;
    }

    /** @return the address the gap hands out below */
    long high() {
        return high;
    }

    /** @return where the gap is, or why there is none */
    String why() {
        return why;
    }

    /**
     * Reserves {@code size} bytes of PROT_NONE in the gap, a free page above them (so that no
     * other region sits against the last one).
     *
     * @param size a multiple of the page size
     * @return the reservation's address, or 0 when the gap has no room (or there is no gap)
     */
    synchronized long reserve(final long size) {
        final long page = Unistd.pageSize();
        final long span = size + page;
        for (int attempt = 0; attempt < 64; attempt++) {
            final long start = fit(span);
            if (start == 0) {
                return 0;
            }
            final long got = Mman.mmap(start, size, Mman.PROT_NONE,
                    Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS | Mman.MAP_NORESERVE | Mman.MAP_FIXED_NOREPLACE, -1, 0);
            if (got == start) {
                used.put(start, start + span);
                return start;
            }
            if (got > 0) { // a kernel that takes MAP_FIXED_NOREPLACE as a hint (before 4.17)
                Mman.munmap(got, size);
                return 0;
            }
            used.put(start, start + span); // taken by a mapping someone asked for there: never offered again
        }
        return 0;
    }

    /** The highest start below {@link #high} whose span overlaps nothing in {@link #used}. */
    private long fit(final long span) {
        long top = high;
        for (final Map.Entry<Long, Long> e : used.descendingMap().entrySet()) {
            if (e.getKey() >= top) {
                continue;
            }
            if (top - Math.max(e.getValue(), low) >= span) {
                break;
            }
            top = e.getKey();
        }
        return top - span >= low && top >= span ? top - span : 0;
    }

    /** Returns a reservation's range to the gap (after the region unmapped its pages). */
    synchronized void release(final long start) {
        used.remove(start);
    }
}
