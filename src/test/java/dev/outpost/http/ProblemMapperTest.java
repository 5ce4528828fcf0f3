package dev.outpost.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;

import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.Test;

class ProblemMapperTest {
    private final ProblemMapper mapper = new ProblemMapper();

    @Test
    void aClientThatLeavesMidUploadIsNoIncident() {
        Response response = mapper.io(new IOException(new ClosedChannelException()));

        assertThat(response.getStatus()).isEqualTo(400);
        Problem problem = (Problem) response.getEntity();
        assertThat(problem.type()).isEqualTo("urn:outpost:problem:request-unreadable");
    }

    @Test
    void anyOtherIoErrorIsAnInternalErrorWithAnIncident() {
        Response response = mapper.io(new IOException("disk on fire"));

        assertThat(response.getStatus()).isEqualTo(500);
        Problem problem = (Problem) response.getEntity();
        assertThat(problem.type()).isEqualTo("urn:outpost:problem:internal-error");
        assertThat(problem.detail()).contains("incident").doesNotContain("disk on fire");
    }
}
