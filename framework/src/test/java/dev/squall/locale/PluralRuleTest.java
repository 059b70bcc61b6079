package dev.squall.locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The Plural-Forms evaluator: C syntax over n, evaluated without a script engine. */
class PluralRuleTest {
    static int[] forms(String header, int... ns) {
        PluralRule rule = PluralRule.parse(header);
        int[] out = new int[ns.length];
        for (int i = 0; i < ns.length; i++) {
            out[i] = rule.formFor(ns[i]);
        }
        return out;
    }

    @Test
    void germanic() {
        assertEquals(2, PluralRule.GERMANIC.count());
        org.junit.jupiter.api.Assertions.assertArrayEquals(
                new int[] {1, 0, 1, 1}, forms("nplurals=2; plural=(n != 1);", 0, 1, 2, 100));
    }

    @Test
    void frenchTreatsZeroAsSingular() {
        org.junit.jupiter.api.Assertions.assertArrayEquals(
                new int[] {0, 0, 1}, forms("nplurals=2; plural=n>1;", 0, 1, 2));
    }

    @Test
    void slavicThreeForms() {
        String ru =
                "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);";
        org.junit.jupiter.api.Assertions.assertArrayEquals(
                new int[] {2, 0, 1, 2, 2, 0, 1, 2}, forms(ru, 0, 1, 2, 5, 11, 21, 22, 111));
    }

    @Test
    void arabicSixForms() {
        String ar =
                "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);";
        org.junit.jupiter.api.Assertions.assertArrayEquals(
                new int[] {0, 1, 2, 3, 4, 5}, forms(ar, 0, 1, 2, 3, 11, 100));
    }

    @Test
    void singleFormAndArithmetic() {
        org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {0, 0}, forms("nplurals=1; plural=0;", 1, 7));
        org.junit.jupiter.api.Assertions.assertArrayEquals(
                new int[] {1, 1, 0}, forms("nplurals=2; plural=(n*2-4/2+1 == 1 || -n == -3) ? 1 : 0;", 1, 3, 2));
        org.junit.jupiter.api.Assertions.assertArrayEquals(
                new int[] {0, 1}, forms("nplurals=2; plural=!(n <= 1);", 1, 2));
        assertEquals(
                0, PluralRule.parse("nplurals=2; plural=n/0;").formFor(5), "division by zero gives 0, no exception");
    }

    @Test
    void outOfRangeResultsFallBackToTheFirstForm() {
        assertEquals(0, PluralRule.parse("nplurals=2; plural=n;").formFor(7));
    }

    @Test
    void badExpressionsAreRefusedWithWhere() {
        for (String bad : new String[] {
            "nplurals=2; plural=n +;",
            "nplurals=2; plural=exec(n);",
            "nplurals=2; plural=(n;",
            "nplurals=2; plural=n ? 1;",
            "plural=n;",
            "nplurals=x; plural=n;",
            "nplurals=2; plural=n = 1;"
        }) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PluralRule.parse(bad), bad);
            assertTrue(e.getMessage().contains("Plural-Forms") || e.getMessage().contains("nplurals"), e.getMessage());
        }
        assertThrows(
                IllegalArgumentException.class,
                () -> PluralRule.parse("nplurals=2; plural=" + "(".repeat(200) + "n" + ")".repeat(200) + ";"));
    }
}
