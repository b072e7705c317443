/**
 * A {@code torch.nn}-like module system.
 *
 * <p>{@link io.quant4j.nn.Module} holds ordered named children, parameters and buffers, addressed
 * by dotted paths ({@code layer1.0.conv1.weight}) exactly as PyTorch names them, so state dicts
 * (saved as safetensors) are interchangeable with torchvision's. {@code forward} is a final
 * template: it tracks the module path (for errors and tracing) and calls {@code forwardImpl}.
 *
 * <p>The skip-connection placeholders ({@link io.quant4j.nn.Residual}, {@link
 * io.quant4j.nn.SkipConnection}, ...) are identity modules that mark a tensor entering an add,
 * mul, div or concat so that a quantizer can later be put there.
 */
package io.quant4j.nn;
