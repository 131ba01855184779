package io.wadal.profile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

class SecretMaskerTest {
    @Test
    void masksEveryOccurrence() {
        SecretMasker m = new SecretMasker(List.of("hunter2"));
        assertEquals("pass=**** again ****!", m.mask("pass=hunter2 again hunter2!"));
        assertEquals("nothing here", m.mask("nothing here"));
    }

    @Test
    void longestSecretFirst() {
        SecretMasker m = new SecretMasker(List.of("abc", "abcdef"));
        assertEquals("x **** y ****", m.mask("x abcdef y abc"));
    }

    @Test
    void blankAndNullSecretsAreIgnored() {
        SecretMasker m = new SecretMasker(Arrays.asList("", "  ", null, "s3cr3t"));
        assertEquals("a b **** c", m.mask("a b s3cr3t c"));
    }

    @Test
    void secretsWithRegexCharactersAreLiteral() {
        SecretMasker m = new SecretMasker(List.of("a+b.c$1"));
        assertEquals("k=****;aXbYc", m.mask("k=a+b.c$1;aXbYc"));
    }

    @Test
    void masksJsonDeepCopy() throws Exception {
        JsonNode in = new ObjectMapper().readTree(
                "{\"a\":\"user:hunter2@host\",\"n\":5,\"list\":[\"hunter2\",true,{\"hunter2\":\"x\"}],\"z\":null}");
        JsonNode out = new SecretMasker(List.of("hunter2")).mask(in);
        assertEquals("{\"a\":\"user:****@host\",\"n\":5,\"list\":[\"****\",true,{\"****\":\"x\"}],\"z\":null}",
                out.toString());
        assertEquals("user:hunter2@host", in.get("a").asText(), "the input is left unchanged");
        assertNotSame(in, out);
    }
}
