package dev.faultline.mte;

import dev.faultline.memory.Backing;
import dev.faultline.memory.Region;
import dev.faultline.sys.Native;

/** Child-JVM body of {@link JavaLoadCrashTest}: one direct Java load at an offset of {@code rw~16+16}. */
public final class MteLoadProbe {
    private MteLoadProbe() {
    }

    /** @param args the offset to load */
    public static void main(final String[] args) {
        Mte.enableSync();
        try (Region r = Regions.of("rw~16+16", Backing.ANON)) {
            System.out.println("loading");
            System.out.flush();
            final byte b = Native.peek(r.base() + Long.parseLong(args[0]));
            System.out.println("survived " + b);
        }
    }
}
