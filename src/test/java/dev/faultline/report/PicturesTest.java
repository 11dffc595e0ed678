package dev.faultline.report;

import dev.faultline.memory.AccessMap;
import dev.faultline.memory.MeasuredMaps;
import dev.faultline.memory.Region;
import dev.faultline.sys.Unistd;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The map picture names its pages and kinds, outlines exactly the measured cells that differ, shows the copy range. */
class PicturesTest {
    private static final long PAGE = Unistd.pageSize();

    @Test
    void shouldOutlineExactlyTheCellsWhereTheKernelDisagreesWithTheLayout() {
        try (Region r = Region.of("rw,wo,none")) {
            final MeasuredMaps m = r.measure();
            final AccessMap expected = r.expectedMap();
            int differing = 0;
            for (final AccessMap row : List.of(m.gup(), m.uaccess())) {
                for (int i = 0; i < r.pages(); i++) {
                    differing += row.page(i).equals(expected.page(i)) ? 0 : 1;
                }
            }
            final String svg = Pictures.map(r.measureAll(), 100, PAGE);
            assertEquals(differing, svg.split("stroke=\"black\"").length - 1, svg);
            for (int i = 0; i < r.pages(); i++) {
                assertTrue(svg.contains("text-anchor=\"middle\">" + i + "</text>"), "page number " + i);
                assertTrue(svg.contains(">" + r.layout().kind(i).word() + "</text>"), "kind of page " + i);
            }
            assertTrue(svg.contains("copy [100, +" + PAGE + ")"), svg);
        }
    }
}
