/**
 * Opset upgrade of imported ONNX models: {@link io.quant4j.onnx.opset.OpsetUpgrade} rewrites a
 * model exported at an older default-domain opset (PaddleOCR's at 9 and 11, say) to opset 13..17,
 * the opsets where per-channel {@code QuantizeLinear}/{@code DequantizeLinear} exist, keeping what
 * every node computes, its name and its value names, and refusing (with
 * {@link io.quant4j.onnx.opset.OpsetUpgradeException}) what it cannot convert.
 */
package io.quant4j.onnx.opset;
