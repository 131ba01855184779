package io.wadal.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.PrintWriter;

/** --json output: pretty JSON on the command's stdout. */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {
    }

    static void print(PrintWriter out, Object value) throws java.io.IOException {
        out.println(MAPPER.writeValueAsString(value));
        out.flush();
    }
}
