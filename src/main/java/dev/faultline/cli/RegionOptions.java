package dev.faultline.cli;

import dev.faultline.faultin.ProbeMechanisms;
import dev.faultline.memory.Backing;
import dev.faultline.memory.Layout;
import dev.faultline.memory.Region;
import dev.faultline.mte.Regions;
import dev.faultline.sys.Unistd;

import java.util.Locale;

/** --layout, --offset, --size: the region and the range in it. */
final class RegionOptions {
    String layout;
    long offset;
    Long size;
    boolean untouched;
    String probe;

    void declare(final Spec s) {
        s.string("--layout", v -> layout = v).required().describe("the region's pages, comma separated"
                + " KIND[*COUNT], KIND one of rw ro wo none hole guard zap, e.g. rw*2,none,rw");
        s.whole("--offset", v -> offset = v).byDefault("0").label("O")
                .describe("range start, relative to the region (default: ${DEFAULT-VALUE})");
        s.whole("--size", v -> size = v).label("N").describe("range length (default: the rest of the region)");
        s.flag("--untouched", v -> untouched = v)
                .describe("do not write the region when making it: no page is present");
        s.string("--probe", v -> probe = v).words(Words::probes).describe("probe mechanism of the faithful probes:"
                + " ${COMPLETION-CANDIDATES} (default: the first that passes its self-test, in that order; system"
                + " property faultline.probe)");
    }

    /** @return the name of the process's probe mechanism (after {@link #open}) */
    String probe() {
        return ProbeMechanisms.current().name();
    }

    Region open(final Backing backing) {
        if (probe != null) {
            ProbeMechanisms.select(probe);
        } else {
            ProbeMechanisms.current();
        }
        final Layout l = Layout.parse(layout, Unistd.pageSize());
        return untouched ? Regions.untouched(l, backing) : Regions.create(l, backing);
    }

    /** @return the range length, checked against the region */
    long size(final Region r) {
        if (offset < 0 || offset > r.size()) {
            throw new IllegalArgumentException(String.format(Locale.ENGLISH,
                    "--offset outside the region: offset=%d regionSize=%d", offset, r.size()));
        }
        final long n = size == null ? r.size() - offset : size;
        r.checkRange(offset, n);
        return n;
    }
}
