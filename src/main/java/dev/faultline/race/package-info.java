/**
 * Layer {@code race}: fault injectors, plugged into the loop models through
 * {@link dev.faultline.loops.FaultHook}; the bail-out rules they are compared under live in one
 * place, {@link dev.faultline.loops.BailRule}.
 *
 * <p>Conventions: the deterministic {@link dev.faultline.race.Injector} fires right after a
 * fault-in returns, with a probability drawn from a seed, on the loop's own thread (so a run
 * is repeatable and needs no timing); the {@link dev.faultline.race.RacingInjector} is a thread
 * at a rate, for stress tests. Injections are real syscalls (MADV_DONTNEED, MADV_PAGEOUT,
 * mprotect) on page-aligned ranges of the region under the loop's lease; zap refuses private
 * anonymous memory, where it would discard data. No verdict formatting here.
 *
 * <p>May touch: sys (the injections), memory (the region's pages), loops (the hook). Never: lab,
 * report, cli.
 */
package dev.faultline.race;
