package dev.faultline.mte;

import dev.faultline.memory.Backing;
import dev.faultline.memory.Layout;
import dev.faultline.memory.Region;
import dev.faultline.sys.Unistd;

/**
 * Where the upper layers make regions: with MTE (PROT_MTE, marks tagged, this thread in sync
 * mode) when the machine has it, plain otherwise (and then layouts with marks are refused with
 * a line that points to bin/mte-lab).
 */
public final class Regions {
    private Regions() {
    }

    /** @return a region of the layout, tagged where MTE is available */
    public static Region create(final Layout layout, final Backing backing) {
        if (Mte.available()) {
            Mte.enableSync();
            return Region.create(layout, backing, Mte.tagging());
        }
        return Region.create(layout, backing);
    }

    /** @return an untouched region of the layout ({@link Region#untouched}), tagged where MTE is available */
    public static Region untouched(final Layout layout, final Backing backing) {
        if (Mte.available()) {
            Mte.enableSync();
            return Region.untouched(layout, backing, Mte.tagging());
        }
        return Region.untouched(layout, backing, null);
    }

    /** @return a region of the layout text */
    public static Region of(final String layout, final Backing backing) {
        return create(Layout.parse(layout, Unistd.pageSize()), backing);
    }
}
