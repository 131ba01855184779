package io.wadal.testing;

import org.junit.jupiter.api.Tag;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test class that needs real servers or processes (OpenSSH's sshd, Jupyter, git's http-backend,
 * the built launcher) or seconds of real time. {@code mvn test -Pfast} leaves these out; {@code mvn verify}
 * runs them. Subclasses and {@code @Nested} classes are slow too.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Tag(Slow.TAG)
public @interface Slow {
    String TAG = "slow";
}
