package io.quant4j.data.text;

import java.awt.Color;
import java.util.random.RandomGenerator;

/**
 * Dark printing colours: near black (40 % of draws), dark grey, dark blue, dark red-brown and dark
 * green. Every channel stays at or below 130 and the luma ({@code 0.299 R + 0.587 G + 0.114 B})
 * below 90, so text is always dark on the light {@link Paper}.
 */
final class Ink {
    private Ink() {}

    static Color random(RandomGenerator rng) {
        int k = rng.nextInt(10);
        if (k < 4) {
            int v = rng.nextInt(35);
            return new Color(v, v, v);
        }
        return switch (k) {
            case 4, 5 -> {
                int v = 45 + rng.nextInt(30);
                yield new Color(v, v, v);
            }
            case 6, 7 -> new Color(15 + rng.nextInt(20), 25 + rng.nextInt(25), 90 + rng.nextInt(40));
            case 8 -> new Color(95 + rng.nextInt(30), 25 + rng.nextInt(15), 20 + rng.nextInt(15));
            default -> new Color(15 + rng.nextInt(20), 65 + rng.nextInt(25), 35 + rng.nextInt(25));
        };
    }
}
