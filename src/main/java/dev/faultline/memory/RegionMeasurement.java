package dev.faultline.memory;

import java.util.Map;

/**
 * Everything known of a region's access at one moment, as data: what its layout promises, what
 * the kernel measured per page, and per 16-byte granule on each page that carries MTE marks. The
 * report renders it; only {@link Region#measureAll()} measures.
 *
 * @param layout   the pages
 * @param backing  what they come from
 * @param pageSize the page size
 * @param tagged   whether the pages carry MTE tags
 * @param expected the access the layout promises
 * @param measured the access measured through the kernel
 * @param granules for each marked page of a tagged region, its granule line ({@code #} readable,
 *                 {@code x} not)
 */
public record RegionMeasurement(Layout layout, Backing backing, long pageSize, boolean tagged, AccessMap expected,
                             MeasuredMaps measured, Map<Integer, String> granules) {
    /** @return the number of pages */
    public int pages() {
        return layout.size();
    }
}
