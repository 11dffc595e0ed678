package dev.faultline.lab;

import dev.faultline.faultin.Strategy;
import dev.faultline.loops.Loop;
import dev.faultline.loops.LoopConfig;
import dev.faultline.loops.Loops;
import dev.faultline.memory.Backing;
import dev.faultline.memory.LayoutException;
import dev.faultline.memory.Region;
import dev.faultline.mte.Mte;
import dev.faultline.mte.Regions;
import dev.faultline.sys.Unistd;

import java.util.ArrayList;
import java.util.List;

/**
 * Every loop x strategy x fault case, each run on a fresh real region.
 */
public final class Matrix {
    private final List<MatrixRow> rows;
    private final List<String> skipped;

    private Matrix(final List<MatrixRow> rows, final List<String> skipped) {
        this.rows = List.copyOf(rows);
        this.skipped = List.copyOf(skipped);
    }

    /**
     * Runs the matrix.
     *
     * @param base     loop settings (the strategy in it is replaced per column)
     * @param backing  what the regions are made of
     * @param progress told after every loop x case
     * @return the rows, and the cases this machine cannot build
     */
    public static Matrix run(final LoopConfig base, final Backing backing, final Progress progress) {
        final List<FaultCase> cases = new ArrayList<>(FaultCase.pageCases(Unistd.pageSize()));
        if (Mte.available()) {
            cases.addAll(FaultCase.mteCases(Unistd.pageSize()));
        }
        final List<MatrixRow> rows = new ArrayList<>();
        final List<String> skipped = new ArrayList<>();
        final int total = Loops.all().size() * cases.size();
        int done = 0;
        for (final Loop loop : Loops.all()) {
            for (final FaultCase c : cases) {
                for (final Strategy s : Strategy.values()) {
                    final Region region;
                    try {
                        region = Regions.of(c.layout(), backing);
                    } catch (LayoutException e) {
                        if (loop == Loops.all().getFirst() && s == Strategy.FIRST_BYTE) {
                            skipped.add(c.name() + ": " + e.getMessage());
                        }
                        break;
                    }
                    try (region) {
                        rows.add(new MatrixRow(loop.name(), s.word(), c,
                                loop.run(region, c.offset(), c.size(), base.withStrategyOf(s))));
                    }
                }
                progress.step(loop.name() + " " + c.name(), ++done, total);
            }
        }
        return new Matrix(rows, skipped);
    }

    /** @return every cell */
    public List<MatrixRow> rows() {
        return rows;
    }

    /** @return cases not built here, with the reason */
    public List<String> skipped() {
        return skipped;
    }

    /**
     * @return the row of one cell, or null when it was not run
     */
    public MatrixRow find(final String loop, final String strategy, final String fault) {
        for (final MatrixRow r : rows) {
            if (r.loop().equals(loop) && r.strategy().equals(strategy) && r.fault().name().equals(fault)) {
                return r;
            }
        }
        return null;
    }
}
