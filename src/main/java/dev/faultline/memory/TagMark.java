package dev.faultline.memory;

/**
 * An MTE mark of a layout page: bytes {@code [start, start+length)} of the page carry an
 * allocation tag that does not match the region's pointer tag. Both are multiples of the
 * 16-byte MTE granule (arch/arm64/include/asm/mte-def.h MTE_GRANULE_SIZE).
 *
 * @param start  offset in the page
 * @param length bytes
 */
public record TagMark(long start, long length) {
    /** MTE_GRANULE_SIZE, arch/arm64/include/asm/mte-def.h. */
    public static final int GRANULE = 16;

    @Override
    public String toString() {
        return "~" + start + "+" + length;
    }
}
