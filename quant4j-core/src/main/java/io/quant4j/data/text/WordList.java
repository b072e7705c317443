package io.quant4j.data.text;

import java.util.List;

/**
 * The built-in English words the renderer writes: common words of 1 to 13 letters, nouns of
 * forms, invoices, signs and manuals, so that rendered lines read like printed documents.
 * Lowercase ASCII; {@link Phrases} capitalizes some and mixes in numbers, dates and prices.
 */
public final class WordList {
    private static final List<String> WORDS = List.of((""
            + "a an the of to in on at by for from with as is are was be has have it its this that these "
            + "and or not no yes all any each one two three four five six seven ten first last next new old "
            + "page line text word name date time total amount price cost tax net gross due paid balance "
            + "invoice receipt order number item items quantity unit rate discount payment account bank card "
            + "cash credit debit customer client service support office address street road avenue city state "
            + "country phone email mail post code zip box room floor building north south east west main "
            + "open closed hours daily weekly monthly annual report summary table figure chapter section note "
            + "notes please read before use keep away from children store in a cool dry place warning caution "
            + "danger exit entrance push pull stop slow left right only parking no smoking welcome thank you "
            + "model serial version release update system data file files folder image images input output "
            + "value values result results test tests quality control check approved signature manager director "
            + "company limited group market product products sale sales free delivery shipping return refund "
            + "policy terms conditions apply valid until issued expires reference description weight size color "
            + "black white red blue green small medium large extra high low fast network server client user "
            + "password login guest member ticket seat gate flight train bus station platform arrival departure "
            + "morning evening monday tuesday wednesday thursday friday saturday sunday january february march "
            + "april may june july august september october november december spring summer autumn winter "
            + "coffee tea water milk bread sugar salt fresh organic natural recipe minutes temperature oven "
            + "medicine dose tablet tablets capsule twice once day days week weeks year years month months "
            + "library museum school university student students teacher class lesson history science "
            + "learning machine neural network quantization calibration accuracy latency memory speed "
            + "hospital doctor patient emergency pharmacy insurance contract agreement license registration")
            .split(" "));

    private WordList() {}

    /** The words, in a fixed order. */
    public static List<String> words() {
        return WORDS;
    }
}
