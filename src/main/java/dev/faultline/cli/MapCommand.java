package dev.faultline.cli;

import dev.faultline.memory.Access;
import dev.faultline.memory.AccessMap;
import dev.faultline.memory.MeasuredMaps;
import dev.faultline.memory.PageKind;
import dev.faultline.memory.Region;
import dev.faultline.sys.KernelFeatures;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code map --layout L}: expected vs measured access per page. */
final class MapCommand implements Command {
    final CommonOptions common = new CommonOptions();

    String layout;
    java.nio.file.Path svg;

    @Override
    public Spec spec() {
        final Spec s = new Spec("map",
                "Build a region and compare the access the layout promises with what the kernel answers.");
        common.declare(s);
        s.string("--layout", v -> layout = v).required().describe("the region's pages, comma separated KIND[*COUNT],"
                + " KIND one of rw ro wo none hole guard zap, e.g. rw*2,none,ro,hole,rw");
        s.path("--svg", v -> svg = v).label(OutputPath.FILE)
                .describe("also write the map as an SVG picture to FILE (its directory must exist)");
        return s;
    }

    static Map<String, Object> access(final Access a) {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("read", a.read());
        m.put("write", a.write());
        return m;
    }

    static String note(final PageKind kind, final Access gup, final Access ua) {
        if (gup.equals(ua)) {
            return null;
        }
        if (kind == PageKind.WO && ua.read() && !gup.read()) {
            return "PROT_WRITE-only: the CPU reads it under uaccess (neither x86 nor arm64 page tables can express write-only),"
                    + " GUP refuses (VM_READ missing); see native-notes/mprotect.md";
        }
        return "uaccess and GUP disagree; see native-notes/";
    }

    /**
     * The map's last line: "measured = expected" only when both measured rows agree on every page,
     * else which row differs on which pages.
     *
     * @param gup     pages where the GUP row differs from the expected one
     * @param uaccess pages where the uaccess row (or its granules) differs
     */
    static String verdict(final List<Integer> gup, final List<Integer> uaccess) {
        if (gup.isEmpty() && uaccess.isEmpty()) {
            return "measured = expected on every page";
        }
        return "MISMATCH: " + row("gup", gup) + "; " + row("uaccess", uaccess);
    }

    private static String row(final String name, final List<Integer> pages) {
        return pages.isEmpty() ? name + " = expected" : name + " differs on page" + (pages.size() == 1 ? " " : "s ")
                + pages.stream().sorted().map(String::valueOf).collect(java.util.stream.Collectors.joining(", "));
    }

    @Override
    public int call(final Invocation in) {
        final RegionOptions ro = new RegionOptions();
        ro.layout = layout;
        try (Region r = ro.open(common.backing())) {
            final AccessMap expected = r.expectedMap();
            final MeasuredMaps measured = r.measure();
            final List<Integer> mismatches = new ArrayList<>(expected.mismatches(measured.gup()));
            final List<Integer> uaccessMismatches = new ArrayList<>(expected.mismatches(measured.uaccess()));
            final StringBuilder text = new StringBuilder();
            final List<Object> pages = new ArrayList<>();
            final List<String> notes = new ArrayList<>();
            for (int i = 0; i < r.pages(); i++) {
                final Map<String, Object> p = new LinkedHashMap<>();
                final PageKind kind = r.layout().kind(i);
                p.put("index", i);
                p.put("kind", kind.word());
                p.put("expected", access(expected.page(i)));
                p.put("measured", access(measured.gup().page(i)));
                p.put("uaccess", access(measured.uaccess().page(i)));
                final String note = note(kind, measured.gup().page(i), measured.uaccess().page(i));
                p.put("note", note);
                if (!r.layout().pages().get(i).marks().isEmpty() && r.tagged()) {
                    final String eg = r.expectedGranules(i);
                    final String mg = r.measureGranules(i);
                    p.put("expectedGranules", eg);
                    p.put("measuredGranules", mg);
                    text.append(String.format("page %d granules (16 B, uaccess):%n  expected %s%n  measured %s%n",
                            i, eg, mg));
                    if (!eg.equals(mg)) {
                        mismatches.add(i);
                        if (!uaccessMismatches.contains(i)) {
                            uaccessMismatches.add(i);
                        }
                    }
                }
                if (note != null) {
                    notes.add("page " + i + " (" + kind.word() + "): " + note);
                }
                pages.add(p);
            }
            final Map<String, Object> o = new LinkedHashMap<>();
            o.put("layout", r.layout().text());
            o.put("backing", r.backing().word());
            o.put("pageSize", r.pageSize());
            o.put("pages", pages);
            o.put("mismatches", mismatches.size());
            o.put("mismatchPages", mismatches);
            o.put("uaccessMismatchPages", uaccessMismatches);
            o.put("features", KernelFeatures.detected());
            final StringBuilder head = new StringBuilder();
            head.append("layout    ").append(r.layout().text()).append(" (").append(r.backing().word())
                    .append(", ").append(r.pageSize()).append("-byte pages)\n");
            head.append(expected).append('\n').append(measured.gup()).append("   (measured: process_vm_readv, ")
                    .append(KernelFeatures.populate() ? "MADV_POPULATE_WRITE" : "process_vm_writev").append(")\n").append(measured.uaccess()).append("   (measured: copy_from/to_user"
                    + " via a memfd)\n");
            head.append(Access.LEGEND).append('\n').append(text);
            head.append(verdict(expected.mismatches(measured.gup()), uaccessMismatches));
            notes.forEach(n -> head.append('\n').append(n));
            if (svg != null) {
                MatrixOptions.writeFile(svg, dev.faultline.report.Pictures.map(r.measureAll()));
                o.put("svg", svg.toString());
                head.append("\npicture: ").append(svg);
            }
            common.print(in.out(), o, head.toString());
            return 0;
        }
    }
}
