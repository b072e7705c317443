package io.quant4j.data;

/** The part of a dataset: training or test examples. */
public enum Split {
    TRAIN,
    TEST
}
