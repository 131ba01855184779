package io.wadal.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.PrintWriter;

/** --json output: pretty JSON, one result for the command's stdout. */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {
    }

    /** For {@code ws.ui().result(Json.text(value))}. */
    static String text(Object value) throws JsonProcessingException {
        return MAPPER.writeValueAsString(value);
    }

    /** As {@link #text}, onto a writer; for the commands not yet on {@code ws.ui()} (check, profiles). */
    static void print(PrintWriter out, Object value) throws JsonProcessingException {
        out.println(text(value));
        out.flush();
    }
}
