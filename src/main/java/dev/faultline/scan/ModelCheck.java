package dev.faultline.scan;

import dev.faultline.loops.LoopName;
import dev.faultline.loops.Outcome;
import dev.faultline.loops.Verdict;
import dev.faultline.oracle.Oracle;

import java.util.Locale;

/**
 * Whether the loop model that covers a scan row's path says what the real kernel did: the same
 * bytes, and a livelock where the kernel did not return. The model runs in-process on a region of
 * the row's layout (the oracle's era, fault-in and block).
 */
final class ModelCheck {
    private ModelCheck() {
    }

    /**
     * @param row a row that ran, with a model
     * @return "agrees", "disagrees: ..." or "not compared: ..."
     */
    static String of(final ScanRow row) {
        final LoopName name = LoopName.of(row.model());
        if (name == LoopName.BTRFS_DIO_WRITE) {
            return "not compared: its model needs the btrfs image's chunk rule (the oracle's btrfs-dio-write has it)";
        }
        final ScanCase c = row.scanCase();
        if (c.call().records() && row.possible() == 0) {
            return "not compared: the fault is in the " + c.call().header() + "-byte header, which the kernel reads"
                    + " before the loop the model starts at";
        }
        final Outcome o;
        try {
            o = Oracle.model(name, c.layout(), c.offset(), c.size());
        } catch (RuntimeException e) {
            return "not compared: " + e.getMessage();
        }
        final boolean kernelSpins = row.verdict() == ScanVerdict.LIVELOCK || row.verdict() == ScanVerdict.UNKILLABLE;
        final boolean modelSpins = o.verdict() == Verdict.LIVELOCK;
        final long kernelBytes = Math.max(0, row.result().returned());
        if (c.call().records()) { // the record models count what their own header and records hold: spin or not
            return kernelSpins == modelSpins ? "agrees on whether it spins"
                    : "disagrees: the model says " + o.verdict() + ", the kernel " + row.verdict();
        }
        if (kernelSpins || modelSpins) {
            return kernelSpins == modelSpins ? "agrees" : "disagrees: the model says " + o.verdict() + " " + o.bytes();
        }
        return o.bytes() == kernelBytes ? "agrees" : String.format(Locale.ENGLISH,
                "disagrees: the model says %s %d, the kernel returned %d", o.verdict(), o.bytes(), kernelBytes);
    }
}
