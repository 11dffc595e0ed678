/**
 * Layer {@code report}: rendering only — the terminal table, Markdown, JSON, CSV, the SVG pictures
 * and the HTML report. One serializer per record ({@link dev.faultline.report.Fields}); no
 * experiment runs here and no syscall is made.
 *
 * <p>May touch: lab (the matrix and its rows), loops (outcomes), memory (maps), oracle (rows).
 * Never: sys.
 */
package dev.faultline.report;
