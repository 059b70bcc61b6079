package dev.squall.samples.blog;

import java.util.UUID;

/** The blog's suite on H2 (in memory, a fresh database per test). */
class BlogH2Test extends BlogSuite {
    @Override
    String newDatabase() {
        return "jdbc:h2:mem:blog-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    }
}
