package io.tributary.connect.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BackendTest {

    @Test
    void localIsChosenWhenAskedFor() {
        assertEquals(Backend.LOCAL, Backend.decide("local"));
    }

    @Test
    void autoFollowsWhetherDockerAnswers() {
        assertEquals(Backend.dockerAnswers() ? Backend.CONTAINERS : Backend.LOCAL, Backend.decide("auto"));
    }

    @Test
    void unknownBackendIsRejectedWithTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Backend.decide("podman"));
        assertTrue(e.getMessage().contains("auto, local, containers"), e.getMessage());
    }
}
