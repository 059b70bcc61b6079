/** The {@code login} sample: "Sign in with GitHub/Google" with {@code squall-auth}. */
@NullMarked
package dev.squall.samples.login;

import org.jspecify.annotations.NullMarked;
