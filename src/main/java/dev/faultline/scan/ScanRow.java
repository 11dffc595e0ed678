package dev.faultline.scan;

/**
 * One case of the scan and what became of it.
 *
 * @param scanCase the case
 * @param possible the bytes before the first fault ({@link Rules#possible})
 * @param result   what the driver saw
 * @param verdict  the verdict by {@link Rules}, or null when the case could not run here
 * @param note     what the verdict rests on, or why the case did not run, or null
 * @param finding  the finding page that explains an anomaly, {@link Findings#NONE_YET} for an anomaly
 *                 no page explains, or null for a verdict that is not an anomaly
 * @param model    the Faultline loop model that covers this path, or null when none does
 * @param modelSays whether that model agrees with the kernel ({@code agrees}, {@code disagrees: ...},
 *                  {@code not compared: ...}), or null when there is no model or the case did not run
 */
public record ScanRow(ScanCase scanCase, long possible, ScanResult result, ScanVerdict verdict, String note,
                      String finding, String model, String modelSays) {
    /** @return bytes short of possible for SHORT, else 0 */
    public long shortBy() {
        return verdict == ScanVerdict.SHORT ? possible - result.returned() : 0;
    }

    /** @return whether the case ran (it has a verdict) */
    public boolean ran() {
        return verdict != null;
    }

    /** @return whether the row was taken from the record of an earlier boot ({@code --record}), not run now */
    public boolean recorded() {
        return note != null && note.endsWith(Scan.RECORDED);
    }

    /** @return the verdict as the report prints it: {@code SHORT 512}, {@code EXACT}, or {@code not run} */
    public String verdictText() {
        return verdict == null ? "not run" : verdict == ScanVerdict.SHORT ? "SHORT " + shortBy() : verdict.name();
    }
}
