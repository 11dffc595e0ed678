package dev.faultline.lab;

import dev.faultline.faultin.Strategy;
import dev.faultline.loops.Loop;
import dev.faultline.loops.Loops;
import dev.faultline.loops.LoopName;
import dev.faultline.loops.Verdict;

import java.util.ArrayList;
import java.util.List;

/**
 * What a matrix shows, in sentences built from its rows (nothing here states a verdict the
 * rows do not contain).
 */
public final class Findings {
    private Findings() {
    }

    private static List<String> cases(final Matrix m, final LoopName loop, final Strategy strategy, final Verdict v) {
        final List<String> out = new ArrayList<>();
        for (final MatrixRow r : m.rows()) {
            if (r.loop() == loop && r.strategy() == strategy && r.outcome().verdict() == v) {
                out.add(r.fault().name());
            }
        }
        return out;
    }

    /** @return one line per loop x strategy that livelocked or got stuck, then the readings */
    public static List<String> of(final Matrix m) {
        final List<String> lines = new ArrayList<>();
        for (final Loop loop : Loops.all()) {
            for (final Strategy s : Strategy.values()) {
                for (final Verdict v : List.of(Verdict.LIVELOCK, Verdict.STUCK)) {
                    final List<String> c = cases(m, loop.id(), s, v);
                    if (!c.isEmpty()) {
                        lines.add(String.format("%s with %s: %s on %s", loop.name(), s.word(), v, String.join(", ", c)));
                    }
                }
            }
        }
        final List<String> pwBad = new ArrayList<>();
        for (final Strategy s : Strategy.values()) {
            pwBad.addAll(cases(m, LoopName.PERFORM_WRITE, s, Verdict.LIVELOCK));
            pwBad.addAll(cases(m, LoopName.PERFORM_WRITE, s, Verdict.STUCK));
        }
        if (pwBad.isEmpty()) {
            lines.add("perform-write never livelocks and stops exactly at the first inaccessible byte: it resumes"
                    + " where the copy stopped and bails only when the fault-in cannot reach the first byte"
                    + " (docs/kernel.md#generic_perform_write).");
        }
        if (!cases(m, LoopName.BTRFS_SEARCH, Strategy.FIRST_BYTE, Verdict.LIVELOCK).isEmpty()
                && cases(m, LoopName.BTRFS_SEARCH, Strategy.PAGE, Verdict.LIVELOCK).isEmpty()) {
            lines.add("btrfs-search restarts at the start of the failing record: probing only that byte never"
                    + " reaches a fault inside the record (LIVELOCK), probing every page of the remaining buffer"
                    + " refuses with EFAULT (docs/kernel.md#btrfs-search_ioctl). Page faults cannot show the MTE case where page"
                    + " probing also livelocks: that needs the emulated MTE machine.");
        }
        final List<String> dioPage = cases(m, LoopName.DIO, Strategy.PAGE, Verdict.LIVELOCK);
        if (!dioPage.isEmpty()) {
            lines.add("FINDING dio: on a device of " + m.block() + "-byte logical blocks (a 4Kn drive; a loop device"
                    + " made so), a block that starts 512 bytes into a page (the device's DMA alignment allows it) and"
                    + " straddles into a page that can never be pinned livelocks every strategy (" + String.join(", ", dioPage)
                    + "): gfs2's loop retries while the fault-in reports any progress, and the first page of the block"
                    + " always faults in. The real kernel agrees: gfs2's O_DIRECT read spins there on a loop device of"
                    + " 4096-byte sectors and returns SHORT 3584 on 512-byte sectors, as the model does with --block 512"
                    + " (oracle --loops gfs2-dio,gfs2-dio-4kn; docs/oracle.md). The usual summary"
                    + " (docs/kernel.md#summary-by-loop) expects page-granular probing to be enough; it is enough only"
                    + " for faults that fault-in can resolve (zap).");
        }
        if (cases(m, LoopName.DIO, Strategy.FIRST_BYTE, Verdict.LIVELOCK).contains("zap")
                && cases(m, LoopName.DIO, Strategy.PAGE, Verdict.COMPLETE).contains("zap")) {
            lines.add("dio with first-byte livelocks on a zapped page inside a straddling block: one byte makes"
                    + " only the first page present, a whole block is needed (Andreas, Oct 25 2021);"
                    + " page-granular probing completes.");
        }
        mte(m, lines);
        return lines;
    }

    private static void mte(final Matrix m, final List<String> lines) {
        final List<String> btrfsPage = cases(m, LoopName.BTRFS_SEARCH, Strategy.PAGE, Verdict.LIVELOCK).stream()
                .filter(c -> c.startsWith("mte@")).toList();
        if (!btrfsPage.isEmpty() && cases(m, LoopName.BTRFS_SEARCH, Strategy.GRANULE, Verdict.LIVELOCK).isEmpty()) {
            lines.add("MTE: btrfs-search with page-granular probing livelocks on a mismatched granule inside a record"
                    + " that is not at a page start (" + String.join(", ", btrfsPage) + "); granule probing"
                    + " (fault_in_subpage_writeable, 18788e34642e) returns EFAULT instead.");
        }
        if (cases(m, LoopName.GFS2_READ, Strategy.GUP, Verdict.LIVELOCK).contains("mte@16")) {
            lines.add("MTE: gfs2-read with its own fault-in (GUP, tag-blind) livelocks on a mismatched granule: the"
                    + " fault-in keeps reporting success while the copy cannot pass the granule. The list left this"
                    + " open (docs/kernel.md#gfs2-buffered-read); the model says it spins. One real load at the first byte"
                    + " (gup+first-byte) or granule probing stops it.");
        }
        if (cases(m, LoopName.BTRFS_SEARCH, Strategy.GUP_FIRST_BYTE, Verdict.LIVELOCK).contains("mte@16")) {
            lines.add("MTE: gup+first-byte does not save btrfs-search: it checks only the record start, the"
                    + " mismatch sits inside the record.");
        }
        if (cases(m, LoopName.DIO, Strategy.FIRST_BYTE, Verdict.COMPLETE).contains("mte@16")) {
            lines.add("MTE: direct I/O ignores tags (GUP + kernel mapping): every strategy completes.");
        }
    }
}
