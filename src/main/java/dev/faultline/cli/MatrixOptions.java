package dev.faultline.cli;

import dev.faultline.report.Json;
import dev.faultline.lab.Matrix;
import dev.faultline.report.Reports;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** --format and --out of matrix and demo. */
final class MatrixOptions {
    String format;
    Path out;

    void declare(final Spec s) {
        s.string("--format", v -> format = v).byDefault("table").words(Words::matrixFormats)
                .describe("${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}); not with --json");
        s.path("--out", v -> out = v).label(OutputPath.DIR).describe("also write matrix.md, matrix.json, matrix.csv"
                + " and matrix.txt into DIR (created; its parent must exist)");
    }

    void checkFormat() {
        if (!format.equals("table") && !format.equals("markdown") && !format.equals("json") && !format.equals("csv")) {
            throw new IllegalArgumentException("unknown --format \"" + format + "\"; use table, markdown, json or csv");
        }
    }

    String render(final Matrix m) {
        return switch (format) {
            case "markdown" -> Reports.markdown(m);
            case "json" -> Json.write(Reports.json(m));
            case "csv" -> Reports.csv(m);
            default -> Reports.table(m);
        };
    }

    /** Writes one file, creating its directory (OutputPath checked that its parent exists). */
    static void writeFile(final Path file, final String text) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, text);
        } catch (IOException e) {
            throw OutputPath.cannotWrite(file, e);
        }
    }

    /** Writes every format into {@code dir} (plus {@code extra} into README.md). */
    static void write(final Path dir, final Matrix m, final String extra) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("matrix.txt"), Reports.table(m));
            Files.writeString(dir.resolve("matrix.md"), Reports.markdown(m));
            Files.writeString(dir.resolve("matrix.json"), Json.write(Reports.json(m)));
            Files.writeString(dir.resolve("matrix.csv"), Reports.csv(m));
            if (extra != null) {
                Files.writeString(dir.resolve("README.md"), extra);
            }
        } catch (IOException e) {
            throw OutputPath.cannotWrite(dir, e);
        }
    }
}
