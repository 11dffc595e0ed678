package dev.faultline.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * What was built: the version and the commit, from faultline-build.properties (written by the
 * build: buildnumber-maven-plugin's {@code git rev-parse}; "unknown" outside a git checkout).
 */
final class Build {
    private static final class Holder {
        static final Properties P = load();
    }

    private Build() {
    }

    private static Properties load() {
        final Properties p = new Properties();
        try (InputStream in = Build.class.getResourceAsStream("/faultline-build.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** @return the commit Faultline was built from (12 hex digits), or "unknown" */
    static String commit() {
        final String c = Holder.P.getProperty("commit", "unknown");
        return c.startsWith("${") ? "unknown" : c;
    }

    /** @return the line --version prints: {@code faultline 0.1.0 (commit a29435f971a3)} */
    static String versionLine() {
        return Main.VERSION + " (commit " + commit() + ")";
    }
}
