package dev.faultline.cli;

import dev.faultline.faultin.ProbeMechanisms;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --probe NAME} on probe and loop: the JSON names the mechanism; a bad name exits 2. */
class ProbeOptionTest {
    @AfterEach
    void restoreDefault() {
        ProbeMechanisms.select(ProbeMechanisms.ORDER.getFirst().name());
    }

    static java.util.stream.Stream<String> names() {
        return ProbeMechanisms.ORDER.stream().map(dev.faultline.faultin.ProbeMechanism::name);
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("names")
    void shouldProbeWithTheNamedMechanismAndSayWhich(final String name) {
        final Cli c = Cli.run("probe", "--layout", "rw,rw,none", "--access", "write", "--strategy", "page",
                "--offset", "100", "--probe", name, "--json");
        assertEquals(0, c.status(), c.err());
        assertEquals(name, c.json().get("probe").asText());
        assertTrue(c.json().get("leftover").asLong() > 0, c.out());
    }

    @Test
    void shouldNameTheDefaultMechanism() {
        final Cli c = Cli.run("probe", "--layout", "rw", "--access", "read", "--strategy", "first-byte", "--json");
        assertEquals(0, c.status(), c.err());
        assertEquals("sigprocmask", c.json().get("probe").asText());
    }

    @Test
    void shouldRefuseAnUnknownMechanismInOneLineWithExit2() {
        for (final String cmd : new String[] {"probe", "loop"}) {
            final Cli c = "probe".equals(cmd)
                    ? Cli.run("probe", "--layout", "rw", "--access", "read", "--strategy", "page", "--probe", "nope")
                    : Cli.run("loop", "--loop", "perform-write", "--strategy", "page", "--layout", "rw", "--probe", "nope");
            assertEquals(2, c.status(), cmd + ": " + c.err());
            assertEquals(1, c.err().strip().lines().count(), c.err());
            assertTrue(c.err().contains("unknown probe mechanism \"nope\""), c.err());
        }
    }

    @Test
    void shouldRunALoopWithAChosenMechanism() {
        final Cli c = Cli.run("loop", "--loop", "perform-write", "--strategy", "page", "--layout", "rw,none",
                "--probe", "affinity", "--json");
        assertEquals(0, c.status(), c.err());
    }
}
