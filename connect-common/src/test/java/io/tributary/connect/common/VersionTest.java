package io.tributary.connect.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class VersionTest {

    @Test
    void returnsTheProjectVersionTheBuildWroteIntoTheJar() {
        // the build passes the POM's version to the test JVM; nothing here repeats it
        assertEquals(System.getProperty("tributary.expected.version"), Version.get());
    }
}
