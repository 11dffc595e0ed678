package dev.faultline.oracle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs each real kernel call on a fresh daemon thread and stops waiting after a deadline: a
 * thread stuck in a kernel livelock must not block the next case (it cannot be interrupted; it
 * spins until its syscall ends). After a timeout, {@link #evidence()} says what the stuck thread
 * does, from /proc/self/task: a livelock spins in the kernel (state R, system time growing), a
 * blocked thread sleeps (S or D, none).
 */
public final class Watchdog implements AutoCloseable {
    /** How long a real call may take before it counts as the kernel's own livelock. */
    public static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final AtomicInteger IDS = new AtomicInteger();
    /** USER_HZ of /proc/.../stat times (include/asm-generic/param.h: 100 on every architecture). */
    private static final long USER_HZ = 100;

    private final String prefix;
    private final ExecutorService threads;
    private String lastThread;

    /** @param what a short word for thread names (comm keeps 15 characters) */
    public Watchdog(final String what) {
        this.prefix = "fl-" + what.substring(0, Math.min(what.length(), 6)) + "-";
        this.threads = Executors.newThreadPerTaskExecutor(r -> {
            final Thread t = new Thread(r, prefix + Integer.toHexString(IDS.incrementAndGet()));
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * @param call the real kernel call
     * @return its result
     * @throws TimeoutException when it did not return within {@link #DEADLINE}
     */
    public <T> T call(final Callable<T> call) throws TimeoutException {
        final String[] name = new String[1];
        final Future<T> f = threads.submit(() -> {
            name[0] = Thread.currentThread().getName();
            return call.call();
        });
        try {
            return f.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            lastThread = name[0];
            throw e;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().toString(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * @return what the thread of the last timed-out call does over two seconds, e.g.
     *         {@code "state R, 198 of 200 ticks in the kernel over 2 s"}, or null when unknown
     */
    public String evidence() {
        final String name = lastThread;
        if (name == null) {
            return null;
        }
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (final Path t : tasks.toList()) {
                if (!name.startsWith(Files.readString(t.resolve("comm")).trim())) {
                    continue;
                }
                final String[] a = stat(t);
                Thread.sleep(2000);
                final String[] b = stat(t);
                final long ticks = Long.parseLong(b[12]) - Long.parseLong(a[12]);
                return String.format(Locale.ENGLISH, "state %s, %d of %d ticks in the kernel over 2 s", b[0], ticks,
                        2 * USER_HZ);
            }
        } catch (IOException | RuntimeException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    /**
     * @param evidence what {@link #evidence()} said, or null
     * @return the note a row carries for it ({@code "kernel thread after 20 s: ..."}), or null
     */
    static String note(final String evidence) {
        return evidence == null ? null : "kernel thread after " + DEADLINE.toSeconds() + " s: " + evidence;
    }

    /** @return the non-null parts joined with "; ", or null when there are none */
    static String join(final String... parts) {
        final String s = java.util.Arrays.stream(parts).filter(java.util.Objects::nonNull)
                .collect(java.util.stream.Collectors.joining("; "));
        return s.isEmpty() ? null : s;
    }

    /** Fields of /proc/.../stat after the command name: [0] state, ..., [12] stime. */
    private static String[] stat(final Path task) throws IOException {
        final String s = Files.readString(task.resolve("stat"));
        return s.substring(s.lastIndexOf(')') + 2).trim().split(" ");
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
