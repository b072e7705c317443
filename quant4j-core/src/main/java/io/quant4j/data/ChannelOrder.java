package io.quant4j.data;

/**
 * The order of colour channels a model reads: {@code RGB} (torchvision, most PyTorch models) or
 * {@code BGR} (OpenCV-based pipelines such as PaddleOCR's, which normalize channel 0 as blue).
 * Grey models have one channel and no order.
 */
public enum ChannelOrder {
    RGB,
    BGR
}
