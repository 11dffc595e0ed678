package dev.faultline.scan;

import dev.faultline.memory.Layout;
import dev.faultline.memory.PageKind;
import dev.faultline.memory.TagMark;

import java.util.Locale;

/**
 * The rules that turn what a call did into a verdict. No model is consulted: what was possible
 * follows from the layout and the direction of the copy, what happened from the driver's byte by
 * byte comparison.
 */
public final class Rules {
    /** include/uapi/asm-generic/errno-base.h: EFAULT. */
    static final int EFAULT = 14;

    private Rules() {
    }

    /**
     * The bytes of the request before its first byte the kernel cannot access: for a write (the
     * kernel reads the buffer) a none, hole or guard page; for a read (the kernel writes the
     * buffer) those and a read-only page; in a tag-checked copy (buffered), also the first byte of
     * a granule whose MTE tag mismatches. O_DIRECT pins the buffer with GUP, which checks no tag.
     * zap pages are accessible: their fault is benign, the kernel resolves it.
     *
     * @param layout   the buffer's pages
     * @param page     the page size
     * @param offset   the request's start
     * @param size     its length
     * @param write    whether the call writes the file (the kernel reads the buffer)
     * @param tagBlind whether the path ignores MTE tags (O_DIRECT)
     * @return the possible bytes, 0..size
     * @throws IllegalArgumentException for a wo page (whether the CPU can read it depends on the
     *                                  architecture: the scan does not guess)
     */
    public static long possible(final Layout layout, final long page, final long offset, final long size,
                                final boolean write, final boolean tagBlind) {
        for (long b = offset; b < offset + size; ) {
            final int i = (int) (b / page);
            final PageKind k = layout.kind(i);
            if (k == PageKind.WO) {
                throw new IllegalArgumentException("the scan takes no wo page (readable or not by architecture): "
                        + layout);
            }
            final boolean denied = k == PageKind.NONE || k == PageKind.HOLE || k == PageKind.GUARD
                    || (!write && k == PageKind.RO);
            if (denied) {
                return b - offset;
            }
            if (!tagBlind) {
                for (final TagMark m : layout.pages().get(i).marks()) {
                    final long start = i * page + m.start();
                    if (start + m.length() > b && start < offset + size) {
                        return Math.max(start, b) - offset;
                    }
                }
            }
            b = (i + 1) * page;
        }
        return size;
    }

    /**
     * The verdict of a case that ran, by these rules in this order: a call that did not return is
     * LIVELOCK or UNKILLABLE; one that reported more than landed is OVERREPORT; one after which
     * bytes changed past the count it reported, or outside the request, is DIRTY; a failure with
     * nothing changed is EFAULT (or ERROR for another errno); a count equal to the possible bytes is
     * EXACT, a smaller one SHORT.
     *
     * @param r        what the driver saw (not UNSUPPORTED)
     * @param possible {@link #possible}
     * @return the verdict
     */
    public static ScanVerdict verdict(final ScanResult r, final long possible) {
        return switch (r.outcome()) {
            case UNKILLABLE -> ScanVerdict.UNKILLABLE;
            case LIVELOCK -> ScanVerdict.LIVELOCK;
            case UNSUPPORTED -> throw new IllegalArgumentException("an unsupported case has no verdict: " + r.why());
            case RETURNED -> {
                if (r.returned() > 0 && r.landed() < r.returned()) {
                    yield ScanVerdict.OVERREPORT;
                }
                if (r.beyond() > 0 || r.outside() > 0) {
                    yield ScanVerdict.DIRTY;
                }
                if (r.returned() < 0) {
                    yield r.errno() == EFAULT ? ScanVerdict.EFAULT : ScanVerdict.ERROR;
                }
                yield r.returned() >= possible ? ScanVerdict.EXACT : ScanVerdict.SHORT;
            }
        };
    }

    /**
     * @return a few words on what the verdict rests on: the counts, the errno, the signal
     */
    static String note(final ScanResult r, final ScanVerdict v, final long possible) {
        return switch (v) {
            case UNKILLABLE -> "SIGKILL did not end it (" + r.state() + ")";
            case LIVELOCK -> (r.how().equals("signal") ? "a handled signal ended it" : "only SIGKILL ended it")
                    + " (" + r.state() + (r.returned() == ScanResult.NONE ? "" : ", then returned " + returned(r)) + ")";
            case OVERREPORT -> String.format(Locale.ENGLISH, "returned %d, %d landed", r.returned(), r.landed());
            case DIRTY -> String.format(Locale.ENGLISH, "returned %s; %d bytes past it changed%s", returned(r),
                    r.beyond(), r.outside() > 0 ? ", " + r.outside() + " outside the request" : "");
            case ERROR -> "failed with errno " + r.errno();
            case EXACT -> r.returned() > possible ? String.format(Locale.ENGLISH,
                    "%d past the first fault the rules saw (%d): this path does not fault there", r.returned(), possible)
                    : null;
            default -> null;
        };
    }

    private static String returned(final ScanResult r) {
        return r.returned() < 0 ? (r.errno() == EFAULT ? "EFAULT" : "errno " + r.errno()) : Long.toString(r.returned());
    }
}
