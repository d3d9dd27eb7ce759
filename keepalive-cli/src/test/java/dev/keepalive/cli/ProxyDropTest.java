package dev.keepalive.cli;

import static dev.keepalive.cli.ProxyFixture.bytes;
import static dev.keepalive.cli.ProxyFixture.roundTrip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** `kal proxy`'s POST /drop: every current flow goes silent for good (a NAT that forgot them); new flows pass. */
class ProxyDropTest {
    private ProxyFixture rig;

    @BeforeEach
    void start() throws IOException {
        rig = ProxyFixture.start(ProxyOptions.defaults());
    }

    @AfterEach
    void tearDown() throws Exception {
        rig.close();
    }

    @Test
    void dropSilencesEveryCurrentFlowForeverButNewFlowsPass() throws Exception {
        Socket a = rig.client();
        Socket b = rig.client();
        assertArrayEquals(bytes("a"), roundTrip(a, bytes("a")));
        assertArrayEquals(bytes("b"), roundTrip(b, bytes("b")));

        assertEquals("200 dropped 2 flows\n", rig.admin("POST", "/drop"));

        for (Socket s : List.of(a, b)) {
            s.getOutputStream().write(bytes("lost")); // the write succeeds: no RST
            s.setSoTimeout(300);
            assertThrows(SocketTimeoutException.class, () -> s.getInputStream().read(),
                    "no echo, no FIN, no RST after the drop");
        }
        a.shutdownOutput(); // not even a FIN gets through
        b.setSoTimeout(300);
        assertThrows(SocketTimeoutException.class, () -> b.getInputStream().read());
        assertEquals(List.of("dropped", "dropped"), flowStates(), "GET /flows");

        Socket c = rig.client();
        assertArrayEquals(bytes("c"), roundTrip(c, bytes("c")));
        assertEquals("200 dropped 1 flows\n", rig.admin("POST", "/drop"), "only the new flow was still forwarding");
    }

    @Test
    void dropIsPostOnly() throws Exception {
        assertEquals("405 GET not allowed on /drop; use POST\n", rig.admin("GET", "/drop"));
    }

    /** The state of each flow as GET /flows reports it. */
    private List<String> flowStates() throws IOException {
        String json = rig.admin("GET", "/flows");
        List<String> states = new ArrayList<>();
        int i = 0;
        while ((i = json.indexOf("\"state\":\"", i)) >= 0) {
            int end = json.indexOf('"', i + 9);
            states.add(json.substring(i + 9, end));
            i = end;
        }
        return states;
    }
}
