package dev.faultline.cli;

import dev.faultline.sys.Unistd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What decided a result, named in every JSON object a command prints (under {@value #KEY}): the
 * Faultline version and commit, the kernel release, the architecture, the page size and the probe
 * mechanism. Commands
 * add what is theirs (a loop's block, era and probe mechanism) beside their own fields.
 */
final class Provenance {
    /** The key of the object in every JSON result. */
    static final String KEY = "faultline";

    private Provenance() {
    }

    /** @return version, commit, kernel release (/proc/sys/kernel/osrelease), architecture, page size, probe mechanism */
    static Map<String, Object> of() {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", Main.VERSION);
        m.put("commit", Build.commit());
        m.put("kernel", release());
        m.put("machine", System.getProperty("os.arch"));
        m.put("pageSize", Unistd.pageSize());
        // how every probe reaches the kernel on this machine (the fault-in results' mechanism)
        m.put("probe", dev.faultline.faultin.ProbeMechanisms.current().name());
        return m;
    }

    /** @return the object with {@value #KEY} added last (a copy; the object is not changed) */
    static Map<String, Object> with(final Map<String, Object> object) {
        final Map<String, Object> m = new LinkedHashMap<>(object);
        m.putIfAbsent(KEY, of());
        return m;
    }

    static String release() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
