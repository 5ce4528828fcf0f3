package dev.outpost.hashlookup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * PyHashlookup's calls, made as that client makes them (src/test/resources/interop/pyhashlookup_calls.py)
 * with Debian's python3 and requests, against {@code /hashlookup/} as its root URL: every answer,
 * misses and errors included, must read as JSON, and hold what the client's users read from it.
 */
@QuarkusTest
class PyHashlookupCallsTest {
    @Test
    void pyHashlookupsCallsWorkAgainstTheHashlookupRoot() throws Exception {
        InteropPython.require();
        // An address, not "localhost": the client adds "http://" to a root without a scheme, and
        // urlparse takes "localhost:8080/..." for a URL of scheme "localhost" (the script also tries
        // the root without its scheme).
        String root = "http://127.0.0.1:" + RestAssured.port + "/hashlookup/";
        InteropPython.Result result = InteropPython.script("pyhashlookup_calls.py", root);
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("passed 23 checks").doesNotContain("FAIL");
    }
}
