package dev.faultline.cli;

import dev.faultline.faultin.ProbeMechanisms;
import dev.faultline.memory.Backing;
import dev.faultline.memory.Layout;
import dev.faultline.memory.Region;
import dev.faultline.mte.Regions;
import dev.faultline.sys.Unistd;
import picocli.CommandLine.Option;

import java.util.Locale;

/** --layout, --offset, --size: the region and the range in it. */
final class RegionOptions {
    @Option(names = "--layout", required = true, description = "pages, e.g. rw*2,none,rw (docs/design.md, Layout language)")
    String layout;

    @Option(names = "--offset", defaultValue = "0", description = "range start, relative to the region")
    long offset;

    @Option(names = "--size", description = "range length (default: the rest of the region)")
    Long size;

    @Option(names = "--untouched", description = "do not write the region when making it: no page is present")
    boolean untouched;

    @Option(names = "--probe", description = "probe mechanism of the faithful probes: zero-fd, affinity or memfd"
            + " (default: the first that passes its self-test, in that order; system property faultline.probe)")
    String probe;

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
