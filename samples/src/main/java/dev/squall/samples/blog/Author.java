package dev.squall.samples.blog;

/**
 * A signed-up author (the password hash stays in the database layer).
 *
 * @param id the row id, kept in the signed {@code author} cookie
 * @param email the login name
 * @param name the name shown on entries
 */
public record Author(long id, String email, String name) {}
