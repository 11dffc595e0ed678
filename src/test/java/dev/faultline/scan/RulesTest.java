package dev.faultline.scan;

import dev.faultline.memory.Layout;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rules, on every page size: what was possible, and each verdict in its order. */
class RulesTest {
    private static final long PAGE = dev.faultline.sys.Unistd.pageSize();
    private static final long OFF = 700;
    private static final long SIZE = 3 * PAGE - OFF;

    private static long possible(final String layout, final boolean write, final boolean tagBlind) {
        return Rules.possible(Layout.parse(layout, PAGE), PAGE, OFF, SIZE, write, tagBlind);
    }

    @Test
    void aFaultStopsWhatIsPossibleAtItsFirstByteInTheDirectionItDenies() {
        assertEquals(PAGE - OFF, possible("rw,none,rw", false, false));
        assertEquals(PAGE - OFF, possible("rw,none,rw", true, false));
        assertEquals(PAGE - OFF, possible("rw,hole,rw", true, false));
        assertEquals(PAGE - OFF, possible("rw,guard,rw", false, false));
        assertEquals(PAGE - OFF, possible("rw,ro,rw", false, false), "a read writes the buffer: ro denies it");
        assertEquals(SIZE, possible("rw,ro,rw", true, false), "a write reads the buffer: ro allows it");
        assertEquals(SIZE, possible("rw,zap,rw", false, false), "a zapped page's fault is benign");
        assertEquals(0, Rules.possible(Layout.parse("rw,none,rw", PAGE), PAGE, PAGE, PAGE, false, false));
        assertEquals(2 * PAGE - OFF, possible("rw,rw,none", false, false));
    }

    @Test
    void aMismatchedGranuleStopsATagCheckedCopyAndNotATagBlindOne() {
        final String mid = "rw,rw~" + PAGE / 2 + "+16,rw";
        assertEquals(PAGE + PAGE / 2 - OFF, possible(mid, false, false));
        assertEquals(PAGE + PAGE / 2 - OFF, possible(mid, true, false));
        assertEquals(SIZE, possible(mid, false, true), "O_DIRECT pins with GUP, which checks no tag");
        assertEquals(SIZE, possible("rw~0+16,rw,rw", false, false), "a mark before the request is not in it");
        assertEquals(0, possible("rw~" + (OFF & ~15) + "+16,rw,rw", false, false), "the request's first granule");
        assertEquals(PAGE - 16 - OFF + PAGE, possible("rw,rw~" + (PAGE - 16) + "+16,rw", true, false));
    }

    @Test
    void aWriteOnlyPageIsRefusedRatherThanGuessed() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> possible("rw,wo,rw", true, false));
        assertTrue(e.getMessage().contains("wo"), e.getMessage());
    }

    private static ScanResult returned(final long ret, final int errno, final long landed, final long beyond,
                                       final long outside) {
        return new ScanResult(ScanResult.Outcome.RETURNED, ret, errno, landed, beyond, outside, null, null, null);
    }

    @Test
    void theVerdictsInTheirOrder() {
        final long p = PAGE - OFF;
        assertEquals(ScanVerdict.EXACT, Rules.verdict(returned(p, 0, p, 0, 0), p));
        assertEquals(ScanVerdict.EXACT, Rules.verdict(returned(SIZE, 0, SIZE, 0, 0), SIZE));
        assertEquals(ScanVerdict.SHORT, Rules.verdict(returned(p - 512, 0, p - 512, 0, 0), p));
        assertEquals(ScanVerdict.SHORT, Rules.verdict(returned(0, 0, 0, 0, 0), p), "0 of a possible p");
        assertEquals(ScanVerdict.EFAULT, Rules.verdict(returned(-1, Rules.EFAULT, 0, 0, 0), p));
        assertEquals(ScanVerdict.ERROR, Rules.verdict(returned(-1, 22, 0, 0, 0), p));
        assertEquals(ScanVerdict.DIRTY, Rules.verdict(returned(-1, Rules.EFAULT, 3584, 3584, 0), p),
                "an error, and the blocks before the fault landed");
        assertEquals(ScanVerdict.DIRTY, Rules.verdict(returned(512, 0, 512, 0, 1), p), "a byte outside the request");
        assertEquals(ScanVerdict.DIRTY, Rules.verdict(returned(512, 0, 1024, 512, 0), p), "more landed than reported");
        assertEquals(ScanVerdict.OVERREPORT, Rules.verdict(returned(p, 0, p - 1, 0, 0), p), "before DIRTY");
        assertEquals(ScanVerdict.LIVELOCK, Rules.verdict(new ScanResult(ScanResult.Outcome.LIVELOCK, ScanResult.NONE,
                0, ScanResult.NONE, ScanResult.NONE, ScanResult.NONE, "kill", "R+50ticks", null), p));
        assertEquals(ScanVerdict.UNKILLABLE, Rules.verdict(ScanResult.parse("UNKILLABLE R+50ticks"), p));
        assertTrue(ScanVerdict.DIRTY.anomaly() && ScanVerdict.UNKILLABLE.anomaly() && !ScanVerdict.ERROR.anomaly());
    }

    @Test
    void theDriversLinesAreReadExactly() {
        final ScanResult r = ScanResult.parse("RETURNED -1 14 3584 3584 0");
        assertEquals(-1, r.returned());
        assertEquals(14, r.errno());
        assertEquals(3584, r.landed());
        final ScanResult l = ScanResult.parse("LIVELOCK signal R+48ticks -1 4 0 0 0");
        assertEquals("signal", l.how());
        assertEquals(4, l.errno(), "EINTR: the handled signal ended the call");
        final ScanResult k = ScanResult.parse("LIVELOCK kill R+50ticks - - - - -");
        assertEquals(ScanResult.NONE, k.returned());
        assertEquals("guard pages need MADV_GUARD_INSTALL (Linux 6.13+) for this backing",
                ScanResult.parse("UNSUPPORTED guard pages need MADV_GUARD_INSTALL (Linux 6.13+) for this backing").why());
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ScanResult.parse("RETURNED 12"));
        assertEquals("scancall said \"RETURNED 12\"", e.getMessage());
    }

    @Test
    void aCaseReadsBackAsItIsWritten() {
        final String text = "ext4/pread/direct/private/rw,none,rw/512/" + (3 * PAGE - 512);
        assertEquals(text, ScanCase.parse(text).toString());
        assertEquals("0 pread direct private rw,none,rw 512 " + (3 * PAGE - 512), ScanCase.parse(text).driverLine(0));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ScanCase.parse("ext4/pread"))
                .getMessage().startsWith("a scan case is FS/CALL/MODE/BACKING/LAYOUT/OFFSET/SIZE"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ScanCase.parse("ext4/peek/direct/private/rw/0/1")).getMessage().startsWith("unknown scan call \"peek\""));
        assertEquals("a scan case needs offset >= 0 and size > 0: offset=0 size=0", assertThrows(
                IllegalArgumentException.class, () -> ScanCase.parse("ext4/read/direct/private/rw/0/0")).getMessage());
    }
}
