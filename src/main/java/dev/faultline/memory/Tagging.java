package dev.faultline.memory;

/**
 * How a region gets arm64 MTE allocation tags; implemented by the {@code mte} layer, which
 * knows the instructions. A region made with a {@code Tagging} maps its pages with PROT_MTE,
 * keeps the pointer tag 0 (addresses stay plain) and gives the bytes of every layout mark
 * {@link #markTag()}, so an access through the region's pointers mismatches exactly there.
 */
public interface Tagging {
    /** @return the PROT_MTE bit to OR into mmap/mprotect */
    int protMte();

    /** @return the allocation tag of marked granules (not 0) */
    int markTag();

    /**
     * Sets the allocation tag of {@code [addr, addr+len)} (STG per 16-byte granule). The
     * pages must be mapped read+write with PROT_MTE.
     *
     * @param addr 16-byte aligned, untagged
     * @param len  a positive multiple of 16
     * @param tag  0..15
     */
    void setTags(long addr, long len, int tag);
}
