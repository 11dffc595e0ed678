package dev.faultline.cli;

import dev.faultline.memory.Backing;
import dev.faultline.memory.Layout;
import dev.faultline.memory.Region;
import dev.faultline.mte.Regions;
import dev.faultline.sys.Libc;
import picocli.CommandLine.Option;

import java.util.Locale;

/** --layout, --offset, --size: the region and the range in it. */
final class RegionOptions {
    @Option(names = "--layout", required = true, description = "pages, e.g. rw*2,none,rw (design.md)")
    String layout;

    @Option(names = "--offset", defaultValue = "0", description = "range start, relative to the region")
    long offset;

    @Option(names = "--size", description = "range length (default: the rest of the region)")
    Long size;

    Region open(final Backing backing) {
        return Regions.create(Layout.parse(layout, Libc.pageSize()), backing);
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
