package dev.faultline.uaccess;

import dev.faultline.memory.Backing;
import dev.faultline.memory.PageKind;
import dev.faultline.memory.Region;
import dev.faultline.sys.Unistd;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Provide;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * For random (layout, offset, size, direction, mechanism), the real kernel's bytes-not-copied
 * equals the reference model: the bytes from the first byte the mechanism cannot access to
 * the end.
 */
class CopyProperties {
    private static final long PAGE = Unistd.pageSize();

    record Case(List<PageKind> kinds, Backing backing, long offset, long size, boolean toUser, UserCopy via) {
        String layout() {
            return String.join(",", kinds.stream().map(PageKind::word).toList());
        }
    }

    static boolean accessible(final PageKind k, final boolean toUser, final UserCopy via) {
        if (toUser) {
            return k.writable();
        }
        return via == VmCopy.INSTANCE ? k.readable() : k.cpuReadable();
    }

    static long model(final Case c) {
        for (long b = c.offset(); b < c.offset() + c.size(); b = (b / PAGE + 1) * PAGE) {
            if (!accessible(c.kinds().get((int) (b / PAGE)), c.toUser(), c.via())) {
                return c.offset() + c.size() - b;
            }
        }
        return 0;
    }

    @Provide
    Arbitrary<Case> cases() {
        final Arbitrary<List<PageKind>> kinds = Arbitraries.of(PageKind.RW, PageKind.RO, PageKind.WO, PageKind.NONE,
                PageKind.HOLE, PageKind.GUARD).list().ofMinSize(1).ofMaxSize(8);
        return Combinators.combine(kinds, Arbitraries.of(Backing.values()), Arbitraries.longs().between(0, 1 << 20),
                        Arbitraries.longs().between(0, 1 << 20), Arbitraries.of(true, false),
                        Arbitraries.of(VmCopy.INSTANCE, FileCopy.INSTANCE))
                .as((k, b, o, s, dir, via) -> {
                    final long total = k.size() * PAGE;
                    final long offset = o % (total + 1);
                    final long size = s % (total - offset + 1);
                    return new Case(k, b, offset, size, dir, via);
                })
                // what this kernel can build: guard pages need MADV_GUARD_INSTALL for that backing
                .filter(c -> !c.kinds().contains(PageKind.GUARD)
                        || dev.faultline.sys.KernelFeatures.guard(c.backing() != Backing.ANON));
    }

    @Property(tries = 300, edgeCases = EdgeCasesMode.NONE)
    void notCopiedEqualsTheModel(@ForAll("cases") final Case c) {
        try (Region r = Region.of(c.layout(), c.backing())) {
            final CopyResult got = c.toUser()
                    ? UserCopies.toUser(c.via(), r, c.offset(), new byte[(int) c.size()])
                    : UserCopies.fromUser(c.via(), r, c.offset(), c.size());
            assertEquals(model(c), got.notCopied(), c.toString());
        }
    }
}
