package dev.faultline.oracle;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link LoopImage#run}: a command that does not return is given up on at its limit (an unmount behind a
 * task the kernel does not end sleeps for good; the scan once waited for one until the guest's deadline),
 * and a failed one says what it printed.
 */
class LoopImageRunTest {
    @Test
    void aCommandThatDoesNotReturnIsGivenUpOnAtItsLimit() {
        final LoopImage.NotReturned e = assertThrows(LoopImage.NotReturned.class,
                () -> LoopImage.run(List.of("sleep", "600"), Duration.ofSeconds(1)));
        assertEquals("sleep 600 did not return within 1 s", e.getMessage());
    }

    @Test
    void aFailedCommandSaysWhatItPrinted() {
        final IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> LoopImage.run(List.of("sh", "-c", "echo no such thing >&2; exit 3")));
        assertFalse(e instanceof LoopImage.NotReturned);
        assertEquals("sh -c echo no such thing >&2; exit 3 failed: no such thing", e.getMessage());
    }

    @Test
    void aCommandThatSucceedsReturnsAndLeavesNoOutputFile() throws Exception {
        final long before = outputFiles();
        assertDoesNotThrow(() -> LoopImage.run(List.of("true")));
        assertTrue(outputFiles() <= before, "a faultline-cmd-*.out file was left behind");
    }

    private static long outputFiles() throws Exception {
        try (var s = java.nio.file.Files.list(java.nio.file.Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("faultline-cmd-")).count();
        }
    }
}
