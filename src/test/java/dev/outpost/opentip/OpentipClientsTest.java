package dev.outpost.opentip;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

import dev.outpost.hashlookup.InteropPython;

/**
 * The requests of Kaspersky's OpenTIP-scanner (urllib, nothing encoded) and of the OpenCTI OpenTIP
 * connector (requests), made as they make them (src/test/resources/interop/opentip_clients.py) with
 * Debian's python3, against {@code /opentip/} with open lookups: the clients' own Kaspersky key is
 * sent, and not read.
 */
@QuarkusTest
class OpentipClientsTest {
    static String base() {
        return "http://127.0.0.1:" + RestAssured.port + "/opentip";
    }

    @Test
    void openTipScannerAndTheOpenCtiConnectorGetTheirAnswers() throws Exception {
        InteropPython.require();
        InteropPython.Result result = InteropPython.script("opentip_clients.py", base(), "a-kaspersky-key", "answers");
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("passed 15 checks").doesNotContain("FAIL");
    }
}
