package dev.faultline.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * Paths the user names for Faultline to write. Every option of type {@link Path} is one, and its
 * {@code paramLabel} says which kind: {@link #FILE} (map's {@code --svg}) or {@link #DIR}
 * (matrix's and demo's {@code --out}, oracle's {@code --dir}). {@link Main} checks them all before
 * a command runs, so a mistake costs one line and no work:
 * <ul>
 * <li>a FILE must not be a directory, and its directory must exist;</li>
 * <li>a DIR must be a directory when it exists; when it does not, its parent must exist (a
 *     default, such as {@code target/oracle}, may create its parents) and it is created now;</li>
 * <li>an empty or blank path is refused, and so is one that starts with {@code -}: a value
 *     forgotten before the next option ({@code --out --json}).</li>
 * </ul>
 * An I/O error later, about one of these paths, is bad input too (exit 2): {@link #problem}
 * turns it into one line naming the option, the path and the reason.
 */
final class OutputPath {
    /** paramLabel of an output file option. */
    static final String FILE = "FILE";
    /** paramLabel of an output directory option. */
    static final String DIR = "DIR";

    private OutputPath() {
    }

    /** Directories the checks created in this process: a command may remove them again when it ends. */
    private static final java.util.Set<Path> CREATED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** @return whether {@link #check} created {@code dir} (it did not exist before the command) */
    static boolean created(final Path dir) {
        return CREATED.contains(dir.toAbsolutePath().normalize());
    }

    /**
     * Checks every path option of the command that will run, given or defaulted, and creates the
     * directories they name.
     *
     * @throws IllegalArgumentException one line, naming the option, the path and the reason
     */
    static void check(final Invocation in) {
        for (final Opt.Given g : in.options()) {
            if (g.opt().type() != Path.class || g.value() == null) {
                continue;
            }
            final Path p = (Path) g.value();
            final String what = g.opt().name() + " " + quote(p) + (g.matched() ? "" : " (the default)");
            if (DIR.equals(g.opt().label())) {
                directory(what, p, g.matched());
            } else {
                file(what, p);
            }
        }
    }

    private static void file(final String what, final Path p) {
        plausible(what, p, "a file name");
        if (Files.isDirectory(p)) {
            throw new IllegalArgumentException(what + ": is a directory; give a file name");
        }
        requireDirectory(what, parent(p), "");
        final Path parent = parent(p);
        if (Files.exists(p) ? !Files.isWritable(p) : !Files.isWritable(parent)) {
            throw new IllegalArgumentException(what + ": permission denied");
        }
    }

    private static void directory(final String what, final Path p, final boolean given) {
        plausible(what, p, "a directory");
        if (Files.exists(p) && !Files.isDirectory(p)) {
            throw new IllegalArgumentException(what + ": is a file, not a directory");
        }
        if (!Files.exists(p) && given) {
            requireDirectory(what, parent(p), " (Faultline creates the last directory only)");
        }
        try {
            if (!Files.exists(p)) {
                Files.createDirectories(p);
                CREATED.add(p.toAbsolutePath().normalize());
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(what + ": cannot create it: " + reason(e), e);
        }
        if (!Files.isWritable(p)) {
            throw new IllegalArgumentException(what + ": permission denied");
        }
    }

    /** Refuses an empty or blank path, and one that looks like an option (a forgotten value). */
    private static void plausible(final String what, final Path p, final String give) {
        if (p.toString().isBlank()) {
            throw new IllegalArgumentException(what + ": " + (p.toString().isEmpty() ? "an empty" : "a blank")
                    + " path; give " + give);
        }
        if (p.toString().startsWith("-")) {
            throw new IllegalArgumentException(what + ": looks like an option, not a path; give " + give
                    + " (./" + p + " if that is its name)");
        }
    }

    private static void requireDirectory(final String what, final Path dir, final String hint) {
        if (!Files.exists(dir)) {
            throw new IllegalArgumentException(what + ": directory " + dir + " does not exist" + hint);
        }
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(what + ": " + dir + " is not a directory");
        }
    }

    /** The directory a relative or absolute path lives in ("." for a bare name). */
    private static Path parent(final Path p) {
        return p.getParent() != null ? p.getParent() : p.isAbsolute() ? p : Path.of(".");
    }

    private static String quote(final Path p) {
        return p.toString().isBlank() ? "'" + p + "'" : p.toString();
    }

    /**
     * @param ex     what a command threw
     * @param in the command line it ran with
     * @return one line when {@code ex} is, or was caused by, an I/O error about one of the
     *         command's path options (or anything under one), else null
     */
    static String problem(final Throwable ex, final Invocation in) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (!(t instanceof FileSystemException fs) || fs.getFile() == null) {
                continue;
            }
            final Path file;
            try {
                file = Path.of(fs.getFile()).toAbsolutePath().normalize();
            } catch (InvalidPathException e) {
                continue;
            }
            for (final Opt.Given g : in.options()) {
                if (g.opt().type() == Path.class && g.value() != null) {
                    final Path p = ((Path) g.value()).toAbsolutePath().normalize();
                    if (file.startsWith(p) || p.startsWith(file)) {
                        return g.opt().name() + " " + g.value() + ": " + (file.equals(p) ? ""
                                : "cannot write " + fs.getFile() + ": ") + reason(fs);
                    }
                }
            }
        }
        return null;
    }

    /**
     * @return an exception for {@link Main}'s bad-input path: writing {@code path}, which the
     *         user named, failed
     */
    static IllegalArgumentException cannotWrite(final Path path, final IOException e) {
        return new IllegalArgumentException("cannot write " + path + ": " + reason(e), e);
    }

    /** The reason of an I/O error in words, without the path (the caller names it). */
    static String reason(final IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "a file of that name exists";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /** @return whether {@code spec} follows the rule: every Path option is labelled FILE or DIR */
    static boolean labelled(final Spec spec) {
        return spec.options().stream().filter(o -> o.type() == Path.class)
                .allMatch(o -> FILE.equals(o.label()) || DIR.equals(o.label()));
    }
}
