package io.wadal.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** --json output: pretty JSON, one result for the command's stdout. */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {
    }

    /** The value as pretty JSON, for {@code ws.ui().result(...)}. */
    static String text(Object value) throws JsonProcessingException {
        return MAPPER.writeValueAsString(value);
    }
}
