/**
 * The model zoo: {@link io.quant4j.models.Models#get(String, ModelOptions)} builds
 * {@code resnet_fmnist} (the reference workload), {@code resnet18/34/50} and {@code mobilenet_v2}
 * with torchvision's module and parameter names, so torchvision state dicts load unchanged.
 * Residual shortcuts pass through a {@link io.quant4j.nn.Residual} placeholder before the add.
 */
package io.quant4j.models;
