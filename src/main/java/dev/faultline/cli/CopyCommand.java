package dev.faultline.cli;

import dev.faultline.memory.Region;
import dev.faultline.uaccess.CopyResult;
import dev.faultline.uaccess.UserCopies;
import dev.faultline.uaccess.UserCopy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code copy}: one user copy, bytes not copied. */
@Command(name = "copy", mixinStandardHelpOptions = true,
        description = "One copy between Faultline and the region; prints the bytes NOT copied.")
final class CopyCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Mixin
    RegionOptions range;

    @Option(names = "--dir", required = true, completionCandidates = Words.Directions.class,
            description = "${COMPLETION-CANDIDATES}: copy_from_user or copy_to_user")
    String dir;

    @Option(names = "--via", defaultValue = "uaccess", completionCandidates = Words.Copies.class,
            description = "the copy mechanism: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    String via;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        final UserCopy mechanism = UserCopies.byName(via);
        if (!dir.equals("from-user") && !dir.equals("to-user")) {
            throw new IllegalArgumentException("unknown --dir \"" + dir + "\"; use from-user or to-user");
        }
        try (Region r = range.open(common.backing())) {
            final long n = range.size(r);
            if (n > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("--size too large for one copy command: size=" + n);
            }
            final CopyResult c;
            Boolean dataMatches = null;
            if (dir.equals("from-user")) {
                c = UserCopies.fromUser(mechanism, r, range.offset, n);
                dataMatches = true;
                for (int i = 0; i < c.data().length; i++) {
                    if (c.data()[i] != Region.patternByte(range.offset + i)) {
                        dataMatches = false;
                        break;
                    }
                }
            } else {
                final byte[] data = new byte[(int) n];
                for (int i = 0; i < data.length; i++) {
                    data[i] = (byte) ~Region.patternByte(range.offset + i);
                }
                c = UserCopies.toUser(mechanism, r, range.offset, data);
            }
            final Map<String, Object> o = new LinkedHashMap<>();
            o.put("dir", dir);
            o.put("via", mechanism.name());
            o.put("offset", range.offset);
            o.put("size", n);
            o.put("notCopied", c.notCopied());
            o.put("copied", c.copied());
            o.put("dataMatches", dataMatches);
            common.print(spec.commandLine().getOut(), o, String.format(Locale.ENGLISH,
                    "%s via %s at offset %d, %d bytes: notCopied=%d (copied %d)%s", dir, mechanism.name(),
                    range.offset, n, c.notCopied(), c.copied(),
                    dataMatches == null ? "" : dataMatches ? ", data matches the region" : ", DATA DIFFERS"));
            return 0;
        }
    }
}
