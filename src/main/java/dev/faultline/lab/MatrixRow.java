package dev.faultline.lab;

import dev.faultline.faultin.Strategy;
import dev.faultline.loops.LoopName;
import dev.faultline.loops.Outcome;

/**
 * One cell of the matrix.
 *
 * @param loop     the loop
 * @param strategy the strategy
 * @param fault    the case
 * @param outcome  what the run gave
 */
public record MatrixRow(LoopName loop, Strategy strategy, FaultCase fault, Outcome outcome) {
}
