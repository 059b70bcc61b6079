package dev.squall.samples.hello;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One row of TechEmpower's Fortunes test, rendered by {@code /fortunes} and by the template benchmark.
 *
 * @param id the row's id
 * @param message the text, which the page must escape
 */
public record Fortune(int id, String message) {
    /** TechEmpower's twelve fortunes (the database's rows), one with markup that must come out escaped. */
    public static final List<Fortune> ROWS = List.of(
            new Fortune(1, "fortune: No such file or directory"),
            new Fortune(2, "A computer scientist is someone who fixes things that aren't broken."),
            new Fortune(3, "After enough decimal places, nobody gives a damn."),
            new Fortune(4, "A bad random number generator: 1, 1, 1, 1, 1, 4.33e+67, 1, 1, 1"),
            new Fortune(5, "A computer program does what you tell it to do, not what you want it to do."),
            new Fortune(6, "Emacs is a nice operating system, but I prefer UNIX. — Tom Christaensen"),
            new Fortune(7, "Any program that runs right is obsolete."),
            new Fortune(8, "A list is only as strong as its weakest link. — Donald Knuth"),
            new Fortune(9, "Feature: A bug with seniority."),
            new Fortune(10, "Computers make very fast, very accurate mistakes."),
            new Fortune(11, "<script>alert(\"This should not be displayed in a browser alert box.\");</script>"),
            new Fortune(12, "フレームワークのベンチマーク"));

    /**
     * Returns the rows with the one TechEmpower adds at request time, sorted by message, as the test asks.
     *
     * @return thirteen fortunes
     */
    public static List<Fortune> forRequest() {
        List<Fortune> all = new ArrayList<>(ROWS.size() + 1);
        all.addAll(ROWS);
        all.add(new Fortune(0, "Additional fortune added at request time."));
        all.sort(Comparator.comparing(Fortune::message));
        return all;
    }
}
