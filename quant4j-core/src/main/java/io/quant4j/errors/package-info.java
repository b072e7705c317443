/**
 * Typed errors shared by every quant4j module.
 *
 * <p>Every error says what was expected, what was found, where (module path, YAML path and line,
 * file and byte offset) and how to fix it. {@link io.quant4j.errors.Quant4jException} is the root;
 * each package adds its own subclasses where a caller may want to catch them separately.
 */
package io.quant4j.errors;
