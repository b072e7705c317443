/**
 * The {@code quant4j} command line (picocli). Every command takes {@code --json} and then prints
 * one JSON object as the last line of stdout; errors are printed as one readable message (exit
 * code 2 for user errors, 1 for failures).
 */
package io.quant4j.cli;
