package dev.faultline.cli;

import dev.faultline.memory.Region;
import dev.faultline.uaccess.CopyResult;
import dev.faultline.uaccess.UserCopies;
import dev.faultline.uaccess.UserCopy;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** {@code copy}: one user copy, bytes not copied. */
final class CopyCommand implements Command {
    final CommonOptions common = new CommonOptions();

    final RegionOptions range = new RegionOptions();

    String dir;
    String via;

    @Override
    public Spec spec() {
        final Spec s = new Spec("copy", "One copy between Faultline and the region; prints the bytes NOT copied.");
        common.declare(s);
        range.declare(s);
        s.string("--dir", v -> dir = v).required().words(Words::directions)
                .describe("${COMPLETION-CANDIDATES}: copy_from_user or copy_to_user");
        s.string("--via", v -> via = v).byDefault("uaccess").words(Words::copies)
                .describe("the copy mechanism: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})");
        return s;
    }

    @Override
    public int call(final Invocation in) {
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
            common.print(in.out(), o, String.format(Locale.ENGLISH,
                    "%s via %s at offset %d, %d bytes: notCopied=%d (copied %d)%s", dir, mechanism.name(),
                    range.offset, n, c.notCopied(), c.copied(),
                    dataMatches == null ? "" : dataMatches ? ", data matches the region" : ", DATA DIFFERS"));
            return 0;
        }
    }
}
