package dev.faultline.cli;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** bin/faultline's start-up archive is trained on these commands: each still runs, exit 0. */
class StartupTrainingTest {
    @Test
    void everyTrainingCommandRuns() {
        for (final List<String> command : StartupTraining.COMMANDS) {
            final Cli c = Cli.run(command.toArray(String[]::new));
            assertEquals(0, c.status(), command + ": " + c.err());
        }
    }
}
