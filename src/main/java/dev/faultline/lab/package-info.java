/**
 * Layer {@code lab}: the experiment matrix, the liveness checker, and reports (terminal table,
 * Markdown, JSON, CSV). Findings are sentences built from the rows, never stated ahead of
 * them. No syscalls here beyond what the layers below make.
 */
package dev.faultline.lab;
