package dev.faultline.cli;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Tests of the repository's own files (the README, bin/, jshell/) need the source checkout they
 * run from under Maven. The emulated MTE machine runs the packaged classes and jars without it
 * (bin/mte-lab stages no source tree, and its JRE has no jshell): there such a test reports
 * skipped with this reason. On a clone the checkout is always there, so nothing is skipped.
 */
final class SourceTree {
    private SourceTree() {
    }

    /** Skips the calling test, with the reason, when the working directory is not the checkout. */
    static void assume() {
        assumeTrue(Files.isRegularFile(Path.of("README.md")) && Files.isRegularFile(Path.of("pom.xml"))
                        && Files.isDirectory(Path.of("bin")),
                "skipped: needs the source checkout (README.md, pom.xml, bin/); this is the packaged app, as in the"
                        + " emulated MTE machine");
    }
}
