package dev.faultline.cli;

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

    Region open(final Backing backing) {
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
