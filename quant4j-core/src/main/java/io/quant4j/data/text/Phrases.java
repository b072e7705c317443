package io.quant4j.data.text;

import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * Seeded text for rendered OCR samples: words of {@link WordList} (lowercase, Capitalized or
 * UPPER, some followed by punctuation, quoted or possessive), integers, decimals, dates, times,
 * prices, percentages, codes, numbered items, e-mail addresses and small formulas, joined by
 * single spaces. Every character is in {@link #CHARSET}: ASCII letters, digits,
 * the space and the punctuation {@value #PUNCTUATION}, all of which DejaVu draws and
 * PaddleOCR's {@code ppocr_keys_v1.txt} (plus its space class) can spell. No CJK, no tabs.
 */
public final class Phrases {
    /** The punctuation marks the phrases use. */
    public static final String PUNCTUATION = ".,:;!?'\"()-/&%$#@+*=";
    /** Every character a phrase may contain. */
    public static final String CHARSET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 " + PUNCTUATION;

    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    private static final String[] CURRENCIES = {"USD", "EUR", "GBP", "CHF"};
    private static final String[] TRAILING = {",", ".", ":", ";", "!", "?"};

    private Phrases() {}

    /** One token: a word (70 %), or a number, date, time, price, percentage or code. */
    public static String token(RandomGenerator rng) {
        int kind = rng.nextInt(100);
        if (kind < 70) {
            return word(rng);
        }
        return switch (kind % 10) {
            case 0 -> Integer.toString(rng.nextInt(rng.nextBoolean() ? 100 : 100_000));
            case 1 -> String.format(Locale.ROOT, "%,d", 1000 + rng.nextInt(9_000_000));
            case 2 -> String.format(Locale.ROOT, "%.2f", rng.nextInt(100_000) / 100.0);
            case 3 -> date(rng);
            case 4 -> String.format(Locale.ROOT, "%02d:%02d", rng.nextInt(24), rng.nextInt(60));
            case 5 -> price(rng);
            case 6 -> String.format(Locale.ROOT, "%d%%", rng.nextInt(101));
            case 7 -> code(rng);
            case 8 -> "(" + word(rng) + ")";
            default -> sign(rng);
        };
    }

    /** A numbered item, an ampersand, an e-mail, a signed number or a small formula. */
    private static String sign(RandomGenerator rng) {
        return switch (rng.nextInt(6)) {
            case 0 -> "#" + (1 + rng.nextInt(999));
            case 1 -> "No." + (1 + rng.nextInt(99));
            case 2 -> (char) ('A' + rng.nextInt(26)) + "&" + (char) ('A' + rng.nextInt(26));
            case 3 -> anyWord(rng) + "@" + anyWord(rng) + ".com";
            case 4 -> (rng.nextBoolean() ? "+" : "-") + (1 + rng.nextInt(99));
            default -> {
                int a = 1 + rng.nextInt(12);
                int b = 1 + rng.nextInt(12);
                yield a + "*" + b + "=" + a * b;
            }
        };
    }

    private static String word(RandomGenerator rng) {
        String w = anyWord(rng);
        int style = rng.nextInt(20);
        if (style < 6) {
            w = Character.toUpperCase(w.charAt(0)) + w.substring(1);
        } else if (style < 8) {
            w = w.toUpperCase(Locale.ROOT);
        }
        if (rng.nextInt(8) == 0) {
            w += TRAILING[rng.nextInt(TRAILING.length)];
        } else if (rng.nextInt(40) == 0) {
            w = "\"" + w + "\"";
        } else if (rng.nextInt(40) == 0) {
            w = w + "'s";
        }
        return w;
    }

    private static String anyWord(RandomGenerator rng) {
        return WordList.words().get(rng.nextInt(WordList.words().size()));
    }

    private static String date(RandomGenerator rng) {
        int y = 1990 + rng.nextInt(40);
        int m = 1 + rng.nextInt(12);
        int d = 1 + rng.nextInt(28);
        return switch (rng.nextInt(3)) {
            case 0 -> String.format(Locale.ROOT, "%04d-%02d-%02d", y, m, d);
            case 1 -> String.format(Locale.ROOT, "%02d/%02d/%04d", d, m, y);
            default -> MONTHS[m - 1] + " " + d + ", " + y;
        };
    }

    private static String price(RandomGenerator rng) {
        String amount = String.format(Locale.ROOT, "%,.2f", rng.nextInt(rng.nextBoolean() ? 10_000 : 1_000_000) / 100.0);
        return rng.nextBoolean() ? "$" + amount : CURRENCIES[rng.nextInt(CURRENCIES.length)] + " " + amount;
    }

    private static String code(RandomGenerator rng) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 2 + rng.nextInt(2); i++) {
            sb.append((char) ('A' + rng.nextInt(26)));
        }
        sb.append(rng.nextBoolean() ? '-' : '/');
        for (int i = 0; i < 3 + rng.nextInt(3); i++) {
            sb.append((char) ('0' + rng.nextInt(10)));
        }
        return sb.toString();
    }

    /**
     * Tokens joined by spaces while {@code fits} accepts the longer text and it has at most
     * {@code maxChars} characters. The first token is the first of up to 16 draws that fits, else
     * one digit (which the caller must make fit).
     *
     * @param maxTokens the most tokens to join (at least 1)
     * @param fits whether a candidate text fits (e.g. its rendered width)
     */
    public static String phrase(RandomGenerator rng, int maxChars, int maxTokens, java.util.function.Predicate<String> fits) {
        if (maxChars < 1 || maxTokens < 1) {
            throw new IllegalArgumentException("expected at least 1 character and 1 token, found " + maxChars + " and " + maxTokens);
        }
        String text = null;
        for (int attempt = 0; attempt < 16 && text == null; attempt++) {
            String t = token(rng);
            if (t.length() <= maxChars && fits.test(t)) {
                text = t;
            }
        }
        if (text == null) {
            text = Integer.toString(rng.nextInt(10));
        }
        for (int i = 1; i < maxTokens; i++) {
            String longer = text + " " + token(rng);
            if (longer.length() > maxChars || !fits.test(longer)) {
                break;
            }
            text = longer;
        }
        return text;
    }
}
