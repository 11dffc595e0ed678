package dev.faultline.lab;

import dev.faultline.faultin.Progress;
import dev.faultline.faultin.Strategy;
import dev.faultline.loops.Loop;
import dev.faultline.loops.LoopConfig;
import dev.faultline.loops.Loops;
import dev.faultline.memory.Backing;
import dev.faultline.memory.LayoutException;
import dev.faultline.memory.Region;
import dev.faultline.mte.Mte;
import dev.faultline.mte.Regions;
import dev.faultline.sys.KernelFeatures;
import dev.faultline.sys.Unistd;

import java.util.ArrayList;
import java.util.List;

/**
 * Every loop x strategy x fault case, each run on a fresh real region.
 */
public final class Matrix {
    private final List<MatrixRow> rows;
    private final List<String> skipped;
    private final List<String> leftOut;
    private final List<Strategy> strategies;
    private final List<Loop> loops;
    private final long block;

    private Matrix(final List<MatrixRow> rows, final List<String> skipped, final List<String> leftOut,
                   final List<Strategy> strategies, final List<Loop> loops, final long block) {
        this.rows = List.copyOf(rows);
        this.skipped = List.copyOf(skipped);
        this.leftOut = List.copyOf(leftOut);
        this.strategies = List.copyOf(strategies);
        this.loops = List.copyOf(loops);
        this.block = block;
    }

    /**
     * Runs the matrix.
     *
     * @param base     loop settings (the strategy in it is replaced per column)
     * @param backing  what the regions are made of
     * @param progress told after every loop x case
     * @return the rows, the cases this machine cannot build, and what this kernel's missing
     *         features leave out (guard cases without MADV_GUARD_INSTALL, the gup strategies and
     *         the dio loop without MADV_POPULATE_*)
     */
    public static Matrix run(final LoopConfig base, final Backing backing, final Progress progress) {
        final List<FaultCase> all = new ArrayList<>(FaultCase.pageCases(Unistd.pageSize()));
        if (Mte.available()) {
            all.addAll(FaultCase.mteCases(Unistd.pageSize()));
        }
        final boolean shared = backing != Backing.ANON;
        final List<FaultCase> cases = all.stream()
                .filter(c -> !c.needsGuard() || KernelFeatures.guard(shared)).toList();
        final List<String> leftOut = new ArrayList<>(LeftOut.parts(all.stream().filter(FaultCase::needsGuard)
                .map(FaultCase::name).toList(), shared, LeftOut.GUP_AND_DIO));
        final List<Strategy> strategies = Strategy.runnable();
        final List<Loop> loops = Loops.runnable().stream().filter(l -> l.id().missingIn(base.era()) == null).toList();
        Loops.runnable().stream().filter(l -> l.id().missingIn(base.era()) != null)
                .forEach(l -> leftOut.add(l.name() + " (" + l.id().missingIn(base.era()) + ")"));
        final List<MatrixRow> rows = new ArrayList<>();
        final List<String> skipped = new ArrayList<>();
        final int total = loops.size() * cases.size();
        int done = 0;
        for (final Loop loop : loops) {
            for (final FaultCase c : cases) {
                for (final Strategy s : strategies) {
                    final Region region;
                    try {
                        region = Regions.of(c.layout(), backing);
                    } catch (LayoutException e) {
                        if (loop == loops.getFirst() && s == strategies.getFirst()) {
                            skipped.add(c.name() + ": " + e.getMessage());
                        }
                        break;
                    }
                    try (region) {
                        rows.add(new MatrixRow(loop.id(), s, c,
                                loop.run(region, c.offset(), c.size(), base.withStrategyOf(s))));
                    }
                }
                progress.step(loop.name() + " " + c.name(), ++done, total);
            }
        }
        progress.done();
        return new Matrix(rows, skipped, leftOut, strategies, loops, base.block());
    }

    /** @return the strategies run, in column order */
    public List<Strategy> strategies() {
        return strategies;
    }

    /** @return the loops run, in row order */
    public List<Loop> loops() {
        return loops;
    }

    /** @return the direct-I/O block the dio rows used */
    public long block() {
        return block;
    }

    /** @return the kernel features detected here, by name (see KernelFeatures#detected) */
    public java.util.Map<String, Boolean> features() {
        return KernelFeatures.detected();
    }

    /** @return what this kernel's missing features left out, one part each: what and why */
    public List<String> leftOut() {
        return leftOut;
    }

    /** @return every cell */
    public List<MatrixRow> rows() {
        return rows;
    }

    /** @return the fault cases that ran, in the order of the rows */
    public List<FaultCase> faultCases() {
        final List<FaultCase> cases = new ArrayList<>();
        for (final MatrixRow r : rows) {
            if (cases.stream().noneMatch(c -> c.name().equals(r.fault().name()))) {
                cases.add(r.fault());
            }
        }
        return cases;
    }

    /**
     * Measures the region of every fault case that ran, as the report pictures it (a fresh private
     * anonymous region each, measured through the kernel).
     *
     * @return each case's measurement, in order
     */
    public java.util.Map<FaultCase, dev.faultline.memory.RegionMeasurement> measureCases() {
        final java.util.Map<FaultCase, dev.faultline.memory.RegionMeasurement> out = new java.util.LinkedHashMap<>();
        for (final FaultCase c : faultCases()) {
            try (dev.faultline.memory.Region r = Regions.of(c.layout(), Backing.ANON)) {
                out.put(c, r.measureAll());
            }
        }
        return out;
    }

    /** @return cases not built here, with the reason */
    public List<String> skipped() {
        return skipped;
    }

    /**
     * @return the row of one cell, or null when it was not run
     */
    public MatrixRow find(final dev.faultline.loops.LoopName loop, final Strategy strategy, final String fault) {
        for (final MatrixRow r : rows) {
            if (r.loop() == loop && r.strategy() == strategy && r.fault().name().equals(fault)) {
                return r;
            }
        }
        return null;
    }
}
