package dev.faultline.lab;

import dev.faultline.loops.Outcome;

/**
 * One cell of the matrix.
 *
 * @param loop     loop name
 * @param strategy strategy word
 * @param fault    the case
 * @param outcome  what the run gave
 */
public record MatrixRow(String loop, String strategy, FaultCase fault, Outcome outcome) {
}
