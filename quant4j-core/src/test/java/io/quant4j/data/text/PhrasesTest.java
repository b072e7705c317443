package io.quant4j.data.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PhrasesTest {
    @Test
    void tokensUseOnlyTheCharsetAndMixWordsNumbersAndPunctuation() {
        SplittableRandom rng = new SplittableRandom(1);
        Set<Character> seen = new HashSet<>();
        int withDigit = 0;
        for (int i = 0; i < 2000; i++) {
            String t = Phrases.token(rng);
            assertThat(t).isNotBlank();
            for (char c : t.toCharArray()) {
                assertThat(Phrases.CHARSET).as("'" + t + "'").contains(String.valueOf(c));
                seen.add(c);
            }
            withDigit += t.chars().anyMatch(Character::isDigit) ? 1 : 0;
        }
        assertThat(withDigit).isBetween(300, 900);
        for (char c : Phrases.PUNCTUATION.toCharArray()) {
            assertThat(seen).as("punctuation " + c).contains(c);
        }
        assertThat(seen).contains('A', 'z', '0', '9', ' ');
    }

    @Test
    void phrasesRespectTheLimitsAndRepeatForASeed() {
        for (int i = 0; i < 200; i++) {
            String p = Phrases.phrase(new SplittableRandom(i), 25, 6, t -> t.length() <= 18);
            assertThat(p.length()).isBetween(1, 18);
            assertThat(p).doesNotStartWith(" ").doesNotEndWith(" ").doesNotContain("  ");
            assertThat(Phrases.phrase(new SplittableRandom(i), 25, 6, t -> t.length() <= 18)).isEqualTo(p);
        }
    }

    @Test
    void whenNothingFitsTheFallbackIsOneDigit() {
        String p = Phrases.phrase(new SplittableRandom(3), 25, 5, t -> false);
        assertThat(p).matches("[0-9]");
        assertThatThrownBy(() -> Phrases.phrase(new SplittableRandom(3), 0, 5, t -> true))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theWordListIsLowercaseAscii() {
        assertThat(WordList.words()).hasSizeGreaterThan(300).allMatch(w -> w.matches("[a-z]+"));
    }
}
