/**
 * Layer {@code lab}: the experiments — the loop x strategy x fault matrix, the liveness checker,
 * the race table — and the findings read off their rows (sentences built from the rows, never
 * stated ahead of them). Rendering lives in {@code report}, the real-kernel comparisons in
 * {@code oracle}. No syscalls here beyond what the layers below make.
 *
 * <p>May touch: loops, faultin, uaccess, memory, mte, race, sys (the page size, and the race
 * table's own measurement of which injector clears the present bit). Never: oracle, report, cli.
 */
package dev.faultline.lab;
