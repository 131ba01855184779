package io.wadal.console;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.LayoutBase;

/** A pattern layout whose lines, stack traces included, pass through {@link LogRedaction}. */
final class RedactingLayout extends LayoutBase<ILoggingEvent> {
    private final PatternLayout pattern = new PatternLayout();

    RedactingLayout(String pattern) {
        this.pattern.setPattern(pattern);
    }

    @Override
    public void start() {
        pattern.setContext(getContext());
        pattern.start();
        super.start();
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        return LogRedaction.redact(pattern.doLayout(event));
    }
}
