package dev.faultline.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.faultline.loops.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When an oracle row agrees: same verdict and bytes, or same bytes where the model's verdict names more. */
class OracleRowTest {
    private static Oracle.Row row(final Verdict kernel, final long kb, final Verdict model, final long mb) {
        return new Oracle.Row(OracleLoop.PERFORM_WRITE, "rw,none", 0, 8192, kernel, kb, model, mb, -1, null);
    }

    @Test
    void sameBytesWithTheModelsStuckIsAnAgreementWithANote() {
        final Oracle.Row r = row(Verdict.SHORT, 4096, Verdict.STUCK, 4096);
        assertEquals(List.of(true, true), List.of(r.agree(), r.sameBytesNamedMore()));
        final Oracle.Row nothing = row(Verdict.EFAULT, 0, Verdict.STUCK, 0);
        assertEquals(List.of(true, true), List.of(nothing.agree(), nothing.sameBytesNamedMore()));
    }

    @Test
    void differentBytesOrAnotherNameStayDisagreements() {
        for (final Oracle.Row r : List.of(row(Verdict.SHORT, 4096, Verdict.STUCK, 4095),
                row(Verdict.COMPLETE, 8192, Verdict.STUCK, 8192), row(Verdict.SHORT, 4096, Verdict.LIVELOCK, 4096),
                row(Verdict.EFAULT, 0, Verdict.SHORT, 4096))) {
            assertEquals(List.of(false, false), List.of(r.agree(), r.sameBytesNamedMore()), r.toString());
        }
        final Oracle.Row same = row(Verdict.SHORT, 4096, Verdict.SHORT, 4096);
        assertEquals(List.of(true, false), List.of(same.agree(), same.sameBytesNamedMore()));
    }
}
