package io.wadal.testing;

import org.junit.jupiter.api.Tag;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test class that takes seconds per test: a real sshd or Jupyter, the workspace set up on the
 * master (git clone, Jupyter start), the built launcher, or dozens of runs against the AWS emulator.
 * {@code mvn test -Pfast} leaves these out; {@code mvn verify} runs them. Subclasses and
 * {@code @Nested} classes are slow too.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Tag(Slow.TAG)
public @interface Slow {
    String TAG = "slow";
}
