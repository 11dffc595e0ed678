/**
 * Layer {@code cli}: the command line of docs/design.md#command-line (its own small parser:
 * {@link dev.faultline.cli.Spec} declares a command, {@link dev.faultline.cli.Parser} reads it). Every command takes
 * {@code --json} and then prints exactly one JSON object; exit 0 on success, 2 on bad input
 * (one line on stderr, no stack trace), 1 on an internal failure. Progress goes to stderr.
 *
 * <p>May touch: every layer. Never: a raw binding where a layer below offers the operation.
 */
package dev.faultline.cli;
